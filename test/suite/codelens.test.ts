import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { api, closeAll, deleteOutside, file, openSeed, readOutside, SEED_000, SEED_002, waitFor, writeOutside } from './util';

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title ?? '');
}

function quoteCount(yaml: string): number {
  const quotes = (parse(yaml) as { quotes?: unknown[] | null }).quotes;
  return Array.isArray(quotes) ? quotes.length : 0;
}

suite('Date-header CodeLens', () => {
  suiteSetup(async () => {
    await api();
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('lens'));
  });

  test('line 1 of each seed reads date · quotes · actors, with Tag quote…, Edit annotation… and Show in documents tree', async () => {
    for (const [name, date] of [[SEED_000, 'Saturday, 4 November 2023'], [SEED_002, 'Sunday, 6 November 2022']] as const) {
      await openSeed(file(name));
      const quotes = quoteCount(await readOutside(file(name.replace('.txt', '.annotations.yaml'))));
      const titles = await waitFor(`the counted lens of ${name}`, async () => {
        const t = await lensTitles(file(name));
        return t[0]?.includes('quote') ? t : undefined;
      });
      assert.match(titles[0]!, new RegExp(`^${date} · ${quotes} quotes · \\d+ actors$`));
      assert.deepEqual(titles.slice(1), ['$(quote) Tag quote…', '$(edit) Edit annotation…', '$(list-tree) Show in documents tree']);
    }
  });

  test('an impossible or missing date gets a lens that says what is wrong', async () => {
    await writeOutside(file('lens', 'impossible.txt'), ' date 2023-02-30 Impossible\n\nBody.\n');
    await openSeed(file('lens', 'impossible.txt'));
    const titles = await lensTitles(file('lens', 'impossible.txt'));
    assert.match(titles[0]!, /Impossible date 2023-02-30: February 2023 has 28 days/);
  });

  test('lenses stay while the user types, and follow a header edit', async () => {
    const editor = await openSeed(file(SEED_002));
    const original = editor.document.getText();
    const before = await lensTitles(file(SEED_002));
    assert.equal(before.length, 4);
    try {
      await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'Typing a new paragraph '));
      assert.deepEqual(await lensTitles(file(SEED_002)), before);
      // Break the date: the lens says so, and never disappears.
      await editor.edit((b) => b.replace(new vscode.Range(0, 6, 0, 16), '2022-11-31'));
      const broken = await lensTitles(file(SEED_002));
      assert.equal(broken.length, 4);
      assert.match(broken[0]!, /Impossible date 2022-11-31: November 2022 has 30 days/);
      // Revert the document itself, whichever editor has the focus by now.
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor('the revert', () => !editor.document.isDirty && editor.document.getText() === original);
      assert.deepEqual(await lensTitles(file(SEED_002)), before);
    } finally {
      // Later suites read this seed: never leave it broken, in the editor or on disk.
      if (editor.document.getText() !== original) {
        const all = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
        const edit = new vscode.WorkspaceEdit();
        edit.replace(editor.document.uri, all, original);
        await vscode.workspace.applyEdit(edit);
        await editor.document.save();
      }
    }
  });
});
