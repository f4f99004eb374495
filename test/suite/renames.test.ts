import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { DELETE_SIDECAR, KEEP_SIDECAR, REATTACH } from '../../src/vscode/documentMoves';
import { api, closeAll, deleteOutside, file, openSeed, readOutside, SEED_000, SEED_002, waitFor, writeOutside } from './util';

interface SidecarOnDisk {
  document: string;
  quotes: Array<{ anchor: { exact: string } }>;
  mentions: Array<{ anchor: { exact: string } }>;
}

const sidecarName = (name: string): string => name.replace(/\.txt$/, '.annotations.yaml');
const exists = (uri: vscode.Uri): Promise<boolean> => fs.access(uri.fsPath).then(() => true, () => false);

/** Opens a document and checks that every annotation of its sidecar is highlighted on its words. */
async function assertHighlighted(uri: vscode.Uri): Promise<void> {
  const { highlights } = await api();
  const onDisk = parse(await readOutside(vscode.Uri.joinPath(uri, '..', sidecarName(uri.path.split('/').pop()!)))) as SidecarOnDisk;
  const editor = await openSeed(uri);
  const drawn = await waitFor(`${uri.path}: every highlight`, () => {
    const d = highlights.drawnRanges(uri);
    return d.quotes.length === onDisk.quotes.length && d.mentions.length === onDisk.mentions.length && d.quotes.length > 0 && d;
  });
  const shown = drawn.quotes.map((r) => editor.document.getText(r)).sort();
  assert.deepEqual(shown, onDisk.quotes.map((q) => q.anchor.exact).sort());
}

async function rename(from: vscode.Uri, to: vscode.Uri): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.renameFile(from, to);
  assert.ok(await vscode.workspace.applyEdit(edit), `renamed ${from.path}`);
}

suite('Renames, moves and deletes keep annotations', () => {
  const folder = 'moves';
  const original = new Map<string, string>();

  suiteSetup(async () => {
    const { index } = await api();
    for (const name of [SEED_000, SEED_002]) {
      await writeOutside(file(folder, name), await readOutside(file(name)));
      const sidecar = await readOutside(file(sidecarName(name)));
      original.set(name, sidecar);
      await writeOutside(file(folder, sidecarName(name)), sidecar);
    }
    await waitFor('the copies in the index', () => index.get(file(folder, SEED_002).toString()));
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file(folder));
  });

  test('renaming a document through the workspace API moves its sidecar, whose document field follows', async () => {
    const from = file(folder, SEED_000);
    const to = file(folder, 'ukraine-talks.txt');
    await rename(from, to);
    assert.ok(await exists(file(folder, 'ukraine-talks.annotations.yaml')), 'the sidecar moved in the same operation');
    assert.ok(!(await exists(file(folder, sidecarName(SEED_000)))), 'nothing left behind');
    await waitFor('the document field to follow', async () => (parse(await readOutside(file(folder, 'ukraine-talks.annotations.yaml'))) as SidecarOnDisk).document === 'ukraine-talks.txt');
    await assertHighlighted(to);
  });

  test('moving a document into another folder takes its sidecar along', async () => {
    const to = file(folder, 'archive', 'biden-warning.txt');
    await rename(file(folder, SEED_002), to);
    assert.ok(await exists(file(folder, 'archive', 'biden-warning.annotations.yaml')));
    await waitFor('the document field to follow', async () => (parse(await readOutside(file(folder, 'archive', 'biden-warning.annotations.yaml'))) as SidecarOnDisk).document === 'biden-warning.txt');
    await assertHighlighted(to);
  });

  test('renaming a folder of documents keeps every annotation; the index follows, nothing is orphaned', async () => {
    const { index, store } = await api();
    await closeAll();
    await rename(file(folder, 'archive'), file(folder, 'old-news'));
    const moved = file(folder, 'old-news', 'biden-warning.txt');
    await waitFor('the index to follow the folder', () => index.get(moved.toString()) && !index.get(file(folder, 'archive', 'biden-warning.txt').toString()));
    const state = await store.sidecar(moved.toString());
    assert.equal(state.status, 'ok');
    assert.equal(state.status === 'ok' && state.sidecar.value.document, 'biden-warning.txt');
    await assertHighlighted(moved);
  });

  test('a rename done outside VS Code is offered for re-attaching, and Re-attach moves the sidecar', async () => {
    const { documentMoves } = await api();
    const offered: string[] = [];
    const previous = documentMoves.notify;
    // The first offer is dismissed: it must come again with the next change in the folder.
    let dismiss = true;
    documentMoves.notify = async (message, ...choices) => {
      offered.push(message);
      return !dismiss && choices.includes(REATTACH) ? REATTACH : undefined;
    };
    try {
      await closeAll();
      await fs.rename(file(folder, 'ukraine-talks.txt').fsPath, file(folder, 'renamed-by-a-script.txt').fsPath);
      await waitFor('the offer to re-attach', () => offered.length === 1, 15000);
      dismiss = false;
      await writeOutside(file(folder, 'unrelated-note.txt'), ' date 2024-02-02 A note\n\nNothing quoted here.\n');
      // Re-attach writes the sidecar beside the document, then deletes the old one.
      await waitFor('the re-attached sidecar', async () => (await exists(file(folder, 'renamed-by-a-script.annotations.yaml'))) && !(await exists(file(folder, 'ukraine-talks.annotations.yaml'))), 15000);
      assert.equal(offered.length, 2, 'offered once, dismissed, and offered again at the next change');
      assert.equal(offered[1], offered[0]);
      await deleteOutside(file(folder, 'unrelated-note.txt'));
      assert.match(offered[1]!, /^renamed-by-a-script\.txt looks like the renamed ukraine-talks\.txt: its \d+ annotations \(same content hash\) are in ukraine-talks\.annotations\.yaml\. Re-attach them\?$/);
      await assertHighlighted(file(folder, 'renamed-by-a-script.txt'));
    } finally {
      documentMoves.notify = previous;
    }
  });

  test('a move done outside into another folder is offered for re-attaching; an ambiguous one is listed, never offered', async () => {
    const { documentMoves, index } = await api();
    const offered: string[] = [];
    const previous = documentMoves.notify;
    documentMoves.notify = async (message, ...choices) => {
      offered.push(message);
      return choices.includes(REATTACH) ? REATTACH : undefined;
    };
    try {
      await closeAll();
      // Across folders: the sidecar stays in old-news/, its document goes to elsewhere/ under a new name.
      await fs.mkdir(file(folder, 'elsewhere').fsPath, { recursive: true });
      await fs.rename(file(folder, 'old-news', 'biden-warning.txt').fsPath, file(folder, 'elsewhere', 'biden.txt').fsPath);
      await waitFor('the re-attached sidecar in the other folder', async () => (await exists(file(folder, 'elsewhere', 'biden.annotations.yaml'))) && !(await exists(file(folder, 'old-news', 'biden-warning.annotations.yaml'))), 15000);
      assert.equal(offered.length, 1);
      assert.match(offered[0]!, /^biden\.txt looks like the renamed biden-warning\.txt: its \d+ annotations \(same content hash\) are in biden-warning\.annotations\.yaml\. Re-attach them\?$/);
      assert.equal((parse(await readOutside(file(folder, 'elsewhere', 'biden.annotations.yaml'))) as SidecarOnDisk).document, 'biden.txt');
      await assertHighlighted(file(folder, 'elsewhere', 'biden.txt'));
      await closeAll();

      // A copy of the same article, unannotated, in a third folder: the moved document is no longer the only fit.
      const text = await readOutside(file(folder, 'elsewhere', 'biden.txt'));
      await writeOutside(file(folder, 'copies', 'biden-copy.txt'), text);
      await waitFor('the copy in the index', () => index.get(file(folder, 'copies', 'biden-copy.txt').toString()));
      await fs.mkdir(file(folder, 'later').fsPath, { recursive: true });
      await fs.rename(file(folder, 'elsewhere', 'biden.txt').fsPath, file(folder, 'later', 'biden.txt').fsPath);
      const sidecar = file(folder, 'elsewhere', 'biden.annotations.yaml').toString();
      const tangle = await waitFor('the ambiguity to be listed', () => documentMoves.ambiguous.find((a) => a.sidecars.includes(sidecar)), 15000);
      assert.deepEqual([...tangle.documents].sort(), [file(folder, 'copies', 'biden-copy.txt').toString(), file(folder, 'later', 'biden.txt').toString()].sort());
      assert.equal(offered.length, 1, 'no offer for an ambiguous pairing');
      assert.ok(await exists(file(folder, 'elsewhere', 'biden.annotations.yaml')), 'the sidecar stays where it is');
    } finally {
      documentMoves.notify = previous;
    }
  });

  test('deleting a document asks about its sidecar: kept, or deleted with it', async () => {
    const { documentMoves } = await api();
    const asked: string[] = [];
    const previous = documentMoves.ask;
    try {
      await closeAll();
      await writeOutside(file(folder, 'keep.txt'), ' date 2024-01-01 Keep\n\nText.\n');
      await writeOutside(file(folder, 'keep.annotations.yaml'), original.get(SEED_000)!.replace(/^document: .*$/m, 'document: keep.txt'));
      documentMoves.ask = async (message) => {
        asked.push(message);
        return KEEP_SIDECAR;
      };
      const keep = new vscode.WorkspaceEdit();
      keep.deleteFile(file(folder, 'keep.txt'));
      assert.ok(await vscode.workspace.applyEdit(keep));
      assert.equal(asked.length, 1);
      assert.match(asked[0]!, /^The annotations of keep\.txt are in keep\.annotations\.yaml\. Delete it too, or keep it to re-attach later\?$/);
      assert.ok(await exists(file(folder, 'keep.annotations.yaml')), 'kept when asked to');
      // Its annotations (none of which fit the new text) were under review; a document that is gone has none.
      const { anchors } = await api();
      await waitFor('the deleted document to leave Needs review', () => anchors.review.itemsOf(file(folder, 'keep.txt').toString()).length === 0);

      documentMoves.ask = async (message) => {
        asked.push(message);
        return DELETE_SIDECAR;
      };
      const gone = new vscode.WorkspaceEdit();
      gone.deleteFile(file(folder, 'renamed-by-a-script.txt'));
      assert.ok(await vscode.workspace.applyEdit(gone));
      assert.equal(asked.length, 2);
      assert.ok(!(await exists(file(folder, 'renamed-by-a-script.annotations.yaml'))), 'deleted with its document');
    } finally {
      documentMoves.ask = previous;
    }
  });
});
