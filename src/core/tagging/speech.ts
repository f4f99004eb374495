/**
 * Reported speech around a quote: the cue verb that introduces it ("said",
 * "told", "according to", …) and whether it is direct (in quotation marks) or
 * indirect (paraphrase).
 */

import { CodePointMap } from '../text/text';
import type { Span } from '../format/format';
import { pairQuotationMarks } from './quotationMarks';

/** The cue verbs used when the user has not configured any. */
export const DEFAULT_CUE_VERBS: readonly string[] = [
  'said', 'says', 'say', 'told', 'tells', 'stated', 'states', 'added', 'adds', 'warned', 'warns',
  'asserted', 'noted', 'claimed', 'explained', 'stressed', 'emphasized', 'announced', 'declared',
  'wrote', 'reported', 'reports', 'according to', 'insisted', 'argued', 'admitted', 'confirmed',
  'denied', 'replied', 'urged',
];

/** How far (code points) from the quote a cue verb may stand. */
const CUE_WINDOW = 120;
/** A letter or digit: what a cue verb must not be glued to. */
const WORD_CHAR = /[\p{L}\p{N}]/u;
/** A sentence end: a stop, perhaps a closing mark, space, then a capital (perhaps after an opening mark). */
const SENTENCE_END = /[.!?]["”»’]?\s+["“«„]?[\p{Lu}\p{N}]/u;

const OPEN_MARKS = '“"«„';
const CLOSE_MARKS = '”"»“';

/** A cue verb found next to a quote. */
export interface Cue extends Span {
  /** The cue as configured (lower case), e.g. "said". */
  readonly verb: string;
}

/**
 * Finds the cue verb nearest to the quote `[start, end)` within the same
 * sentence or the one around it, looking before and after the quote but
 * never inside it. Returns null when none is near.
 */
export function findCue(text: string | CodePointMap, span: Span, verbs: readonly string[] = DEFAULT_CUE_VERBS): Cue | null {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  const beforeStart = Math.max(0, span.start - CUE_WINDOW);
  const afterEnd = Math.min(points.length, span.end + CUE_WINDOW);
  const before = clipToParagraph(points.slice(beforeStart, span.start), 'before');
  const after = clipToParagraph(points.slice(span.end, afterEnd), 'after');
  const pattern = cuePattern(verbs);
  if (!pattern) return null;

  // A cue in the quote's own sentence beats one across a sentence end ("… with
  // Russia. According to him, …" introduces the next sentence, not this one);
  // a cue in a neighbouring sentence is still taken when there is no other.
  let best: { verb: string; crosses: boolean; distance: number; start: number; end: number } | null = null;
  const consider = (segment: string, segmentStart: number, distanceOf: (s: number, e: number) => number, gapOf: (s: number, e: number) => string): void => {
    pattern.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = pattern.exec(segment))) {
      const s = segmentStart + [...segment.slice(0, m.index)].length;
      const e = s + [...m[0]].length;
      // The window may cut a word ("un|said"): the match must be a whole word of the text.
      if ((s > 0 && WORD_CHAR.test(points.slice(s - 1, s))) || WORD_CHAR.test(points.slice(e, e + 1))) continue;
      // A capitalised cue after a capitalised word is part of a name ("United States"), not a verb of speech.
      if (/^\p{Lu}/u.test(m[0]) && /\p{Lu}[\p{L}’'-]*\s+$/u.test(points.slice(Math.max(0, s - 30), s))) continue;
      const distance = distanceOf(s, e);
      const crosses = SENTENCE_END.test(gapOf(s, e));
      if (!best || (best.crosses && !crosses) || (crosses === best.crosses && distance < best.distance)) {
        best = { verb: m[0].toLowerCase().replace(/\s+/g, ' '), crosses, distance, start: s, end: e };
      }
    }
  };
  consider(before.text, span.start - [...before.text].length, (_s, e) => span.start - e, (_s, e) => points.slice(e, Math.min(span.end, span.start + 2)));
  consider(after.text, span.end, (s) => s - span.end, (s, e) => points.slice(span.end, Math.min(e, s + 1)));
  if (!best) return null;
  const found: { verb: string; start: number; end: number } = best;
  return { verb: found.verb, start: found.start, end: found.end };
}

function clipToParagraph(segment: string, side: 'before' | 'after'): { text: string } {
  const blank = /\n[ \t\r]*\n/g;
  if (side === 'before') {
    let last = -1;
    let m: RegExpExecArray | null;
    while ((m = blank.exec(segment))) last = m.index + m[0].length;
    return { text: last >= 0 ? segment.slice(last) : segment };
  }
  const m = blank.exec(segment);
  return { text: m ? segment.slice(0, m.index) : segment };
}

const patternCache = new Map<string, RegExp | null>();

function cuePattern(verbs: readonly string[]): RegExp | null {
  const key = verbs.join('\u0000');
  let re = patternCache.get(key);
  if (re === undefined) {
    const alternatives = verbs
      .map((v) => v.trim())
      .filter((v) => v.length > 0)
      .sort((a, b) => b.length - a.length)
      .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
    re = alternatives.length ? new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu') : null;
    patternCache.set(key, re);
  }
  return re;
}

/**
 * True when the span is direct speech: it starts and ends with quotation
 * marks, or the marks stand right outside it.
 */
export function isDirectSpeech(text: string | CodePointMap, span: Span): boolean {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  // Words selected inside a pair of marks are quoted words, even a part of the quotation.
  const line = lineAround(points, span);
  const utf16Start = points.toUtf16(span.start) - line.offset;
  const utf16End = points.toUtf16(span.end) - line.offset;
  if (pairQuotationMarks(line.text).some((q) => q.open <= utf16Start && utf16End <= q.end && utf16End > utf16Start)) return true;
  const inside = points.slice(span.start, span.end).trim();
  if (inside.length >= 2 && OPEN_MARKS.includes(inside[0]!) && CLOSE_MARKS.includes(inside[inside.length - 1]!)) {
    return true;
  }
  const before = points.slice(Math.max(0, span.start - 1), span.start);
  const after = points.slice(span.end, Math.min(points.length, span.end + 1));
  return before.length === 1 && OPEN_MARKS.includes(before) && (after.length === 0 || CLOSE_MARKS.includes(after) || after === '\n');
}

/** The lines around a span (UTF-16 text and offset), so that marks are paired from a line start. */
function lineAround(points: CodePointMap, span: Span): { text: string; offset: number } {
  const all = points.slice(0, points.length);
  const a = points.toUtf16(span.start);
  const b = points.toUtf16(span.end);
  const start = all.lastIndexOf('\n', Math.max(0, a - 1)) + 1;
  let end = all.indexOf('\n', b);
  if (end < 0) end = all.length;
  return { text: all.slice(start, end), offset: start };
}

/**
 * Trims white space and surrounding quotation marks from a span, so that a
 * selection made with or without the marks records the same words.
 */
export function trimQuoteSpan(text: string | CodePointMap, span: Span): Span {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  let { start, end } = span;
  const at = (i: number): string => points.slice(i, i + 1);
  while (start < end && /\s/.test(at(start))) start++;
  while (end > start && /\s/.test(at(end - 1))) end--;
  if (end - start >= 2 && OPEN_MARKS.includes(at(start)) && CLOSE_MARKS.includes(at(end - 1))) {
    start++;
    end--;
  } else if (end - start >= 1 && OPEN_MARKS.includes(at(start)) && !CLOSE_MARKS.includes(at(end - 1))) {
    start++;
  }
  return { start, end };
}
