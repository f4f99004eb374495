/**
 * `npm run eval`: scores the quote suggestions on PolNeAR's dev split (read
 * at run time from ../shared/polnear, never copied), on the seeds and on the
 * corpora written for the tests, and prints one table.
 *
 *   npm run eval                         dev, seeds, test corpora
 *   npm run eval -- --split train        study a split (train) instead of dev
 *   npm run eval -- --misses 40          also list missed and wrong suggestions
 *   npm run eval -- --polnear DIR        where PolNeAR is (default: ../shared/polnear, or $SEED_POLNEAR)
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { Registry } from '../src/core/files/registry';
import { loadRegistrySync } from '../src/node/diskCorpus';
import { Sidecar, sidecarNameFor } from '../src/core/files/sidecar';
import { parseSeed } from '../src/core/format/format';
import { suggestQuotes, type Suggestion } from '../src/core/tagging/suggest';
import { winkAnalysis } from '../src/nlp/winkAnalysis';
import { suggestionRecords, type SuggestionRecord } from '../src/core/tagging/suggestRecords';
import { addScore, emptyScore, goldSpeakerNames, matchDocument, prf, type GoldAttribution, type MatchedPair, type Score } from './evalScore';

interface Document {
  readonly name: string;
  readonly text: string;
  readonly gold: GoldAttribution[];
}

interface Corpus {
  readonly label: string;
  readonly documents: Document[];
  readonly registry: Registry | null;
  readonly language: string;
}

type Suggester = (text: string, corpus: Corpus) => Suggestion[];

const root = path.resolve(__dirname, '..');

function findPolnear(given: string | undefined): string | null {
  const candidates = [given, process.env['SEED_POLNEAR'], path.join(root, '..', 'shared', 'polnear'), path.join(root, '..', '..', 'shared', 'polnear')];
  for (const c of candidates) if (c && fs.existsSync(path.join(c, 'dev', 'gold.jsonl'))) return c;
  return null;
}

interface PolnearGold {
  doc: string;
  direct: boolean;
  contentFragments: Array<[number, number]>;
  cueText: string | null;
  cueFragments: Array<[number, number]> | null;
  sourceText: string | null;
  sourcePronoun: boolean;
  sourceCorefRepresentative: string | null;
  sourceCorefNames: string[] | null;
}

function loadPolnear(dir: string, split: string): Corpus {
  const byDoc = new Map<string, GoldAttribution[]>();
  for (const line of fs.readFileSync(path.join(dir, split, 'gold.jsonl'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const g = JSON.parse(line) as PolnearGold;
    const speakerNames = goldSpeakerNames(g);
    const list = byDoc.get(g.doc) ?? [];
    list.push({ document: g.doc, content: g.contentFragments, direct: g.direct, cue: g.cueFragments ?? null, cueText: g.cueText, speakerNames, pronoun: g.sourcePronoun });
    byDoc.set(g.doc, list);
  }
  const docsDir = path.join(dir, split, 'docs');
  const documents = fs.readdirSync(docsDir).filter((f) => f.endsWith('.txt')).sort().map((name) => ({
    name,
    text: fs.readFileSync(path.join(docsDir, name), 'utf8').replace(/^\uFEFF/, ''),
    gold: byDoc.get(name) ?? [],
  }));
  return { label: `PolNeAR ${split} (real news)`, documents, registry: null, language: 'en' };
}

/** A folder of seed documents with hand-made sidecars and an actor registry (actors/*.yaml or actors.yaml). */
function loadAnnotated(dir: string, label: string, language: string): Corpus {
  const reg = loadRegistrySync(dir);
  if (!reg.ok) throw new Error(`${dir}: the actor registry cannot be read: ${reg.problems[0]?.message}`);
  const registry = reg.registry;
  const documents: Document[] = [];
  for (const name of fs.readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const sidecarPath = path.join(dir, sidecarNameFor(name));
    if (!fs.existsSync(sidecarPath)) continue;
    const sc = Sidecar.parse(fs.readFileSync(sidecarPath, 'utf8'));
    if (!sc.ok) throw new Error(`${sidecarPath} cannot be read: ${sc.problems[0]?.message}`);
    const text = fs.readFileSync(path.join(dir, name), 'utf8').replace(/^\uFEFF/, '');
    const gold = sc.sidecar.value.quotes.map((q): GoldAttribution => {
      const actor = q.speaker ? registry.get(q.speaker) : undefined;
      return {
        document: name,
        content: [[q.anchor.start, q.anchor.end]],
        direct: q.direct,
        cue: null,
        cueText: q.cue,
        speakerNames: actor ? [actor.name, ...actor.aliases] : [],
        pronoun: false,
      };
    });
    documents.push({ name, text, gold });
  }
  return { label, documents, registry, language };
}

const ours: Suggester = (text, corpus) => suggestQuotes(text, { registry: corpus.registry, analyser: winkAnalysis });

/** The naive rule: every quotation longer than three words, no speaker, no cue. */
const naive: Suggester = (text) =>
  parseSeed(text).quotations
    .filter((q) => [...text].slice(q.inner.start, q.inner.end).join('').trim().split(/\s+/).length > 3)
    .map((q) => ({ span: q.inner, direct: true, cue: null, speaker: null, confidence: 0.5 }));

interface Result {
  direct: Score;
  all: Score;
  ms: number;
  pairs: MatchedPair[];
  missed: GoldAttribution[];
  wrong: SuggestionRecord[];
}

function evaluate(corpus: Corpus, suggest: Suggester): Result {
  const direct = emptyScore();
  const all = emptyScore();
  const pairs: MatchedPair[] = [];
  const missed: GoldAttribution[] = [];
  const wrong: SuggestionRecord[] = [];
  let ms = 0;
  for (const doc of corpus.documents) {
    const t0 = performance.now();
    const records = suggestionRecords(doc.name, doc.text, suggest(doc.text, corpus));
    ms += performance.now() - t0;
    const d = matchDocument(doc.gold.filter((g) => g.direct), records.filter((r) => r.direct));
    addScore(direct, d.score);
    pairs.push(...d.pairs);
    missed.push(...d.missed);
    wrong.push(...d.wrong);
    addScore(all, matchDocument(doc.gold, records).score);
  }
  return { direct, all, ms: corpus.documents.length ? ms / corpus.documents.length : 0, pairs, missed, wrong };
}

const f2 = (n: number): string => n.toFixed(2);
const ratio = (a: number, b: number): string => (b ? `${f2(a / b)} (${a}/${b})` : '–');

function row(label: string, rule: string, r: Result): string {
  const d = prf(r.direct);
  const a = prf(r.all);
  return `| ${label} | ${rule} | ${f2(d.p)} | ${f2(d.r)} | **${f2(d.f)}** | ${r.direct.gold} | ${f2(a.p)} | ${f2(a.r)} | ${r.all.gold} | ` +
    `${ratio(r.direct.speakerRight, r.direct.speakerJudged)} | ${ratio(r.direct.pronounRight, r.direct.pronounJudged)} | ${ratio(r.direct.cueRight, r.direct.cueJudged)} | ${r.ms.toFixed(1)} |`;
}

function context(text: string, start: number, end: number): string {
  const chars = [...text];
  return `${chars.slice(Math.max(0, start - 80), start).join('')}[[${chars.slice(start, end).join('')}]]${chars.slice(end, end + 60).join('')}`.replace(/\n/g, '⏎');
}

const cueKey = (cue: string | null): string => (cue ?? '(none)').toLowerCase().replace(/\s+/g, ' ');

function tally(keys: readonly string[], top: number): string {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, n]) => `${k} ${n}`).join(', ');
}

/**
 * \`--study\`: all attributions missed, by cue and by how near a suggestion came,
 * and suggestions matching nothing, by cue, to see which phenomena to handle next.
 */
function study(corpus: Corpus, only: string | undefined): void {
  const texts = new Map(corpus.documents.map((d) => [d.name, d.text]));
  const missed: Array<{ g: GoldAttribution; why: string }> = [];
  const wrong: SuggestionRecord[] = [];
  const right: SuggestionRecord[] = [];
  for (const doc of corpus.documents) {
    const records = suggestionRecords(doc.name, doc.text, ours(doc.text, corpus));
    const m = matchDocument(doc.gold, records);
    wrong.push(...m.wrong);
    right.push(...m.pairs.map((p) => p.suggestion));
    for (const g of m.missed) {
      const [a, b] = [g.content[0]![0], g.content[g.content.length - 1]![1]];
      const near = records.filter((r) => r.start < b && a < r.end);
      missed.push({ g, why: near.length === 0 ? 'untouched' : near.some((r) => m.wrong.includes(r)) ? 'partly covered by an unmatched suggestion' : 'partly covered by a matched suggestion' });
    }
  }
  console.log(`\nAll attributions missed (${missed.length}) by cause: ${tally(missed.map((x) => x.why), 5)}`);
  console.log(`Untouched, by cue: ${tally(missed.filter((x) => x.why === 'untouched').map((x) => cueKey(x.g.cueText)), 60)}`);
  console.log(`Partly covered, by cue: ${tally(missed.filter((x) => x.why !== 'untouched').map((x) => cueKey(x.g.cueText)), 30)}`);
  console.log(`\nSuggestions matching nothing (${wrong.length}), by cue: ${tally(wrong.map((w) => `${w.direct ? 'direct ' : ''}${cueKey(w.cue)}`), 60)}`);
  console.log(`\nSuggestions matching an attribution (${right.length}), by cue: ${tally(right.map((w) => `${w.direct ? 'direct ' : ''}${cueKey(w.cue)}`), 60)}`);
  if (only === undefined) return;
  // --cue WORD: examples of that cue's misses and of its suggestions matching nothing.
  const pick = <T,>(xs: T[]): T[] => xs.filter((_x, i) => i % Math.max(1, Math.floor(xs.length / 25)) === 0).slice(0, 25);
  console.log(`\nMissed with cue "${only}":`);
  for (const { g, why } of pick(missed.filter((x) => cueKey(x.g.cueText) === only))) console.log(`- (${why}) ${context(texts.get(g.document)!, g.content[0]![0], g.content[g.content.length - 1]![1])}`);
  console.log(`\nMatching nothing with cue "${only}":`);
  for (const w of pick(wrong.filter((x) => cueKey(x.cue) === only))) console.log(`- ${w.speaker ?? '-'}: ${context(texts.get(w.document)!, w.start, w.end)}`);
}

function main(): void {
  const { values } = parseArgs({ options: { split: { type: 'string', default: 'dev' }, misses: { type: 'string' }, polnear: { type: 'string' }, study: { type: 'boolean' }, cue: { type: 'string' } } });
  const corpora: Corpus[] = [];
  const polnear = findPolnear(values.polnear);
  if (polnear) corpora.push(loadPolnear(polnear, values.split!));
  else console.log('PolNeAR not found (looked in ../shared/polnear and $SEED_POLNEAR): only the corpora of this repository are scored.\n');
  corpora.push(loadAnnotated(path.join(root, 'seeds'), 'seeds (2 Ukrainian news articles, hand-tagged)', 'en'));
  const fixtures = path.join(root, 'test', 'unit', 'fixtures', 'suggest');
  for (const sub of ['', 'uk', 'ru']) {
    const dir = path.join(fixtures, sub);
    if (fs.existsSync(path.join(dir, 'actors.yaml')) || fs.existsSync(path.join(dir, 'actors'))) corpora.push(loadAnnotated(dir, `written for the tests${sub ? ` (${sub})` : ' (en)'}`, sub || 'en'));
  }

  console.log('Matching rule: a suggestion matches an annotated content when their overlap covers at least half of the');
  console.log('content (its fragments), one-to-one, largest overlaps first. Direct: contents holding a double quotation');
  console.log('mark, against suggestions marked direct. Speaker: right when it shares a word other than titles with the');
  console.log('annotated source (a source with no name, "the governor", needs all its words); for a pronoun source, with');
  console.log('its referent from PolNeAR\'s automatic (CoreNLP) coreference: the chain\'s representative mention or a name in');
  console.log('the chain, judged only when the chain holds a name (not gold: CoreNLP\'s chains are sometimes wrong).');
  console.log('Cue: right when it overlaps the annotated cue (or, where only the cue text is known, shares its verb).\n');
  console.log('| corpus | rule | direct P | direct R | direct F1 | direct gold | all P | all R | all gold | speaker (named) | speaker (pronoun) | cue | ms/article |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const results: Array<{ corpus: Corpus; r: Result }> = [];
  for (const corpus of corpora) {
    const r = evaluate(corpus, ours);
    results.push({ corpus, r });
    console.log(row(corpus.label, 'suggestions', r));
    if (corpus.registry === null) console.log(row(corpus.label, 'naive: every quotation > 3 words', evaluate(corpus, naive)));
  }
  if (values.study && polnear) study(corpora[0]!, values.cue);
  const limit = values.misses ? Number(values.misses) : 0;
  if (limit > 0) {
    const { corpus, r } = results[0]!;
    const texts = new Map(corpus.documents.map((d) => [d.name, d.text]));
    console.log(`\nMissed direct contents (${r.missed.length}), first ${limit}:`);
    for (const g of r.missed.slice(0, limit)) console.log(`- ${g.document}: ${context(texts.get(g.document)!, g.content[0]![0], g.content[g.content.length - 1]![1])}`);
    console.log(`\nDirect suggestions matching nothing (${r.wrong.length}), first ${limit}:`);
    for (const s of r.wrong.slice(0, limit)) console.log(`- ${s.document}: ${context(texts.get(s.document)!, s.start, s.end)}`);
    if (process.env.DBG) for (const p of r.pairs.filter((p) => p.gold.pronoun && p.speakerRight !== null)) console.log(`PRON ${p.speakerRight ? 'right' : 'wrong'} ${/\{.*\}/.exec(p.suggestion.speaker ?? '')?.[0] ?? '(none)'}`);
    const badSpeakers = r.pairs.filter((p) => p.speakerRight === false);
    console.log(`\nWrong speakers (${badSpeakers.length}), first ${limit}:`);
    for (const p of badSpeakers.slice(0, limit)) console.log(`- ${p.suggestion.speaker} ≠ ${p.gold.speakerNames.join(' / ')}${p.gold.pronoun ? ' (pronoun)' : ''}: ${context(texts.get(p.gold.document)!, p.suggestion.start, p.suggestion.end).slice(-200)}`);
    const badCues = r.pairs.filter((p) => p.cueRight === false);
    console.log(`\nWrong cues (${badCues.length}), first ${limit}:`);
    for (const p of badCues.slice(0, limit)) console.log(`- ${p.suggestion.cue} ≠ ${p.gold.cueText}: ${context(texts.get(p.gold.document)!, p.suggestion.start, p.suggestion.end).slice(-160)}`);
  }
}

main();
