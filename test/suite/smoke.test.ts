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
    const api = (await extension.activate()) as { whenIndexed(): Promise<void>; index: { size: number } } | undefined;
    assert.ok(api && typeof api.whenIndexed === 'function', 'activate() returned the API');
    await api.whenIndexed();
    assert.ok(api.index.size > 0, 'the first scan found the seed documents');
  });

  test('every contributed command is registered, and only those', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    await extension.activate();
    const { contributes } = extension.packageJSON as { contributes: { commands: Array<{ command: string }>; views: Record<string, Array<{ id: string }>> } };
    const contributed = contributes.commands.map((c) => c.command).sort();
    // VS Code adds commands of its own for each view (seedAnnotator.documents.focus, …).
    const views = Object.values(contributes.views).flat().map((v) => `${v.id}.`);
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('seedAnnotator.') && !views.some((v) => id.startsWith(v))).sort();
    assert.deepStrictEqual(registered, contributed);
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
