/**
 * Suggestion runs away from the extension host's thread: the messages
 * between the editor and the suggestion worker (src/nlp/suggestService.ts,
 * a worker thread in Node, a Web Worker in the browser), and the editor's
 * side of them. The worker loads the language model and analyses a document
 * paragraph by paragraph, so neither holds up the host; a new run of a
 * document cancels the old one.
 */

import type { Span } from '../format/format';
import type { Actor, Registry } from '../files/registry';
import type { SpeakerChoices, SuggestOptions, Suggestion } from './suggest';

/** The options of a run, as plain data a worker can receive. */
export interface RunOptions extends Omit<SuggestOptions, 'registry' | 'analyser'> {
  /** The registry's actors, or null without a registry. */
  readonly actors: readonly Actor[] | null;
}

/** What a run computes: the suggestions of a text, or the speakers to offer for a quote. */
export type RunInput =
  | { readonly kind: 'suggest'; readonly text: string; readonly options: RunOptions }
  | { readonly kind: 'speakers'; readonly text: string; readonly span: Span; readonly options: RunOptions };

/** A request to the suggestion worker: a numbered run, or the cancellation of one. */
export type RunRequest = (RunInput & { readonly id: number }) | { readonly kind: 'cancel'; readonly id: number };

/** The worker's answer to a run: its result, a cancellation, or an error. */
export type RunReply =
  | { readonly id: number; readonly ok: true; readonly value: Suggestion[] | SpeakerChoices }
  | { readonly id: number; readonly ok: false; readonly error: string }
  | { readonly id: number; readonly cancelled: true };

/** Both ends of the worker's channel. */
export interface RunPort<In, Out> {
  post(message: Out): void;
  listen(handler: (message: In) => void): void;
}

/** A run in progress: its result (undefined when it was cancelled), and how to cancel it. */
export interface SuggestionRun<T> {
  readonly result: Promise<T | undefined>;
  cancel(): void;
}

/** {@link SuggestOptions} with the registry the editor has (sent to the worker as its actors). */
export type BackgroundOptions = Omit<SuggestOptions, 'registry' | 'analyser'> & { readonly registry?: Registry | null };

/** The plain-data options of a run. */
export function runOptions(options: BackgroundOptions): RunOptions {
  const { registry, ...rest } = options;
  return { ...rest, actors: registry ? registry.actors : null };
}

/**
 * The actor whose name or alias folds to the same text, as
 * `Registry.findByName` finds it, from a list of actors: built once per run
 * instead of folding every name at each look-up.
 */
export function actorLookup(actors: readonly Actor[], fold: (name: string) => string): { findByName(text: string): Actor | undefined } {
  const byName = new Map<string, Actor>();
  for (const actor of actors) {
    for (const name of [actor.name, ...actor.aliases]) {
      const key = fold(name);
      if (!byName.has(key)) byName.set(key, actor);
    }
  }
  return { findByName: (text) => byName.get(fold(text)) };
}

/**
 * The editor's side of the worker: numbers the runs, matches the replies,
 * and cancels. When the worker fails, every waiting run fails with it and
 * `onFailure` decides what comes next.
 */
export class RunClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  constructor(private readonly send: (request: RunRequest) => void) {}

  /** Hands a worker's reply to the run waiting for it. */
  receive(reply: RunReply): void {
    const run = this.waiting.get(reply.id);
    if (!run) return;
    this.waiting.delete(reply.id);
    if ('cancelled' in reply) run.resolve(undefined);
    else if (reply.ok) run.resolve(reply.value);
    else run.reject(new Error(reply.error));
  }

  /** Fails every waiting run (the worker stopped). */
  failAll(error: Error): void {
    const runs = [...this.waiting.values()];
    this.waiting.clear();
    for (const run of runs) run.reject(error);
  }

  /** Starts a run in the worker. */
  start<T>(request: RunInput): SuggestionRun<T> {
    const id = this.nextId++;
    const result = new Promise<T | undefined>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
    });
    this.send({ ...request, id });
    return {
      result,
      cancel: () => {
        const run = this.waiting.get(id);
        if (!run) return;
        this.waiting.delete(id);
        run.resolve(undefined);
        this.send({ kind: 'cancel', id });
      },
    };
  }
}
