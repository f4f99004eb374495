/**
 * Pairs quotation marks line by line: curly “…”, straight "…", «…» and „…“.
 * A straight mark opens after a space or an opening bracket and closes after
 * a letter or punctuation, so in `"No," Fallon said` the second mark closes.
 * A quotation left open at the end of a line that the next line continues
 * with an opening mark (the press convention for quotes over several
 * paragraphs) runs on into it.
 */

/** One pair of marks. Offsets count UTF-16 units. */
export interface MarkedQuotation {
  /** The opening mark. */
  readonly open: number;
  /** Just after the closing mark, or the end of the line when the quotation is left open. */
  readonly end: number;
  readonly closed: boolean;
  /** Ends before the next line's quotation, which continues it. */
  readonly continues: boolean;
}

const OPENERS: Record<string, string> = { '“': '”', '«': '»', '„': '“', '"': '"' };

/** Finds the quotations of a text (UTF-16 offsets), in order. */
export function pairQuotationMarks(text: string): MarkedQuotation[] {
  const found: Array<{ open: number; end: number; closed: boolean; continues: boolean }> = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let open = -1;
    let expected = '';
    for (let i = lineStart; i < lineEnd; i++) {
      const ch = text[i]!;
      if (open >= 0) {
        // A straight mark closes a curly quotation only when no curly closing mark follows on the line.
        const straightCloses = expected === '”' && ch === '"' && !text.slice(i + 1, lineEnd).includes('”');
        if (ch === expected || straightCloses || (expected === '"' && ch === '”')) {
          // A straight mark between a space and a letter opens a quotation inside this one: ignore it.
          if (ch === '"' && isOpening(text, i) && !isClosing(text, i)) continue;
          found.push({ open, end: i + 1, closed: true, continues: false });
          open = -1;
        }
        continue;
      }
      const close = OPENERS[ch];
      if (close === undefined) continue;
      if (ch === '"' && !isOpening(text, i)) continue;
      if (ch === '“' && text[i + 1] === ' ' && i > lineStart && /\S/.test(text[i - 1]!)) continue;
      open = i;
      expected = close;
    }
    if (open >= 0) found.push({ open, end: trimEnd(text, lineStart, lineEnd), closed: false, continues: false });
    lineStart = lineEnd + 1;
  }
  // An open quotation runs on when the next non-blank line starts with an opening mark.
  for (let i = 0; i + 1 < found.length; i++) {
    const q = found[i]!;
    if (q.closed) continue;
    const next = found[i + 1]!;
    if (/^\s*$/.test(text.slice(q.end, next.open)) && text.slice(q.end, next.open).includes('\n')) q.continues = true;
  }
  return found;
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end;
}

function isOpening(text: string, i: number): boolean {
  const before = i === 0 ? '\n' : text[i - 1]!;
  const after = text[i + 1] ?? '\n';
  return /[\s([{—–-]/.test(before) && !/\s/.test(after);
}

function isClosing(text: string, i: number): boolean {
  const before = i === 0 ? '\n' : text[i - 1]!;
  const after = text[i + 1] ?? '\n';
  return !/\s/.test(before) && /[\s.,;:!?)\]—–-]/.test(after);
}
