/**
 * Finding an actor's names in a text, for Tag All Mentions.
 */

import { CodePointMap } from '../text/text';

/** One place where a name stands, in code points, with its line (one-based) and a short context. */
export interface NameOccurrence {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly context: string;
}

/** Word-bounded occurrences of any of `names` in `text`, in code points, longest names first. */
export function findNameOccurrences(text: string, names: readonly string[]): NameOccurrence[] {
  const points = new CodePointMap(text);
  const taken: Array<[number, number]> = [];
  const found: NameOccurrence[] = [];
  const sorted = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 1))].sort((a, b) => b.length - a.length);
  for (const name of sorted) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'gu');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const a = m.index;
      const b = a + m[0].length;
      if (taken.some(([x, y]) => a < y && x < b)) continue;
      taken.push([a, b]);
      const lineStart = text.lastIndexOf('\n', a) + 1;
      const lineEnd = text.indexOf('\n', b);
      const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
      const col = a - lineStart;
      const context = `${col > 40 ? '…' : ''}${line.slice(Math.max(0, col - 40), col + m[0].length + 40)}${col + m[0].length + 40 < line.length ? '…' : ''}`;
      found.push({ start: points.toCodePoint(a), end: points.toCodePoint(b), line: text.slice(0, a).split('\n').length, context });
    }
  }
  return found.sort((x, y) => x.start - y.start);
}

