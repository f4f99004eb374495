/**
 * Shared helpers of the extension-host suites: the extension's API, the test
 * workspace, and waiting on conditions (never on fixed sleeps).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeedAnnotatorApi } from '../../src/extension';

export const EXTENSION_ID = 'seedlab.seed-annotator';
export const SEED_000 = '000_ce07b70b4b1d5ccc.txt';
export const SEED_002 = '002_ee4912a3b61f8db2.txt';

/** The activated extension's API, after its first scan. */
export async function api(): Promise<SeedAnnotatorApi> {
  const extension = vscode.extensions.getExtension<SeedAnnotatorApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const exported = await extension.activate();
  await exported.whenIndexed();
  return exported;
}

/** The test workspace folder (a fresh copy of seeds/). */
export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test window has no workspace folder');
  return folder.uri;
}

/** A URI in the test workspace. */
export function file(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...segments);
}

/** Polls `check` every 50 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Closes every editor, reverting unsaved changes first so that no save prompt blocks the window. */
export async function closeAll(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Opens a document in an editor and waits until it has the seed language. */
export async function openSeed(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  await waitFor(`${uri.path} to get the seed language`, () => {
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    return doc?.languageId === 'seed';
  });
  const active = vscode.window.activeTextEditor;
  return active && active.document.uri.toString() === uri.toString() ? active : editor;
}

/** Writes a file as another program would, outside the editor. */
export async function writeOutside(uri: vscode.Uri, text: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  await fs.mkdir(path.dirname(uri.fsPath), { recursive: true });
  await fs.writeFile(uri.fsPath, text);
}

/** Deletes a file or folder as another program would, and waits until the index has let go of it. */
export async function deleteOutside(uri: vscode.Uri): Promise<void> {
  const fs = await import('node:fs/promises');
  await fs.rm(uri.fsPath, { recursive: true, force: true });
  const { index } = await api();
  const prefix = `${uri.toString()}/`;
  await waitFor(`${uri.path} to leave the index`, () => ![...index.all()].some((e) => e.location === uri.toString() || e.location.startsWith(prefix)));
}

/** Reads a file from disk. */
export async function readOutside(uri: vscode.Uri): Promise<string> {
  const fs = await import('node:fs/promises');
  return fs.readFile(uri.fsPath, 'utf8');
}

/** Code-point offset and UTF-16 position of `needle` in a document. */
export function find(document: vscode.TextDocument, needle: string, occurrence = 0): vscode.Range {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `“${needle}” (occurrence ${occurrence}) not found in ${document.uri.path}`);
  }
  return new vscode.Range(document.positionAt(at), document.positionAt(at + needle.length));
}

/**
 * Runs a command that shows QuickPicks and accepts the active item of each
 * one as it appears, until the command finishes.
 */
export async function runAcceptingPicks<T>(command: string, ...args: unknown[]): Promise<T> {
  let settled = false;
  const running = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => {
    settled = true;
  });
  const deadline = Date.now() + 15000;
  while (!settled && Date.now() < deadline) {
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    await Promise.race([running.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  return running;
}
