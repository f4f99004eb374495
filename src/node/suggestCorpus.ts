/**
 * Quote suggestions over a corpus on disk: what `seed-annotator suggest`
 * prints, through the same core function as the editor's suggestions.
 */

import { promises as fs } from 'node:fs';
import type { Registry } from '../core/files/registry';
import { sidecarNameFor } from '../core/files/sidecar';
import { suggestQuotes } from '../core/tagging/suggest';
import { suggestionRecords, type SuggestionRecord } from '../core/tagging/suggestRecords';
import { anchorText } from '../core/text/lineEnds';
import { loadCorpus, relativePath, scanCorpus } from './diskCorpus';
import { englishAnalyser } from './englishAnalyser';

/** Options of {@link suggestCorpus}. */
export interface SuggestCorpusOptions {
  /** Also suggest quotes that overlap a tagged one. */
  readonly includeTagged?: boolean;
}

/** What was suggested, and what could not be read. */
export interface CorpusSuggestions {
  readonly records: SuggestionRecord[];
  readonly warnings: string[];
}

/** Suggests quotes in every seed document of the corpus at `dir`, in date order. */
export async function suggestCorpus(dir: string, options: SuggestCorpusOptions = {}): Promise<CorpusSuggestions> {
  const corpus = await loadCorpus(await scanCorpus(dir));
  const warnings: string[] = corpus.errors.map((e) => `cannot read ${relativePath(corpus, e.location)}: ${e.message}`);
  let registry: Registry | null = null;
  if (corpus.registry.status === 'ok') registry = corpus.registry.value;
  else if (corpus.registry.status === 'broken' || corpus.registry.status === 'unreadable') warnings.push(`the actor registry cannot be read, so speakers are not matched to actors: ${relativePath(corpus, corpus.registryLocation)}`);
  const records: SuggestionRecord[] = [];
  for (const entry of corpus.index.sorted()) {
    if (!entry.date) continue;
    let text: string;
    try {
      text = anchorText(new TextDecoder().decode(await fs.readFile(entry.location)));
    } catch (error) {
      warnings.push(`cannot read ${relativePath(corpus, entry.location)}: ${(error as Error).message}`);
      continue;
    }
    const sidecarLocation = entry.location.replace(/[^/]*$/, (name) => sidecarNameFor(name));
    const sidecar = corpus.sidecarFiles.get(sidecarLocation);
    const existing = !options.includeTagged && sidecar?.status === 'ok' ? sidecar.value.value.quotes : [];
    const suggestions = suggestQuotes(text, { registry, existing, analyser: englishAnalyser() });
    records.push(...suggestionRecords(relativePath(corpus, entry.location), text, suggestions));
  }
  return { records, warnings };
}
