/**
 * Merging two (or, with the common ancestor, three) versions of a sidecar or
 * actor file by id rather than by line: annotations and actors found on one
 * side only are kept, identical ones are kept once, deletions are honoured
 * when the ancestor is known, and a field the two sides set differently is a
 * disagreement. A disagreement is never decided here: the entry keeps our
 * side's values and gains an `alternatives` list holding each side's reading,
 * so the file stays valid YAML and `check` reports it until someone settles it
 * ({@link settleDisagreements}).
 *
 * The merge works on the parsed YAML, not on a particular layout: any
 * top-level list whose items all carry an `id` (quotes, mentions) and any
 * top-level mapping from ids to entries (the actors of `actors.yaml`) is a
 * collection merged by id; a file whose root is one entry (an actor file) is
 * merged field by field. Lists of plain values (aliases) merge as sets.
 */

import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { loadYaml, nodePosition } from '../files/yamlFile';
import { hasConflictMarkers, splitConflictSides } from './conflictMarkers';

/** The key that holds the readings of a disagreement on an entry. */
export const ALTERNATIVES_KEY = 'alternatives';
/** The key of an alternative that names the side it came from. */
export const FROM_KEY = 'from';
/** Who made an entry and when: never a disagreement on their own, but kept with each reading. */
const PROVENANCE_KEYS: ReadonlySet<string> = new Set(['creator', 'created']);
/**
 * The hash of the text the anchors were last checked against: when the sides
 * differ it becomes null, so the anchors are looked up again in the merged text.
 */
const CONTENT_HASH_KEY = 'contentHash';

/** The versions to merge. */
export interface MergeVersions {
  readonly ours: string;
  readonly theirs: string;
  /** The common ancestor's text, or null when it is not known (then nothing is deleted). */
  readonly base: string | null;
  /** How our side is named in alternatives (`ours`, `ours (HEAD)`). */
  readonly oursLabel?: string;
  readonly theirsLabel?: string;
}

/** One side's reading of a disagreement. */
export interface Alternative {
  /** Which side it came from, as written in the file (`ours (HEAD)`). */
  readonly from: string;
  /** True when that side deleted the entry. */
  readonly deleted: boolean;
  /** The fields that side set (provenance included). */
  readonly fields: Readonly<Record<string, unknown>>;
}

/** An entry whose readings disagree, as found in a file. */
export interface Disagreement {
  /** The top-level key of the collection (`quotes`, `actors`), or null for the file's root entry. */
  readonly collection: string | null;
  /** The entry's id (annotation id, actor id), or null for a root without one. */
  readonly id: string | null;
  /** One-based line of the entry. */
  readonly line: number;
  readonly alternatives: readonly Alternative[];
}

/** What a merge produced. */
export type MergeOutcome =
  | {
      readonly ok: true;
      /** The merged file: valid YAML, disagreements marked. */
      readonly text: string;
      readonly disagreements: readonly Disagreement[];
    }
  | { readonly ok: false; readonly problem: string };

/**
 * Merges text that holds git conflict markers. Text without markers comes
 * back unchanged, unless a list holds two entries with the same id (what
 * "accept both" or `merge=union` leaves when both sides tagged the same
 * quote): those are merged into one, the first taken as ours.
 */
export function resolveConflictText(text: string): MergeOutcome {
  if (!hasConflictMarkers(text)) return mergeDuplicateIds(text);
  const sides = splitConflictSides(text);
  if ('problem' in sides) return { ok: false, problem: `line ${sides.line}: ${sides.problem}` };
  return mergeById({
    ours: sides.ours,
    theirs: sides.theirs,
    base: sides.base,
    oursLabel: sides.oursLabel ? `ours (${sides.oursLabel})` : 'ours',
    theirsLabel: sides.theirsLabel ? `theirs (${sides.theirsLabel})` : 'theirs',
  });
}

/** Merges versions of one file by id. Never throws; a side that does not parse is a problem. */
export function mergeById(versions: MergeVersions): MergeOutcome {
  const ours = parseSide(versions.ours, 'our side');
  if ('problem' in ours) return { ok: false, problem: ours.problem };
  const theirs = parseSide(versions.theirs, 'their side');
  if ('problem' in theirs) return { ok: false, problem: theirs.problem };
  const base = versions.base === null ? null : parseSide(versions.base, 'the common ancestor');
  if (base && 'problem' in base) return { ok: false, problem: base.problem };

  if (ours.root === null) return finish(versions.theirs);
  if (theirs.root === null) return finish(versions.ours);
  const merge = new Merge(ours.doc, base !== null, versions.oursLabel ?? 'ours', versions.theirsLabel ?? 'theirs');
  merge.entry(ours.root, base?.root ?? null, theirs.root, null);
  return finish(ours.doc.toString({ lineWidth: 0 }));
}

/**
 * A quick test on the text, without parsing: false when the file certainly
 * has nothing to resolve (no markers, no alternatives, no id twice), so that
 * a corpus of many sidecars is not parsed file by file.
 */
export function mayNeedResolving(text: string): boolean {
  if (hasConflictMarkers(text) || text.includes(`${ALTERNATIVES_KEY}:`)) return true;
  const seen = new Set<string>();
  for (const match of text.matchAll(/(?:^|[\s{,])id:\s*["']?([^\s,}"']+)/g)) {
    if (seen.has(match[1]!)) return true;
    seen.add(match[1]!);
  }
  return false;
}

/** Merges entries of one list that share an id; the text is unchanged when there are none. */
function mergeDuplicateIds(text: string): MergeOutcome {
  const side = parseSide(text, 'the file');
  if ('problem' in side) return { ok: false, problem: side.problem };
  let changed = false;
  const merge = new Merge(side.doc, false, 'ours', 'theirs');
  for (const pair of side.root?.items ?? []) {
    const seq = pair.value as Node | null;
    if (!isSeq(seq)) continue;
    const first = new Map<string, YAMLMap>();
    for (const item of [...seq.items]) {
      if (!isIdEntry(item)) continue;
      const id = item.get('id') as string;
      const kept = first.get(id);
      if (!kept) {
        first.set(id, item);
        continue;
      }
      if (!equal(plain(kept), plain(item))) merge.entry(kept, null, item, keyOf(pair));
      seq.items.splice(seq.items.indexOf(item), 1);
      changed = true;
    }
  }
  return finish(changed ? side.doc.toString({ lineWidth: 0 }) : text);
}

function finish(text: string): MergeOutcome {
  const listed = listDisagreements(text);
  return listed.ok ? { ok: true, text, disagreements: listed.disagreements } : { ok: false, problem: `the merged file does not read back: ${listed.problem}` };
}

/** Every disagreement marked in a file (an entry with `alternatives`). */
export function listDisagreements(text: string): { ok: true; disagreements: Disagreement[] } | { ok: false; problem: string } {
  const side = parseSide(text, 'the file');
  if ('problem' in side) return { ok: false, problem: side.problem };
  const found: Disagreement[] = [];
  const root = side.root;
  if (!root) return { ok: true, disagreements: found };
  const visit = (entry: YAMLMap, collection: string | null, id: string | null, at: Node): void => {
    const alternatives = readAlternatives(entry);
    if (alternatives) found.push({ collection, id, line: nodePosition(side.lines, at).line, alternatives });
  };
  visit(root, null, idOfRoot(root), (root.get(ALTERNATIVES_KEY, true) as Node | undefined) ?? root);
  for (const pair of root.items) {
    const key = keyOf(pair);
    const value = pair.value as Node | null;
    if (isSeq(value)) {
      for (const item of value.items) if (isMap(item) && typeof item.get('id') === 'string') visit(item, key, item.get('id') as string, item);
    } else if (isMap(value)) {
      for (const entry of value.items) if (isMap(entry.value)) visit(entry.value, key, keyOf(entry), entry.key as Node);
    }
  }
  found.sort((a, b) => a.line - b.line);
  return { ok: true, disagreements: found };
}

/** How a disagreement is settled: by taking one of its alternatives, or by keeping both marked. */
export interface Settlement {
  readonly collection: string | null;
  readonly id: string | null;
  /** Index into the disagreement's alternatives, or 'both' to keep them all (still reported). */
  readonly pick: number | 'both';
}

/**
 * Settles disagreements: the picked reading's fields are written to the entry
 * (or the entry is removed when that reading deleted it) and its
 * `alternatives` go. 'both' leaves the entry as it is.
 */
export function settleDisagreements(text: string, settlements: readonly Settlement[]): { ok: true; text: string } | { ok: false; problem: string } {
  const side = parseSide(text, 'the file');
  if ('problem' in side) return { ok: false, problem: side.problem };
  const root = side.root;
  if (!root) return { ok: true, text };
  for (const s of settlements) {
    if (s.pick === 'both') continue;
    const found = findEntry(root, s.collection, s.id);
    if (!found) return { ok: false, problem: `no entry ${s.id ?? '(root)'} in ${s.collection ?? 'the file'}` };
    const alternative = readAlternatives(found.entry)?.[s.pick];
    if (!alternative) return { ok: false, problem: `${s.id ?? 'the file'} has no alternative ${s.pick + 1}` };
    if (alternative.deleted) {
      if (!found.remove) return { ok: false, problem: 'the file itself cannot be deleted by settling a disagreement' };
      found.remove();
      continue;
    }
    for (const [key, value] of Object.entries(alternative.fields)) {
      if (value === undefined) found.entry.delete(key);
      else found.entry.set(key, side.doc.createNode(value));
    }
    found.entry.delete(ALTERNATIVES_KEY);
  }
  return { ok: true, text: side.doc.toString({ lineWidth: 0 }) };
}

/** One line describing an alternative: `ours (HEAD): speaker alice, cue said (by Ana)`. */
export function describeAlternative(alternative: Alternative): string {
  if (alternative.deleted) return `${alternative.from}: deleted`;
  const fields = Object.entries(alternative.fields).filter(([key]) => !PROVENANCE_KEYS.has(key));
  const text = fields.map(([key, value]) => `${key} ${describeValue(value)}`).join(', ') || 'no change';
  const creator = alternative.fields['creator'];
  return `${alternative.from}: ${text}${typeof creator === 'string' ? ` (by ${creator})` : ''}`;
}

/** A disagreement as one line: `ours (HEAD): speaker alice / theirs (b): speaker bob`. */
export function describeDisagreement(disagreement: Disagreement): string {
  return disagreement.alternatives.map(describeAlternative).join(' / ');
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'object' && value !== null && 'start' in value && 'end' in value) {
    const anchor = value as { start: unknown; end: unknown; exact?: unknown };
    return `${String(anchor.start)}–${String(anchor.end)}${typeof anchor.exact === 'string' ? ` “${clip(anchor.exact)}”` : ''}`;
  }
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

function clip(text: string, max = 40): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

// ---- the merge ---------------------------------------------------------------

type Field = Node | undefined;

class Merge {
  constructor(
    private readonly doc: Document,
    private readonly threeWay: boolean,
    private readonly oursLabel: string,
    private readonly theirsLabel: string,
  ) {}

  /** Merges `theirs` (and `base`) into `out`, our side's entry, field by field. */
  entry(out: YAMLMap, base: YAMLMap | null, theirs: YAMLMap, collection: string | null): void {
    const differing: string[] = [];
    for (const key of unionKeys([out, theirs, base])) {
      const o = out.get(key, true) as Field;
      const t = theirs.get(key, true) as Field;
      const b = base?.get(key, true) as Field;
      const oHas = out.has(key);
      const tHas = theirs.has(key);
      const bHas = base?.has(key) ?? false;
      if (key === ALTERNATIVES_KEY) {
        this.unionAlternatives(out, o, t);
        continue;
      }
      const kind = collectionKind([o, t, b]);
      if (kind === 'list') {
        this.list(out, key, o, b, t);
        continue;
      }
      if (kind === 'map') {
        this.map(out, key, o, b, t);
        continue;
      }
      if (isValueSet([o, t, b])) {
        this.valueSet(out, key, o, b, t);
        continue;
      }
      const ov = oHas ? plain(o) : undefined;
      const tv = tHas ? plain(t) : undefined;
      if (equal(ov, tv)) continue;
      if (base !== null && this.threeWay) {
        if (equal(ov, bHas ? plain(b) : undefined)) {
          if (tHas) out.set(key, cloneNode(t));
          else out.delete(key);
          continue;
        }
        if (equal(tv, bHas ? plain(b) : undefined)) continue;
      } else {
        // Without the ancestor a field on one side only is taken as added: the commands add fields, they do not remove them.
        if (!tHas) continue;
        if (!oHas) {
          out.set(key, cloneNode(t));
          continue;
        }
      }
      if (PROVENANCE_KEYS.has(key)) continue;
      if (collection === null && key === CONTENT_HASH_KEY) {
        out.set(key, null);
        continue;
      }
      differing.push(key);
    }
    if (differing.length === 0) return;
    const reading = (entry: YAMLMap, from: string): Record<string, unknown> => {
      const fields: Record<string, unknown> = { [FROM_KEY]: from };
      for (const key of differing) fields[key] = entry.has(key) ? plain(entry.get(key, true) as Node) : null;
      for (const key of PROVENANCE_KEYS) if (entry.has(key)) fields[key] = plain(entry.get(key, true) as Node);
      return fields;
    };
    this.mark(out, [reading(out, this.oursLabel), reading(theirs, this.theirsLabel)]);
  }

  /** A list of entries with ids (quotes, mentions). */
  private list(out: YAMLMap, key: string, o: Field, b: Field, t: Field): void {
    let seq: YAMLSeq;
    if (isSeq(o)) seq = o;
    else {
      seq = this.doc.createNode([]) as YAMLSeq;
      out.set(key, seq);
    }
    const ours = entriesById(seq);
    const base = isSeq(b) ? entriesById(b) : new Map<string, YAMLMap>();
    const theirs = isSeq(t) ? entriesById(t) : new Map<string, YAMLMap>();
    let previous: YAMLMap | null = null;
    for (const [id, item] of theirs) {
      const mine = ours.get(id);
      const before = base.get(id) ?? null;
      if (mine) {
        if (!equal(plain(mine), plain(item))) this.entry(mine, before, item, key);
        previous = mine;
        continue;
      }
      if (before && this.threeWay) {
        if (equal(plain(item), plain(before))) continue; // we deleted it, they did not touch it
      }
      const copy = cloneNode(item) as YAMLMap;
      if (before && this.threeWay) this.markDeletion(copy, before, 'ours');
      if (seq.flow) seq.flow = false;
      seq.items.splice(insertionIndex(seq, copy, previous), 0, copy);
      previous = copy;
    }
    if (!this.threeWay) return;
    for (const [id, item] of ours) {
      if (theirs.has(id)) continue;
      const before = base.get(id);
      if (!before) continue; // we added it
      if (equal(plain(item), plain(before))) seq.items.splice(seq.items.indexOf(item), 1);
      else this.markDeletion(item, before, 'theirs');
    }
  }

  /** A mapping from ids to entries (the actors of a registry). */
  private map(out: YAMLMap, key: string, o: Field, b: Field, t: Field): void {
    let map: YAMLMap;
    if (isMap(o)) map = o;
    else {
      map = this.doc.createNode({}) as YAMLMap;
      out.set(key, map);
    }
    const ours = pairsById(map);
    const base = isMap(b) ? pairsById(b) : new Map<string, Pair>();
    const theirs = isMap(t) ? pairsById(t) : new Map<string, Pair>();
    const sorted = isSortedMap(map);
    for (const [id, pair] of theirs) {
      const mine = ours.get(id);
      const before = (base.get(id)?.value as YAMLMap | undefined) ?? null;
      if (mine) {
        if (!equal(plain(mine.value as Node), plain(pair.value as Node))) this.entry(mine.value as YAMLMap, before, pair.value as YAMLMap, key);
        continue;
      }
      if (before && this.threeWay && equal(plain(pair.value as Node), plain(before))) continue;
      const copy = pair.clone();
      if (before && this.threeWay) this.markDeletion(copy.value as YAMLMap, before, 'ours');
      if (map.flow) map.flow = false;
      const index = sorted ? map.items.findIndex((p) => keyOf(p) > id) : -1;
      map.items.splice(index < 0 ? map.items.length : index, 0, copy);
    }
    if (!this.threeWay) return;
    for (const [id, pair] of ours) {
      if (theirs.has(id)) continue;
      const before = base.get(id)?.value as YAMLMap | undefined;
      if (!before) continue;
      if (equal(plain(pair.value as Node), plain(before))) map.items.splice(map.items.indexOf(pair), 1);
      else this.markDeletion(pair.value as YAMLMap, before, 'theirs');
    }
  }

  /** A list of plain values (aliases): additions from both sides, deletions honoured. */
  private valueSet(out: YAMLMap, key: string, o: Field, b: Field, t: Field): void {
    const values = (node: Field): unknown[] => (isSeq(node) ? node.items.map((i) => plain(i as Node)) : []);
    const has = (list: unknown[], value: unknown): boolean => list.some((v) => equal(v, value));
    const [ours, base, theirs] = [values(o), values(b), values(t)];
    const deleted = (value: unknown, other: unknown[]): boolean => this.threeWay && has(base, value) && !has(other, value);
    const result = [...ours.filter((v) => !deleted(v, theirs)), ...theirs.filter((v) => !has(ours, v) && !deleted(v, ours))];
    if (equal(result, ours) && (isSeq(o) || result.length === 0)) return;
    if (isSeq(o)) {
      o.items = result.map((v) => this.doc.createNode(v));
    } else out.set(key, this.doc.createNode(result));
  }

  /** Both sides' `alternatives`, each reading once. */
  private unionAlternatives(out: YAMLMap, o: Field, t: Field): void {
    const list = (node: Field): unknown[] => (isSeq(node) ? node.items.map((i) => plain(i as Node)) : []);
    const ours = list(o);
    const extra = list(t).filter((v) => !ours.some((w) => equal(v, w)));
    if (extra.length) out.set(ALTERNATIVES_KEY, this.doc.createNode([...ours, ...extra]));
  }

  /** Marks an entry one side deleted and the other changed. */
  private markDeletion(entry: YAMLMap, before: YAMLMap, deletedBy: 'ours' | 'theirs'): void {
    const changed: Record<string, unknown> = {};
    for (const key of unionKeys([entry, before])) {
      if (key === ALTERNATIVES_KEY) continue;
      const now = entry.has(key) ? plain(entry.get(key, true) as Node) : null;
      if (!equal(now, before.has(key) ? plain(before.get(key, true) as Node) : null) || PROVENANCE_KEYS.has(key)) changed[key] = now;
    }
    const deletion = { [FROM_KEY]: deletedBy === 'ours' ? this.oursLabel : this.theirsLabel, deleted: true };
    const kept = { [FROM_KEY]: deletedBy === 'ours' ? this.theirsLabel : this.oursLabel, ...changed };
    this.mark(entry, deletedBy === 'ours' ? [deletion, kept] : [kept, deletion]);
  }

  private mark(entry: YAMLMap, readings: Record<string, unknown>[]): void {
    const existing = entry.get(ALTERNATIVES_KEY, true) as Field;
    const before = isSeq(existing) ? existing.items.map((i) => plain(i as Node)) : [];
    const fresh = readings.filter((r) => !before.some((b) => equal(b, r)));
    entry.set(ALTERNATIVES_KEY, this.doc.createNode([...before, ...fresh]));
  }
}

// ---- helpers -------------------------------------------------------------------

interface ParsedSide {
  readonly doc: Document;
  readonly root: YAMLMap | null;
  readonly lines: LineCounter;
}

function parseSide(text: string, what: string): ParsedSide | { problem: string } {
  const loaded = loadYaml(text);
  if (!loaded.doc) {
    const first = loaded.problems[0];
    return { problem: `${what} is not valid YAML${first ? ` (line ${first.line}: ${first.message})` : ''}` };
  }
  const contents = loaded.doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return { doc: loaded.doc, root: null, lines: loaded.lines };
  if (!isMap(contents)) return { problem: `${what} is not a mapping (key: value)` };
  return { doc: loaded.doc, root: contents, lines: loaded.lines };
}

function keyOf(pair: Pair): string {
  const key = pair.key as unknown;
  return String(isScalar(key) ? key.value : key);
}

function idOfRoot(root: YAMLMap): string | null {
  const id = root.get('id');
  return typeof id === 'string' ? id : null;
}

function unionKeys(maps: ReadonlyArray<YAMLMap | null>): string[] {
  const keys: string[] = [];
  for (const map of maps) for (const pair of map?.items ?? []) if (!keys.includes(keyOf(pair))) keys.push(keyOf(pair));
  return keys;
}

function isPresent(node: Field): node is Node {
  return node !== undefined && node !== null && !(isScalar(node) && node.value === null);
}

function isIdEntry(item: unknown): item is YAMLMap {
  return isMap(item) && typeof item.get('id') === 'string';
}

/** Whether these versions of a field hold a collection of entries by id. */
function collectionKind(nodes: readonly Field[]): 'list' | 'map' | null {
  const present = nodes.filter(isPresent);
  if (present.length === 0) return null;
  if (present.every((n) => isSeq(n) && n.items.every(isIdEntry)) && present.some((n) => (n as YAMLSeq).items.length > 0)) return 'list';
  if (present.every((n) => isMap(n) && n.items.every((p) => isMap(p.value))) && present.some((n) => (n as YAMLMap).items.length > 0)) return 'map';
  return null;
}

function isValueSet(nodes: readonly Field[]): boolean {
  const present = nodes.filter(isPresent);
  return present.length > 0 && present.every((n) => isSeq(n) && n.items.every((i) => isScalar(i)));
}

function entriesById(seq: YAMLSeq): Map<string, YAMLMap> {
  const byId = new Map<string, YAMLMap>();
  for (const item of seq.items) if (isIdEntry(item)) byId.set(item.get('id') as string, item);
  return byId;
}

function pairsById(map: YAMLMap): Map<string, Pair> {
  const byId = new Map<string, Pair>();
  for (const pair of map.items) byId.set(keyOf(pair), pair);
  return byId;
}

function isSortedMap(map: YAMLMap): boolean {
  for (let i = 1; i < map.items.length; i++) if (keyOf(map.items[i - 1]!) > keyOf(map.items[i]!)) return false;
  return true;
}

function anchorSpan(entry: YAMLMap): [number, number] | null {
  const anchor = entry.get('anchor');
  if (!isMap(anchor)) return null;
  const start = anchor.get('start');
  const end = anchor.get('end');
  return typeof start === 'number' && typeof end === 'number' ? [start, end] : null;
}

/** Where an entry from their side goes: in offset order when every entry has an anchor, else after its predecessor on their side. */
function insertionIndex(seq: YAMLSeq, entry: YAMLMap, previous: YAMLMap | null): number {
  const span = anchorSpan(entry);
  const spans = seq.items.map((i) => (isMap(i) ? anchorSpan(i) : null));
  if (span && spans.every((s) => s !== null)) {
    const index = spans.findIndex((s) => s![0] > span[0] || (s![0] === span[0] && s![1] > span[1]));
    return index < 0 ? seq.items.length : index;
  }
  return previous ? seq.items.indexOf(previous) + 1 : 0;
}

function cloneNode(node: Field): unknown {
  if (node === undefined) return null;
  return (node as { clone?: () => unknown }).clone ? (node as { clone: () => unknown }).clone() : node;
}

/** The plain value of a node, as JSON would hold it. */
function plain(node: Node | null | undefined): unknown {
  if (node === null || node === undefined) return null;
  return (node as { toJSON(): unknown }).toJSON();
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const list = b as unknown[];
    return a.length === list.length && a.every((v, i) => equal(v, list[i]));
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((k) => Object.prototype.hasOwnProperty.call(y, k) && equal(x[k], y[k]));
}

function readAlternatives(entry: YAMLMap): Alternative[] | null {
  const node = entry.get(ALTERNATIVES_KEY, true) as Field;
  if (!isSeq(node) || node.items.length === 0) return null;
  return node.items.map((item, index) => {
    const value = plain(item as Node);
    const fields: Record<string, unknown> = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as Record<string, unknown>) } : {};
    const from = typeof fields[FROM_KEY] === 'string' ? (fields[FROM_KEY] as string) : `reading ${index + 1}`;
    const deleted = fields['deleted'] === true;
    delete fields[FROM_KEY];
    delete fields['deleted'];
    return { from, deleted, fields };
  });
}

function findEntry(root: YAMLMap, collection: string | null, id: string | null): { entry: YAMLMap; remove?: () => void } | null {
  if (collection === null) return { entry: root };
  const value = root.get(collection, true) as Field;
  if (isSeq(value)) {
    const item = value.items.find((i) => isIdEntry(i) && i.get('id') === id);
    return isMap(item) ? { entry: item, remove: () => value.items.splice(value.items.indexOf(item), 1) } : null;
  }
  if (isMap(value)) {
    const pair = value.items.find((p) => keyOf(p) === id);
    return pair && isMap(pair.value) ? { entry: pair.value, remove: () => value.items.splice(value.items.indexOf(pair), 1) } : null;
  }
  return null;
}
