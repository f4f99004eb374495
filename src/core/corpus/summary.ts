/**
 * How many quotes and actors a sidecar holds, in the words shown by the
 * tree and the CodeLens.
 */

import type { Sidecar } from '../files/sidecar';

/** Counts of a document's annotations. */
export interface AnnotationCounts {
  readonly quotes: number;
  /** Distinct actors: speakers and mentioned actors. */
  readonly actors: number;
  readonly mentions: number;
}

/** Counts the annotations of a sidecar. */
export function countsOf(sidecar: Sidecar): AnnotationCounts {
  const { quotes, mentions } = sidecar.value;
  const actors = new Set<string>();
  for (const q of quotes) if (q.speaker) actors.add(q.speaker);
  for (const m of mentions) actors.add(m.actor);
  return { quotes: quotes.length, actors: actors.size, mentions: mentions.length };
}

/** "3 quotes · 5 actors". */
export function describeCounts(counts: AnnotationCounts): string {
  return `${plural(counts.quotes, 'quote')} · ${plural(counts.actors, 'actor')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
