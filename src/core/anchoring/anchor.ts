/**
 * Anchors: how a span of a document is recorded so that it can be found again
 * after the document changes (start/end in code points, the exact text, and a
 * short prefix and suffix), following the W3C Web Annotation model's
 * TextPositionSelector and TextQuoteSelector.
 */

import { anchorText } from '../text/lineEnds';
import { CodePointMap, codePointLength } from '../text/text';
import type { Span } from '../format/format';

/** A recorded span. Offsets count code points. */
export interface Anchor {
  readonly start: number;
  readonly end: number;
  readonly exact: string;
  readonly prefix: string;
  readonly suffix: string;
}

/** How many code points of context are kept on each side. */
export const CONTEXT_LENGTH = 32;

/** Records the span `[start, end)` of `text` (code points) as an anchor. */
export function createAnchor(text: string | CodePointMap, start: number, end: number): Anchor {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  const s = clamp(Math.min(start, end), 0, points.length);
  const e = clamp(Math.max(start, end), 0, points.length);
  return {
    start: s,
    end: e,
    exact: points.slice(s, e),
    prefix: points.slice(Math.max(0, s - CONTEXT_LENGTH), s),
    suffix: points.slice(e, Math.min(points.length, e + CONTEXT_LENGTH)),
  };
}

/** True when the anchor's exact text is still at its recorded offsets. */
export function anchorHolds(points: CodePointMap, anchor: Anchor): boolean {
  return anchor.end <= points.length && points.slice(anchor.start, anchor.end) === anchor.exact;
}

/** True when two spans share at least one code point. */
export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

/** True when `offset` lies in the span, ends included (a cursor right after a quote is on it). */
export function contains(span: Span, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, n));
}

/**
 * A short, stable, non-cryptographic hash of a document's text (two FNV-1a
 * 32-bit lanes), taken over its anchor text: the same with LF or CRLF line ends.
 * It ends with the text's length in code points, like every offset in a sidecar.
 */
export function contentHash(stored: string): string {
  const text = anchorText(stored);
  return `fnv1a:${fnv(text)}:${codePointLength(text)}`;
}

function fnv(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 15);
  }
  const hex = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(h1)}${hex(h2)}`;
}

/**
 * True when a recorded contentHash was taken over `stored`. Sidecars written
 * before the length counted code points end with the length in UTF-16 units
 * (different only when the text has emoji or other astral characters): they
 * match too.
 */
export function contentHashMatches(recorded: string | null | undefined, stored: string, current = contentHash(stored)): boolean {
  if (!recorded) return false;
  if (recorded === current) return true;
  const text = anchorText(stored);
  return recorded === `fnv1a:${fnv(text)}:${text.length}`;
}

/**
 * The length of the text a {@link contentHash} was taken over (its last
 * field, `fnv1a:…:LENGTH`, in code points; in UTF-16 units in sidecars written
 * before, a few more when the text has emoji: close enough for where anchors
 * are expected), or undefined when there is no hash or it does not end in a length.
 */
export function recordedLength(hash: string | null | undefined): number | undefined {
  const n = Number(/:(\d+)$/.exec(hash ?? '')?.[1]);
  return Number.isFinite(n) ? n : undefined;
}
