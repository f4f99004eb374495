import * as assert from 'node:assert/strict';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { EditHistory } from '../../src/core/files/history';
import { AnnotationStore } from '../../src/core/files/store';
import { addMention, addQuote, draftMention, draftQuote } from '../../src/core/tagging/tagging';
import { MemoryFiles, spanOf } from './helpers/memoryFiles';

// A short text written for these tests.
const TEXT = ' date 2024-05-01\n\n😀 Jane Roe said: “We will not give up.” Roe added that talks would go on.\n';
const DOC = '/corpus/a.txt';
const SIDECAR = '/corpus/a.annotations.yaml';
const REGISTRY = '/corpus/actors.yaml';

function setup(): { files: MemoryFiles; store: AnnotationStore; history: EditHistory } {
  const files = new MemoryFiles();
  const store = new AnnotationStore(files, () => REGISTRY);
  return { files, store, history: new EditHistory(store) };
}

function sidecar(files: MemoryFiles): Sidecar {
  const loaded = Sidecar.parse(files.text(SIDECAR) ?? '');
  if (!loaded.ok) return assert.fail(JSON.stringify(loaded.problems));
  return loaded.sidecar;
}

function registry(files: MemoryFiles): Registry {
  const folder = REGISTRY.replace(/\.yaml$/, '/');
  const actors = [...files.files.keys()].filter((l) => l.startsWith(folder)).map((l) => ({ id: l.slice(folder.length, -'.yaml'.length), text: files.text(l)! }));
  const loaded = Registry.load({ legacy: files.text(REGISTRY), actors });
  if (!loaded.ok) return assert.fail(JSON.stringify(loaded.problems));
  return loaded.registry;
}

async function tagQuote(history: EditHistory, words: string, speaker: string): Promise<string> {
  return history.edit(`tag quote “${words}”`, DOC, null, (s, r) => addQuote(s, draftQuote(TEXT, spanOf(TEXT, words)), (r.findByName(speaker) ?? r.add(speaker, 'person')).id).id);
}

describe('edit history (undo and redo)', () => {
  it('undoes a tag and the actor it created, and redoes both', async () => {
    const { files, history } = setup();
    const id = await tagQuote(history, 'We will not give up.', 'Jane Roe');
    assert.equal(sidecar(files).value.quotes.length, 1);
    const undone = await history.undo();
    assert.equal(undone?.applied, 2);
    assert.deepEqual(undone?.kept, []);
    assert.equal(sidecar(files).value.quotes.length, 0);
    assert.equal(registry(files).get('jane-roe'), undefined, 'the actor the tag created is gone');
    await history.redo();
    assert.equal(sidecar(files).value.quotes[0]?.id, id);
    assert.equal(registry(files).get('jane-roe')?.name, 'Jane Roe');
  });

  it('keeps an actor still referenced by another annotation', async () => {
    const { files, history } = setup();
    await history.edit('tag actor', DOC, null, (s, r) => addMention(s, r, draftMention(TEXT, spanOf(TEXT, 'Jane Roe')), r.add('Jane Roe', 'person')));
    await tagQuote(history, 'We will not give up.', 'Jane Roe');
    await history.undo();
    assert.ok(registry(files).get('jane-roe'));
    await history.undo();
    assert.equal(registry(files).get('jane-roe'), undefined);
    assert.equal(sidecar(files).value.mentions.length, 0);
  });

  it('reverts per annotation: a change made in between is kept, the rest is undone', async () => {
    const { files, store, history } = setup();
    await tagQuote(history, 'We will not give up.', 'Jane Roe');
    await store.edit(DOC, null, (_s, r) => r.add('John Doe', 'person'));
    // A step touching two annotations; then one of them is changed by hand.
    const [a, b] = await history.edit('tag two', DOC, null, (s, r) => [
      addQuote(s, draftQuote(TEXT, spanOf(TEXT, 'talks would go on')), 'jane-roe').id,
      addMention(s, r, draftMention(TEXT, spanOf(TEXT, 'Jane Roe')), r.get('jane-roe')!).mention.id,
    ]);
    await store.edit(DOC, null, (s) => s.update(a!, { speaker: 'john-doe' }));
    const outcome = await history.undo();
    assert.equal(outcome?.applied, 1);
    assert.equal(outcome?.kept.length, 1);
    assert.match(outcome!.kept[0]!, /quote “talks would go on” \(changed since\)/);
    const now = sidecar(files);
    assert.ok(now.has(a!), 'the quote changed in between stays');
    assert.ok(!now.has(b!), 'the untouched mention is undone');
    // Asking again never refuses forever: the entry moved to redo, the next undo goes on.
    const next = await history.undo();
    assert.match(next!.entry.label, /We will not give up/);
  });

  it('undoes an edit of a speaker and a span, and reads the file fresh', async () => {
    const { files, store, history } = setup();
    const id = await tagQuote(history, 'We will not give up.', 'Jane Roe');
    await store.edit(DOC, null, (_s, r) => r.add('John Doe', 'person'));
    await history.edit('edit quote', DOC, null, (s) => {
      s.update(id, { speaker: 'john-doe', direct: false });
      s.setAnchor(id, draftQuote(TEXT, spanOf(TEXT, 'We will not')).anchor);
    });
    // A teammate adds a quote by hand: undo must not drop it.
    await store.edit(DOC, null, (s) => addQuote(s, draftQuote(TEXT, spanOf(TEXT, 'talks would go on')), null));
    await history.undo();
    const q = sidecar(files).value.quotes.find((x) => x.id === id)!;
    assert.equal(q.speaker, 'jane-roe');
    assert.equal(q.direct, true);
    assert.equal(q.anchor.exact, 'We will not give up.');
    assert.equal(sidecar(files).value.quotes.length, 2, 'the quote added in between is still there');
  });

  it('a new step clears the redo stack', async () => {
    const { history } = setup();
    await tagQuote(history, 'We will not give up.', 'Jane Roe');
    await history.undo();
    assert.ok(history.peekRedo());
    await tagQuote(history, 'talks would go on', 'Jane Roe');
    assert.equal(history.peekRedo(), undefined);
  });

  describe('the actor a tag created, left unused after a Remove', () => {
    const remove = (history: EditHistory, id: string): Promise<boolean> => history.edit('remove', DOC, null, (s) => s.remove(id));

    it('is offered once nothing quotes or mentions it', async () => {
      const { history } = setup();
      const id = await tagQuote(history, 'We will not give up.', 'Jane Roe');
      await remove(history, id);
      assert.equal((await history.createdActorLeftUnused(DOC, 'jane-roe'))?.name, 'Jane Roe');
    });

    it('is not offered while a mention still names it', async () => {
      const { history } = setup();
      const id = await tagQuote(history, 'We will not give up.', 'Jane Roe');
      await history.edit('tag actor', DOC, null, (s, r) => addMention(s, r, draftMention(TEXT, spanOf(TEXT, 'Jane Roe')), r.get('jane-roe')!));
      await remove(history, id);
      assert.equal(await history.createdActorLeftUnused(DOC, 'jane-roe'), undefined);
    });

    it('is never an actor registered by hand, even with nothing left that refers to it', async () => {
      const { files, store, history } = setup();
      // Registered outside any recorded step (by hand, or by a teammate's pull).
      await store.edit(DOC, null, (_s, r) => r.add('John Doe', 'person'));
      const id = await tagQuote(history, 'We will not give up.', 'John Doe');
      await remove(history, id);
      assert.equal(await history.createdActorLeftUnused(DOC, 'john-doe'), undefined);
      assert.ok(registry(files).get('john-doe'), 'the hand-registered actor stays');
    });
  });
});
