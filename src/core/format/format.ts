/**
 * The seed format: a news article as plain text.
 *
 * ```
 *  date 2023-11-04 Marta Gichko10:09, 04.11.23
 *
 * First paragraph…
 *
 * A one-line subheading
 * ```
 *
 * Every offset this module returns counts Unicode code points in the anchor
 * text: any byte-order mark removed, every line end read as LF (see
 * src/core/text/lineEnds.ts).
 */

import { anchorText, lineEndOf } from '../text/lineEnds';
import { CodePointMap } from '../text/text';

/** A range of code points, `start` inclusive and `end` exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A byline glued to its time stamp, as in `Marta Gichko10:09, 04.11.23`. */
export interface Byline {
  readonly author: string;
  /** Time of day as written, `HH:MM`. */
  readonly time: string;
  /** Date stamp as written, `DD.MM.YY`. */
  readonly stamp: string;
}

/** The first line of a seed document. */
export interface Header {
  /** The date as written after the `date` keyword, whatever it is. */
  readonly dateText: string;
  /** `YYYY-MM-DD` when `dateText` is a real calendar date, otherwise null. */
  readonly date: string | null;
  /** Why the date is unusable, or null. */
  readonly problem: string | null;
  /** Position of the date as written. */
  readonly dateSpan: Span;
  /** The rest of the line after the date: a byline or the lead text. */
  readonly rest: string;
  readonly restSpan: Span;
  /** The byline, when the rest of the line is one. */
  readonly byline: Byline | null;
}

/** What a paragraph is. */
export type ParagraphKind = 'lead' | 'body' | 'subheading';

/** A run of text between blank lines (or the lead text on the header line). */
export interface Paragraph extends Span {
  readonly kind: ParagraphKind;
  readonly text: string;
}

/** Quoted speech: the marks and the text between them. */
export interface Quotation extends Span {
  /** The text between the marks. */
  readonly inner: Span;
  readonly text: string;
  readonly open: string;
  /** The closing mark, or null when the paragraph ended first. */
  readonly close: string | null;
}

/** A parsed seed document. Parsing never throws. */
export interface SeedDocument {
  /** The header, or null when the first line is not a ` date …` header. */
  readonly header: Header | null;
  /** Why the document has no usable date, or null when it has one. */
  readonly problem: string | null;
  readonly paragraphs: readonly Paragraph[];
  readonly quotations: readonly Quotation[];
  /** The subheading or first sentence that best names the article. */
  readonly title: string;
  readonly hasBom: boolean;
  readonly eol: '\n' | '\r\n';
  /** Length in code points (without the BOM). */
  readonly length: number;
}

/** Matches a header line: optional space, `date`, whitespace, a date-like token, the rest. */
const HEADER = /^[ \t]?date[ \t]+(\S+)(?:[ \t]+(.*?))?[ \t]*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const BYLINE = /^(.*?\S)\s*(\d{1,2}:\d{2}),\s*(\d{1,2}\.\d{1,2}\.\d{2,4})$/;
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Longest title shown before it is cut with an ellipsis. */
export const TITLE_MAX = 120;
/** Longest single line that may count as a subheading. */
const SUBHEADING_MAX = 100;

/**
 * True when the first line of `head` looks like a seed header (` date …`),
 * whether or not its date is valid. Cheap: used to pick documents out of a corpus.
 */
export function looksLikeSeed(head: string): boolean {
  return /^\uFEFF?[ \t]?date[ \t]/.test(head);
}

/** Checks a `YYYY-MM-DD` string. Returns null when it is a real calendar date, else the reason. */
export function dateProblem(dateText: string): string | null {
  const m = ISO_DATE.exec(dateText);
  if (!m) return `malformed date “${truncate(dateText, 20)}”: expected YYYY-MM-DD`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1) return `impossible date ${dateText}: there is no year 0`;
  if (month < 1 || month > 12) return `impossible date ${dateText}: there is no month ${month}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `impossible date ${dateText}: ${MONTHS[month - 1]} ${year} has ${days} days`;
  }
  return null;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** "Saturday, 4 November 2023" for a valid `YYYY-MM-DD`. */
export function formatLongDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday}, ${d} ${MONTHS[m - 1]} ${y}`;
}

/** "November" for month number 11. */
export function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}

/** Parses the header line alone (no BOM, no line end). */
export function parseHeaderLine(line: string): Omit<Header, 'dateSpan' | 'restSpan'> & { dateIndex: number; restIndex: number } | null {
  const m = HEADER.exec(line);
  if (!m) return null;
  const dateText = m[1]!;
  const rest = m[2] ?? '';
  const problem = dateProblem(dateText);
  const dateIndex = line.indexOf(dateText, line.indexOf('date') + 4);
  const restIndex = rest ? line.indexOf(rest, dateIndex + dateText.length) : line.length;
  const by = BYLINE.exec(rest);
  return {
    dateText,
    date: problem ? null : dateText,
    problem,
    rest,
    byline: by ? { author: by[1]!, time: by[2]!, stamp: by[3]! } : null,
    dateIndex,
    restIndex,
  };
}

/**
 * Parses a seed document. Never throws: a missing header, an impossible date,
 * an empty or binary file all give a result with `problem` set.
 */
export function parseSeed(raw: string): SeedDocument {
  const hasBom = raw.charCodeAt(0) === 0xfeff;
  const eol = lineEndOf(raw.slice(0, 4096));
  const text = anchorText(raw);
  const points = new CodePointMap(text);
  const span = (a: number, b: number): Span => ({ start: points.toCodePoint(a), end: points.toCodePoint(b) });

  const unusable = unusableText(text);
  if (unusable) return emptyResult(hasBom, eol, unusable, points.length);

  const firstEnd = lineEnd(text, 0);
  const firstLine = text.slice(0, firstEnd).replace(/\r$/, '');
  const parsed = parseHeaderLine(firstLine);
  let header: Header | null = null;
  const paragraphs: Paragraph[] = [];
  if (parsed) {
    const { dateIndex, restIndex, ...fields } = parsed;
    header = {
      ...fields,
      dateSpan: span(dateIndex, dateIndex + parsed.dateText.length),
      restSpan: span(restIndex, restIndex + parsed.rest.length),
    };
    if (parsed.rest && !parsed.byline) {
      paragraphs.push({ kind: 'lead', text: parsed.rest, ...span(restIndex, restIndex + parsed.rest.length) });
    }
  }

  const bodyStart = parsed ? Math.min(text.length, firstEnd + 1) : 0;
  for (const [a, b] of paragraphRanges(text, bodyStart)) {
    const body = text.slice(a, b);
    paragraphs.push({ kind: isSubheading(body) ? 'subheading' : 'body', text: body, ...span(a, b) });
  }

  const quotations: Quotation[] = [];
  for (const p of paragraphs) {
    const a = points.toUtf16(p.start);
    for (const q of findQuotations(p.text)) {
      quotations.push({
        ...span(a + q.start, a + q.end),
        inner: span(a + q.innerStart, a + q.innerEnd),
        text: p.text.slice(q.innerStart, q.innerEnd),
        open: q.open,
        close: q.close,
      });
    }
  }

  const problem = header ? header.problem : NO_HEADER;
  return {
    header,
    problem,
    paragraphs,
    quotations,
    title: chooseTitle(header, paragraphs),
    hasBom,
    eol,
    length: points.length,
  };
}

const NO_HEADER = 'no date header: the first line must read “ date YYYY-MM-DD”';

/** Why a text cannot be a seed document at all (empty, or binary), or null. */
function unusableText(text: string): string | null {
  if (text.length === 0) return 'empty document: no date header';
  if (text.includes('\u0000')) return 'not a text document: it contains NUL bytes';
  return null;
}

/** What the corpus index needs of a document: its date, the reason it has none, and its title. */
export interface SeedSummary {
  /** `YYYY-MM-DD`, or null when the document has no usable date. */
  readonly date: string | null;
  /** Why the document has no usable date, or null. Same text as {@link SeedDocument.problem}. */
  readonly problem: string | null;
  /** Same text as {@link SeedDocument.title}. */
  readonly title: string;
}

/**
 * The date, problem and title of a document, exactly as {@link parseSeed}
 * gives them, without the rest of the parse: no quotation scan, no spans, no
 * code-point map. Indexing a corpus needs only these, for every file.
 */
export function summarizeSeed(raw: string): SeedSummary {
  // The anchor text, as parseSeed reads it: a lone CR or a CR doubled before an LF ends a line there too.
  const text = anchorText(raw);
  const unusable = unusableText(text);
  if (unusable) return { date: null, problem: unusable, title: '(untitled)' };
  const firstEnd = lineEnd(text, 0);
  const parsed = parseHeaderLine(text.slice(0, firstEnd).replace(/\r$/, ''));
  // The lead on the header line comes before every body paragraph and is never a subheading.
  let firstProse: string | null = parsed && parsed.rest && !parsed.byline ? parsed.rest : null;
  let subheading: string | null = null;
  const bodyStart = parsed ? Math.min(text.length, firstEnd + 1) : 0;
  for (const [a, b] of paragraphRanges(text, bodyStart)) {
    // Only a short paragraph can be a subheading: a long one is not even cut out unless it is the first prose.
    if (b - a <= SUBHEADING_MAX) {
      const body = text.slice(a, b);
      if (isSubheading(body)) {
        subheading = body;
        break;
      }
      firstProse ??= body;
    } else {
      firstProse ??= text.slice(a, b);
    }
  }
  return {
    date: parsed ? parsed.date : null,
    problem: parsed ? parsed.problem : NO_HEADER,
    title: titleFrom(subheading, firstProse, parsed?.byline ?? null),
  };
}

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** True for the bytes JavaScript's `trim()` removes that are ASCII (space, tab, CR, VT, FF; LF ends the line). */
function isAsciiSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0b || b === 0x0c;
}

/**
 * True when a UTF-8 white-space character that `trim()` removes (U+00A0,
 * U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF)
 * starts at `i` (`forward`) or ends just before `i` (backward).
 */
function unicodeSpaceAt(bytes: Uint8Array, i: number, forward: boolean): boolean {
  const two = forward ? i : i - 2;
  if (two >= 0 && bytes[two] === 0xc2 && bytes[two + 1] === 0xa0) return true;
  const k = forward ? i : i - 3;
  if (k < 0 || k + 2 >= bytes.length) return false;
  const a = bytes[k]!;
  const b = bytes[k + 1]!;
  const c = bytes[k + 2]!;
  if (a === 0xe2) return (b === 0x80 && (c <= 0x8a || c === 0xa8 || c === 0xa9 || c === 0xaf) && c >= 0x80) || (b === 0x81 && c === 0x9f);
  return (a === 0xe1 && b === 0x9a && c === 0x80) || (a === 0xe3 && b === 0x80 && c === 0x80) || (a === 0xef && b === 0xbb && c === 0xbf);
}

/**
 * {@link summarizeSeed} over UTF-8 bytes, decoding only the header line and
 * the one paragraph that names the document (the subheading, or the first
 * prose when there is none), not the whole head: decoding and matching
 * regular expressions over text was most of the cost of indexing a file.
 * A header line and subheadings in ASCII are read on the bytes alone
 * (`asciiHeader`, `asciiSubheading`); anything else is decoded and read by the
 * text rules. `bytes[start, end)` must be what {@link summarizeSeed} would see
 * decoded (no byte-order mark, whole lines). Returns null for anything
 * unusual (empty, NUL bytes, no header, a second byte-order mark, Unicode
 * white space at a line's edge), which the caller must then decode and
 * summarise as text; otherwise the result is the same, `firstLine` is the
 * header line as decoded, without its line end, and `fresh` says that the
 * title shares no memory with a longer string (it was decoded alone), so it
 * need not be copied before it is kept.
 */
export function summarizeUtf8(bytes: Uint8Array, start: number, end: number): (SeedSummary & { readonly firstLine: string; readonly fresh: boolean }) | null {
  if (end <= start) return null;
  const nul = bytes.indexOf(0, start);
  if (nul >= 0 && nul < end) return null;
  // A CR that is not the first half of a CRLF ends a line, which only the text rules follow.
  for (let cr = bytes.indexOf(0x0d, start); cr >= 0 && cr < end; cr = bytes.indexOf(0x0d, cr + 1)) {
    if (cr + 1 < end && bytes[cr + 1] !== 0x0a) return null;
  }
  const nl = bytes.indexOf(0x0a, start);
  const firstEnd = nl < 0 || nl >= end ? end : nl;
  const lineEnd = firstEnd > start && bytes[firstEnd - 1] === 0x0d ? firstEnd - 1 : firstEnd;
  const ascii = asciiHeader(bytes, start, lineEnd);
  let firstLine: string;
  let date: string | null;
  let problem: string | null;
  let byline: Byline | null = null;
  let isByline: boolean;
  // The lead on the header line, as text or as a byte range, comes before every body paragraph.
  let firstProse: string | null = null;
  let proseStart = -1;
  let proseEnd = -1;
  if (ascii) {
    firstLine = utf8.decode(bytes.subarray(start, lineEnd));
    date = ascii.date;
    problem = null;
    isByline = ascii.byline;
    if (ascii.restEnd > ascii.restStart && !isByline) {
      proseStart = ascii.restStart;
      proseEnd = ascii.restEnd;
    }
  } else {
    firstLine = utf8.decode(bytes.subarray(start, firstEnd)).replace(/\r$/, '');
    if (firstLine.charCodeAt(0) === 0xfeff) return null;
    const parsed = parseHeaderLine(firstLine);
    if (!parsed) return null;
    date = parsed.date;
    problem = parsed.problem;
    byline = parsed.byline;
    isByline = byline !== null;
    if (parsed.rest && !isByline) firstProse = parsed.rest;
  }
  let subheading: string | null = null;
  let fresh = true;
  // paragraphRanges over bytes: [pStart, pEnd) is the open paragraph, trimmed; pLines its line count.
  // (No closure over these: V8 would keep every one of them in a heap context.)
  let pStart = -1;
  let pEnd = -1;
  let pLines = 0;
  let done = false;
  for (let i = Math.min(end, firstEnd + 1); i < end && !done; ) {
    // An empty line (half the lines of most articles) needs no search for its end.
    const found = bytes[i] === 0x0a ? i : bytes.indexOf(0x0a, i);
    const lineEndAt = found < 0 || found >= end ? end : found;
    let a = i;
    while (a < lineEndAt && isAsciiSpace(bytes[a]!)) a++;
    if (a === lineEndAt) {
      if (pStart >= 0) {
        subheading = subheadingOf(bytes, pStart, pEnd, pLines);
        done = subheading !== null;
        if (!done && firstProse === null && proseStart < 0) {
          proseStart = pStart;
          proseEnd = pEnd;
        }
      }
      pStart = -1;
    } else {
      let b = lineEndAt;
      while (b > a && isAsciiSpace(bytes[b - 1]!)) b--;
      // Where trim() would remove more than ASCII white space, the text path decides.
      if ((bytes[a]! >= 0x80 && unicodeSpaceAt(bytes, a, true)) || (bytes[b - 1]! >= 0x80 && unicodeSpaceAt(bytes, b, false))) return null;
      if (pStart < 0) {
        pStart = a;
        pLines = 0;
      }
      pEnd = b;
      pLines++;
    }
    i = lineEndAt + 1;
  }
  if (!done && pStart >= 0) {
    subheading = subheadingOf(bytes, pStart, pEnd, pLines);
    if (subheading === null && firstProse === null && proseStart < 0) {
      proseStart = pStart;
      proseEnd = pEnd;
    }
  }
  if (subheading === null) {
    // The first prose is decoded only now, when no subheading names the document; its first sentence is cut from it.
    if (firstProse === null && proseStart >= 0) firstProse = utf8.decode(bytes.subarray(proseStart, proseEnd));
    fresh = false;
    // An ASCII header's byline is taken apart only when it is the title (no prose at all).
    if (firstProse === null && isByline && ascii) byline = parseHeaderLine(firstLine)?.byline ?? null;
  }
  return { date, problem, title: titleFrom(subheading, firstProse, byline), firstLine, fresh };
}

/** The paragraph `bytes[start, end)` of `lines` lines, decoded, when it is a subheading; otherwise null. */
function subheadingOf(bytes: Uint8Array, start: number, end: number, lines: number): string | null {
  // A subheading is one line of at most SUBHEADING_MAX UTF-16 units, so at most three times as many bytes.
  if (lines !== 1 || end - start > SUBHEADING_MAX * 3 || longerThanSubheading(bytes, start, end)) return null;
  const verdict = asciiSubheading(bytes, start, end);
  if (verdict === false) return null;
  const body = utf8.decode(bytes.subarray(start, end));
  return verdict === true || isSubheading(body) ? body : null;
}

/** `YYYY-MM-DD` strings by their number (YYYYMMDD), shared by every entry of that day. */
const dateStrings = new Map<number, string>();

/** Space or tab: all that the header's and the byline's `[ \t]` and `\s` can match in a line of printable ASCII. */
const isBlank = (b: number): boolean => b === 0x20 || b === 0x09;
const isDigit = (b: number): boolean => b >= 0x30 && b <= 0x39;

/**
 * {@link parseHeaderLine} on a header line of printable ASCII and tabs
 * (`bytes[start, end)`, without its line end) with a valid `YYYY-MM-DD` date:
 * the date, the byte range of the rest of the line, and whether that rest is
 * a byline. Null for any other line, which the text rules then read: with
 * only ASCII, `\s` is a space or a tab and `.` any character, so HEADER
 * and BYLINE can be followed byte by byte.
 */
function asciiHeader(bytes: Uint8Array, start: number, end: number): { date: string; restStart: number; restEnd: number; byline: boolean } | null {
  for (let k = start; k < end; k++) {
    const b = bytes[k]!;
    if ((b < 0x20 && b !== 0x09) || b >= 0x7f) return null;
  }
  // ^[ \t]?date[ \t]+(\S+)
  let i = start < end && isBlank(bytes[start]!) ? start + 1 : start;
  if (!(i + 4 < end && bytes[i] === 0x64 && bytes[i + 1] === 0x61 && bytes[i + 2] === 0x74 && bytes[i + 3] === 0x65 && isBlank(bytes[i + 4]!))) return null;
  i += 4;
  while (i < end && isBlank(bytes[i]!)) i++;
  const t = i;
  while (i < end && !isBlank(bytes[i]!)) i++;
  // Only a valid ISO date: anything else has a problem to word, which the text rules do.
  if (i - t !== 10 || bytes[t + 4] !== 0x2d || bytes[t + 7] !== 0x2d) return null;
  let key = 0;
  for (let k = t; k < t + 10; k++) {
    if (k === t + 4 || k === t + 7) continue;
    const b = bytes[k]!;
    if (!isDigit(b)) return null;
    key = key * 10 + (b - 0x30);
  }
  const year = Math.floor(key / 10000);
  const month = Math.floor(key / 100) % 100;
  const day = key % 100;
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  let date = dateStrings.get(key);
  if (date === undefined) {
    date = utf8.decode(bytes.subarray(t, t + 10));
    if (dateStrings.size < 100_000) dateStrings.set(key, date);
  }
  // (?:[ \t]+(.*?))?[ \t]*$
  while (i < end && isBlank(bytes[i]!)) i++;
  let restEnd = end;
  while (restEnd > i && isBlank(bytes[restEnd - 1]!)) restEnd--;
  return { date, restStart: i, restEnd, byline: restEnd > i && asciiByline(bytes, i, restEnd) };
}

/**
 * Whether BYLINE, `^(.*?\S)\s*(\d{1,2}:\d{2}),\s*(\d{1,2}\.\d{1,2}\.\d{2,4})$`,
 * matches `bytes[start, end)`, printable ASCII and tabs, read from its end:
 * each digit run is bounded by the character before it, so its length must fit
 * exactly, and the author is any text with a non-blank character.
 */
function asciiByline(bytes: Uint8Array, start: number, end: number): boolean {
  const at = (k: number): number => (k >= start ? bytes[k]! : -1);
  const digitsBefore = (from: number): number => {
    let k = from;
    while (k > start && isDigit(bytes[k - 1]!)) k--;
    return from - k;
  };
  let i = end;
  const year = digitsBefore(i);
  if (year < 2 || year > 4) return false;
  i -= year;
  if (at(i - 1) !== 0x2e) return false;
  const month = digitsBefore(--i);
  if (month < 1 || month > 2) return false;
  i -= month;
  if (at(i - 1) !== 0x2e) return false;
  const day = digitsBefore(--i);
  if (day < 1 || day > 2) return false;
  i -= day;
  while (i > start && isBlank(bytes[i - 1]!)) i--;
  if (at(i - 1) !== 0x2c) return false;
  i--;
  if (digitsBefore(i) !== 2 || at(i - 3) !== 0x3a) return false;
  i -= 3;
  if (!(i > start && isDigit(bytes[i - 1]!))) return false;
  // The hour takes one digit; before it, the author and blanks: it needs one non-blank character.
  for (let k = start; k < i - 1; k++) if (!isBlank(bytes[k]!)) return true;
  return false;
}

/** JavaScript's `\s` among ASCII bytes: tab, LF, VT, FF, CR, space. */
const isAsciiBlank = (b: number): boolean => b === 0x20 || (b >= 0x09 && b <= 0x0d);

/**
 * {@link isSubheading} on a trimmed one-line paragraph `bytes[start, end)`
 * of at most SUBHEADING_MAX bytes, when all of it is ASCII (where `\p{Lu}` is
 * A–Z and `\p{N}` 0–9); null when it is not, for the text rule to decide.
 */
function asciiSubheading(bytes: Uint8Array, start: number, end: number): boolean | null {
  for (let k = start; k < end; k++) if (bytes[k]! >= 0x80) return null;
  const first = bytes[start]!;
  if (!((first >= 0x41 && first <= 0x5a) || isDigit(first))) return false;
  // [.,;:…]["”»]?$
  const last = bytes[end - 1]!;
  const isStop = (b: number | undefined): boolean => b === 0x2e || b === 0x2c || b === 0x3b || b === 0x3a;
  if (isStop(last) || (last === 0x22 && end - 2 >= start && isStop(bytes[end - 2]))) return false;
  // \S\s+\S (the ends are not blank) and no [.!?]\s+\p{Lu}
  let blank = false;
  for (let k = start + 1; k < end - 1; k++) {
    const b = bytes[k]!;
    if (!isAsciiBlank(b)) continue;
    blank = true;
    const before = bytes[k - 1]!;
    if (before === 0x2e || before === 0x21 || before === 0x3f) {
      let n = k;
      while (n < end && isAsciiBlank(bytes[n]!)) n++;
      if (n < end && bytes[n]! >= 0x41 && bytes[n]! <= 0x5a) return false;
    }
  }
  return blank;
}

/**
 * True when the UTF-8 bytes `[start, end)` decode to more than SUBHEADING_MAX
 * UTF-16 units, decided without decoding: every byte that is not a
 * continuation byte (10xxxxxx) starts at least one unit, even in ill-formed
 * input (each ill-formed sequence becomes one U+FFFD).
 */
function longerThanSubheading(bytes: Uint8Array, start: number, end: number): boolean {
  if (end - start <= SUBHEADING_MAX) return false;
  let units = 0;
  for (let i = start; i < end; i++) if ((bytes[i]! & 0xc0) !== 0x80 && ++units > SUBHEADING_MAX) return true;
  return false;
}

function emptyResult(hasBom: boolean, eol: '\n' | '\r\n', problem: string, length = 0): SeedDocument {
  return { header: null, problem, paragraphs: [], quotations: [], title: '(untitled)', hasBom, eol, length };
}

function lineEnd(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/** UTF-16 ranges of the paragraphs from `from` on, trimmed, split at blank lines. */
function* paragraphRanges(text: string, from: number): Generator<[number, number]> {
  let start = -1;
  let lastNonBlankEnd = -1;
  let i = from;
  while (i < text.length) {
    const end = lineEnd(text, i);
    const line = text.slice(i, end);
    const trimmed = line.trim();
    if (trimmed.length === 0) {
      if (start >= 0) yield [start, lastNonBlankEnd];
      start = -1;
    } else {
      if (start < 0) start = i + (line.length - line.trimStart().length);
      lastNonBlankEnd = i + line.trimEnd().length;
    }
    i = end + 1;
  }
  if (start >= 0) yield [start, lastNonBlankEnd];
}

function isSubheading(paragraph: string): boolean {
  if (paragraph.length > SUBHEADING_MAX || paragraph.includes('\n')) return false;
  if (/[.,;:…]["”»]?$/.test(paragraph)) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(paragraph)) return false;
  if (!/\S\s+\S/.test(paragraph)) return false;
  // A sentence end inside the line means it is prose, not a heading.
  return !/[.!?]\s+\p{Lu}/u.test(paragraph);
}

function chooseTitle(header: Header | null, paragraphs: readonly Paragraph[]): string {
  const sub = paragraphs.find((p) => p.kind === 'subheading');
  const lead = paragraphs.find((p) => p.kind === 'lead' || p.kind === 'body');
  return titleFrom(sub?.text ?? null, lead?.text ?? null, header?.byline ?? null);
}

/** The title rule, shared by {@link parseSeed} and {@link summarizeSeed} so that both name a document alike. */
function titleFrom(subheading: string | null, firstProse: string | null, byline: Byline | null): string {
  if (subheading !== null) return truncate(subheading, TITLE_MAX);
  // A first sentence is a prefix of flattened text, so flat already.
  if (firstProse !== null) return truncateFlat(firstSentence(firstProse), TITLE_MAX);
  if (byline) return `${byline.author}, ${byline.time} ${byline.stamp}`;
  return '(untitled)';
}

const ABBREVIATION = /(?:\b\p{Lu}|\bMr|\bMrs|\bMs|\bDr|\bSt|\bProf|\bGen|\bGov|\bSen|\bRep|\bNo|\bvs|\be\.g|\bi\.e|\betc)$/u;

/** The first sentence of a paragraph, on one line. */
export function firstSentence(paragraph: string): string {
  const flat = paragraph.replace(/\s+/g, ' ').trim();
  const re = /[.!?]["”»’]?(?=\s+["“«„]?[\p{Lu}\p{N}])/gu;
  let m: RegExpExecArray | null;
  while ((m = re.exec(flat))) {
    const before = flat.slice(Math.max(0, m.index - 6), m.index);
    // The longest abbreviation is 4 UTF-16 units; one unit more keeps the `\b` before it exact,
    // and testing only that tail keeps this linear in the paragraph's length.
    if (m[0].startsWith('.') && ABBREVIATION.test(before)) continue;
    return flat.slice(0, m.index + m[0].length);
  }
  return flat;
}

/** True when `text` has no white space but single spaces, none at either end: what flattening leaves. */
function isFlat(text: string): boolean {
  return !NOT_FLAT.test(text);
}
const NOT_FLAT = /[^\S ]|  |^ | $/;

/** Cuts text to at most `max` characters, ending with an ellipsis. */
export function truncate(text: string, max: number): string {
  return truncateFlat(isFlat(text) ? text : text.replace(/\s+/g, ' ').trim(), max);
}

/** {@link truncate} of text known to be flat (see isFlat). */
function truncateFlat(flat: string, max: number): string {
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

interface RawQuotation {
  start: number;
  end: number;
  innerStart: number;
  innerEnd: number;
  open: string;
  close: string | null;
}

/** Whether `c` closes a quotation opened with `open` (char codes: “ → ”, " → " or ”, « → », „ → “ or ”). */
function closes(open: number, c: number): boolean {
  switch (open) {
    case 0x201c:
      return c === 0x201d;
    case 0x22:
      return c === 0x22 || c === 0x201d;
    case 0xab:
      return c === 0xbb;
    case 0x201e:
      return c === 0x201c || c === 0x201d;
    default:
      return false;
  }
}

/**
 * Quotations in one paragraph (UTF-16 offsets within it). A straight `"` may
 * be closed by `”`, as in copy edited by hand; an unclosed quote runs to the
 * end of the paragraph, as multi-paragraph quotes do in news copy.
 */
function findQuotations(text: string): RawQuotation[] {
  const found: RawQuotation[] = [];
  let open = -1;
  let mark = 0;
  // Char codes, not one-character strings: this runs over every character of every paragraph.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (open < 0) {
      if (c !== 0x22 && c !== 0x201c && c !== 0xab && c !== 0x201e) continue;
      if (c === 0x22 && (i + 1 >= text.length || /\s/.test(text[i + 1]!))) continue;
      open = i;
      mark = c;
    } else if (i > open + 1 && closes(mark, c)) {
      found.push({ start: open, end: i + 1, innerStart: open + 1, innerEnd: i, open: String.fromCharCode(mark), close: text[i]! });
      open = -1;
    }
  }
  if (open >= 0 && open + 1 < text.length) {
    found.push({ start: open, end: text.length, innerStart: open + 1, innerEnd: text.length, open: String.fromCharCode(mark), close: null });
  }
  return found;
}
