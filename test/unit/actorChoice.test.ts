import * as assert from 'node:assert/strict';
import { acceptedChoice, actorsByDistance, containsWords, matchTyped, rankActors } from '../../src/core/tagging/actorChoice';
import { Registry } from '../../src/core/files/registry';

// A registry written for these tests.
function registry(): Registry {
  const r = Registry.create();
  r.add('Jane Roe', 'person', ['Roe']);
  r.add('Ministry of Truth', 'organisation');
  r.add('Zoë Ångström', 'person');
  r.add('Acme Corp', 'organisation');
  return r;
}

describe('actor picker: ranking and what Enter means', () => {
  const reg = registry();
  const id = (name: string): string => reg.findByName(name)!.id;

  it('lists suggestions first, then the document’s actors nearest first, then the rest in registry order, each once', () => {
    const ranking = rankActors(reg, [id('Acme Corp'), id('Jane Roe')], [
      { name: 'Roe', actorId: null, detail: 'the suggested speaker' },
      { name: 'Jane Roe', actorId: null },
      { name: 'Pat Doe', actorId: null },
      { name: 'pat  doe', actorId: null },
    ]);
    assert.deepEqual(ranking.suggested.map((c) => ('actor' in c && c.actor ? c.actor.name : `new ${'newName' in c ? c.newName : ''}`)), ['Jane Roe', 'new Pat Doe']);
    assert.equal(ranking.suggested[0]!.detail, 'the suggested speaker');
    const fresh = ranking.suggested[1]!;
    assert.ok('newKind' in fresh && fresh.newKind === 'person');
    assert.deepEqual(ranking.local.map((a) => a.name), ['Acme Corp', 'Jane Roe']);
    assert.deepEqual(ranking.others.map((a) => a.name), ['Ministry of Truth', 'Zoë Ångström']);
  });

  it('points typed text at the exact actor, else at the first listed actor with those whole words', () => {
    const listed = [reg.findByName('Ministry of Truth')!, reg.findByName('Jane Roe')!];
    assert.equal(matchTyped(reg, listed, '  roe ').exact?.name, 'Jane Roe');
    assert.equal(matchTyped(reg, listed, 'Truth').partial?.name, 'Ministry of Truth');
    assert.equal(matchTyped(reg, listed, 'Tru').partial, undefined, 'not a whole word');
    assert.equal(matchTyped(reg, listed, 'zoe angstrom').exact?.name, 'Zoë Ångström');
    assert.deepEqual(matchTyped(reg, listed, '   '), { typed: '' });
  });

  it('lets the typed text decide over a lagging selection', () => {
    const jane = { actor: reg.findByName('Jane Roe')! };
    const acme = { actor: reg.findByName('Acme Corp')! };
    assert.equal(acceptedChoice(reg, '', acme), acme, 'nothing typed: the selected item');
    assert.equal(acceptedChoice(reg, 'Roe', acme)?.actor?.name, 'Jane Roe', 'an exact alias wins over the selection');
    assert.equal(acceptedChoice(reg, 'Ja', jane), jane, 'the selection matches what is typed so far');
    assert.deepEqual(acceptedChoice(reg, 'Ja', acme), { newName: 'Ja' }, 'a stale selection is ignored');
    const suggestedNew = { newName: 'Pat Doe', newKind: 'person' as const };
    assert.equal(acceptedChoice(reg, 'Pat Doe', suggestedNew), suggestedNew);
    assert.deepEqual(acceptedChoice(reg, 'Pat', suggestedNew), { newName: 'Pat' });
  });

  it('orders a document’s actors by their distance to the cursor', () => {
    const annotations = [
      { anchor: { start: 100, end: 120 }, speaker: 'far' },
      { anchor: { start: 10, end: 20 }, actor: 'near' },
      { anchor: { start: 40, end: 60 }, speaker: 'inside' },
      { anchor: { start: 200, end: 210 }, speaker: 'near' },
      { anchor: { start: 0, end: 5 }, speaker: null },
    ];
    assert.deepEqual(actorsByDistance(annotations, 50), ['inside', 'near', 'far']);
  });

  it('finds whole words only, folded', () => {
    assert.equal(containsWords('Jane Roe', 'roe'), true);
    assert.equal(containsWords('Jane Roe', 'ro'), false);
    assert.equal(containsWords('Jane Roe', 'R'), false);
  });
});
