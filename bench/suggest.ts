// Quote suggestions per article, as the editor computes them: the language chunk's first
// load, then each article of PolNeAR dev (read at run time from ../shared/polnear, never
// copied) or, without it, the seeds. Prints `RESULT {json}`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { suggestQuotes } from '../src/core/tagging/suggest';
import { winkAnalysis } from '../src/nlp/winkAnalysis';

const root = path.resolve(__dirname, '..', '..');
const candidates = [process.env['SEED_POLNEAR'], path.join(root, '..', 'shared', 'polnear'), path.join(root, '..', '..', 'shared', 'polnear')];
const polnear = candidates.find((c) => c && fs.existsSync(path.join(c, 'dev', 'docs')));
const dir = polnear ? path.join(polnear, 'dev', 'docs') : path.join(root, 'seeds');
const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort().map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
const t0 = performance.now();
suggestQuotes(' date 2024-01-01 x\n\n“Warm up,” she said.\n', { analyser: winkAnalysis });
const firstMs = performance.now() - t0;
const times: number[] = [];
for (let round = 0; round < 3; round++) {
  for (const text of texts) {
    const a = performance.now();
    suggestQuotes(text, { analyser: winkAnalysis });
    times.push(performance.now() - a);
  }
}
times.sort((a, b) => a - b);
const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
console.log(`RESULT ${JSON.stringify({ corpus: polnear ? 'PolNeAR dev' : 'seeds', articles: texts.length, firstMs, p50: at(0.5), p95: at(0.95), max: times[times.length - 1] })}`);
