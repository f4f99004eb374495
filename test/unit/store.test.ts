import * as assert from 'node:assert/strict';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { type Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { AnnotationStore, describe as describeProblems, parseRegistryFiles, readRegistryFiles, sidecarLocationFor, type StoreChange } from '../../src/core/files/store';
import { UnreadableFileError } from '../../src/core/errors';
import { TagError, addQuote, draftQuote } from '../../src/core/tagging/tagging';
import { MemoryFiles, SEED_000, readSeed, spanOf } from './helpers/memoryFiles';

const DOC = `/corpus/news/${SEED_000}`;
const SIDECAR = '/corpus/news/000_ce07b70b4b1d5ccc.annotations.yaml';
const REGISTRY = '/corpus/actors.yaml';
const TEXT = readSeed(SEED_000);

function setup(): { files: MemoryFiles; store: AnnotationStore; changes: StoreChange[] } {
  const files = new MemoryFiles();
  const store = new AnnotationStore(files, () => REGISTRY);
  const changes: StoreChange[] = [];
  store.onDidChange((change) => changes.push(change));
  return { files, store, changes };
}

function sidecarOnDisk(files: MemoryFiles): Sidecar {
  const text = files.text(SIDECAR);
  assert.ok(text !== null, 'the sidecar exists');
  const loaded = Sidecar.parse(text);
  if (!loaded.ok) assert.fail(JSON.stringify(loaded.problems));
  return loaded.sidecar;
}

async function registryOnDisk(files: MemoryFiles): Promise<Registry> {
  const read = await readRegistryFiles(files, REGISTRY);
  assert.ok(read.legacy !== null || read.actors.length > 0, 'the registry exists');
  const loaded = parseRegistryFiles(read, 'actors');
  if (!loaded.ok) assert.fail(JSON.stringify(loaded.problems));
  return loaded.registry;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected the promise to reject');
}

describe('store', () => {
  it('puts the sidecar beside the document', () => {
    assert.equal(sidecarLocationFor(DOC), SIDECAR);
    assert.equal(sidecarLocationFor('file:///c/a%20b.txt'), 'file:///c/a%20b.annotations.yaml');
  });

  it('creates the sidecar and the registry on the first edit', async () => {
    const { files, store, changes } = setup();
    assert.equal((await store.sidecar(DOC)).status, 'missing');
    const result = await store.edit(DOC, 'fnv1a:test:1', (sidecar, registry) => {
      const kuleba = registry.add('Dmytro Kuleba', 'person');
      return addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'behind closed doors')), kuleba.id);
    });
    assert.equal(result.speaker, 'dmytro-kuleba');
    const sidecar = sidecarOnDisk(files);
    assert.equal(sidecar.value.document, SEED_000);
    assert.equal(sidecar.value.contentHash, 'fnv1a:test:1');
    assert.deepEqual(sidecar.value.quotes, [result]);
    assert.deepEqual((await registryOnDisk(files)).actors.map((a) => a.id), ['dmytro-kuleba']);
    assert.deepEqual(changes, [{ documents: [DOC], registry: true }]);
    const state = await store.sidecar(DOC);
    assert.equal(state.status, 'ok');
    assert.equal(state.status === 'ok' && state.sidecar.value.quotes.length, 1);
  });

  it('does not write the registry when an edit leaves it alone', async () => {
    const { files, store, changes } = setup();
    await store.edit(DOC, null, (sidecar) => addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'peace formula')), null));
    assert.equal(files.text(REGISTRY), null);
    assert.deepEqual(files.writes, [SIDECAR]);
    assert.deepEqual(changes, [{ documents: [DOC], registry: false }]);
  });

  it('reads the files fresh for every edit, so hand edits survive', async () => {
    const { files, store } = setup();
    await store.edit(DOC, null, (sidecar, registry) => {
      registry.add('Dmytro Kuleba', 'person');
      addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'behind closed doors')), 'dmytro-kuleba');
    });
    // Someone edits both files by hand between two edits.
    files.put(SIDECAR, files.text(SIDECAR)!.replace('version: 1\n', 'version: 1\nreviewer: alice # hand edit\n'));
    files.put('/corpus/actors/joe-biden.yaml', 'name: Joe Biden\nkind: person # added by hand\n');
    files.put('/corpus/actors/dmytro-kuleba.yaml', `# checked by alice\n${files.text('/corpus/actors/dmytro-kuleba.yaml')!}`);
    await store.edit(DOC, null, (sidecar, registry) => {
      assert.ok(registry.get('joe-biden'), 'the edit sees the hand-added actor');
      registry.add('Alexey Arestovich', 'person');
      addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'peace formula')), null);
    });
    const sidecarText = files.text(SIDECAR)!;
    assert.ok(sidecarText.includes('reviewer: alice # hand edit'), sidecarText);
    assert.deepEqual(sidecarOnDisk(files).value.quotes.map((q) => q.anchor.exact), ['behind closed doors', 'peace formula']);
    assert.equal(files.text('/corpus/actors/joe-biden.yaml'), 'name: Joe Biden\nkind: person # added by hand\n');
    await store.edit(DOC, null, (_sidecar, registry) => registry.addAlias('dmytro-kuleba', 'Kuleba'));
    assert.equal(files.text('/corpus/actors/dmytro-kuleba.yaml'), '# checked by alice\nname: Dmytro Kuleba\nkind: person\naliases:\n  - Kuleba\n');
    assert.deepEqual((await registryOnDisk(files)).actors.map((a) => a.id).sort(), ['alexey-arestovich', 'dmytro-kuleba', 'joe-biden']);
  });

  it('never writes a broken sidecar and reports where it is broken', async () => {
    const { files, store, changes } = setup();
    const broken = 'version: 1\nquotes: x: y\n';
    files.put(SIDECAR, broken);
    const before = files.files.get(SIDECAR)!;
    let called = false;
    const error = await rejection(store.edit(DOC, null, () => {
      called = true;
    }));
    assert.ok(error instanceof UnreadableFileError);
    assert.match(error.message, /line 2, column 9/);
    assert.match(error.message, /^Nothing was written: the sidecar cannot be read/);
    assert.equal(called, false);
    assert.equal(files.files.get(SIDECAR), before);
    assert.equal(files.text(SIDECAR), broken);
    assert.deepEqual(files.writes, []);
    assert.deepEqual(changes, []);
    const state = await store.sidecar(DOC);
    assert.equal(state.status, 'broken');
  });

  it('never writes anything when the registry is broken', async () => {
    const { files, store } = setup();
    files.put(REGISTRY, 'version: 1\nactors:\n  joe:\n    name: Joe\n    kind: human\n');
    const error = await rejection(store.edit(DOC, null, (sidecar) => addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'peace formula')), null)));
    assert.ok(error instanceof UnreadableFileError);
    assert.match(error.message, /^Nothing was written: the actor registry cannot be read .*\(actors\.yaml\)$/);
    assert.match(error.message, /line 5, column 11/);
    assert.deepEqual(files.writes, []);
  });

  it('writes nothing when the edit throws, and carries on with the next edit', async () => {
    const { files, store } = setup();
    const draft = draftQuote(TEXT, spanOf(TEXT, 'peace formula'));
    await store.edit(DOC, null, (sidecar) => addQuote(sidecar, draft, null));
    const afterFirst = files.text(SIDECAR);
    const error = await rejection(store.edit(DOC, null, (sidecar) => addQuote(sidecar, draft, null)));
    assert.ok(error instanceof TagError);
    assert.equal(files.text(SIDECAR), afterFirst);
    assert.equal(files.writes.length, 1);
    await store.edit(DOC, null, (sidecar) => addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'behind closed doors')), null));
    assert.equal(sidecarOnDisk(files).value.quotes.length, 2);
  });

  it('serialises 50 edits fired without waiting, so every one persists', async function () {
    this.timeout(20_000); // 50 YAML round trips: generous for slow machines, no timing is asserted
    const { files, store, changes } = setup();
    files.delayTicks = 2; // reads and writes take a while, so unserialised edits would interleave
    const words = [...TEXT.matchAll(/\b[A-Z][a-z]+\b/g)].slice(0, 50);
    assert.equal(words.length, 50);
    const edits = words.map((m, i) =>
      store.edit(DOC, null, (sidecar, registry) => {
        if (i % 10 === 0) registry.add(`Actor ${i}`, 'other');
        sidecar.addQuote({ id: `q-${i}`, speaker: null, cue: null, direct: false, anchor: createAnchor(TEXT, m.index!, m.index! + m[0].length) });
        return i;
      }),
    );
    assert.deepEqual(await Promise.all(edits), words.map((_, i) => i));
    const sidecar = sidecarOnDisk(files);
    assert.equal(sidecar.value.quotes.length, 50);
    assert.deepEqual(new Set(sidecar.value.quotes.map((q) => q.id)).size, 50);
    assert.equal((await registryOnDisk(files)).actors.length, 5);
    assert.equal(changes.length, 50);
  });

  it('reloads a sidecar changed on disk and tells listeners', async () => {
    const { files, store, changes } = setup();
    await store.edit(DOC, null, (sidecar) => addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'peace formula')), null));
    changes.length = 0;
    await store.reloadSidecar(DOC);
    assert.deepEqual(changes, [], 'nothing changed on disk');
    files.put(SIDECAR, files.text(SIDECAR)!.replace('quotes:\n', 'quotes:\n  # reviewed\n'));
    await store.reloadSidecar(DOC);
    assert.deepEqual(changes, [{ documents: [DOC], registry: false }]);
    store.forget(DOC);
    assert.equal(changes.length, 2);
    assert.equal(store.peekSidecar(DOC), undefined);
  });

  it('describes the first problem with its position', () => {
    assert.equal(describeProblems([]), 'unknown problem');
    assert.equal(
      describeProblems([{ message: 'bad', line: 3, column: 4 }, { message: 'worse', line: 5, column: 1 }]),
      'line 3, column 4: bad (and 1 more)',
    );
  });
});
