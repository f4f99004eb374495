/**
 * Quote suggestions as flat records: what `seed-annotator suggest --format
 * jsonl` prints, one per line, and what `npm run eval` scores.
 */

import type { Suggestion } from './suggest';

/** One suggested quote of one document. Offsets count code points. */
export interface SuggestionRecord {
  /** The document's path relative to the corpus folder, with `/`. */
  readonly document: string;
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly direct: boolean;
  readonly cue: string | null;
  /** Where the cue stands (code points), when there is one. */
  readonly cueStart: number | null;
  readonly cueEnd: number | null;
  /** The speaker's name as written, or the registered actor's name. */
  readonly speaker: string | null;
  /** The registered actor's id, or null. */
  readonly actor: string | null;
  readonly confidence: number;
}

/** Turns a document's suggestions into records. `text` is the document without a byte-order mark. */
export function suggestionRecords(document: string, text: string, suggestions: readonly Suggestion[]): SuggestionRecord[] {
  const chars = [...text];
  return suggestions.map((s) => ({
    document,
    start: s.span.start,
    end: s.span.end,
    text: chars.slice(s.span.start, s.span.end).join(''),
    direct: s.direct,
    cue: s.cue,
    cueStart: s.cueSpan?.start ?? null,
    cueEnd: s.cueSpan?.end ?? null,
    speaker: s.speaker?.name ?? null,
    actor: s.speaker?.actorId ?? null,
    confidence: s.confidence,
  }));
}
