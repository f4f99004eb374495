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

type Value = string | number | boolean | null | ValueMap;
interface ValueMap {
  readonly [key: string]: Value;
}

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
  if (/^[0-9]+$/.test(token)) {
    const n = Number(token);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  if (OTHER_NUMBER.test(token) || !SAFE_PLAIN.test(token)) return undefined;
  return token;
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

/** Reads `{ key: value, … }` from `line` at `i` (the `{`); returns the map and the index after `}`, or null. */
function flowMap(line: string, i: number, depth: number): [ValueMap, number] | null {
  if (line[i] !== '{' || line[i + 1] !== ' ') return null;
  i += 2;
  const map: Record<string, Value> = {};
  for (;;) {
    const keyEnd = line.indexOf(': ', i);
    if (keyEnd < 0) return null;
    const key = line.slice(i, keyEnd);
    if (!/^[A-Za-z]+$/.test(key) || Object.prototype.hasOwnProperty.call(map, key)) return null;
    i = keyEnd + 2;
    let value: Value | undefined;
    if (line[i] === '{') {
      if (depth > 0) return null;
      const inner = flowMap(line, i, depth + 1);
      if (!inner) return null;
      [value, i] = inner;
    } else if (line[i] === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      if (j >= line.length) return null;
      value = quoted(line.slice(i + 1, j));
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ',' && line[j] !== '}') j++;
      if (j >= line.length || line[j - 1] !== ' ' && line[j] === '}') return null;
      const token = line[j] === '}' ? line.slice(i, j - 1) : line.slice(i, j);
      value = plain(token);
      i = line[j] === '}' ? j - 1 : j;
    }
    if (value === undefined) return null;
    map[key] = value;
    if (line.startsWith(', ', i)) {
      i += 2;
      continue;
    }
    if (line.startsWith(' }', i)) return [map, i + 2];
    return null;
  }
}

const QUOTE_KEYS = new Set(['id', 'speaker', 'cue', 'direct', 'anchor', 'creator', 'created']);
const MENTION_KEYS = new Set(['id', 'actor', 'anchor', 'creator', 'created']);
const ANCHOR_KEYS = new Set(['start', 'end', 'exact', 'prefix', 'suffix']);

function anchorOf(value: Value | undefined): Anchor | null {
  if (value === null || typeof value !== 'object') return null;
  if (!Object.keys(value).every((k) => ANCHOR_KEYS.has(k))) return null;
  const { start, end, exact } = value;
  const prefix = value['prefix'] ?? '';
  const suffix = value['suffix'] ?? '';
  if (typeof start !== 'number' || typeof end !== 'number' || end < start) return null;
  if (typeof exact !== 'string' || typeof prefix !== 'string' || typeof suffix !== 'string') return null;
  return { start, end, exact, prefix, suffix };
}

function provenanceOf(entry: ValueMap): { creator?: string; created?: string } | null {
  const { creator, created } = entry;
  if ((creator !== undefined && typeof creator !== 'string') || (created !== undefined && typeof created !== 'string')) return null;
  return { ...(creator ? { creator } : {}), ...(created ? { created } : {}) };
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
  const lines = text.split('\n');
  const crlf = lines.length > 1 && lines[0]!.endsWith('\r');
  for (let n = 0; n < lines.length; n++) {
    let line = lines[n]!;
    if (crlf && n < lines.length - 1) {
      if (!line.endsWith('\r')) return null;
      line = line.slice(0, -1);
    }
    if (line.includes('\r') || line.includes('\t')) return null;
    if (line === '') continue;
    if (line[0] === '#') continue;
    if (line.startsWith('  - ')) {
      if (list === null) return null;
      const parsed = flowMap(line, 4, 0);
      if (!parsed || parsed[1] !== line.length) return null;
      const entry = parsed[0];
      const id = entry['id'];
      if (typeof id !== 'string' || id.length === 0 || ids.has(id)) return null;
      ids.add(id);
      const anchor = anchorOf(entry['anchor']);
      const provenance = provenanceOf(entry);
      if (!anchor || !provenance) return null;
      if (list === 'quotes') {
        if (!Object.keys(entry).every((k) => QUOTE_KEYS.has(k))) return null;
        const { speaker = null, cue = null, direct = true } = entry;
        if ((speaker !== null && typeof speaker !== 'string') || (cue !== null && typeof cue !== 'string') || typeof direct !== 'boolean') return null;
        lists.quotes!.push({ id, speaker, cue, direct, anchor, ...provenance });
      } else {
        if (!Object.keys(entry).every((k) => MENTION_KEYS.has(k))) return null;
        const actor = entry['actor'];
        if (typeof actor !== 'string' || actor.length === 0) return null;
        lists.mentions!.push({ id, actor, anchor, ...provenance });
      }
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
