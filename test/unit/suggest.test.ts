// Quote suggestions (src/core/tagging/suggest.ts): behaviour on small cases, then precision and recall against
// hand annotations in seeds/ and in the corpus of test/unit/fixtures/suggest/ (generated through the core
// API from the declarative list in corpus.ts). The figures are printed after the suite.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { Registry } from '../../src/core/files/registry';
import { formatScore, scoreSuggestions, suggestQuotes } from '../../src/core/tagging/suggest';
import { evaluateFolder } from '../../scripts/suggest-eval';
import { buildSuggestCorpus } from './fixtures/suggest/corpus';

const repoRoot = path.resolve(__dirname, '../../..');
const fixtureDir = path.join(repoRoot, 'test', 'unit', 'fixtures', 'suggest');

function cp(text: string, s: string): { start: number; end: number } {
  const i = text.indexOf(s);
  assert.ok(i >= 0, s);
  const start = [...text.slice(0, i)].length;
  return { start, end: start + [...s].length };
}

describe('suggest', () => {
  const report: string[] = [];
  after(() => {
    console.log(`\n    quote suggestions (precision P, recall R, with counts):\n${report.map((l) => `      ${l}`).join('\n')}\n`);
  });

  it('suggests a direct quote with its cue and a capitalised-name speaker, titles dropped', () => {
    const text = ' date 2024-01-01\n\n🇺🇦 Ukrainian President Volodymyr Zelenskyy said: “We are ready for a dialogue.”\n';
    const [s, ...rest] = suggestQuotes(text, {});
    assert.equal(rest.length, 0);
    assert.deepEqual(s!.span, cp(text, 'We are ready for a dialogue.'));
    assert.equal(s!.direct, true);
    assert.equal(s!.cue, 'said');
    assert.deepEqual(s!.speaker, { actorId: null, name: 'Volodymyr Zelenskyy', how: 'capitalised-name', span: cp(text, 'Volodymyr Zelenskyy') });
  });

  it('prefers a registered actor (by name or alias) and resolves he/she to the last person named', () => {
    const reg = Registry.create();
    const biden = reg.add('Joe Biden', 'person', ['Biden', 'US President']);
    const text = ' date 2024-01-01\n\nThe US President spoke in Warsaw. “We stand with Ukraine,” he said. Biden told reporters: “Not one inch.”\n';
    const out = suggestQuotes(text, { registry: reg });
    assert.deepEqual(out.map((s) => [s.speaker?.actorId, s.speaker?.how]), [[biden.id, 'pronoun'], [biden.id, 'alias']]);
    const he = cp(text, 'he said').start;
    assert.deepEqual(out[0]!.speaker!.span, { start: he, end: he + 2 });
  });

  it('does not suggest scare quotes or a quote whose cue is in another sentence', () => {
    const text = ' date 2024-01-01\n\nOfficials said nothing. The so-called “peace formula” and the “grain deal” were on the table.\n';
    assert.deepEqual(suggestQuotes(text, {}), []);
  });

  it('suggests reported speech with "that", but not around a direct quote', () => {
    const text = ' date 2024-01-01\n\nMaria Santos said that the convoy had arrived safely. Brandt stated that talks “behind closed doors” failed.\n';
    const out = suggestQuotes(text, {});
    assert.deepEqual(out.map((s) => [s.direct, s.cue]), [[false, 'said'], [true, 'stated']]);
    assert.deepEqual(out[0]!.span, cp(text, 'the convoy had arrived safely'));
    assert.equal(out[0]!.speaker?.name, 'Maria Santos');
    assert.equal(suggestQuotes(text, { indirect: false }).length, 1);
  });

  it('uses the configured cue verbs, and leaves out what overlaps an existing quote', () => {
    const text = ' date 2024-01-01\n\nAnna Kovalenko proclaimed: “Victory is near.” Brandt said: “Maybe.”\n';
    assert.equal(suggestQuotes(text, {}).length, 1);
    assert.equal(suggestQuotes(text, { cueVerbs: ['proclaimed', 'said'] }).length, 2);
    const span = cp(text, 'Maybe.');
    const existing = [{ id: 'q-1', speaker: null, cue: 'said', direct: true, anchor: createAnchor(text, span.start, span.end) }];
    assert.deepEqual(suggestQuotes(text, { cueVerbs: ['proclaimed', 'said'], existing }).map((s) => s.cue), ['proclaimed']);
  });

  it('scores: a match shares half the longer span; speakers compare by actor id', () => {
    const score = scoreSuggestions(
      [{ span: { start: 0, end: 10 }, speaker: 'a', direct: true }, { span: { start: 20, end: 30 }, speaker: 'b', direct: true }],
      [
        { span: { start: 1, end: 10 }, direct: true, cue: null, speaker: { actorId: 'a', name: 'A', how: 'registry' }, confidence: 1 },
        { span: { start: 20, end: 50 }, direct: true, cue: null, speaker: null, confidence: 1 },
        { span: { start: 25, end: 30 }, direct: true, cue: null, speaker: { actorId: 'c', name: 'C', how: 'registry' }, confidence: 1 },
      ],
    );
    assert.deepEqual([score.spanMatches, score.speakerMatches, score.suggestions, score.gold], [2, 1, 3, 2]);
  });

  it('the fixture corpus on disk is what corpus.ts generates through the core API', () => {
    for (const [name, content] of buildSuggestCorpus()) {
      assert.equal(fs.readFileSync(path.join(fixtureDir, name), 'utf8'), content, `${name}: run node out/suggest-eval.js --write`);
    }
  });

  it('on the fixture corpus: precision ≥ 0.8 and recall ≥ 0.7, speakers included', () => {
    const e = evaluateFolder(fixtureDir);
    report.push(`fixture, direct quotes:      ${formatScore(e.direct)}`);
    report.push(`fixture, direct + indirect:  ${formatScore(e.all)}`);
    assert.ok(e.all.gold >= 15);
    assert.ok(e.all.fullPrecision >= 0.8, formatScore(e.all));
    assert.ok(e.all.fullRecall >= 0.7, formatScore(e.all));
    assert.ok(e.direct.fullPrecision >= 0.9 && e.direct.fullRecall >= 0.85, formatScore(e.direct));
  });

  it('on seeds/: no regression below what it reaches today', () => {
    // Recall is counted twice: against the direct quotes only (what the marks allow to find), and against
    // every tagged quote, indirect ones included (paraphrase without "said that" is out of reach).
    const e = evaluateFolder(path.join(repoRoot, 'seeds'));
    report.push(`seeds, direct quotes:        ${formatScore(e.direct)}`);
    report.push(`seeds, direct + indirect:    ${formatScore(e.all)}`);
    assert.ok(e.direct.spanPrecision >= 0.95 && e.direct.spanRecall >= 0.95, formatScore(e.direct));
    assert.ok(e.direct.fullPrecision >= 0.85 && e.direct.fullRecall >= 0.85, formatScore(e.direct));
    assert.ok(e.all.spanPrecision >= 0.95 && e.all.spanRecall >= 0.7, formatScore(e.all));
    assert.ok(e.all.fullPrecision >= 0.75 && e.all.fullRecall >= 0.55, formatScore(e.all));
  });
});
