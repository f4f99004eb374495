/**
 * The sidecar: `NAME.annotations.yaml` beside `NAME.txt`, holding that
 * document's quotes and actor mentions. It is edited through the yaml
 * Document API so that comments, key order and keys written by hand survive.
 *
 * Each annotation is written on one line (a flow mapping, its id first), and
 * an empty list is written as `quotes:` with nothing after it. Git merges
 * line by line: an annotation that is one line can never be split or
 * interleaved with another by a merge, "accept both" of two conflicting
 * additions gives two whole entries, and adding the first or removing the
 * last entry changes no other line.
 */

import { Document, isCollection, isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type YAMLMap, YAMLSeq, Scalar } from 'yaml';
import type { Anchor } from '../anchoring/anchor';
import { ALTERNATIVES_KEY } from '../merge/mergeById';
import { LINE_ENDS_RULE } from '../text/lineEnds';
import { fnv1a36 } from '../text/hash';
import { loadYaml, MAX_YAML_BYTES, nodePosition, type FileProblem } from './yamlFile';
import { readSidecarLines } from './sidecarLines';

/** The only offset unit this version writes and reads. */
export const OFFSET_UNIT = 'codepoint';
/** The sidecar format version. */
export const SIDECAR_VERSION = 1;
/** What a sidecar's name ends with. */
export const SIDECAR_SUFFIX = '.annotations.yaml';

/** A quote: who said it, how, and where it is. */
export interface QuoteRecord {
  readonly id: string;
  /** Actor id of the speaker, or null when not yet known. */
  readonly speaker: string | null;
  /** The cue verb next to the quote ("said", "told", …), or null. */
  readonly cue: string | null;
  /** True for words in quotation marks, false for paraphrase. */
  readonly direct: boolean;
  readonly anchor: Anchor;
  /** Who made it (the annotator's name), when recorded. */
  readonly creator?: string;
  /** When it was made (ISO 8601, UTC), when recorded. */
  readonly created?: string;
}

/** A mention of an actor in the text. */
export interface MentionRecord {
  readonly id: string;
  /** Actor id. */
  readonly actor: string;
  readonly anchor: Anchor;
  /** Who made it (the annotator's name), when recorded. */
  readonly creator?: string;
  /** When it was made (ISO 8601, UTC), when recorded. */
  readonly created?: string;
}

/** Who makes new annotations, and when: stamped on each as `creator` and `created`. */
export interface Provenance {
  readonly creator: string | null;
  /** ISO 8601 time, e.g. 2026-11-30T07:40:12Z. */
  readonly created: string;
}

/** Either kind of annotation, tagged. */
export type Annotation = ({ readonly kind: 'quote' } & QuoteRecord) | ({ readonly kind: 'mention' } & MentionRecord);

/** The sidecar's content as plain data. */
export interface SidecarData {
  readonly version: number;
  /** File name of the document, relative to the sidecar's folder. */
  readonly document: string;
  readonly offsetUnit: string;
  /**
   * How line ends are counted: `lf`, each line end (CRLF, a lone CR, LF) is
   * one LF (see src/core/text/lineEnds.ts). A sidecar without the key was
   * written against LF text, where the rule changes nothing, so it reads as `lf`.
   */
  readonly lineEnds: string;
  /** Hash of the document text when the anchors were last known good, or null. */
  readonly contentHash: string | null;
  readonly quotes: readonly QuoteRecord[];
  readonly mentions: readonly MentionRecord[];
}

/** The result of reading a sidecar: usable, or refused with its problems. */
export type SidecarLoad =
  | { readonly ok: true; readonly sidecar: Sidecar }
  | { readonly ok: false; readonly problems: readonly FileProblem[] };

/** The sidecar file name for a document file name (`a.txt` → `a.annotations.yaml`). */
export function sidecarNameFor(documentName: string): string {
  const dot = documentName.lastIndexOf('.');
  const stem = dot > 0 ? documentName.slice(0, dot) : documentName;
  return `${stem}${SIDECAR_SUFFIX}`;
}

/** An editable sidecar. Mutators keep hand-written comments and unknown keys. */
export class Sidecar {
  private changed = false;
  /** Stamped on annotations added from now on that do not carry their own `creator`/`created`. */
  provenance: Provenance | null = null;

  /** The YAML document, or null until first needed for a sidecar read by {@link readSidecarLines}. */
  private parsed: Document | null;

  private constructor(
    doc: Document | null,
    private data: SidecarData,
    private source: string = '',
  ) {
    this.parsed = doc;
  }

  /**
   * The editable YAML document. A sidecar read by its lines is parsed only
   * when it is first edited or written: checks and the tree only read it.
   */
  private get doc(): Document {
    if (this.parsed === null) {
      const loaded = loadYaml(this.source);
      const problems: FileProblem[] = [];
      if (!loaded.doc || !readSidecar(loaded.doc, loaded.lines, problems) || problems.length) throw new Error('a sidecar read line by line does not parse as YAML');
      this.parsed = loaded.doc;
    }
    return this.parsed;
  }

  /** A new, empty sidecar for a document. */
  static create(documentName: string, contentHash: string | null): Sidecar {
    const doc = new Document({
      version: SIDECAR_VERSION,
      document: documentName,
      offsetUnit: OFFSET_UNIT,
      lineEnds: LINE_ENDS_RULE,
      contentHash,
      quotes: null,
      mentions: null,
    });
    for (const key of ['quotes', 'mentions']) doc.set(key, emptyList());
    separateLists(doc);
    doc.commentBefore = ` Seed Annotator sidecar for ${documentName}: who said what.\n Offsets count Unicode code points; one annotation a line, so that git merges them line by line.`;
    return new Sidecar(doc, { version: SIDECAR_VERSION, document: documentName, offsetUnit: OFFSET_UNIT, lineEnds: LINE_ENDS_RULE, contentHash, quotes: [], mentions: [] });
  }

  /**
   * Parses and validates sidecar text. Never throws. A file in the layout the
   * extension writes is read line by line; anything else by the YAML parser.
   */
  static parse(text: string): SidecarLoad {
    const lines = readSidecarLines(text, MAX_YAML_BYTES);
    if (lines) return { ok: true, sidecar: new Sidecar(null, lines, text) };
    return Sidecar.parseYaml(text);
  }

  /** Parses and validates sidecar text with the YAML parser alone (what {@link parse} falls back to). Never throws. */
  static parseYaml(text: string): SidecarLoad {
    const loaded = loadYaml(text);
    if (!loaded.doc) return { ok: false, problems: loaded.problems };
    const problems: FileProblem[] = [];
    const data = readSidecar(loaded.doc, loaded.lines, problems);
    if (!data || problems.length) return { ok: false, problems };
    return { ok: true, sidecar: new Sidecar(loaded.doc, data) };
  }

  /**
   * True once a mutator has changed the sidecar since it was read, created or
   * last marked clean: its text then differs from the file it came from.
   */
  get dirty(): boolean {
    return this.changed;
  }

  /** Records that the sidecar's text is now what its file holds (after it was written). */
  markClean(): void {
    this.changed = false;
  }

  /** The content as plain data. */
  get value(): SidecarData {
    return this.data;
  }

  /** All annotations, quotes first, each in offset order. */
  get annotations(): Annotation[] {
    return [
      ...this.data.quotes.map((q) => ({ kind: 'quote' as const, ...q })),
      ...this.data.mentions.map((m) => ({ kind: 'mention' as const, ...m })),
    ];
  }

  /** True when an annotation has this id. */
  has(id: string): boolean {
    return this.data.quotes.some((q) => q.id === id) || this.data.mentions.some((m) => m.id === id);
  }

  /** Adds a quote, in offset order. */
  addQuote(quote: QuoteRecord): void {
    quote = this.stamped(quote);
    this.insert('quotes', quote);
    this.data = { ...this.data, quotes: sortByStart([...this.data.quotes, quote]) };
    this.changed = true;
  }

  /** Adds an actor mention, in offset order. */
  addMention(mention: MentionRecord): void {
    mention = this.stamped(mention);
    this.insert('mentions', mention);
    this.data = { ...this.data, mentions: sortByStart([...this.data.mentions, mention]) };
    this.changed = true;
  }

  /** Removes the annotation with this id. Returns false when there is none. */
  remove(id: string): boolean {
    for (const key of ['quotes', 'mentions'] as const) {
      const seq = this.existingSeq(key);
      const index = seq.items.findIndex((item) => isMap(item) && item.get('id') === id);
      if (index >= 0) {
        seq.items.splice(index, 1);
        // The last entry removed leaves the list as a new sidecar writes it: `quotes:` and nothing more.
        if (seq.items.length === 0) this.doc.set(key, emptyList());
        this.data = {
          ...this.data,
          quotes: this.data.quotes.filter((q) => q.id !== id),
          mentions: this.data.mentions.filter((m) => m.id !== id),
        };
        this.changed = true;
        return true;
      }
    }
    return false;
  }

  /** Moves an annotation's anchor (after the document changed). */
  setAnchor(id: string, anchor: Anchor): boolean {
    const current = this.data.quotes.find((q) => q.id === id) ?? this.data.mentions.find((m) => m.id === id);
    if (current && sameAnchor(current.anchor, anchor)) return true;
    for (const key of ['quotes', 'mentions'] as const) {
      const item = this.existingSeq(key).items.find((i) => isMap(i) && i.get('id') === id) as YAMLMap | undefined;
      if (item) {
        item.set('anchor', anchorNode(this.doc, anchor, item.flow === true));
        // Keep the file in offset order: move the entry (with its comments) to its new place.
        const seq = this.seq(key);
        seq.items.splice(seq.items.indexOf(item), 1);
        seq.items.splice(insertionIndex(seq, anchor), 0, item);
        const move = <T extends { id: string; anchor: Anchor }>(list: readonly T[]): T[] =>
          sortByStart(list.map((a) => (a.id === id ? { ...a, anchor } : a)));
        this.data = { ...this.data, quotes: move(this.data.quotes), mentions: move(this.data.mentions) };
        this.changed = true;
        return true;
      }
    }
    return false;
  }

  /**
   * Changes a quote's speaker, cue or direct flag, or a mention's actor (the
   * fields given), keeping the entry's place, comments and other keys.
   * Returns false when there is no annotation with this id.
   */
  update(id: string, fields: { readonly speaker?: string | null; readonly cue?: string | null; readonly direct?: boolean; readonly actor?: string }): boolean {
    const isQuote = this.data.quotes.some((q) => q.id === id);
    const key = isQuote ? 'quotes' : 'mentions';
    const item = this.seq(key).items.find((i) => isMap(i) && i.get('id') === id) as YAMLMap | undefined;
    if (!item) return false;
    const allowed = isQuote ? (['speaker', 'cue', 'direct'] as const) : (['actor'] as const);
    let changed = false;
    const patch: Record<string, unknown> = {};
    for (const field of allowed) {
      const value = (fields as Record<string, unknown>)[field];
      if (value === undefined || item.get(field) === value) continue;
      item.set(field, value);
      patch[field] = value;
      changed = true;
    }
    if (!changed) return true;
    this.data = {
      ...this.data,
      quotes: this.data.quotes.map((q) => (q.id === id ? { ...q, ...patch } : q)),
      mentions: this.data.mentions.map((m) => (m.id === id ? { ...m, ...patch } : m)),
    };
    this.changed = true;
    return true;
  }

  /** Renames actor ids in speakers and mentions, also in the readings of an open disagreement. Returns how many references changed. */
  renameActor(from: string, to: string): number {
    let changed = 0;
    for (const [key, field] of [['quotes', 'speaker'], ['mentions', 'actor']] as const) {
      for (const item of this.existingSeq(key).items) {
        if (!isMap(item)) continue;
        if (item.get(field) === from) {
          item.set(field, to);
          changed++;
        }
        // A disagreement left open by a merge names actors in its readings too.
        const readings = item.get(ALTERNATIVES_KEY, true);
        for (const reading of isSeq(readings) ? readings.items : []) {
          if (isMap(reading) && reading.get(field) === from) {
            reading.set(field, to);
            changed++;
          }
        }
      }
    }
    this.data = {
      ...this.data,
      quotes: this.data.quotes.map((q) => (q.speaker === from ? { ...q, speaker: to } : q)),
      mentions: this.data.mentions.map((m) => (m.actor === from ? { ...m, actor: to } : m)),
    };
    if (changed > 0) this.changed = true;
    return changed;
  }

  /** Records the hash of the document text the anchors match. */
  setContentHash(hash: string): void {
    if (this.data.contentHash === hash && this.doc.get('contentHash') === hash) return;
    this.doc.set('contentHash', hash);
    this.data = { ...this.data, contentHash: hash };
    this.changed = true;
  }

  /** Names the document the sidecar belongs to (after the document was renamed or moved). */
  setDocument(name: string): void {
    if (this.data.document === name && this.doc.get('document') === name) return;
    this.doc.set('document', name);
    if (typeof this.doc.commentBefore === 'string') this.doc.commentBefore = this.doc.commentBefore.replace(`sidecar for ${this.data.document}:`, `sidecar for ${name}:`);
    this.data = { ...this.data, document: name };
    this.changed = true;
  }

  /** The YAML text, comments and unknown keys included. */
  toString(): string {
    // Changed but never parsed: only entries added as lines (insert), so the text is current.
    return this.parsed === null && this.changed ? this.source : this.doc.toString({ lineWidth: 0 });
  }

  /**
   * Rewrites the sidecar in the line-per-annotation layout: every entry on
   * one line, empty lists as `quotes:`. Comments inside an entry move above
   * it. Returns true when anything changed. Running it again changes nothing.
   */
  toLineLayout(): boolean {
    const before = this.toString();
    separateLists(this.doc);
    for (const key of ['quotes', 'mentions'] as const) {
      const node = this.doc.get(key, true) as Node | undefined;
      if (isSeq(node) && node.items.length === 0) this.doc.set(key, emptyList());
      if (!isSeq(node)) continue;
      node.flow = false;
      for (const item of node.items) if (isMap(item)) toOneLine(item);
    }
    if (this.toString() === before) return false;
    this.changed = true;
    return true;
  }

  /** The list under `key`, or an empty one (not put in the file) when it is empty or missing. */
  private existingSeq(key: 'quotes' | 'mentions'): YAMLSeq {
    const seq = this.doc.get(key, true);
    return isSeq(seq) ? seq : new YAMLSeq();
  }

  private seq(key: 'quotes' | 'mentions'): YAMLSeq {
    let seq = this.doc.get(key, true);
    if (!isSeq(seq)) {
      seq = this.doc.createNode([]) as YAMLSeq;
      this.doc.set(key, seq);
    }
    return seq as YAMLSeq;
  }

  /** The record with this sidecar's provenance, unless it carries its own. */
  stamped<T extends QuoteRecord | MentionRecord>(record: T): T {
    if (!this.provenance || record.creator !== undefined || record.created !== undefined) return record;
    const { creator, created } = this.provenance;
    return { ...record, ...(creator ? { creator } : {}), created };
  }

  private insert(key: 'quotes' | 'mentions', record: QuoteRecord | MentionRecord, parse = false): void {
    if (this.has(record.id)) throw new Error(`an annotation with id ${record.id} already exists`);
    const fields: Record<string, unknown> = { id: record.id };
    if ('speaker' in record) Object.assign(fields, { speaker: record.speaker, cue: record.cue, direct: record.direct });
    else fields['actor'] = record.actor;
    fields['anchor'] = null;
    if (record.creator !== undefined) fields['creator'] = record.creator;
    if (record.created !== undefined) fields['created'] = record.created;
    const lines = !parse && this.parsed === null && !this.source.includes('\r') ? this.source.split('\n') : [];
    const doc = lines.length ? new Document<YAMLSeq>([]) : this.doc;
    const node = doc.createNode(fields) as YAMLMap;
    node.set('anchor', anchorNode(doc, record.anchor, true));
    node.flow = true;
    if (lines.length) {
      // Not parsed yet (read line by line): the entry becomes one more line, where the parser's
      // insert would put it, the YAML library's own rendering of it; every other line is kept.
      // Parsing the document would cost more than the rest of a Tag Quote (`npm run bench`).
      const at = lines.indexOf(`${key}:`) + 1;
      const list = this.data[key];
      let index = -1;
      let i = 0;
      for (const { start, end } = record.anchor; lines[at + i]?.startsWith('  - '); i++) {
        const a = list.find((r) => lines[at + i]!.startsWith(`  - { id: ${r.id},`))?.anchor;
        if (!a) break;
        if (index < 0 && (a.start > start || (a.start === start && a.end > end))) index = i;
      }
      if (at > 0 && i === list.length && !lines[at + i]?.startsWith('  - ')) {
        (doc.contents as YAMLSeq).items.push(node);
        lines.splice(at + (index < 0 ? i : index), 0, `  ${doc.toString({ lineWidth: 0 }).trimEnd()}`);
        this.source = lines.join('\n');
        return;
      }
      return this.insert(key, record, true);
    }
    const seq = this.seq(key);
    // `quotes: []` read back from disk is a flow sequence; entries belong one a line.
    if (seq.items.length === 0) seq.flow = false;
    seq.items.splice(insertionIndex(seq, record.anchor), 0, node);
  }

}

function anchorNode(doc: Document, anchor: Anchor, flow: boolean): YAMLMap {
  const node = doc.createNode({
    start: anchor.start,
    end: anchor.end,
    exact: anchor.exact,
    prefix: anchor.prefix,
    suffix: anchor.suffix,
  }) as YAMLMap;
  // Double quotes keep white space and line breaks in the context visible in review.
  for (const key of ['exact', 'prefix', 'suffix']) {
    const scalar = node.get(key, true);
    if (scalar instanceof Scalar) scalar.type = Scalar.QUOTE_DOUBLE;
  }
  node.flow = flow;
  return node;
}

/**
 * The lines kept between the quotes and the mentions: git joins two
 * conflicts that fewer than four unchanged lines separate into one, and
 * "accept both" of that one would repeat the `mentions:` key. With these
 * lines between them, a change at the end of the quotes and one at the
 * start of the mentions stay apart.
 */
export const LIST_SEPARATOR = ' Mentions: every place an actor is named, one a line.\n These comment lines keep changes to the quotes and to the mentions\n apart when git merges; leave them in place.';

/** Puts {@link LIST_SEPARATOR} above `mentions:` unless a comment is there already. */
function separateLists(doc: Document): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'mentions');
  const key = pair?.key as Scalar | undefined;
  if (!key || key.commentBefore) return;
  key.commentBefore = LIST_SEPARATOR;
  key.spaceBefore = true;
}

/** An empty list as the sidecar writes it: the key and nothing after it (`quotes:`). */
function emptyList(): Scalar {
  const empty = new Scalar(null);
  empty.source = '';
  return empty;
}

/** Puts an entry on one line: flow style throughout, its inner comments moved above it. */
function toOneLine(item: YAMLMap): void {
  const comments: string[] = [];
  const take = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { commentBefore?: string | null; comment?: string | null; spaceBefore?: boolean };
    if (n.commentBefore) comments.push(n.commentBefore);
    if (n.comment) comments.push(n.comment);
    n.commentBefore = undefined;
    n.comment = undefined;
    n.spaceBefore = false;
    if (isCollection(node)) {
      for (const child of (node as YAMLMap).items) {
        if (isPair(child)) {
          take(child.key);
          take(child.value);
        } else take(child);
      }
    }
  };
  for (const pair of item.items) {
    take(pair.key);
    take(pair.value);
  }
  if (item.comment) comments.push(item.comment);
  item.comment = undefined;
  if (comments.length) item.commentBefore = [item.commentBefore, ...comments].filter(Boolean).join('\n');
  item.flow = true;
  for (const pair of item.items) if (isMap(pair.value)) pair.value.flow = true;
  for (const pair of item.items) if (isSeq(pair.value)) pair.value.flow = true;
  for (const pair of item.items) if (isScalar(pair.value) && typeof pair.value.value === 'string' && /\n/.test(pair.value.value) && pair.value.type !== Scalar.QUOTE_DOUBLE) pair.value.type = Scalar.QUOTE_DOUBLE;
}

function sameAnchor(a: Anchor, b: Anchor): boolean {
  return a.start === b.start && a.end === b.end && a.exact === b.exact && a.prefix === b.prefix && a.suffix === b.suffix;
}

function anchorStartOf(item: YAMLMap): [number, number] {
  const anchor = item.get('anchor');
  const start = isMap(anchor) ? anchor.get('start') : undefined;
  const end = isMap(anchor) ? anchor.get('end') : undefined;
  return [typeof start === 'number' ? start : Number.MAX_SAFE_INTEGER, typeof end === 'number' ? end : Number.MAX_SAFE_INTEGER];
}

/** Where an entry with this anchor goes: after every entry that starts (then ends) no later. */
function insertionIndex(seq: YAMLSeq, anchor: Anchor): number {
  const index = seq.items.findIndex((item) => {
    if (!isMap(item)) return false;
    const [start, end] = anchorStartOf(item);
    return start > anchor.start || (start === anchor.start && end > anchor.end);
  });
  return index < 0 ? seq.items.length : index;
}

function sortByStart<T extends { anchor: Anchor }>(list: T[]): T[] {
  return list.sort((a, b) => a.anchor.start - b.anchor.start || a.anchor.end - b.anchor.end);
}

// ---- validation -------------------------------------------------------------

type Problems = FileProblem[];

function readSidecar(doc: Document, lines: LineCounter, problems: Problems): SidecarData | null {
  const root = doc.contents;
  const at = (node: Node | null | undefined): { line: number; column: number } => nodePosition(lines, node);
  if (root === null || root === undefined) {
    problems.push({ message: 'sidecar is empty: expected a mapping with version, document, offsetUnit, quotes and mentions', line: 1, column: 1 });
    return null;
  }
  if (!isMap(root)) {
    problems.push({ message: 'sidecar must be a mapping (key: value), not a list or a scalar', ...at(root as Node) });
    return null;
  }
  const version = root.get('version');
  if (version !== SIDECAR_VERSION) {
    problems.push({ message: `unsupported sidecar version ${JSON.stringify(version ?? null)}: this extension reads version ${SIDECAR_VERSION}`, ...at(root.get('version', true) as Node ?? root) });
  }
  const unit = root.get('offsetUnit');
  if (unit !== OFFSET_UNIT) {
    problems.push({ message: `unknown offset unit ${JSON.stringify(unit ?? null)}: expected "${OFFSET_UNIT}" (Unicode code points)`, ...at((root.get('offsetUnit', true) as Node) ?? root) });
  }
  const lineEnds = root.get('lineEnds');
  if (lineEnds !== undefined && lineEnds !== LINE_ENDS_RULE) {
    problems.push({ message: `unknown line-end rule ${JSON.stringify(lineEnds)}: expected "${LINE_ENDS_RULE}" (each line end counts as one LF)`, ...at(root.get('lineEnds', true) as Node) });
  }
  const documentName = root.get('document');
  if (typeof documentName !== 'string' || documentName.length === 0) {
    problems.push({ message: 'document must be the file name of the annotated document', ...at((root.get('document', true) as Node) ?? root) });
  }
  const hash = root.get('contentHash');
  if (hash !== undefined && hash !== null && typeof hash !== 'string') {
    problems.push({ message: 'contentHash must be a string or null', ...at(root.get('contentHash', true) as Node) });
  }

  const ids = new Map<string, Node>();
  const duplicates: Node[] = [];
  const quotes: QuoteRecord[] = [];
  const mentions: MentionRecord[] = [];
  for (const key of ['quotes', 'mentions'] as const) {
    const seqNode = root.get(key, true) as Node | undefined;
    if (seqNode === undefined || (seqNode instanceof Scalar && seqNode.value === null)) continue;
    if (!isSeq(seqNode)) {
      problems.push({ message: `${key} must be a list`, ...at(seqNode) });
      continue;
    }
    for (const item of seqNode.items as Node[]) {
      if (!isMap(item)) {
        problems.push({ message: `each entry of ${key} must be a mapping`, ...at(item) });
        continue;
      }
      const id = item.get('id');
      if (typeof id !== 'string' || id.length === 0) {
        problems.push({ message: `${key === 'quotes' ? 'quote' : 'mention'} without an id`, ...at(item) });
        continue;
      }
      if (ids.has(id)) {
        // An identical copy (git repeats unchanged lines between two conflicts that "accept both" joins) adds nothing.
        if (JSON.stringify(item.toJSON()) === JSON.stringify(ids.get(id)!.toJSON())) {
          duplicates.push(item);
          continue;
        }
        problems.push({ message: `duplicate id ${id}`, ...at(item.get('id', true) as Node) });
        continue;
      }
      ids.set(id, item);
      const anchor = readAnchor(item, at, problems);
      if (!anchor) continue;
      if (key === 'quotes') {
        const speaker = item.get('speaker');
        const cue = item.get('cue');
        const direct = item.get('direct');
        if (speaker !== undefined && speaker !== null && typeof speaker !== 'string') {
          problems.push({ message: `quote ${id}: speaker must be an actor id`, ...at(item.get('speaker', true) as Node) });
          continue;
        }
        if (cue !== undefined && cue !== null && typeof cue !== 'string') {
          problems.push({ message: `quote ${id}: cue must be text`, ...at(item.get('cue', true) as Node) });
          continue;
        }
        if (direct !== undefined && typeof direct !== 'boolean') {
          problems.push({ message: `quote ${id}: direct must be true or false`, ...at(item.get('direct', true) as Node) });
          continue;
        }
        quotes.push({ id, speaker: (speaker as string | null | undefined) ?? null, cue: (cue as string | null | undefined) ?? null, direct: direct ?? true, anchor, ...readProvenance(item) });
      } else {
        const actor = item.get('actor');
        if (typeof actor !== 'string' || actor.length === 0) {
          problems.push({ message: `mention ${id}: actor must be an actor id`, ...at((item.get('actor', true) as Node) ?? item) });
          continue;
        }
        mentions.push({ id, actor, anchor, ...readProvenance(item) });
      }
    }
  }
  // The next write leaves the identical copies out.
  for (const key of ['quotes', 'mentions'] as const) {
    const seq = root.get(key, true);
    if (isSeq(seq)) seq.items = seq.items.filter((item) => !duplicates.includes(item as Node));
  }
  return {
    version: SIDECAR_VERSION,
    document: typeof documentName === 'string' ? documentName : '',
    offsetUnit: OFFSET_UNIT,
    lineEnds: LINE_ENDS_RULE,
    contentHash: typeof hash === 'string' ? hash : null,
    quotes: sortByStart(quotes),
    mentions: sortByStart(mentions),
  };
}

/** `creator` and `created` when they are text; anything else written by hand is left alone and not shown. */
function readProvenance(item: YAMLMap): { creator?: string; created?: string } {
  const creator = item.get('creator');
  const created = item.get('created');
  return { ...(typeof creator === 'string' && creator ? { creator } : {}), ...(typeof created === 'string' && created ? { created } : {}) };
}

function readAnchor(item: YAMLMap, at: (n: Node | null | undefined) => { line: number; column: number }, problems: Problems): Anchor | null {
  const id = String(item.get('id'));
  const node = item.get('anchor', true) as Node | undefined;
  if (!isMap(node)) {
    problems.push({ message: `${id}: anchor must be a mapping with start, end, exact, prefix and suffix`, ...at(node ?? item) });
    return null;
  }
  const start = node.get('start');
  const end = node.get('end');
  const exact = node.get('exact');
  const prefix = node.get('prefix') ?? '';
  const suffix = node.get('suffix') ?? '';
  if (!Number.isInteger(start) || (start as number) < 0) {
    problems.push({ message: `${id}: anchor start must be a whole number ≥ 0`, ...at((node.get('start', true) as Node) ?? node) });
    return null;
  }
  if (!Number.isInteger(end) || (end as number) < (start as number)) {
    problems.push({ message: `${id}: anchor end must be a whole number ≥ start`, ...at((node.get('end', true) as Node) ?? node) });
    return null;
  }
  if (typeof exact !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') {
    problems.push({ message: `${id}: anchor exact, prefix and suffix must be text`, ...at(node) });
    return null;
  }
  return { start: start as number, end: end as number, exact, prefix, suffix };
}

/** A stable id for a new annotation: `q-` or `m-` and seven base-36 characters. */
export function newAnnotationId(kind: 'quote' | 'mention', anchor: Anchor, taken: (id: string) => boolean): string {
  const seed = `${anchor.start}:${anchor.end}:${anchor.exact}`;
  for (let salt = 0; ; salt++) {
    const id = `${kind === 'quote' ? 'q' : 'm'}-${fnv1a36(seed, 0x811c9dc5 ^ salt).padStart(7, '0')}`;
    if (!taken(id)) return id;
  }
}
