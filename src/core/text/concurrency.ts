/**
 * Bounded concurrency for corpus-wide work (scans, loads), so that a corpus
 * of 100,000 files never has more than a handful of reads in flight. The one
 * limiter of the code base: the CLI's disk walk, the extension's scans and the
 * exports all go through it.
 */

/** A function that runs tasks, at most `n` of them at once, in the order given. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/** Runs at most `n` tasks at once (at least one); the others wait in order. */
export function limiter(n: number): Limit {
  const most = Math.max(1, n);
  let active = 0;
  const queue: Array<() => void> = [];
  const next = (): void => {
    active--;
    queue.shift()?.();
  };
  return <T>(task: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const run = (): void => {
        active++;
        // A task that throws before its first await counts as a rejection, never a lost slot.
        Promise.resolve().then(task).then(resolve, reject).finally(next);
      };
      if (active < most) run();
      else queue.push(run);
    });
}

/** Maps `items` with `fn`, at most `limit` calls in flight; results keep the input order. */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const run = limiter(limit);
  return Promise.all(items.map((item) => run(() => fn(item))));
}
