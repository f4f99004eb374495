/**
 * Export Quotes… from the palette: every format of the core's table
 * (src/core/exports/formats.ts, loaded at the first export), over the workspace's corpus, read by
 * the same loader as the CLI. An export never writes into the corpus by
 * default and never over a document: the dialog starts in the last export
 * folder, else Downloads, else the home folder (else the workspace's
 * parent), and a folder format (brat) goes to a new folder.
 */

import * as vscode from 'vscode';
import { host } from '../node/extensionHost';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import { describeCounts, exportTargetProblem, loadAnnotatedDocuments, type AnnotationFormat } from '../core/exports/exportFormats';
import { exportFormats } from '../node/exportFormats';
import type { Registry } from '../core/files/registry';
import type { AnnotationStore } from '../core/files/store';
import { SIDECAR_SUFFIX } from '../core/files/sidecar';
import { basename, dirname, relativeTo } from '../core/text/paths';
import { TagError } from '../core/tagging/tagging';
import { registryLocations } from './actorsTree';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';
import type { Config } from './config';

/** Where the folder of the last export is remembered (global state: it is the user's, not the corpus's). */
export const LAST_EXPORT_FOLDER_KEY = 'seedAnnotator.lastExportFolder';

const encoder = new TextEncoder();

/** What the Export command needs. */
export interface ExportDeps {
  readonly index: CorpusIndex;
  readonly store: AnnotationStore;
  /** Remembers the last export folder. */
  readonly memory: vscode.Memento;
  readonly config: Config;
}

/** Runs Export Quotes…; `format` and `target` skip the questions (for keybindings and tests). Returns the files written. */
export async function exportCorpus(deps: ExportDeps, format?: unknown, target?: unknown): Promise<string[] | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new TagError('Open the corpus folder first.');
  const formats = await exportFormats();
  const chosen =
    formats.find((f) => f.id === format) ??
    (await vscode.window.showQuickPick(
      formats.map((f) => ({ label: f.label, detail: f.detail, format: f })),
      { title: 'Export quotes as…' },
    ))?.format;
  if (!chosen) return undefined;
  const root = toLocation(folder.uri);
  const documents = [...deps.index.all()].map((e) => e.location);
  let out: vscode.Uri | undefined = typeof target === 'string' ? vscode.Uri.file(target) : target instanceof vscode.Uri ? target : undefined;
  if (!out) {
    const start = await defaultExportFolder(deps.memory, folder.uri);
    const name = chosen.target === 'folder' ? `${basename(folder.uri.path)}-${chosen.id}` : `quotes.${chosen.extension}`;
    out = await vscode.window.showSaveDialog({
      defaultUri: await freeName(vscode.Uri.joinPath(start, name)),
      title: chosen.target === 'folder' ? `New folder for the ${chosen.label} export` : `Export quotes as ${chosen.label}`,
      saveLabel: 'Export',
      ...(chosen.target === 'file' ? { filters: { [chosen.label]: [chosen.extension] } } : {}),
    });
  }
  if (!out) return undefined;
  const registryLocation = registryLocations(deps.config)[0]!;
  const problem = exportTargetProblem(chosen, toLocation(out), { root, registryLocation, documents });
  if (problem) throw new TagError(problem);
  if (chosen.target === 'folder' && (await folderHoldsFiles(out))) {
    throw new TagError(`Nothing was exported: ${out.fsPath} is not empty, and a ${chosen.label} export goes to a new folder. Choose a new or empty folder.`);
  }

  const registryState = await deps.store.registryAt(registryLocation);
  const registry: Registry | null = registryState.status === 'ok' ? registryState.registry : null;
  const pathOf = (location: string): string => {
    const relative = relativeTo(root, location);
    return relative === null ? basename(toUri(location).path) : decodeURIComponent(relative);
  };
  const written: string[] = [];
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting as ${chosen.label}` }, async () => {
    const sidecars = (await vscode.workspace.findFiles(new vscode.RelativePattern(toUri(root), `**/*${SIDECAR_SUFFIX}`))).map(toLocation);
    const { documents: annotated, skipped } = await loadAnnotatedDocuments(deps.index.all(), workspaceFiles, pathOf, sidecars);
    const exported = chosen.export({ documents: annotated, registry, withMentions: false });
    for (const file of exported.files) {
      const uri = file.path === '' ? out! : vscode.Uri.joinPath(out!, ...file.path.split('/'));
      await vscode.workspace.fs.writeFile(uri, encoder.encode(file.text));
      written.push(uri.fsPath);
    }
    return { ...exported, skipped: [...skipped, ...exported.skipped] };
  });
  await deps.memory.update(LAST_EXPORT_FOLDER_KEY, vscode.Uri.joinPath(out, '..').toString());
  void announce(chosen, out, result);
  return written;
}

/** The toast: the full path, what was exported, what was left out, and Open / Reveal. */
async function announce(format: AnnotationFormat, out: vscode.Uri, result: { quotes: number; mentions: number; skipped: readonly string[] }): Promise<void> {
  const left = result.skipped.length;
  const note = left ? ` ${left} left out: ${result.skipped.slice(0, 2).join('; ')}${left > 2 ? '; …' : ''}` : '';
  const counts = describeCounts(result, format.target === 'folder' || format.id === 'w3c');
  const choice = await vscode.window.showInformationMessage(`Exported ${counts} as ${format.label} to ${out.fsPath}.${note}`, 'Open', 'Reveal');
  if (choice === 'Open') {
    const file = format.target === 'file' ? out : vscode.Uri.joinPath(out, 'annotation.conf');
    await vscode.commands.executeCommand('vscode.open', file);
  } else if (choice === 'Reveal') {
    await vscode.commands.executeCommand('revealFileInOS', out);
  }
}

/**
 * Where the export dialog starts: the last export folder, else Downloads,
 * else the home folder, else the workspace's parent; never inside the corpus.
 */
export async function defaultExportFolder(memory: vscode.Memento, corpus: vscode.Uri): Promise<vscode.Uri> {
  const remembered = memory.get<string>(LAST_EXPORT_FOLDER_KEY);
  const home = host.homeDir;
  const candidates = [
    ...(remembered ? [vscode.Uri.parse(remembered)] : []),
    ...(home ? [vscode.Uri.file(`${home}/Downloads`), vscode.Uri.file(home)] : []),
  ];
  const root = toLocation(corpus);
  for (const candidate of candidates) {
    const location = toLocation(candidate);
    if (location === root || relativeTo(root, location) !== null) continue;
    if (await isFolder(candidate)) return candidate;
  }
  return toUri(dirname(root));
}

/** `name`, or `name-2`, `name-3`… when it is taken. */
async function freeName(uri: vscode.Uri): Promise<vscode.Uri> {
  if (!(await exists(uri))) return uri;
  const name = basename(uri.path);
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 2; ; n++) {
    const next = vscode.Uri.joinPath(uri, '..', `${stem}-${n}${ext}`);
    if (!(await exists(next))) return next;
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

async function folderHoldsFiles(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.readDirectory(uri)).length > 0;
  } catch {
    return false;
  }
}
