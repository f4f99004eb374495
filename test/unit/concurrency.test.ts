import * as assert from 'node:assert/strict';
import { limiter, mapLimit } from '../../src/core/text/concurrency';

/** A task that waits until released, recording how many tasks run at once. */
function gate(): { task: <T>(value: T) => () => Promise<T>; release: () => void; most: () => number; started: () => number } {
  let running = 0;
  let most = 0;
  let started = 0;
  const waiting: Array<() => void> = [];
  return {
    task: (value) => () => {
      running++;
      started++;
      most = Math.max(most, running);
      return new Promise((resolve) => waiting.push(() => {
        running--;
        resolve(value);
      }));
    },
    release: () => {
      for (const w of waiting.splice(0)) w();
    },
    most: () => most,
    started: () => started,
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('concurrency: the one limiter', () => {
  it('runs at most n tasks at once and starts the rest in order as slots free', async () => {
    const g = gate();
    const limit = limiter(2);
    const order: number[] = [];
    const all = [1, 2, 3, 4, 5].map((n) => limit(g.task(n)).then((v) => order.push(v)));
    await settle();
    assert.equal(g.started(), 2);
    for (let round = 0; round < 20 && (g.started() < 5 || order.length < 5); round++) {
      g.release();
      await settle();
    }
    assert.equal(order.length, 5, `every task finished after 20 releases (started ${g.started()})`);
    await Promise.all(all);
    assert.equal(g.most(), 2);
    assert.deepEqual(order, [1, 2, 3, 4, 5]);
  });

  it('frees the slot of a task that throws, even before its first await', async () => {
    const limit = limiter(1);
    const failing = limit(() => {
      throw new Error('boom');
    });
    await assert.rejects(failing, /boom/);
    assert.equal(await limit(async () => 'next'), 'next');
  });

  it('treats a limit below one as one', async () => {
    assert.deepEqual(await mapLimit([1, 2], 0, async (n) => n * 2), [2, 4]);
  });

  it('mapLimit keeps the input order whatever order the calls finish in', async () => {
    // Each call finishes when the test says so: the later items first.
    const finish = new Map<number, () => void>();
    const running = mapLimit([1, 2, 3, 4], 4, (n) => new Promise<number>((resolve) => finish.set(n, () => resolve(n * 10))));
    await settle();
    for (const n of [4, 2, 3, 1]) {
      finish.get(n)?.();
      await settle();
    }
    assert.deepEqual(await running, [10, 20, 30, 40]);
  });
});
