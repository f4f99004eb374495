// Quote suggestions per article, as the editor computes them, on PolNeAR dev (read at run time
// from ../shared/polnear, never copied) or, without it, the repository's own corpora (the seeds
// and the documents written for the tests). Prints `RESULT {json}`. Needs nlp.js beside this
// bundle (bench/run.mjs builds it there), as the extension has it beside extension.js.
//
//   per article, a fresh article   suggestQuotes with wink, no paragraph analysed before
//                                  (wall time and this thread's CPU time, 3 rounds)
//   per article, after an edit     the same article again with one paragraph changed
//   host stall                     the longest the main thread is held while every article goes
//                                  through suggestInBackground (the editor's path: the worker),
//                                  the worker's start and model load included; and the same on
//                                  the main thread (the first load, then the longest article);
//                                  and the same timer idle as long, the machine's own noise
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { suggestQuotes } from '../src/core/tagging/suggest';
import { anchorText } from '../src/core/text/lineEnds';
import { clearAnalysisCache, paragraphsOf, winkAnalysis } from '../src/nlp/winkAnalysis';
import { suggestInBackground } from '../src/node/englishAnalyser';

const root = path.resolve(__dirname, '..', '..');
const candidates = [process.env['SEED_POLNEAR'], path.join(root, '..', 'shared', 'polnear'), path.join(root, '..', '..', 'shared', 'polnear')];
const polnear = candidates.find((c) => c && fs.existsSync(path.join(c, 'dev', 'docs')));

function textsIn(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return textsIn(full);
    return entry.name.endsWith('.txt') ? [fs.readFileSync(full, 'utf8')] : [];
  });
}

const texts = polnear ? textsIn(path.join(polnear, 'dev', 'docs')) : [...textsIn(path.join(root, 'seeds')), ...textsIn(path.join(root, 'test', 'unit', 'fixtures', 'suggest'))];
const corpus = polnear ? 'PolNeAR dev' : 'seeds and the test corpora';

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};
const summary = (values: readonly number[]): { p50: number; p95: number; max: number } => ({ p50: quantile(values, 0.5), p95: quantile(values, 0.95), max: quantile(values, 1) });
const cpuMs = (since: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

/** Measures the longest gap between ticks of a 5 ms timer while `work` runs. */
async function longestStall(work: () => Promise<void>): Promise<number> {
  let longest = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(longest, performance.now() - last - 5);
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0]!;

  // The editor's path: every article through the worker, the worker's start and model load included.
  let workerMs = 0;
  const workerStall = await longestStall(async () => {
    const t0 = performance.now();
    for (const text of texts) await suggestInBackground(text, {}).result;
    workerMs = performance.now() - t0;
  });

  // The noise floor: the same timer with nothing to do for as long (a loaded machine delays it too).
  const idleStall = await longestStall(() => new Promise((resolve) => setTimeout(resolve, Math.min(20_000, workerMs))));

  // The same on this thread: the first load, then each article.
  const t0 = performance.now();
  suggestQuotes(' date 2024-01-01 x\n\n“Warm up,” she said.\n', { analyser: winkAnalysis });
  const firstMs = performance.now() - t0;

  const fresh: number[] = [];
  const freshCpu: number[] = [];
  const firstRound: number[] = [];
  for (let round = 0; round < 3; round++) {
    for (const text of texts) {
      clearAnalysisCache();
      const cpu = process.cpuUsage();
      const a = performance.now();
      suggestQuotes(text, { analyser: winkAnalysis });
      const ms = performance.now() - a;
      fresh.push(ms);
      freshCpu.push(cpuMs(cpu));
      if (round === 0) firstRound.push(ms);
    }
  }

  // After an edit: the article was analysed once, then one paragraph changes.
  const edited: number[] = [];
  for (const text of texts) {
    const plain = anchorText(text);
    suggestQuotes(plain, { analyser: winkAnalysis });
    const paragraphs = paragraphsOf(plain);
    const end = paragraphs[Math.floor(paragraphs.length / 2)]?.[1] ?? 0;
    const changed = `${plain.slice(0, end)} Edited.${plain.slice(end)}`;
    const t = performance.now();
    suggestQuotes(changed, { analyser: winkAnalysis });
    edited.push(performance.now() - t);
  }

  const longest = texts.reduce((x, y) => (y.length > x.length ? y : x), '');
  clearAnalysisCache();
  const l0 = performance.now();
  suggestQuotes(longest, { analyser: winkAnalysis });
  const longestMs = performance.now() - l0;

  const result = {
    corpus,
    articles: texts.length,
    loadAverage: [loadBefore, os.loadavg()[0]!],
    firstMs,
    ...summary(fresh),
    firstRound: summary(firstRound),
    cpu: summary(freshCpu),
    afterEdit: summary(edited),
    host: { idleStallMs: idleStall, workerStallMs: workerStall, workerTotalMs: workerMs, inThreadFirstLoadMs: firstMs, inThreadLongestArticleMs: longestMs, longestArticleChars: longest.length },
  };
  console.log(`RESULT ${JSON.stringify(result)}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
