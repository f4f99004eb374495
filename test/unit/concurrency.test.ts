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

  it('mapLimit runs at most n calls at once, starting them in the items\' order', async () => {
    const g = gate();
    const started: number[] = [];
    const running = mapLimit([1, 2, 3, 4, 5, 6, 7], 3, (n) => {
      started.push(n);
      return g.task(n)();
    });
    assert.equal(g.started(), 0, 'no call starts inside mapLimit itself');
    await settle();
    assert.equal(g.started(), 3);
    for (let round = 0; round < 20 && started.length < 7; round++) {
      g.release();
      await settle();
    }
    g.release();
    assert.deepEqual(await running, [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(g.most(), 3);
    assert.deepEqual(started, [1, 2, 3, 4, 5, 6, 7]);
  });

  it('mapLimit rejects with the first error and starts no further call', async () => {
    const started: number[] = [];
    const running = mapLimit([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error(`item ${n} failed`);
      return n;
    });
    await assert.rejects(running, /item 2 failed/);
    await settle();
    assert.deepEqual(started, [1, 2]);
  });

  it('mapLimit and the limiter get through a long queue (20,000 items) with every result in place', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    const doubled = await mapLimit(items, 48, async (n) => n * 2);
    assert.equal(doubled.length, items.length);
    assert.ok(doubled.every((v, i) => v === i * 2));
    const limit = limiter(48);
    const viaLimiter = await Promise.all(items.map((n) => limit(async () => n + 1)));
    assert.ok(viaLimiter.every((v, i) => v === i + 1));
  });
});
