/**
 * A fast reader for sidecars in the layout the extension writes: header keys,
 * comment lines, and each annotation on one line as a flow mapping
 * (`  - { id: q-…, …, anchor: { start: 1, end: 5, exact: "…", … }, … }`).
 * The YAML library costs about 5 ms a sidecar (most of `check`'s time on a
 * corpus); this reads such a file in microseconds. It accepts only what it
 * is sure to read exactly as the library and the sidecar validation would,
 * and returns null for anything else (a hand edit in another style, a
 * comment after an entry, an unknown key, a merge conflict, a value of an
 * unexpected type, an escape JSON does not share with YAML), which is then
 * read by the full parser, problems and all. A unit test holds the two to
 * the same results.
 */

import type { Anchor } from '../anchoring/anchor';
import { LINE_ENDS_RULE } from '../text/lineEnds';
import type { MentionRecord, QuoteRecord, SidecarData } from './sidecar';

type Value = string | number | boolean | null;

/** Not read here: YAML's other plain scalars (floats, octal, hex, .inf, .nan). */
const OTHER_NUMBER = /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/**
 * A plain scalar this reader takes: letters, digits and a few safe marks,
 * starting with a letter or digit; a colon only before another character
 * than a space, a space only alone and before another character than `#`.
 */
const SAFE_PLAIN = /^[\p{L}\p{N}_](?:[\p{L}\p{N}_.+\-]|:(?=[^ ])| (?=[^ #]))*$/u;
/** Characters whose meaning in a quoted scalar differs between YAML and JSON, or that YAML folds. */
const UNSAFE_IN_QUOTES = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** A plain scalar's value, as YAML's core schema resolves it; undefined when this reader does not take it. */
function plain(token: string): Value | undefined {
  if (token === 'null' || token === 'Null' || token === 'NULL' || token === '~') return null;
  if (token === 'true' || token === 'True' || token === 'TRUE') return true;
  if (token === 'false' || token === 'False' || token === 'FALSE') return false;
  if (isDigits(token)) {
    const n = Number(token);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  // Most tokens (actor ids, cues) are ASCII and start with a letter: no number can start so, and
  // SAFE_PLAIN decides each character by itself and the next, so a loop gives its answer without the
  // Unicode regex (a tenth of the line reader's time, profiled).
  const safe = isAsciiLetter(token.charCodeAt(0)) ? asciiSafePlain(token) : null;
  if (safe !== null) return safe ? token : undefined;
  if (OTHER_NUMBER.test(token) || !SAFE_PLAIN.test(token)) return undefined;
  return token;
}

function isDigits(token: string): boolean {
  if (token.length === 0) return false;
  for (let k = 0; k < token.length; k++) {
    const c = token.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A-Z, a-z or `_`. */
function isAsciiLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

/** {@link SAFE_PLAIN}'s answer for a token that starts with an ASCII letter; null when it holds a non-ASCII character (ask the regex). */
function asciiSafePlain(token: string): boolean | null {
  for (let k = 1; k < token.length; k++) {
    const c = token.charCodeAt(k);
    if (c >= 0x80) return null;
    if (isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2b || c === 0x2d) continue;
    const next = k + 1 < token.length ? token.charCodeAt(k + 1) : -1;
    if (c === 0x3a && next !== -1 && next !== 0x20) continue; // `:` before anything but a space
    if (c === 0x20 && next !== -1 && next !== 0x20 && next !== 0x23) continue; // a space before anything but a space or `#`
    return false;
  }
  return true;
}

/** A double-quoted scalar's value (the text between the quotes); undefined when not surely the same in JSON. */
function quoted(body: string): string | undefined {
  if (UNSAFE_IN_QUOTES.test(body)) return undefined;
  // Without an escape the text between the quotes is the value, with no JSON.parse (5% of a cold `check`, profiled).
  if (!body.includes('\\')) return body;
  try {
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/**
 * The keys an entry (depth 0) and its anchor (depth 1) may have, each with its slot in
 * {@link slots}: any other key, a key twice, or a nested map under another key than `anchor`
 * makes the file the parser's (the checks after the map would refuse it anyway).
 */
const ENTRY_KEYS = ['id', 'speaker', 'cue', 'direct', 'anchor', 'creator', 'created', 'actor'] as const;
const ANCHOR_KEYS = ['start', 'end', 'exact', 'prefix', 'suffix'] as const;
const [ID, SPEAKER, CUE, DIRECT, ANCHOR, CREATOR, CREATED, ACTOR, START, END, EXACT, PREFIX, SUFFIX] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
/** The value of `anchor` once its map was read into the anchor's slots. */
const ANCHOR_READ = Symbol('anchor');
type Slot = Value | typeof ANCHOR_READ | undefined;
/**
 * The values of the entry being read, by key: one array for every entry. Keys sliced from the
 * line and an object per map had to be hashed and collected for each annotation (half of the
 * reader's time, profiled); constants compared in place and one array are not.
 */
const slots: Slot[] = new Array<Slot>(13).fill(undefined);

/** The slot of the key of `line` between `from` and `to`, or -1 when it may not be there. */
function keySlot(line: string, from: number, to: number, depth: number): number {
  const keys = depth === 0 ? ENTRY_KEYS : ANCHOR_KEYS;
  const first = line.charCodeAt(from);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    if (key.length === to - from && key.charCodeAt(0) === first && line.startsWith(key, from)) return depth === 0 ? k : START + k;
  }
  return -1;
}

/** The index of the `"` closing a double-quoted scalar whose text starts at `from` (a `"` after an even run of backslashes), or -1. */
function closingQuote(line: string, from: number): number {
  for (let j = line.indexOf('"', from); j >= 0; j = line.indexOf('"', j + 1)) {
    let k = j - 1;
    while (k >= from && line.charCodeAt(k) === 0x5c) k--;
    if ((j - 1 - k) % 2 === 0) return j;
  }
  return -1;
}

/**
 * Reads `{ key: value, … }` from `line` at `i` (the `{`) into {@link slots}; returns the index
 * after `}`, or -1. It scans with indexOf and character codes, never a one-character string per
 * character: on long quoted anchors that loop was most of a cold `check`'s parsing (profiled).
 */
function flowMap(line: string, i: number, depth: number): number {
  if (line.charCodeAt(i) !== 0x7b || line.charCodeAt(i + 1) !== 0x20) return -1;
  i += 2;
  for (;;) {
    const keyEnd = line.indexOf(': ', i);
    if (keyEnd < 0) return -1;
    const slot = keySlot(line, i, keyEnd, depth);
    if (slot < 0 || slots[slot] !== undefined) return -1;
    i = keyEnd + 2;
    let value: Slot;
    const first = line.charCodeAt(i);
    if (first === 0x7b) {
      if (slot !== ANCHOR) return -1;
      i = flowMap(line, i, depth + 1);
      if (i < 0) return -1;
      value = ANCHOR_READ;
    } else if (first === 0x22) {
      const j = closingQuote(line, i + 1);
      if (j < 0) return -1;
      value = quoted(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      let c = -1;
      for (; j < line.length; j++) {
        c = line.charCodeAt(j);
        if (c === 0x2c || c === 0x7d) break;
      }
      if (j >= line.length || (line.charCodeAt(j - 1) !== 0x20 && c === 0x7d)) return -1;
      const token = c === 0x7d ? line.slice(i, j - 1) : line.slice(i, j);
      value = plain(token);
      i = c === 0x7d ? j - 1 : j;
    }
    if (value === undefined) return -1;
    slots[slot] = value;
    if (line.startsWith(', ', i)) {
      i += 2;
      continue;
    }
    if (line.startsWith(' }', i)) return i + 2;
    return -1;
  }
}

/** The anchor read into the slots, or null. */
function anchorOf(): Anchor | null {
  if (slots[ANCHOR] !== ANCHOR_READ) return null;
  const start = slots[START];
  const end = slots[END];
  const exact = slots[EXACT];
  const prefix = slots[PREFIX] ?? '';
  const suffix = slots[SUFFIX] ?? '';
  if (typeof start !== 'number' || typeof end !== 'number' || end < start) return null;
  if (typeof exact !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') return null;
  return { start, end, exact, prefix, suffix };
}

/** The record with the entry's non-empty `creator` and `created` (null when either is there but not a string), set in place: no spread per annotation. */
function withProvenance<T extends { creator?: string; created?: string }>(record: T): T | null {
  const creator = slots[CREATOR];
  const created = slots[CREATED];
  if ((creator !== undefined && typeof creator !== 'string') || (created !== undefined && typeof created !== 'string')) return null;
  const r = record as { creator?: string; created?: string };
  if (creator) r.creator = creator;
  if (created) r.created = created;
  return record;
}

/**
 * The sidecar's data when `text` is in the line-per-annotation layout and
 * valid; null when it is anything else (then read it with the YAML parser).
 */
export function readSidecarLines(text: string, maxBytes: number): SidecarData | null {
  if (text.length > maxBytes || text.charCodeAt(0) === 0xfeff) return null;
  const header: Record<string, Value> = {};
  const lists: { quotes: QuoteRecord[] | null; mentions: MentionRecord[] | null } = { quotes: null, mentions: null };
  const ids = new Set<string>();
  let list: 'quotes' | 'mentions' | null = null;
  // A tab anywhere, or a CR where the first line does not end with one, sends the file to the parser:
  // looked for once in the whole text (indexOf is far faster than a regex here) rather than in every line.
  const firstBreak = text.indexOf('\n');
  const crlf = firstBreak > 0 && text.charCodeAt(firstBreak - 1) === 0x0d;
  if (text.includes('\t') || (!crlf && text.includes('\r'))) return null;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (crlf) {
      if (n < lines.length - 1) {
        if (!line.endsWith('\r')) return null;
        line = line.slice(0, -1);
      }
      if (line.includes('\r')) return null;
    }
    if (line === '') continue;
    if (line[0] === '#') continue;
    if (line.startsWith('  - ')) {
      if (list === null) return null;
      slots.fill(undefined);
      if (flowMap(line, 4, 0) !== line.length) return null;
      const id = slots[ID];
      if (typeof id !== 'string' || id.length === 0 || ids.has(id)) return null;
      ids.add(id);
      const anchor = anchorOf();
      if (!anchor) return null;
      let record: QuoteRecord | MentionRecord | null;
      if (list === 'quotes') {
        if (slots[ACTOR] !== undefined) return null;
        const speaker = slots[SPEAKER] ?? null;
        const cue = slots[CUE] ?? null;
        const direct = slots[DIRECT] === undefined ? true : slots[DIRECT]; // `direct: null` is refused, not true
        if ((speaker !== null && typeof speaker !== 'string') || (cue !== null && typeof cue !== 'string') || typeof direct !== 'boolean') return null;
        record = withProvenance<QuoteRecord>({ id, speaker, cue, direct, anchor });
        if (record) lists.quotes!.push(record);
      } else {
        if (slots[SPEAKER] !== undefined || slots[CUE] !== undefined || slots[DIRECT] !== undefined) return null;
        const actor = slots[ACTOR];
        if (typeof actor !== 'string' || actor.length === 0) return null;
        record = withProvenance<MentionRecord>({ id, actor, anchor });
        if (record) lists.mentions!.push(record);
      }
      if (!record) return null;
      continue;
    }
    const m = /^([A-Za-z]+):(?: (.*))?$/.exec(line);
    if (!m) return null;
    const key = m[1]!;
    const rest = m[2];
    if (key === 'quotes' || key === 'mentions') {
      if (lists[key] !== null || (rest !== undefined && rest !== '[]')) return null;
      lists[key] = [];
      list = rest === undefined ? key : null;
      continue;
    }
    if (Object.prototype.hasOwnProperty.call(header, key) || rest === undefined) return null;
    const value = rest.startsWith('"') && rest.endsWith('"') && rest.length >= 2 ? quoted(rest.slice(1, -1)) : plain(rest);
    if (value === undefined) return null;
    header[key] = value;
    list = null;
  }
  const { version, document, offsetUnit, contentHash = null } = header;
  const lineEnds = header['lineEnds'] ?? LINE_ENDS_RULE;
  if (!Object.keys(header).every((k) => ['version', 'document', 'offsetUnit', 'lineEnds', 'contentHash'].includes(k))) return null;
  if (version !== 1 || offsetUnit !== 'codepoint' || lineEnds !== LINE_ENDS_RULE) return null;
  if (typeof document !== 'string' || document.length === 0 || (contentHash !== null && typeof contentHash !== 'string')) return null;
  const byStart = <T extends { anchor: Anchor }>(a: T, b: T): number => a.anchor.start - b.anchor.start || a.anchor.end - b.anchor.end;
  return {
    version: 1,
    document,
    offsetUnit,
    lineEnds: LINE_ENDS_RULE,
    contentHash,
    quotes: (lists.quotes ?? []).sort(byStart),
    mentions: (lists.mentions ?? []).sort(byStart),
  };
}
