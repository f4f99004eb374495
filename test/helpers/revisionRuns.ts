/**
 * One revision kind over documents generated for the tests: each document is
 * revised, every annotation tracked to its true place, and `reanchorAll` (as the
 * editor and the CLI run it) and `reanchor` alone are judged
 * (test/helpers/revisions.ts). Asserted on by
 * test/unit/reanchor.revisions.property.test.ts, swept over many seeds by
 * scripts/reanchor-sweep.ts.
 */
import * as fc from 'fast-check';
import { reanchor, reanchorAll, type AnchorMatch } from '../../src/core/anchoring/reanchor';
import { CodePointMap, codePointLength } from '../../src/core/text/text';
import { seededRandom } from './random';
import { generatedAnnotations, generatedDocument, judge, revise, Tally, track, VOCABULARY, type RevisionKind } from './revisions';

const specArb = fc.record({
  seed: fc.integer(),
  paragraphs: fc.integer({ min: 5, max: 30 }),
  annotations: fc.integer({ min: 4, max: 24 }),
  revisions: fc.integer({ min: 1, max: 3 }),
  titleRepeated: fc.boolean(),
});

/** Runs one revision kind over `runs` generated documents from fast-check seed `seed`; the tallies of reanchorAll and of reanchor alone. */
export function measureRevisions(kind: RevisionKind, runs: number, seed: number): { all: Tally; single: Tally } {
  const all = new Tally();
  const single = new Tally();
  fc.assert(
    fc.property(specArb, (spec) => {
      const r = seededRandom(spec.seed);
      const original = generatedDocument(r, spec.paragraphs, spec.titleRepeated);
      const anchors = generatedAnnotations(r, original, spec.annotations);
      const tracked = anchors.map(track);
      const cps = Array.from(original);
      for (let i = 0; i < spec.revisions; i++) revise(kind, r, cps, tracked, VOCABULARY);
      const points = new CodePointMap(cps.join(''));
      // The length the sidecar's contentHash records: code points, like every offset.
      const oldLength = codePointLength(original);
      if (process.env.REANCHOR_DUMP === String(spec.seed)) console.log(JSON.stringify({ dump: { text: points.text, anchors, tracked, oldLength } }));
      const matches = reanchorAll(points, anchors, { oldLength });
      const show = (which: string, k: number, verdict: string, why: string | undefined, m: AnchorMatch): void => {
        if (!process.env.REANCHOR_DEBUG_VERDICT?.split(',').includes(verdict)) return;
        const anchor = anchors[k]!;
        const t = tracked[k]!;
        const around = (s0: number, e0: number): string => JSON.stringify(`${points.slice(Math.max(0, s0 - 40), s0)}⟦${points.slice(s0, e0)}⟧${points.slice(e0, e0 + 40)}`);
        console.log(
          `${verdict} ${kind} (${which}) seed ${spec.seed} ${why ?? ''}\n  recorded ${JSON.stringify(anchor.prefix)}⟦${anchor.exact}⟧${JSON.stringify(anchor.suffix)} at ${anchor.start}\n` +
            `  got  ${around(m.start, m.end)} @${m.confidence}\n  true ${t.deleted ? 'deleted' : around(t.start, t.end)} at ${t.start}`,
        );
      };
      anchors.forEach((anchor, k) => {
        const a = judge(points, anchor, tracked[k]!, matches[k]!);
        show('reanchorAll', k, a.verdict, a.why, matches[k]!);
        all.add(a.verdict, a.why && `seed ${spec.seed}: ${a.why}`);
        const alone = reanchor(points, anchor, { oldLength });
        const b = judge(points, anchor, tracked[k]!, alone);
        show('alone', k, b.verdict, b.why, alone);
        single.add(b.verdict, b.why && `seed ${spec.seed} (alone): ${b.why}`);
      });
    }),
    { seed, numRuns: runs },
  );
  return { all, single };
}
