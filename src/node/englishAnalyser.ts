/**
 * The English analyser (wink-nlp and its model, dist/nlp.js), loaded at first
 * use: a bundle of its own, so that the extension activates without it.
 *
 * The editor runs suggestions in a worker thread that loads the chunk itself:
 * the model's load (about 0.4 s) and the analysis of a long document never
 * hold up the extension host. The CLI analyses on its own thread
 * ({@link englishAnalyser}); the results are the same.
 */

import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Span } from '../core/format/format';
import type { Analyser } from '../core/tagging/language';
import type { SpeakerChoices, Suggestion } from '../core/tagging/suggest';
import { RunClient, runOptions, type BackgroundOptions, type RunInput, type RunReply, type SuggestionRun } from '../core/tagging/suggestionRuns';

/** What the chunk exports (src/nlp/chunk.ts). */
interface Chunk {
  winkAnalysis: Analyser;
  runRequest(request: RunInput): Promise<Suggestion[] | SpeakerChoices | undefined>;
}

let chunk: Chunk | undefined;

function chunkFile(): string {
  return path.join(__dirname, 'nlp.js');
}

function loadChunk(): Chunk {
  // A path computed at run time: the bundler leaves this require alone, so the chunk stays separate.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at first use, from a path known at run time
  chunk ??= require(chunkFile()) as Chunk;
  return chunk;
}

/** The English analyser, loaded from `nlp.js` beside this bundle on the first call, on this thread. */
export function englishAnalyser(): Analyser {
  return loadChunk().winkAnalysis;
}

let client: RunClient | undefined;
let worker: Worker | undefined;
/** Set when a worker could not be started or died: runs then go on this thread. */
let noWorker = false;

function workerClient(): RunClient | undefined {
  if (noWorker) return undefined;
  if (client) return client;
  try {
    // The worker requires the chunk itself: nothing of it is parsed on the host's thread.
    const source = `const { parentPort } = require('node:worker_threads');
require(${JSON.stringify(chunkFile())}).serveSuggestions({ post: (m) => parentPort.postMessage(m), listen: (h) => parentPort.on('message', h) });`;
    const started = new Worker(source, { eval: true });
    const runs = new RunClient((request) => started.postMessage(request));
    started.on('message', (reply: RunReply) => runs.receive(reply));
    const stop = (error: Error): void => {
      if (worker !== started) return;
      worker = undefined;
      client = undefined;
      noWorker = true;
      runs.failAll(error);
    };
    started.on('error', stop);
    started.on('exit', (code) => stop(new Error(`the suggestion worker stopped (exit code ${code})`)));
    // An idle worker does not keep a process (the CLI, a test) alive.
    started.unref();
    worker = started;
    client = runs;
    return runs;
  } catch {
    noWorker = true;
    return undefined;
  }
}

function inBackground<T>(request: RunInput): SuggestionRun<T> {
  const runs = workerClient();
  if (runs) {
    const run = runs.start<T>(request);
    // A worker that failed mid-run: the run is done again on this thread.
    return { result: run.result.catch(() => onThisThread<T>(request)), cancel: run.cancel };
  }
  return { result: onThisThread<T>(request), cancel: () => undefined };
}

function onThisThread<T>(request: RunInput): Promise<T | undefined> {
  return loadChunk().runRequest(request) as Promise<T | undefined>;
}

/** True once runs go to a worker thread (false before the first run, and after a worker failed). */
export function runsInWorker(): boolean {
  return client !== undefined;
}

/** Suggests quotes in a worker thread; a run can be cancelled (its result is then undefined). */
export function suggestInBackground(text: string, options: BackgroundOptions): SuggestionRun<Suggestion[]> {
  return inBackground<Suggestion[]>({ kind: 'suggest', text, options: runOptions(options) });
}

/** The speakers to offer for a quote (see `speakerChoices`), found in the worker thread. */
export async function speakerChoicesInBackground(text: string, span: Span, options: BackgroundOptions): Promise<SpeakerChoices> {
  const choices = await inBackground<SpeakerChoices>({ kind: 'speakers', text, span, options: runOptions(options) }).result;
  return choices ?? { suggested: null, names: [] };
}
