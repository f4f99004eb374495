/**
 * `npm run sweep:anchors`: the re-anchoring property tests over many seeds, on
 * documents generated for the tests (no real articles). For each fast-check seed
 * it runs every revision kind of test/unit/reanchor.revisions.property.test.ts
 * (60 documents each) and the random edit sequences of
 * test/unit/reanchor.property.test.ts (250), with `reanchorAll` (as the editor
 * and `seed-annotator reanchor` run it) and `reanchor` alone, and prints the
 * rate of each revision kind (overall, and the lowest seed) and every wrong
 * high-confidence move. Exits 1 when a move was wrong or an untouched
 * annotation was not re-found exactly.
 *
 *   npm run sweep:anchors                          seeds 1-60
 *   SEED_REANCHOR_SEEDS=21-40 npm run sweep:anchors
 *   npm run sweep:anchors -- --seeds 1-20,42 --kinds movedParagraphs --per-seed
 */
import { parseArgs } from 'node:util';
import { measureRandomEdits } from '../test/helpers/randomEdits';
import { measureRevisions } from '../test/helpers/revisionRuns';
import { REVISION_KINDS, type RevisionKind, type Tally } from '../test/helpers/revisions';

const { values: options } = parseArgs({
  options: {
    seeds: { type: 'string', default: process.env['SEED_REANCHOR_SEEDS'] ?? '1-60' },
    kinds: { type: 'string', default: [...REVISION_KINDS, 'randomEdits'].join(',') },
    runs: { type: 'string', default: '60' },
    'random-runs': { type: 'string', default: '250' },
    'per-seed': { type: 'boolean', default: false },
    missed: { type: 'boolean', default: false },
  },
});

/** "1-20,42" → [1, …, 20, 42]. */
function parseSeeds(list: string): number[] {
  const out: number[] = [];
  for (const part of list.split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number);
    if (!Number.isInteger(a) || (b !== undefined && !Number.isInteger(b))) throw new Error(`Seeds must read like 1-60 or 1-20,42, not "${list}".`);
    for (let s = a!; s <= (b ?? a!); s++) out.push(s);
  }
  return out;
}

const seeds = parseSeeds(options.seeds);
const kinds = options.kinds.split(',');
const runs = Number(options.runs);

/** A rate summed over seeds, with the lowest seed's. */
class Rate {
  found = 0;
  total = 0;
  lowest: { seed: number; found: number; total: number } | undefined;
  add(seed: number, found: number, total: number): void {
    this.found += found;
    this.total += total;
    if (total > 0 && (!this.lowest || found / total < this.lowest.found / this.lowest.total)) this.lowest = { seed, found, total };
  }
  text(): string {
    if (this.total === 0) return '–';
    const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;
    const low = this.lowest ? `; lowest seed ${this.lowest.seed}: ${this.lowest.found}/${this.lowest.total} (${pct(this.lowest.found, this.lowest.total)})` : '';
    return `${this.found}/${this.total} (${pct(this.found, this.total)})${low}`;
  }
}

const GROUPS = ['untouched', 'moved', 'respelled', 'context', 'light', 'heavy'] as const;
let wrong = 0;
let untouchedMissed = 0;
const started = Date.now();

for (const kind of kinds) {
  const rates = { all: new Map<string, Rate>(), single: new Map<string, Rate>() };
  const counts = { all: { wrong: 0, twin: 0, deletedReview: 0 }, single: { wrong: 0, twin: 0, deletedReview: 0 } };
  const wrongLines: string[] = [];
  const missedLines: string[] = [];
  for (const seed of seeds) {
    if (kind === 'randomEdits') {
      const s = measureRandomEdits(seed, Number(options['random-runs']));
      const add = (name: string, found: number, total: number): void => {
        if (!rates.all.has(name)) rates.all.set(name, new Rate());
        rates.all.get(name)!.add(seed, found, total);
      };
      add('untouched', s.untouchedFound, s.untouched);
      add('light', s.lightFound, s.light);
      counts.all.wrong += s.wrongConfident;
      counts.single.wrong += s.singleWrong;
      counts.all.twin += s.twins;
      wrong += s.wrongConfident + s.singleWrong;
      untouchedMissed += s.failures.filter((f) => f.startsWith('untouched')).length;
      for (const f of s.failures) (f.includes('not re-found') ? missedLines : wrongLines).push(`seed ${seed}: ${f}`);
      if (options['per-seed']) console.log(`  ${kind} seed ${seed}: untouched ${s.untouchedFound}/${s.untouched}, light ${s.lightFound}/${s.light}, wrong ${s.wrongConfident}/${s.singleWrong}`);
      continue;
    }
    const result = measureRevisions(kind as RevisionKind, runs, seed);
    for (const which of ['all', 'single'] as const) {
      const t: Tally = result[which];
      for (const g of GROUPS) {
        const r = t.rate(g);
        if (!rates[which].has(g)) rates[which].set(g, new Rate());
        rates[which].get(g)!.add(seed, r.found, r.total);
      }
      counts[which].wrong += t.n('wrong');
      counts[which].twin += t.n('twin');
      counts[which].deletedReview += t.n('deleted-review');
      wrong += t.n('wrong');
      for (const w of t.wrong) wrongLines.push(`sweep seed ${seed}, ${which === 'all' ? 'reanchorAll' : 'reanchor alone'}, ${w}`);
      if (which === 'all') {
        untouchedMissed += t.n('untouched-missed');
        for (const m of t.missed) if (m.startsWith('untouched') || (kind === 'movedParagraphs' && m.startsWith('moved'))) missedLines.push(`seed ${seed}: ${m}`);
      }
    }
    if (options['per-seed']) {
      const r = result.all;
      console.log(`  ${kind} seed ${seed}: ${GROUPS.map((g) => `${g} ${r.rate(g).text}`).join(', ')}, wrong ${r.n('wrong')}/${result.single.n('wrong')}`);
    }
  }
  console.log(`${kind}, seeds ${options.seeds} (${seeds.length}):`);
  const twinMoved = missedLines.filter((m) => m.includes('moved-review') && m.includes(': twin in the text: ')).length;
  if (twinMoved > 0) console.log(`  moved to review while another copy has the same text and context (only order tells them apart): ${twinMoved}`);
  for (const which of ['all', 'single'] as const) {
    const label = which === 'all' ? 'reanchorAll   ' : 'reanchor alone';
    const parts = [...rates[which].entries()].filter(([, r]) => r.total > 0).map(([g, r]) => `${g} ${r.text()}`);
    const c = counts[which];
    console.log(`  ${label}: ${parts.join('; ')}${parts.length ? '; ' : ''}deleted→review ${c.deletedReview}, twins ${c.twin}, WRONG ${c.wrong}`);
  }
  for (const w of wrongLines) console.log(`  wrong: ${w}`);
  if (options.missed) for (const m of missedLines) console.log(`  missed: ${m}`);
}
console.log(`wrong high-confidence moves: ${wrong}; untouched annotations not re-found exactly (reanchorAll): ${untouchedMissed}; ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exitCode = wrong > 0 || untouchedMissed > 0 ? 1 : 0;
