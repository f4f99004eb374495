/**
 * Offsets in Seed Annotator count Unicode code points, as the W3C Web Annotation
 * model and Python do. JavaScript strings (and VS Code) count UTF-16 code units.
 * This module converts between the two.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Converts offsets in one text between UTF-16 code units and code points. */
export class CodePointMap {
  /** UTF-16 offsets of the low surrogate of every astral character, ascending. */
  private readonly astral: number[];
  /** Length of the text in code points. */
  readonly length: number;

  constructor(readonly text: string) {
    this.astral = [];
    if (SURROGATE.test(text)) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
          const d = text.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) {
            this.astral.push(i + 1);
            i++;
          }
        }
      }
    }
    this.length = text.length - this.astral.length;
  }

  /** True when every character is in the Basic Multilingual Plane, so both units agree. */
  get isIdentity(): boolean {
    return this.astral.length === 0;
  }

  /** Code-point offset of a UTF-16 offset (an offset inside a surrogate pair rounds down). */
  toCodePoint(utf16: number): number {
    if (this.astral.length === 0) return utf16;
    return utf16 - countBelowOrAt(this.astral, utf16);
  }

  /** UTF-16 offset of a code-point offset. */
  toUtf16(codePoint: number): number {
    if (this.astral.length === 0) return codePoint;
    // The k-th astral character shifts every later offset by one more unit.
    let lo = 0;
    let hi = this.astral.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const surrogateLow = this.astral[mid]!;
      // Code point index of the astral character whose low surrogate is at surrogateLow.
      const cpIndex = surrogateLow - 1 - mid;
      if (cpIndex < codePoint) lo = mid + 1;
      else hi = mid;
    }
    return codePoint + lo;
  }

  /** The text between two code-point offsets. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

/** Number of entries in the sorted array that are ≤ value. */
function countBelowOrAt(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Length of a string in code points. */
export function codePointLength(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Removes a leading byte-order mark, which editors hide and offsets must not count. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A line/column position, both zero-based, columns in code points. */
export interface LineColumn {
  readonly line: number;
  readonly column: number;
}

/** Maps code-point offsets to zero-based lines and columns (code points). */
export class LineMap {
  private readonly starts: number[] = [0];
  private readonly points: CodePointMap;

  constructor(text: string) {
    this.points = new CodePointMap(text);
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(this.points.toCodePoint(i + 1));
    }
  }

  /** The line and column of a code-point offset. */
  position(offset: number): LineColumn {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.starts[lo]! };
  }
}
