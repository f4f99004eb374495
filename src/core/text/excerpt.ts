/**
 * Short excerpts of document text for messages and pickers: white space
 * collapsed, cut at a word boundary, an ellipsis where words were left out.
 */

/** `text` in at most `max` characters (code points), cut after a whole word, with “…” when cut. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const points = [...flat];
  if (points.length <= max) return flat;
  const head = points.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  // A single very long word is cut inside it rather than dropped.
  const cut = space >= Math.floor(max / 3) ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,;:.–—-]+$/u, '')}…`;
}
