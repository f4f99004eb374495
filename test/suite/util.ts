/**
 * Shared helpers of the extension-host suites: the extension's API, the test
 * workspace, and waiting on conditions (never on fixed sleeps).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeedAnnotatorApi } from '../../src/extension';
import type { CommandReport } from '../../src/vscode/commandTable';

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

/** How a host test names the QuickPick item to accept. */
export interface Pick {
  /** The item's whole label, or a pattern on it. */
  readonly label: string | RegExp;
  /** Part of the QuickPick's title, to be sure which QuickPick is answered. */
  readonly title?: string;
  /** Text to put in the QuickPick's box first (to filter, or to name a new item). */
  readonly type?: string;
  /** The item must be the active one by itself (Enter takes it). */
  readonly active?: boolean;
  /** In a QuickPick of checkboxes: the item must be checked; Enter accepts the checked items. */
  readonly checked?: boolean;
}


/**
 * Accepts, in the workbench's open QuickPick, the item labelled `pick.label`: the one
 * QuickPick helper of the host tests. The extension host cannot read the workbench's
 * QuickPick, so the runner (test/runner/run-host-tests.mjs) answers the request in the
 * page with the e2e suites' `pickQuickPickItem`. Fails with what the QuickPick showed.
 */
export async function pickByLabel(pick: Pick | string | RegExp): Promise<{ title: string; rows: string[] }> {
  const { label, title, type, active, checked } = typeof pick === 'string' || pick instanceof RegExp ? ({ label: pick } as Pick) : pick;
  const resultFile = process.env.SEED_TEST_RESULT;
  assert.ok(resultFile, 'pickByLabel needs the host-test runner (SEED_TEST_RESULT is not set)');
  const fs = await import('node:fs/promises');
  // Unique across the suites' bundles, each of which has its own copy of this module.
  const seq = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
  const request = { seq, label: typeof label === 'string' ? label : { regexp: label.source, flags: label.flags }, title, type, active, checked };
  await fs.writeFile(`${resultFile}.pick.json.tmp`, JSON.stringify(request));
  await fs.rename(`${resultFile}.pick.json.tmp`, `${resultFile}.pick.json`);
  const answer = await waitFor(`the runner to accept “${String(label)}” in a QuickPick`, async () => {
    const text = await fs.readFile(`${resultFile}.picked.json`, 'utf8').catch(() => '');
    const parsed = text ? (JSON.parse(text) as { seq: string; error?: string; title: string; rows: string[] }) : undefined;
    return parsed?.seq === seq ? parsed : undefined;
  }, 45_000);
  if (answer.error) assert.fail(`could not accept “${String(label)}”: ${answer.error}`);
  return { title: answer.title, rows: answer.rows };
}

/**
 * Runs a command and answers the QuickPicks it shows, in order, with `picks` (by label);
 * fails if the command finishes before every pick was answered. Returns the command's result.
 */
export async function runPicking<T>(picks: readonly (Pick | string | RegExp)[], command: string, ...args: unknown[]): Promise<T> {
  const running = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args));
  const ended = running.then((result) => ({ result }), (error: unknown) => ({ result: `rejected: ${String(error)}` }));
  for (const pick of picks) {
    const label = typeof pick === 'string' || pick instanceof RegExp ? String(pick) : String(pick.label);
    const picking = pickByLabel(pick).then(() => undefined, (error: unknown) => error as Error);
    const first = await Promise.race([picking, ended]);
    // The command may end right after its last pick was taken, before the answer is read.
    const failed = first && 'result' in first ? await picking : first;
    if (failed) {
      const endedWith = await Promise.race([ended, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 0))]);
      assert.fail(endedWith ? `${command} finished (returning ${JSON.stringify(endedWith.result)}) before its QuickPick offered “${label}”: ${failed.message}` : failed.message);
    }
  }
  return running;
}

/**
 * Runs a command (answering its QuickPicks with `picks`) and returns its result with the
 * refusals and failures its guard showed meanwhile.
 */
export async function runReporting<T>(picks: readonly (Pick | string | RegExp)[], command: string, ...args: unknown[]): Promise<{ result: T; reports: CommandReport[] }> {
  const { onDidReportCommand } = await api();
  const reports: CommandReport[] = [];
  const listening = onDidReportCommand((report) => {
    if (report.command === command) reports.push(report);
  });
  try {
    const result = await runPicking<T>(picks, command, ...args).catch((error: unknown) => {
      throw new Error(`${error instanceof Error ? error.message : String(error)}; it reported ${JSON.stringify(reports)}`);
    });
    return { result, reports };
  } finally {
    listening.dispose();
  }
}
