/**
 * Bounded concurrency for corpus-wide work (scans, loads), so that a corpus
 * of 100,000 files never has more than a handful of reads in flight. The one
 * limiter of the code base: the CLI's disk walk, the extension's scans and the
 * exports all go through it.
 */

/** A function that runs tasks, at most `n` of them at once, in the order given. */
export type Limit = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * Runs at most `n` tasks at once (at least one); the others wait in order.
 * The waiting tasks are read from a moving head, never `shift()`ed: a shift
 * moves the whole array when it is large (100,000 waiting reads made the
 * limiter's bookkeeping half of a warm index's CPU time, `npm run bench`).
 */
export function limiter(n: number): Limit {
  const most = Math.max(1, n);
  let active = 0;
  let queue: Array<() => void> = [];
  let head = 0;
  const next = (): void => {
    active--;
    if (head < queue.length) {
      const run = queue[head]!;
      queue[head++] = undefined as unknown as () => void;
      if (head === queue.length) {
        queue = [];
        head = 0;
      }
      run();
    }
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

/**
 * Maps `items` with `fn`, at most `limit` calls in flight, each started in
 * the items' order; results keep the input order. Rejects with the first
 * error (the calls already started still run to their end, the others are
 * not started). A fixed number of workers walk the items, so no promise is
 * made for an item before its turn.
 */
export function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let nextItem = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && nextItem < items.length) {
      const i = nextItem++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  // Started after a microtask, as before: `fn` never runs inside the call to mapLimit.
  return Promise.resolve()
    .then(() => Promise.all(Array.from({ length: workers }, worker)))
    .then(() => results);
}
