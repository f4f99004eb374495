// Agreement between annotators (src/core/agreement): Cohen's κ and Krippendorff's nominal α against
// published worked examples and small cases computed by hand, the overlap rule that matches quotes,
// and the disagreements listed as path:line. Texts written for the test.
import * as assert from 'node:assert/strict';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { compareAnnotations, formatDisagreement, matchSpans } from '../../src/core/agreement/agreement';
import { cohensKappa, krippendorffAlphaNominal, spanScores } from '../../src/core/agreement/reliability';
import { Sidecar, type SidecarData } from '../../src/core/files/sidecar';

const close = (actual: number | null, expected: number, digits = 4): void => {
  assert.ok(actual !== null, 'defined');
  assert.equal(actual.toFixed(digits), expected.toFixed(digits));
};

/** `count` pairs of [a, b]. */
const pairs = (...cells: Array<[string, string, number]>): Array<[string, string]> => cells.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as [string, string]));

describe('agreement', () => {
  describe("Cohen's κ", () => {
    it('reproduces the worked example of Wikipedia\'s "Cohen\'s kappa" article: p_o 0.7, p_e 0.5, κ 0.4', () => {
      // 50 grant proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15.
      const r = cohensKappa(pairs(['yes', 'yes', 20], ['yes', 'no', 5], ['no', 'yes', 10], ['no', 'no', 15]));
      close(r.observed, 0.7);
      close(r.expected, 0.5);
      close(r.kappa, 0.4);
    });

    it('gives the same article\'s two tables with equal p_o 0.6 their different κ, 0.1304 and 0.2593', () => {
      close(cohensKappa(pairs(['yes', 'yes', 45], ['yes', 'no', 15], ['no', 'yes', 25], ['no', 'no', 15])).kappa, 0.1304);
      close(cohensKappa(pairs(['yes', 'yes', 25], ['yes', 'no', 35], ['no', 'yes', 5], ['no', 'no', 35])).kappa, 0.2593);
    });

    it('by hand: [a,a] [a,b] [b,b] [b,b] gives p_o 3/4, p_e 1/2·1/4 + 1/2·3/4 = 1/2, κ 1/2; undefined for one label', () => {
      const r = cohensKappa([['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']]);
      assert.deepEqual([r.observed, r.expected, r.kappa], [0.75, 0.5, 0.5]);
      assert.equal(cohensKappa([['a', 'a'], ['a', 'a']]).kappa, null);
      assert.deepEqual(cohensKappa([]), { n: 0, observed: null, expected: null, kappa: null });
    });
  });

  describe("Krippendorff's α (nominal, missing data)", () => {
    it('reproduces Krippendorff (2011), "Computing Krippendorff\'s Alpha-Reliability", example C: n = 40, α = 0.743', () => {
      // Four observers, twelve units, "." where an observer gave no value.
      const rows = ['1 2 3 3 2 1 4 1 2 . . .', '1 2 3 3 2 2 4 1 2 5 . 3', '. 3 3 3 2 3 4 2 2 5 1 .', '1 2 3 3 2 4 4 1 2 5 1 .'].map((r) => r.split(' ').map((v) => (v === '.' ? null : v)));
      const units = rows[0]!.map((_, u) => rows.map((r) => r[u]!));
      const r = krippendorffAlphaNominal(units);
      assert.equal(r.n, 40); // unit 12 holds one value only, so it is not pairable
      close(r.alpha, 0.743, 3);
    });

    it('by hand: [a,a] [a,b] [b,b] [b,b] gives o_ab = o_ba = 1, n_a 3, n_b 5, α = 1 − 7·2/30 = 0.5333', () => {
      const r = krippendorffAlphaNominal([['a', 'a'], ['a', 'b'], ['b', 'b'], ['b', 'b']]);
      assert.equal(r.n, 8);
      close(r.alpha, 1 - 14 / 30);
      assert.equal(krippendorffAlphaNominal([['a', null], ['b']]).alpha, null);
      assert.equal(krippendorffAlphaNominal([['a', 'a'], ['a', 'a']]).alpha, null);
      close(krippendorffAlphaNominal([['a', 'b'], ['b', 'a']]).alpha, 1 - (3 * 4) / 8); // always disagreeing: below zero
    });
  });

  describe('spans', () => {
    it('matches one to one when the overlap covers at least half of A\'s quote, the largest overlaps first', () => {
      const a = [{ start: 0, end: 10 }, { start: 20, end: 30 }, { start: 40, end: 50 }];
      const b = [{ start: 0, end: 5 }, { start: 2, end: 12 }, { start: 24, end: 40 }, { start: 46, end: 60 }];
      // [0,10] overlaps [0,5] by 5 (half: enough) and [2,12] by 8 (taken first); [20,30] and [24,40] share 6;
      // [40,50] and [46,60] share 4 < 5: no match.
      assert.deepEqual(matchSpans(a, b), [[0, 1], [1, 2]]);
      assert.deepEqual(spanScores(3, 4, 2, 0), { a: 3, b: 4, matched: 2, exact: 0, precision: 0.5, recall: 2 / 3, f1: (2 * 0.5 * (2 / 3)) / (0.5 + 2 / 3) });
      assert.equal(spanScores(0, 0, 0, 0).f1, 1);
      assert.equal(spanScores(2, 0, 0, 0).f1, 0);
    });
  });

  describe('compareAnnotations', () => {
    const TEXT = ' date 2024-03-01 Talks 🇺🇦\n\n🙂 Zelensky said “we will hold”.\nBiden said aid is coming.\nPutin said nothing new.\n';
    const at = (needle: string): [number, number] => {
      const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length;
      return [start, start + [...needle].length];
    };
    const sidecar = (build: (s: Sidecar) => void): SidecarData => {
      const s = Sidecar.create('a.txt', null);
      build(s);
      return s.value;
    };
    const quote = (id: string, needle: string, speaker: string | null) => (s: Sidecar) => s.addQuote({ id, speaker, cue: 'said', direct: true, anchor: createAnchor(TEXT, ...at(needle)) });
    const mention = (id: string, needle: string, actor: string) => (s: Sidecar) => s.addMention({ id, actor, anchor: createAnchor(TEXT, ...at(needle)) });
    const a = sidecar((s) => [quote('q1', 'we will hold', 'zelensky'), quote('q2', 'aid is coming', 'biden'), quote('q3', 'nothing new', 'putin'), mention('m1', 'Zelensky', 'zelensky'), mention('m2', 'Biden', 'biden')].forEach((f) => f(s)));
    const b = sidecar((s) => [quote('x1', 'we will', 'zelensky'), quote('x2', 'aid is coming', 'putin'), mention('n1', 'Zelensky', 'zelensky'), mention('n2', 'Putin', 'putin')].forEach((f) => f(s)));

    it('scores quotes, speakers and mentions, and lists each disagreement as path:line', () => {
      const names = { a: (id: string) => ({ biden: 'Joe Biden' })[id] ?? null, b: () => null };
      const report = compareAnnotations([{ path: 'news/a.txt', text: TEXT, a, b }], names);
      const o = report.overall;
      assert.deepEqual([o.quotes.a, o.quotes.b, o.quotes.matched, o.quotes.exact], [3, 2, 2, 1]); // "we will" covers 7 of 12
      assert.deepEqual([o.quotes.precision, o.quotes.recall], [1, 2 / 3]);
      assert.deepEqual([o.speakers.n, o.speakers.observed], [2, 0.5]);
      assert.deepEqual([o.mentions.a, o.mentions.b, o.mentions.matched], [2, 2, 1]);
      assert.equal(o.actors.observed, 1);
      assert.deepEqual(report.disagreements.map(formatDisagreement), [
        'news/a.txt:3: A quote “we will hold” / B quote “we will”',
        'news/a.txt:4: A speaker Joe Biden (biden) / B speaker putin for “aid is coming”',
        'news/a.txt:4: A mention “Biden” of Joe Biden (biden) / B no mention',
        'news/a.txt:5: A quote “nothing new” (speaker putin) / B no quote',
        'news/a.txt:5: A no mention / B mention “Putin” of putin',
      ]);
      assert.deepEqual(report.documents.map((d) => d.path), ['news/a.txt']);
    });

    it('pools documents: counts add up, κ and α over every matched quote', () => {
      const report = compareAnnotations(
        [
          { path: 'a.txt', text: TEXT, a, b },
          { path: 'b.txt', text: TEXT, a, b: a },
        ],
        { a: () => null, b: () => null },
      );
      assert.deepEqual([report.overall.quotes.a, report.overall.quotes.b, report.overall.quotes.matched], [6, 5, 5]);
      // Speaker pairs: zel/zel, biden/putin, then zel, biden, putin each with itself.
      const expected = cohensKappa([['zelensky', 'zelensky'], ['biden', 'putin'], ['zelensky', 'zelensky'], ['biden', 'biden'], ['putin', 'putin']]);
      assert.equal(report.overall.speakers.kappa, expected.kappa);
      assert.equal(report.documents[1]!.speakers.kappa, 1);
      assert.equal(report.documents[1]!.speakers.alpha.alpha, 1);
    });
  });
});
