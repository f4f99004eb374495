/**
 * Exporting a document's quotes and actor mentions as brat standoff
 * (https://brat.nlplab.org/standoff.html): `NAME.ann` beside `NAME.txt`.
 *
 *   T1\tQuote 104 148\tWe will not trade territory for peace, ever.
 *   T2\tPerson 60 78\tVolodymyr Zelensky
 *   A1\tDirect T1
 *   R1\tSpeaker Arg1:T1 Arg2:T2
 *   #1\tAnnotatorNotes T1\tid: q-1; cue: said
 *   #2\tAnnotatorNotes T2\tid: m-1; actor: zelensky; name: Volodymyr Zelensky
 *
 * The notes carry what brat has no place for (our annotation ids, the cue,
 * the actor's id and full name, a speaker with no mention to point at), so
 * that {@link bratFormat}'s import reproduces the annotations exactly.
 * brat offsets are character offsets into the .txt as brat reads it: code
 * points of the file as it is. Unlike sidecar offsets (which count the anchor
 * text, see src/core/text/lineEnds.ts), they count a byte-order mark and the
 * CR of every CRLF, so a CRLF document's offsets are converted here. A span may not
 * hold a line break: a multi-line quote is written as fragments
 * (`START END;START END`) split at each line break, and the text after the
 * second tab is the fragments' text joined by single spaces, as brat checks.
 *
 * Also a small reader ({@link readBratAnn}) that parses `.ann` text back and
 * verifies every span against the document text.
 */

import { anchorHolds } from '../anchoring/anchor';
import type { ActorKind, Registry } from '../files/registry';
import type { QuoteRecord, SidecarData } from '../files/sidecar';
import { DocumentText } from '../text/lineEnds';
import { CodePointMap, stripBom } from '../text/text';
import type { AnnotationFormat, ExportedFile, ImportContext, ImportedAnnotation, ImportParse, ImportSource } from './exportFormats';

/**
 * The brat standoff format: a copy of each annotated NAME.txt with NAME.ann
 * beside it, and annotation.conf, in a new folder; can be imported (the
 * .ann files of a folder, or one .ann file).
 */
export const bratFormat: AnnotationFormat = {
  id: 'brat',
  label: 'brat standoff',
  detail: 'NAME.ann beside a copy of each NAME.txt, in a new folder; can be imported',
  target: 'folder',
  extension: 'ann',
  export({ documents, registry }) {
    const files: ExportedFile[] = [];
    const skipped: string[] = [];
    let quotes = 0;
    let mentions = 0;
    for (const doc of documents) {
      const result = toBratAnn(doc.text, doc.sidecar, registry);
      skipped.push(...result.skipped.map((s) => `${doc.path}: ${s}`));
      quotes += result.quotes;
      mentions += result.mentions;
      files.push({ path: doc.path, text: doc.text }, { path: `${doc.path.replace(/\.[^./]*$/, '')}.ann`, text: result.ann });
    }
    if (documents.length) files.push({ path: 'annotation.conf', text: BRAT_ANNOTATION_CONF });
    return { files, quotes, mentions, skipped };
  },
  import: importBrat,
};

/** brat's entity types, from the actor kinds (an actor missing from the registry is Other). */
export const BRAT_ENTITY_TYPES: Readonly<Record<ActorKind, string>> = {
  person: 'Person',
  organisation: 'Organisation',
  country: 'Country',
  media: 'Media',
  other: 'Other',
};

/** An `annotation.conf` that declares what the export writes. */
export const BRAT_ANNOTATION_CONF = `[entities]
Quote
Person
Organisation
Country
Media
Other

[relations]
Speaker Arg1:Quote, Arg2:<ENTITY>

[events]

[attributes]
Direct Arg:Quote
`;

/** What Python's str.splitlines breaks at: such a character may not stand inside a span or on an .ann line. */
const LINE_BREAK = /[\n\r\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/;
const LINE_BREAK_G = /[\n\r\u000b\u000c\u001c-\u001e\u0085\u2028\u2029]/g;

/** A fragment `[start, end)` of a span, in code points. */
export type Fragment = readonly [number, number];

/**
 * Splits the span `[start, end)` of the text at line breaks: each fragment is
 * one line's part of the span, without the white space around the break.
 * Empty fragments are dropped.
 */
export function bratFragments(points: CodePointMap, start: number, end: number): Fragment[] {
  const chars = [...points.slice(start, end)];
  const fragments: Fragment[] = [];
  let i = 0;
  while (i < chars.length) {
    let j = i;
    while (j < chars.length && !LINE_BREAK.test(chars[j]!)) j++;
    // [i, j) is one line; trim white space at the edges that touch a break.
    let a = i;
    let b = j;
    if (i > 0) while (a < b && /\s/.test(chars[a]!)) a++;
    if (j < chars.length) while (b > a && /\s/.test(chars[b - 1]!)) b--;
    if (b > a) fragments.push([start + a, start + b]);
    i = j + 1;
  }
  return fragments;
}

/** The result of exporting one document. */
export interface BratExport {
  /** The `.ann` text (empty when there is nothing to write). */
  readonly ann: string;
  /** Annotations left out, with the reason. */
  readonly skipped: readonly string[];
  /** How many quotes and mentions were written. */
  readonly quotes: number;
  readonly mentions: number;
}

/**
 * The brat `.ann` text for one document. `text` is the document as stored
 * (a BOM, when present, shifts every offset by one, and each CR of a CRLF
 * counts, as brat counts them).
 */
export function toBratAnn(text: string, sidecar: { readonly value: SidecarData }, registry: Registry | null): BratExport {
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stored = stripBom(text);
  const document = new DocumentText(stored);
  const points = document.points;
  const storedPoints = document.lineEnds.isIdentity ? points : new CodePointMap(stored);
  const toFile = (offset: number): number => (storedPoints === points ? offset : storedPoints.toCodePoint(document.toStored(offset)));
  const skipped: string[] = [];
  type Item = { kind: 'quote' | 'mention'; id: string; start: number; end: number; record: unknown };
  const items: Item[] = [];
  for (const q of sidecar.value.quotes) items.push({ kind: 'quote', id: q.id, start: q.anchor.start, end: q.anchor.end, record: q });
  for (const m of sidecar.value.mentions) items.push({ kind: 'mention', id: m.id, start: m.anchor.start, end: m.anchor.end, record: m });
  items.sort((a, b) => a.start - b.start || a.end - b.end || (a.kind === b.kind ? 0 : a.kind === 'quote' ? -1 : 1) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  const lines: string[] = [];
  const extra: string[] = [];
  const tOf = new Map<string, string>();
  const mentionsByActor = new Map<string, Array<{ t: string; start: number; end: number }>>();
  let t = 0;
  let quotes = 0;
  for (const item of items) {
    const record = item.record as QuoteRecord | { id: string; actor: string; anchor: QuoteRecord['anchor'] };
    if (!anchorHolds(points, record.anchor)) {
      skipped.push(`${item.id}: its anchor no longer matches the document (expected “${record.anchor.exact}” at ${item.start}–${item.end})`);
      continue;
    }
    const fragments = bratFragments(storedPoints, toFile(item.start), toFile(item.end));
    if (fragments.length === 0) {
      skipped.push(`${item.id}: its span holds only white space`);
      continue;
    }
    const id = `T${++t}`;
    tOf.set(item.id, id);
    let type = 'Quote';
    if (item.kind === 'quote') quotes++;
    else {
      const actorId = (record as { actor: string }).actor;
      const kind = registry?.get(actorId)?.kind;
      type = kind ? BRAT_ENTITY_TYPES[kind] : 'Other';
      const list = mentionsByActor.get(actorId) ?? [];
      list.push({ t: id, start: item.start, end: item.end });
      mentionsByActor.set(actorId, list);
    }
    const spans = fragments.map(([a, b]) => `${a + shift} ${b + shift}`).join(';');
    const spanText = fragments.map(([a, b]) => storedPoints.slice(a, b)).join(' ');
    lines.push(`${id}\t${type} ${spans}\t${spanText}`);
  }

  let r = 0;
  let a = 0;
  let n = 0;
  const relations: string[] = [];
  const attributes: string[] = [];
  const notes: string[] = [];
  for (const item of items) {
    const id = tOf.get(item.id);
    if (!id) continue;
    const parts: string[] = [`id: ${item.id}`];
    if (item.kind === 'quote') {
      const quote = item.record as QuoteRecord;
      if (quote.direct) attributes.push(`A${++a}\tDirect ${id}`);
      if (quote.cue) parts.push(`cue: ${quote.cue}`);
      if (quote.speaker !== null) {
        const mention = nearestMention(mentionsByActor.get(quote.speaker) ?? [], item.start, item.end);
        if (mention) relations.push(`R${++r}\tSpeaker Arg1:${id} Arg2:${mention.t}`);
        else {
          const actor = registry?.get(quote.speaker);
          parts.push(`speaker: ${actor ? `${actor.name} (${quote.speaker})` : quote.speaker}`);
        }
      }
    } else {
      const actorId = (item.record as { actor: string }).actor;
      const actor = registry?.get(actorId);
      parts.push(`actor: ${actorId}`);
      if (actor?.wikidata) parts.push(`wikidata: ${actor.wikidata}`);
      if (actor) parts.push(`name: ${actor.name}`);
    }
    notes.push(`#${++n}\tAnnotatorNotes ${id}\t${oneLine(parts.join('; '))}`);
  }
  extra.push(...relations, ...attributes, ...notes);
  const all = [...lines, ...extra];
  return { ann: all.length ? `${all.join('\n')}\n` : '', skipped, quotes, mentions: tOf.size - quotes };
}

/** The mention of the speaker nearest to the quote, outside it; ties go to the earlier one. */
function nearestMention(mentions: ReadonlyArray<{ t: string; start: number; end: number }>, start: number, end: number): { t: string } | null {
  let best: { t: string; distance: number } | null = null;
  for (const m of mentions) {
    if (m.start >= start && m.end <= end) continue; // inside the quote: not who says it
    const distance = m.end <= start ? start - m.end : m.start >= end ? m.start - end : 0;
    if (!best || distance < best.distance) best = { t: m.t, distance };
  }
  return best;
}

function oneLine(text: string): string {
  return text.replace(LINE_BREAK_G, ' ');
}

// ---- reader -----------------------------------------------------------------

export interface BratTextBound {
  readonly id: string;
  readonly type: string;
  readonly fragments: readonly Fragment[];
  readonly text: string;
}

export interface BratRelation {
  readonly id: string;
  readonly type: string;
  readonly arg1: string;
  readonly arg2: string;
}

export interface BratAttribute {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly value: string | null;
}

export interface BratEvent {
  readonly id: string;
  readonly type: string;
  /** The trigger's text-bound id (the cue, in attribution corpora such as PolNeAR). */
  readonly trigger: string;
  /** The arguments: role (Source, Content, …) and text-bound or event id. */
  readonly args: ReadonlyArray<{ readonly role: string; readonly target: string }>;
}

export interface BratNote {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly text: string;
}

export interface BratAnn {
  readonly textBounds: readonly BratTextBound[];
  readonly relations: readonly BratRelation[];
  readonly events: readonly BratEvent[];
  readonly attributes: readonly BratAttribute[];
  readonly notes: readonly BratNote[];
  /** What does not hold: one message per problem, with the 1-based line. Empty for a valid file. */
  readonly problems: readonly string[];
}

/**
 * Parses `.ann` text and checks it against the document text (as stored,
 * BOM included), the way brat does: every fragment inside the text, in order
 * and not touching, no line break inside a span, the written text equal to the
 * fragments' text joined by spaces, unique ids, and relations, attributes and
 * notes that point at existing annotations.
 */
export function readBratAnn(text: string, annText: string): BratAnn {
  const points = new CodePointMap(text);
  const textBounds: BratTextBound[] = [];
  const relations: BratRelation[] = [];
  const events: BratEvent[] = [];
  const attributes: BratAttribute[] = [];
  const notes: BratNote[] = [];
  const problems: string[] = [];
  const ids = new Set<string>();
  const lines = annText.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, index) => {
    const at = `line ${index + 1}`;
    if (line.includes('\r')) problems.push(`${at}: carriage return in the line`);
    const tab = line.indexOf('\t');
    if (tab < 0) {
      problems.push(`${at}: no tab after the id`);
      return;
    }
    const id = line.slice(0, tab);
    if (ids.has(id)) problems.push(`${at}: duplicate id ${id}`);
    ids.add(id);
    const rest = line.slice(tab + 1);
    const tab2 = rest.indexOf('\t');
    const data = tab2 < 0 ? rest : rest.slice(0, tab2);
    const tail = tab2 < 0 ? null : rest.slice(tab2 + 1);
    if (/^T\d+$/.test(id)) {
      const m = /^(\S+) (\d+ \d+(?:;\d+ \d+)*)$/.exec(data);
      if (!m || tail === null) {
        problems.push(`${at}: expected “ID\\tTYPE START END\\tTEXT”`);
        return;
      }
      const fragments = m[2]!.split(';').map((s) => s.split(' ').map(Number) as unknown as Fragment);
      let previousEnd = -1;
      for (const [s, e] of fragments) {
        if (s > e) problems.push(`${at}: ${id}: start ${s} > end ${e}`);
        if (e > points.length) problems.push(`${at}: ${id}: offset ${e} beyond the text (${points.length} characters)`);
        if (s <= previousEnd) problems.push(`${at}: ${id}: fragments overlap or touch`);
        previousEnd = e;
        if (LINE_BREAK.test(points.slice(s, e))) problems.push(`${at}: ${id}: fragment ${s} ${e} holds a line break`);
      }
      const expected = fragments.map(([s, e]) => points.slice(s, e)).join(' ');
      if (tail !== expected) problems.push(`${at}: ${id}: text “${tail}” does not match the document text “${expected}”`);
      textBounds.push({ id, type: m[1]!, fragments, text: tail });
    } else if (/^R\d+$/.test(id)) {
      const m = /^(\S+) (\S+):(\S+) (\S+):(\S+)$/.exec(data);
      if (!m) {
        problems.push(`${at}: expected “ID\\tTYPE Arg1:ID Arg2:ID”`);
        return;
      }
      relations.push({ id, type: m[1]!, arg1: m[3]!, arg2: m[5]! });
    } else if (/^E\d+$/.test(id)) {
      const parts = data.split(' ').filter(Boolean).map((p) => /^([^:\s]+):(\S+)$/.exec(p));
      if (parts.length === 0 || parts.some((p) => !p)) {
        problems.push(`${at}: expected “ID\\tTYPE:TRIGGER ROLE:ID …”`);
        return;
      }
      const [head, ...rest] = parts as RegExpExecArray[];
      events.push({ id, type: head![1]!, trigger: head![2]!, args: rest.map((p) => ({ role: p[1]!, target: p[2]! })) });
    } else if (/^[AM]\d+$/.test(id)) {
      const m = /^(\S+) (\S+)(?: (\S+))?$/.exec(data);
      if (!m) {
        problems.push(`${at}: expected “ID\\tTYPE TARGET [VALUE]”`);
        return;
      }
      attributes.push({ id, type: m[1]!, target: m[2]!, value: m[3] ?? null });
    } else if (/^#\d*$/.test(id)) {
      const m = /^(\S+) (\S+)$/.exec(data);
      if (!m) {
        problems.push(`${at}: expected “#ID\\tTYPE TARGET\\tTEXT”`);
        return;
      }
      notes.push({ id, type: m[1]!, target: m[2]!, text: tail ?? '' });
    } else {
      problems.push(`${at}: unknown annotation id ${id}`);
    }
  });
  const known = new Set(textBounds.map((tb) => tb.id));
  for (const rel of relations) {
    for (const arg of [rel.arg1, rel.arg2]) if (!known.has(arg)) problems.push(`${rel.id}: argument ${arg} is not a text-bound annotation`);
  }
  const eventIds = new Set(events.map((e) => e.id));
  for (const event of events) {
    if (!known.has(event.trigger)) problems.push(`${event.id}: trigger ${event.trigger} is not a text-bound annotation`);
    for (const arg of event.args) if (!known.has(arg.target) && !eventIds.has(arg.target)) problems.push(`${event.id}: argument ${arg.target} is not an annotation`);
  }
  for (const x of [...attributes, ...notes]) if (!known.has(x.target) && !eventIds.has(x.target)) problems.push(`${x.id}: target ${x.target} is not an annotation`);
  return { textBounds, relations, events, attributes, notes, problems };
}

// ---- import -------------------------------------------------------------------

/** brat entity types read as actor mentions, with the actor kind each gives. */
const KIND_OF_TYPE: Readonly<Record<string, ActorKind>> = {
  ...Object.fromEntries(Object.entries(BRAT_ENTITY_TYPES).map(([kind, type]) => [type, kind as ActorKind])),
  Organization: 'organisation',
};

/** The keys our AnnotatorNotes carry, in the order the export writes them. */
const NOTE = /(?:^|; )(id|cue|speaker|actor|wikidata|name): /g;

/** Splits an AnnotatorNotes text written by the export into its keys. */
function noteFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  const marks = [...text.matchAll(NOTE)];
  marks.forEach((m, i) => {
    const from = m.index + m[0].length;
    const to = i + 1 < marks.length ? marks[i + 1]!.index : text.length;
    fields.set(m[1]!, text.slice(from, to));
  });
  return fields;
}

/**
 * Reads `.ann` files against the corpus documents with the same path and name
 * (`a/b.ann` → `a/b.txt`). Mapping:
 * - `T` of type Quote: a quote; of type Person, Organisation (or Organization),
 *   Country, Media or Other: a mention of an actor of that kind, whose id and
 *   full name come from the note (`actor:`, `name:`), else its text.
 * - `R` Speaker Arg1:quote Arg2:mention: the quote's speaker is that actor.
 * - `E` with a Content argument (PolNeAR's Attribution events): a quote over
 *   the Content, its speaker named by the Source's text, its cue the trigger's.
 * - `A` Direct on a quote: direct speech (indirect without it).
 * - `#` AnnotatorNotes: `id:`, `cue:`, `speaker: Name (id)`, `actor:`, `name:`.
 * A `T` whose written text is not the document's text at its offsets is refused.
 */
function importBrat(sources: readonly ImportSource[], context: ImportContext): ImportParse {
  const annotations: ImportedAnnotation[] = [];
  const refused: string[] = [];
  const ignored: string[] = [];
  for (const source of sources) {
    if (!/\.ann$/i.test(source.path)) continue;
    const documentPath = source.path.replace(/\.ann$/i, '.txt');
    const text = context.textOf(documentPath);
    if (text === null) {
      refused.push(`${source.path}: no document ${documentPath} in the corpus for it`);
      continue;
    }
    const read = readBratAnn(text, source.text);
    const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const document = new DocumentText(stripBom(text));
    const points = document.points;
    const all = new CodePointMap(text);
    // brat counts the file's characters (BOM and CRs included); the sidecar counts the anchor text.
    const toAnchor = (fileOffset: number): number => document.fromStored(all.toUtf16(fileOffset) - shift);
    const byId = new Map(read.textBounds.map((tb) => [tb.id, tb]));
    const notes = new Map<string, Map<string, string>>();
    for (const note of read.notes) if (note.type === 'AnnotatorNotes') notes.set(note.target, noteFields(note.text));
    const direct = new Set(read.attributes.filter((a) => a.type === 'Direct' && (a.value === null || a.value === 'true')).map((a) => a.target));
    const bad = new Set<string>();
    for (const tb of read.textBounds) {
      const inside = tb.fragments.every(([s, e]) => s <= e && e <= all.length && s >= shift);
      const expected = inside ? tb.fragments.map(([s, e]) => all.slice(s, e)).join(' ') : null;
      if (expected !== tb.text) {
        bad.add(tb.id);
        refused.push(`${source.path}:${tb.id}: the text “${tb.text}” is not the document's text${expected === null ? ' (its offsets lie outside the document)' : ` “${expected}”`} at ${tb.fragments.map((f) => f.join(' ')).join(';')}`);
      }
    }
    const span = (tb: BratTextBound): { start: number; end: number; text: string } => {
      const start = toAnchor(tb.fragments[0]![0]);
      const end = toAnchor(tb.fragments[tb.fragments.length - 1]![1]);
      return { start, end, text: points.slice(start, end) };
    };
    const actorOf = (tb: BratTextBound): { actor: string | null; actorName: string; actorKind: ActorKind | null } => {
      const note = notes.get(tb.id);
      return { actor: note?.get('actor') ?? null, actorName: note?.get('name') ?? tb.text, actorKind: KIND_OF_TYPE[tb.type] ?? null };
    };
    const base = (tb: BratTextBound, kind: 'quote' | 'mention'): Omit<ImportedAnnotation, 'actor' | 'actorName' | 'actorKind' | 'cue' | 'direct'> => ({
      kind,
      document: documentPath,
      id: notes.get(tb.id)?.get('id') ?? null,
      ...span(tb),
      source: `${source.path}:${tb.id}`,
    });
    const speakerNote = (value: string | undefined): { actor: string | null; actorName: string | null } => {
      if (value === undefined) return { actor: null, actorName: null };
      const m = /^(.*) \(([\w.-]+)\)$/.exec(value);
      if (m) return { actor: m[2]!, actorName: m[1]! };
      return /^[a-z0-9][\w.-]*$/.test(value) ? { actor: value, actorName: null } : { actor: null, actorName: value };
    };
    const consumed = new Set<string>();
    for (const event of read.events) {
      const content = event.args.find((a) => /^Content\d*$/.test(a.role));
      const tb = content && byId.get(content.target);
      if (!tb) {
        ignored.push(`${source.path}:${event.id}: an event without a Content span is not a quote`);
        continue;
      }
      const sourceTb = byId.get(event.args.find((a) => /^Source\d*$/.test(a.role))?.target ?? '');
      const trigger = byId.get(event.trigger);
      for (const t of [tb, sourceTb, trigger]) if (t) consumed.add(t.id);
      if ([tb, sourceTb, trigger].some((t) => t && bad.has(t.id))) continue;
      const speaker = sourceTb ? (KIND_OF_TYPE[sourceTb.type] ? actorOf(sourceTb) : { actor: null, actorName: sourceTb.text, actorKind: null }) : { actor: null, actorName: null, actorKind: null };
      annotations.push({ ...base(tb, 'quote'), ...speaker, cue: trigger?.text ?? null, direct: direct.has(tb.id) || direct.has(event.id) });
    }
    for (const tb of read.textBounds) {
      if (bad.has(tb.id)) continue;
      if (tb.type === 'Quote' && !consumed.has(tb.id)) {
        const note = notes.get(tb.id);
        const relation = read.relations.find((r) => r.type === 'Speaker' && r.arg1 === tb.id && byId.has(r.arg2));
        const speaker = relation ? actorOf(byId.get(relation.arg2)!) : { ...speakerNote(note?.get('speaker')), actorKind: null };
        annotations.push({ ...base(tb, 'quote'), ...speaker, cue: note?.get('cue') ?? null, direct: direct.has(tb.id) });
      } else if (KIND_OF_TYPE[tb.type]) {
        annotations.push({ ...base(tb, 'mention'), ...actorOf(tb), cue: null, direct: false });
      } else if (!consumed.has(tb.id)) {
        ignored.push(`${source.path}:${tb.id}: type ${tb.type} is neither Quote nor an actor type (${Object.keys(KIND_OF_TYPE).join(', ')})`);
      }
    }
  }
  return { annotations, refused, ignored };
}
