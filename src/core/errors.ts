/**
 * The errors the core throws on purpose. Each is a {@link Refusal}: the user
 * asked for something that cannot be done as asked, nothing was written, and
 * the message says what happened and what to do. Every shell shows a refusal
 * as a message; any other error is a failure, logged with its stack.
 */

/** A request that was refused; nothing was written. */
export class Refusal extends Error {
  override readonly name: string = 'Refusal';
}

/** A sidecar or the actor registry does not parse, so it is never written over. */
export class UnreadableFileError extends Refusal {
  override readonly name: string = 'UnreadableFileError';
}

/** A file changed between reading and writing it, so nothing was written. */
export class ConcurrentChangeError extends Refusal {
  override readonly name: string = 'ConcurrentChangeError';
}

/** A write would land outside the corpus (or the workspace folders), so nothing was written. */
export class OutsideCorpusError extends Refusal {
  override readonly name: string = 'OutsideCorpusError';
}
