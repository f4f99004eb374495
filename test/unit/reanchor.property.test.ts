/**
 * Property tests of re-anchoring: seed-like documents, random annotations,
 * random edit sequences (test/helpers/randomEdits.ts). Every span is tracked
 * through the edits to know where it truly is afterwards, then `reanchorAll`
 * (and `reanchor` on its own) must
 *  (a) re-find every span whose text and 32-code-point context are unchanged,
 *      at the right offsets;
 *  (b) re-find at least 95% of lightly edited spans (≤ 10% of their code points
 *      changed) with confidence ≥ CONFIDENCE_THRESHOLD, overlapping the true
 *      span by ≥ 80%;
 *  (c) never return a confident match away from the true span (or any
 *      confident match for a deleted span).
 * `npm test` runs fast-check seed 42; REANCHOR_SEED / REANCHOR_RUNS explore
 * other cases, and scripts/reanchor-sweep.ts runs many seeds.
 */
import * as assert from 'node:assert/strict';
import { measureRandomEdits, type RandomEditStats } from '../helpers/randomEdits';

describe('reanchor (properties)', function () {
  this.timeout(60_000);
  let stats: RandomEditStats | undefined;

  after(() => {
    if (!stats) return;
    const pct = (a: number, b: number): string => `${a}/${b} (${b ? ((100 * a) / b).toFixed(1) : '100.0'}%)`;
    console.log(`      untouched re-found exactly: ${pct(stats.untouchedFound, stats.untouched)}${stats.twins ? ' (the rest at an identical copy)' : ''}`);
    console.log(`      lightly edited re-found: ${pct(stats.lightFound, stats.light)}`);
    console.log(`      wrong high-confidence moves: ${stats.wrongConfident} (reanchorAll), ${stats.singleWrong} (reanchor alone)`);
    console.log(`      at an indistinguishable copy instead (same text and context, so not counted as wrong): ${stats.twins}`);
    console.log(`      also checked: ${stats.heavy} heavily edited spans, ${stats.cut} spans cut by a moved paragraph, ${stats.deleted} deleted spans`);
  });

  it('re-finds untouched spans exactly, lightly edited ones confidently, and never confidently moves one to a wrong place', () => {
    stats = measureRandomEdits(Number(process.env.REANCHOR_SEED ?? 42), Number(process.env.REANCHOR_RUNS ?? 250));
    assert.deepEqual(stats.failures.slice(0, 10), []);
  });

  it('re-finds at least 95% of lightly edited spans', () => {
    assert.ok(stats, 'the first property ran');
    assert.ok(stats.light > 200, `too few lightly edited spans generated: ${stats.light}`);
    assert.ok(stats.lightFound >= 0.95 * stats.light, `only ${stats.lightFound}/${stats.light}`);
  });
});
