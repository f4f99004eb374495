import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAll, deleteOutside, file, openSeed, SEED_000, SEED_002, writeOutside } from './util';

suite('Language detection by first line', () => {
  suiteSetup(async () => {
    await api();
    await writeOutside(file('lang', 'notes.txt'), 'Shopping list\n\n- date 2024-01-01 is not a header here\n');
    await writeOutside(file('lang', 'bom.txt'), '\uFEFF date 2024-02-29 Leap day\n\nBody.\n');
    await writeOutside(file('lang', 'nospace.txt'), 'date 2024-03-01 No leading space\n\nBody.\n');
    await writeOutside(file('lang', 'crlf.txt'), ' date 2024-03-02 Windows line ends\r\n\r\nBody “quoted” here.\r\n');
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('lang'));
  });

  for (const name of [SEED_000, SEED_002]) {
    test(`${name} is a seed document`, async () => {
      const editor = await openSeed(file(name));
      assert.equal(editor.document.languageId, 'seed');
    });
  }

  for (const name of ['bom.txt', 'nospace.txt', 'crlf.txt']) {
    test(`lang/${name} (header variant) is a seed document`, async () => {
      const editor = await openSeed(file('lang', name));
      assert.equal(editor.document.languageId, 'seed');
    });
  }

  test('a .txt file without a date header stays plain text', async () => {
    const document = await vscode.workspace.openTextDocument(file('lang', 'notes.txt'));
    await vscode.window.showTextDocument(document);
    // Give a wrongly eager promotion the chance to happen before asserting it did not.
    const seed = await openSeed(file(SEED_000));
    assert.equal(seed.document.languageId, 'seed');
    const again = vscode.workspace.textDocuments.find((d) => d.uri.toString() === document.uri.toString());
    assert.equal(again?.languageId, 'plaintext');
  });
});
