/**
 * The suggestion worker's side (see src/core/tagging/suggestionRuns.ts): runs
 * suggestions with the English analyser, paragraph by paragraph, pausing
 * between slices so that a cancellation is heard; the same code serves a
 * run on the host's own thread when no worker can be started.
 */

import { foldName } from '../core/files/registry';
import { guessLanguage } from '../core/tagging/cueWords';
import type { Analysis } from '../core/tagging/language';
import { speakerChoices, suggestQuotes, type SpeakerChoices, type SuggestOptions, type Suggestion } from '../core/tagging/suggest';
import { actorLookup, type RunInput, type RunPort, type RunReply, type RunRequest } from '../core/tagging/suggestionRuns';
import { anchorText } from '../core/text/lineEnds';
import { winkAnalysis, winkAnalysisInSlices } from './winkAnalysis';

/** Lets other tasks of this thread run (a message, a timer), then resumes. */
export function pause(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  // In a browser worker: a message is a task of its own, not clamped like a nested timer.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const port = channel.port1 as unknown as { onmessage: (() => void) | null; close(): void };
    port.onmessage = () => {
      port.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/**
 * Runs one request: the same `suggestQuotes` / `speakerChoices` as on the
 * host, with the same analysis, cut into slices. Undefined when cancelled.
 */
export async function runRequest(request: RunInput, cancelled: () => boolean = () => false): Promise<Suggestion[] | SpeakerChoices | undefined> {
  const plain = anchorText(request.text);
  const { actors, ...rest } = request.options;
  const language = rest.language ?? guessLanguage(plain);
  let analysis: Analysis | undefined;
  if (language === 'en') {
    analysis = await winkAnalysisInSlices(plain, pause, cancelled);
    if (!analysis) return undefined;
  }
  const options: SuggestOptions = {
    ...rest,
    language,
    registry: actors ? actorLookup(actors, foldName) : null,
    analyser: (text) => (text === plain && analysis ? analysis : winkAnalysis(text)),
  };
  return request.kind === 'suggest' ? suggestQuotes(request.text, options) : speakerChoices(request.text, request.span, options);
}

/** Answers the requests that arrive on `port`, each run cancellable until it answers. */
export function serveSuggestions(port: RunPort<RunRequest, RunReply>): void {
  const running = new Map<number, { cancelled: boolean }>();
  port.listen((request) => {
    if (request.kind === 'cancel') {
      const run = running.get(request.id);
      if (run) run.cancelled = true;
      return;
    }
    const run = { cancelled: false };
    running.set(request.id, run);
    runRequest(request, () => run.cancelled).then(
      (value) => port.post(value === undefined ? { id: request.id, cancelled: true } : { id: request.id, ok: true, value }),
      (error: unknown) => port.post({ id: request.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) }),
    ).finally(() => running.delete(request.id));
  });
}
