import * as assert from 'node:assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'seedlab.seed-annotator';
const SEED = '000_ce07b70b4b1d5ccc.txt';

/** Polls `check` until it returns true or `timeoutMs` passes. */
async function eventually(check: () => boolean, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

suite('Smoke', () => {
  test('the extension is installed and activates', async () => {
    const extension = vscode.extensions.all.find((candidate) => candidate.id.toLowerCase() === EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  test('a seed document opens with language "seed"', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the test window has no workspace folder');
    const uri = vscode.Uri.joinPath(folder.uri, SEED);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document);
    // The extension may set the language itself right after the document opens.
    const current = () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? document;
    await eventually(() => current().languageId === 'seed');
    assert.strictEqual(current().languageId, 'seed', `${SEED} opened as "${current().languageId}"`);
  });
});
