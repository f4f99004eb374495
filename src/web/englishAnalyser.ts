/**
 * The English analyser in the browser. The language chunk (dist/web/nlp.js,
 * wink-nlp and its model) is read through the workspace file system, since
 * a web worker cannot `require` a file.
 *
 * The editor's suggestion runs go to a Web Worker started from that chunk
 * (the web worker extension host lets an extension start workers), so the
 * model's load and a long document never hold up the extension host. Where
 * no worker can be started, the chunk is evaluated on the host's thread and
 * runs pause between paragraphs.
 */

import type * as NodeTwin from '../node/englishAnalyser';
import * as vscode from 'vscode';
import type { Span } from '../core/format/format';
import { plainAnalysis, type Analyser } from '../core/tagging/language';
import type { SpeakerChoices, Suggestion } from '../core/tagging/suggest';
import { RunClient, runOptions, type BackgroundOptions, type RunInput, type RunReply, type SuggestionRun } from '../core/tagging/suggestionRuns';

const EXTENSION_ID = 'seedlab.seed-annotator';

/** What the chunk exports (src/nlp/chunk.ts). */
interface Chunk {
  winkAnalysis: Analyser;
  runRequest(request: RunInput): Promise<Suggestion[] | SpeakerChoices | undefined>;
}

/** The part of a browser Worker used here (the extension's types are Node's). */
interface BrowserWorker {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: RunReply }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  terminate(): void;
}
type WorkerConstructor = new (url: string, options?: { name?: string }) => BrowserWorker;

let source: Promise<string> | undefined;

/** The chunk's text, read once. */
function chunkSource(): Promise<string> {
  source ??= (async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
    const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'web', 'nlp.js'));
    return new TextDecoder().decode(bytes);
  })();
  return source;
}

let loaded: Chunk | undefined;
let loading: Promise<Chunk> | undefined;

/** The chunk evaluated on this thread (the chunk is our own bundle, shipped in the extension: CommonJS). */
function loadHere(): Promise<Chunk> {
  loading ??= chunkSource().then((text) => {
    const module = { exports: {} as Chunk };
    new Function('module', 'exports', text)(module, module.exports);
    loaded = module.exports;
    return loaded;
  });
  return loading;
}

/** The English analyser on this thread: wink once its chunk has loaded, the plain analyser until then. */
export function englishAnalyser(): Analyser {
  if (loaded) return loaded.winkAnalysis;
  loadHere().catch(() => {
    // Left to the plain analyser; a later session tries again.
  });
  return plainAnalysis;
}

let client: Promise<RunClient | undefined> | undefined;
let started = false;

/** True once runs go to a Web Worker (false before the first run, and where no worker can run). */
export function runsInWorker(): boolean {
  return started;
}

/** The worker's client, or undefined when no worker can be started here. */
function workerClient(): Promise<RunClient | undefined> {
  client ??= (async () => {
    const WorkerClass = (globalThis as { Worker?: WorkerConstructor }).Worker;
    if (typeof WorkerClass !== 'function') return undefined;
    const text = await chunkSource();
    const program = `(function () {
var module = { exports: {} };
(function (module, exports) {\n${text}\n})(module, module.exports);
module.exports.serveSuggestions({ post: function (m) { self.postMessage(m); }, listen: function (h) { self.onmessage = function (e) { h(e.data); }; } });
})();`;
    const url = URL.createObjectURL(new Blob([program], { type: 'application/javascript' }));
    try {
      const worker = new WorkerClass(url, { name: 'seed-annotator-suggestions' });
      const runs = new RunClient((request) => worker.postMessage(request));
      worker.onmessage = (event) => runs.receive(event.data);
      started = true;
      worker.onerror = () => {
        started = false;
        // The worker cannot run here: later runs stay on this thread, the waiting ones are redone there.
        client = Promise.resolve(undefined);
        worker.terminate();
        runs.failAll(new Error('the suggestion worker failed'));
      };
      return runs;
    } catch {
      return undefined;
    }
  })().catch(() => undefined);
  return client;
}

function onThisThread<T>(request: RunInput): Promise<T | undefined> {
  return loadHere().then((chunk) => chunk.runRequest(request) as Promise<T | undefined>);
}

function inBackground<T>(request: RunInput): SuggestionRun<T> {
  let cancel = (): void => undefined;
  let cancelled = false;
  const result = workerClient().then((runs) => {
    if (cancelled) return undefined;
    if (!runs) return onThisThread<T>(request);
    const run = runs.start<T>(request);
    cancel = run.cancel;
    return run.result.catch(() => onThisThread<T>(request));
  });
  return {
    result,
    cancel: () => {
      cancelled = true;
      cancel();
    },
  };
}

/** Suggests quotes in a Web Worker; a run can be cancelled (its result is then undefined). */
export function suggestInBackground(text: string, options: BackgroundOptions): SuggestionRun<Suggestion[]> {
  return inBackground<Suggestion[]>({ kind: 'suggest', text, options: runOptions(options) });
}

/** The speakers to offer for a quote (see `speakerChoices`), found in the Web Worker. */
export async function speakerChoicesInBackground(text: string, span: Span, options: BackgroundOptions): Promise<SpeakerChoices> {
  const choices = await inBackground<SpeakerChoices>({ kind: 'speakers', text, span, options: runOptions(options) }).result;
  return choices ?? { suggested: null, names: [] };
}

// The browser twin offers what the Node module offers (esbuild.js swaps them).
const twin: typeof NodeTwin = { englishAnalyser, suggestInBackground, speakerChoicesInBackground, runsInWorker };
void twin;
