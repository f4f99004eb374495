// Evaluates the quote suggestions (src/core/tagging/suggest.ts) against hand annotations: seeds/ and the
// test corpus in test/unit/fixtures/suggest/. Prints precision and recall, span only and span+speaker.
//   npx esbuild scripts/suggest-eval.ts --bundle --platform=node --outfile=out/suggest-eval.js && node out/suggest-eval.js [--write] [--verbose]
// --write regenerates the test corpus files from test/unit/fixtures/suggest/corpus.ts first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../src/core/files/registry';
import { Sidecar, sidecarNameFor } from '../src/core/files/sidecar';
import { formatScore, scoreSuggestions, suggestQuotes, sumScores, type GoldQuote, type SuggestionScore } from '../src/core/tagging/suggest';
import { buildSuggestCorpus } from '../test/unit/fixtures/suggest/corpus';

export interface CorpusEvaluation {
  readonly direct: SuggestionScore;
  readonly all: SuggestionScore;
  readonly details: string[];
}

/** Runs the suggestions on every annotated document of a folder (with actors.yaml) and scores them. */
export function evaluateFolder(dir: string): CorpusEvaluation {
  const reg = Registry.parse(fs.readFileSync(path.join(dir, 'actors.yaml'), 'utf8'));
  if (!reg.ok) throw new Error(`${dir}/actors.yaml: ${reg.problems[0]?.message}`);
  const direct: SuggestionScore[] = [];
  const all: SuggestionScore[] = [];
  const details: string[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const sidecarPath = path.join(dir, sidecarNameFor(name));
    if (!fs.existsSync(sidecarPath)) continue;
    const sc = Sidecar.parse(fs.readFileSync(sidecarPath, 'utf8'));
    if (!sc.ok) throw new Error(`${sidecarPath}: ${sc.problems[0]?.message}`);
    const text = fs.readFileSync(path.join(dir, name), 'utf8');
    const gold: GoldQuote[] = sc.sidecar.value.quotes.map((q) => ({ span: q.anchor, speaker: q.speaker, direct: q.direct }));
    const suggestions = suggestQuotes(text, { registry: reg.registry });
    direct.push(scoreSuggestions(gold.filter((g) => g.direct), suggestions.filter((s) => s.direct)));
    all.push(scoreSuggestions(gold, suggestions));
    const chars = [...text.replace(/^\uFEFF/, '')];
    for (const s of suggestions) {
      details.push(`${name} ${s.direct ? 'direct  ' : 'indirect'} ${s.span.start}-${s.span.end} cue=${s.cue} speaker=${s.speaker ? `${s.speaker.actorId ?? '-'} (${s.speaker.how}: ${s.speaker.name})` : '-'} ${s.confidence} “${chars.slice(s.span.start, s.span.end).join('').slice(0, 60)}”`);
    }
    for (const g of gold) {
      details.push(`${name} gold ${g.direct ? 'direct  ' : 'indirect'} ${g.span.start}-${g.span.end} speaker=${g.speaker ?? '-'}`);
    }
  }
  return { direct: sumScores(direct), all: sumScores(all), details };
}

/** Writes the test corpus files. */
export function writeSuggestCorpus(dir: string): void {
  for (const [name, content] of buildSuggestCorpus()) fs.writeFileSync(path.join(dir, name), content);
}

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  const fixture = path.join(root, 'test', 'unit', 'fixtures', 'suggest');
  if (process.argv.includes('--write')) writeSuggestCorpus(fixture);
  for (const [label, dir] of [['seeds', path.join(root, 'seeds')], ['fixture', fixture]] as const) {
    const e = evaluateFolder(dir);
    console.log(`${label} direct quotes only:  ${formatScore(e.direct)}`);
    console.log(`${label} direct + indirect:   ${formatScore(e.all)}`);
    if (process.argv.includes('--verbose')) for (const d of e.details) console.log(`  ${d}`);
  }
}
