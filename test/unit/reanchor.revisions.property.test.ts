/**
 * Property tests of re-anchoring, one revision kind at a time: respelled names,
 * moved paragraphs, pull quotes (repeated text), deletions that leave a copy,
 * heavy edits (test/helpers/revisionRuns.ts, on documents generated for the
 * tests). Targets, over all kinds: 0 wrong high-confidence moves; 100% of
 * untouched annotations re-found exactly; ≥ 95% of annotations in moved
 * paragraphs re-found. `npm test` runs fast-check seeds 42 and 7;
 * REANCHOR_SEED runs another, scripts/reanchor-sweep.ts many.
 */
import * as assert from 'node:assert/strict';
import { measureRevisions } from '../helpers/revisionRuns';
import { REVISION_KINDS, type Tally } from '../helpers/revisions';

describe('reanchor, revision by revision (properties)', function () {
  this.timeout(120_000);
  const runs = Number(process.env.REANCHOR_RUNS ?? 60);
  const seeds = process.env.REANCHOR_SEED ? [Number(process.env.REANCHOR_SEED)] : [42, 7];
  for (const seed of seeds) {
    for (const kind of REVISION_KINDS) {
      it(`${kind}, seed ${seed}: never a wrong high-confidence move, untouched annotations re-found exactly`, () => {
        const { all, single } = measureRevisions(kind, runs, seed);
        const line = (t: Tally): string =>
          `untouched ${t.rate('untouched').text}, moved ${t.rate('moved').text}, respelled ${t.rate('respelled').text}, ` +
          `context edited ${t.rate('context').text}, light ${t.rate('light').text}, heavy ${t.rate('heavy').text}, deleted→review ${t.n('deleted-review')}, twins ${t.n('twin')}, wrong ${t.n('wrong')}`;
        if (seed === 42) {
          console.log(`      ${kind} (reanchorAll): ${line(all)}`);
          console.log(`      ${kind} (reanchor alone): ${line(single)}`);
        }
        if (process.env.REANCHOR_DEBUG === kind) for (const m of all.missed.slice(0, Number(process.env.REANCHOR_DEBUG_MAX ?? 12))) console.log(m);
        assert.deepEqual(all.wrong.slice(0, 5), []);
        assert.deepEqual(single.wrong.slice(0, 5), []);
        const untouched = all.rate('untouched');
        assert.equal(untouched.found, untouched.total, `untouched annotations re-found exactly: ${untouched.text}; missed: ${all.missed.filter((m) => m.startsWith('untouched')).slice(0, 3).join(' | ')}`);
        if (kind === 'movedParagraphs') {
          const moved = all.rate('moved');
          assert.ok(moved.total > 50 && moved.found >= 0.95 * moved.total, `moved paragraphs: ${moved.text}`);
        }
      });
    }
  }
});
