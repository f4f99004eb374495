// Issue 11's leftovers: an import keeps each annotation's `creator` and `created`
// (JSONL and W3C), and renaming an actor also renames it inside the readings of a
// disagreement a merge left open. The texts are written for this test.
import * as assert from 'node:assert/strict';
import { applyRows } from '../../src/core/exports/importAnnotations';
import { readJsonLines } from '../../src/core/exports/jsonl';
import { readWebAnnotations } from '../../src/core/exports/webAnnotation';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

const TEXT = ' date 2024-05-01 Talks 🕊️\n\nAna said “we stay” today.\n';
const QUOTE = 'we stay';
const START = [...TEXT.slice(0, TEXT.indexOf(QUOTE))].length;

describe('import keeps creator and created; renameActor reaches open alternatives', () => {
  it('JSONL: creator and created are read and written to the sidecar; a row without them is stamped as a new tag', () => {
    const line = (extra: Record<string, unknown>) => JSON.stringify({ type: 'quote', document: 'a.txt', start: START, end: START + 7, text: QUOTE, speakerName: 'Ana', cue: 'said', mode: 'direct', ...extra });
    const parsed = readJsonLines([{ path: 'rows.jsonl', text: [line({ id: 'q-kept', creator: 'Marta 🌻', created: '2024-05-02T10:00:00Z' }), line({ id: 'q-new' })].join('\n') }]);
    assert.deepEqual(parsed.refused, []);
    assert.equal(parsed.annotations[0]!.creator, 'Marta 🌻');
    assert.equal(parsed.annotations[0]!.created, '2024-05-02T10:00:00Z');
    assert.equal(parsed.annotations[1]!.creator, undefined);

    const sidecar = Sidecar.create('a.txt', null);
    sidecar.provenance = { creator: 'Importer', created: '2026-01-01T00:00:00Z' };
    const result = applyRows(sidecar, Registry.create(), TEXT, [parsed.annotations[0]!, { ...parsed.annotations[1]!, start: START + 5, end: START + 7, text: 'ay' }]);
    assert.equal(result.added, 2);
    const again = Sidecar.parse(sidecar.toString());
    assert.ok(again.ok);
    const byId = new Map(again.sidecar.value.quotes.map((q) => [q.id, q]));
    assert.equal(byId.get('q-kept')!.creator, 'Marta 🌻');
    assert.equal(byId.get('q-kept')!.created, '2024-05-02T10:00:00Z');
    assert.equal(byId.get('q-new')!.creator, 'Importer');
    assert.equal(byId.get('q-new')!.created, '2026-01-01T00:00:00Z');
  });

  it('JSONL: a creator that is not text is refused with a message', () => {
    const parsed = readJsonLines([{ path: 'rows.jsonl', text: JSON.stringify({ type: 'quote', document: 'a.txt', start: START, end: START + 7, text: QUOTE, creator: 42 }) }]);
    assert.equal(parsed.annotations.length, 0);
    assert.match(parsed.refused[0]!, /^rows\.jsonl:1: "creator" and "created" must be text or null$/);
  });

  it('W3C: the annotation\'s creator (a Person\'s name) and created are read', () => {
    const annotation = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'Annotation',
      motivation: 'tagging',
      creator: { type: 'Person', name: 'Marta 🌻' },
      created: '2024-05-02T10:00:00Z',
      body: [{ type: 'TextualBody', purpose: 'tagging', value: 'quote' }],
      target: { source: 'a.txt', selector: [{ type: 'TextPositionSelector', start: START, end: START + 7 }, { type: 'TextQuoteSelector', exact: QUOTE }] },
    };
    const parsed = readWebAnnotations([{ path: 'a.json', text: JSON.stringify([annotation]) }]);
    assert.deepEqual(parsed.refused, []);
    assert.equal(parsed.annotations[0]!.creator, 'Marta 🌻');
    assert.equal(parsed.annotations[0]!.created, '2024-05-02T10:00:00Z');
  });

  it('renameActor rewrites the actor inside an open disagreement\'s readings, and counts them', () => {
    const loaded = Sidecar.parse([
      'version: 1',
      'document: a.txt',
      'offsetUnit: codepoint',
      'quotes:',
      '  - id: q-1',
      '    speaker: ana',
      `    anchor: { start: ${START}, end: ${START + 7}, exact: "${QUOTE}" }`,
      '    alternatives:',
      '      - { from: ours, speaker: ana }',
      '      - { from: theirs, speaker: bob }',
      'mentions:',
      '  - id: m-1',
      '    actor: bob',
      `    anchor: { start: 27, end: 30, exact: "Ana" }`,
      '    alternatives:',
      '      - { from: ours, actor: bob }',
      '      - { from: theirs, actor: ana }',
      '',
    ].join('\n'));
    assert.ok(loaded.ok);
    assert.equal(loaded.sidecar.renameActor('ana', 'ana-k'), 3);
    const text = loaded.sidecar.toString();
    assert.doesNotMatch(text, /: ana[ ,}\n]/, text);
    assert.match(text, /\{ from: ours, speaker: ana-k \}/);
    assert.match(text, /\{ from: theirs, actor: ana-k \}/);
    assert.match(text, /\{ from: theirs, speaker: bob \}/);
  });
});
