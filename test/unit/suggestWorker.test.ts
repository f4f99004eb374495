// Suggestion runs in the worker (src/node/englishAnalyser.ts, src/nlp/suggestService.ts): the same
// result as on the host's own thread, paragraph by paragraph, cancellable. Texts written for the tests.
import * as assert from 'node:assert/strict';
import { Registry } from '../../src/core/files/registry';
import type { QuoteRecord } from '../../src/core/files/sidecar';
import { draftQuote } from '../../src/core/tagging/tagging';
import { speakerChoices, suggestQuotes } from '../../src/core/tagging/suggest';
import { actorLookup } from '../../src/core/tagging/suggestionRuns';
import { winkAnalysis, winkAnalysisInSlices } from '../../src/nlp/winkAnalysis';
import { runsInWorker, speakerChoicesInBackground, suggestInBackground } from '../../src/node/englishAnalyser';
import { SUGGEST_ACTORS, SUGGEST_DOCUMENTS } from './fixtures/suggest/corpus';
import { RU_ACTORS, RU_DOCUMENTS, UK_ACTORS, UK_DOCUMENTS } from './fixtures/suggest/slavic';

const unmark = (text: string): string => text.replace(/\{\{[^:}]*:/g, '').replace(/\}\}/g, '');

function registryOf(actors: ReadonlyArray<{ name: string; kind: 'person' | 'organisation' | 'media'; aliases?: readonly string[] }>): Registry {
  const registry = Registry.create();
  for (const a of actors) registry.add(a.name, a.kind, [...(a.aliases ?? [])]);
  return registry;
}

/** A long document written for this test: many paragraphs, quotes, a pronoun, an emoji. */
function longDocument(paragraphs: number): string {
  const parts = [' date 2024-06-01 Long day'];
  for (let i = 0; i < paragraphs; i++) {
    parts.push(`“The harbour ${i} will reopen soon 🚢,” Maria Santos said on Monday. She added that the ferries were ready, and the mayor told reporters: “We expect ${i} ships.”`);
  }
  return `${parts.join('\n\n')}\n`;
}

describe('suggestion worker', function () {
  // The first run starts the worker and loads the language model in it.
  this.timeout(60_000);

  const cases = [
    ...SUGGEST_DOCUMENTS.map((d) => ({ name: d.name, text: unmark(d.text), registry: registryOf(SUGGEST_ACTORS) })),
    ...UK_DOCUMENTS.map((d) => ({ name: `uk/${d.name}`, text: unmark(d.text), registry: registryOf(UK_ACTORS) })),
    ...RU_DOCUMENTS.map((d) => ({ name: `ru/${d.name}`, text: unmark(d.text), registry: registryOf(RU_ACTORS) })),
    { name: 'long, no registry', text: longDocument(40), registry: null },
    { name: 'CRLF line ends', text: longDocument(3).replace(/\n/g, '\r\n'), registry: null },
  ];

  it('suggests in a worker thread exactly what suggestQuotes finds on this thread', async () => {
    for (const c of cases) {
      const here = suggestQuotes(c.text, { registry: c.registry, analyser: winkAnalysis });
      const there = await suggestInBackground(c.text, { registry: c.registry }).result;
      assert.deepEqual(there, here, c.name);
    }
    assert.ok(cases.some((c) => suggestQuotes(c.text, { registry: c.registry, analyser: winkAnalysis }).some((s) => s.speaker?.actorId)), 'the cases include registered speakers');
    assert.equal(runsInWorker(), true, 'the runs went to the worker thread');
  });

  it('leaves out the quotes already tagged, as on this thread', async () => {
    const text = longDocument(2);
    const first = suggestQuotes(text, { analyser: winkAnalysis })[0]!;
    const existing: QuoteRecord[] = [{ id: 'q1', anchor: draftQuote(text, first.span).anchor, speaker: 'maria-santos', cue: 'said', direct: true }];
    const here = suggestQuotes(text, { analyser: winkAnalysis, existing });
    const there = await suggestInBackground(text, { existing }).result;
    assert.deepEqual(there, here);
    assert.ok(!there!.some((s) => s.span.start === first.span.start));
  });

  it('offers the same speakers for a selection as on this thread', async () => {
    const c = cases[0]!;
    const span = suggestQuotes(c.text, { registry: c.registry, analyser: winkAnalysis })[0]!.span;
    const there = await speakerChoicesInBackground(c.text, span, { registry: c.registry });
    assert.deepEqual(there, speakerChoices(c.text, span, { registry: c.registry, analyser: winkAnalysis }));
    assert.ok(there.suggested);
  });

  it('a cancelled run gives no result, and the next run still does', async () => {
    const text = longDocument(300);
    const old = suggestInBackground(text, {});
    old.cancel();
    assert.equal(await old.result, undefined);
    const next = await suggestInBackground(text, {}).result;
    assert.equal(next?.length, suggestQuotes(text, { analyser: winkAnalysis }).length);
  });

  it('analyses paragraph by paragraph, pausing between them, with the same result as all at once', async () => {
    // Not cached yet: each paragraph differs from those of the other tests.
    const text = longDocument(400).replace(/harbour/g, 'port');
    let pauses = 0;
    const sliced = await winkAnalysisInSlices(text, async () => {
      pauses++;
      await new Promise((resolve) => setImmediate(resolve));
    }, () => false);
    assert.deepEqual(sliced, winkAnalysis(text));
    assert.ok(pauses >= 1, 'a 400-paragraph document is analysed in more than one slice');
    const stopped = await winkAnalysisInSlices(text.replace(/port/g, 'dock'), () => new Promise((resolve) => setImmediate(resolve)), () => true);
    assert.equal(stopped, undefined, 'cancelled at the first pause');
  });

  it('finds an actor by a folded name or alias, the first actor listed winning', () => {
    const fold = (s: string): string => s.toLowerCase();
    const lookup = actorLookup([
      { id: 'a', name: 'Anna Kovalenko', kind: 'person', aliases: ['Kovalenko'], wikidata: null },
      { id: 'b', name: 'Boris Kovalenko', kind: 'person', aliases: ['Kovalenko'], wikidata: null },
    ], fold);
    assert.equal(lookup.findByName('KOVALENKO')?.id, 'a');
    assert.equal(lookup.findByName('boris kovalenko')?.id, 'b');
    assert.equal(lookup.findByName('Olaf'), undefined);
  });
});
