/**
 * Merge conflicts in the editor: the command Resolve Merge Conflict by
 * Annotation Id (merge by id, then one QuickPick per disagreement), its
 * CodeLens and quick fix on a conflicted sidecar or actor file, and the
 * once-per-repository offer to install the merge driver. The merging is the
 * core's (src/core/merge); this is the shell that asks the user.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { checkDisagreements } from '../core/corpus/checks';
import { MERGE_CONFLICT_MESSAGE } from '../core/files/yamlFile';
import { documentLocationForSidecar, sidecarLocationFor, type AnnotationStore } from '../core/files/store';
import { firstConflictLine, hasConflictMarkers } from '../core/merge/conflictMarkers';
import { isMergeByIdFile } from '../core/merge/gitAttributes';
import { describeAlternative, mayNeedResolving, resolveConflictText, settleDisagreements, type Disagreement, type Settlement } from '../core/merge/mergeById';
import { TagError } from '../core/tagging/tagging';
import { basename } from '../core/text/paths';
import { host } from '../node/extensionHost';
import { toLocation, workspaceFiles } from './workspaceFiles';
import type { Config } from './config';

/** The command's id. */
export const RESOLVE_COMMAND = 'seedAnnotator.resolveMergeConflict';
/** The command that installs the merge driver. */
export const GIT_SETUP_COMMAND = 'seedAnnotator.installMergeDriver';

const decoder = new TextDecoder('utf-8');

/** The files the extension merges by id, for providers. */
export const MERGE_FILES_SELECTOR: vscode.DocumentSelector = [
  { pattern: '**/*.annotations.yaml' },
  { pattern: '**/actors.yaml' },
  { pattern: '**/actors/*.yaml' },
];

/** How the user settles one disagreement; undefined (Escape) keeps both readings. */
export type DisagreementPicker = (disagreement: Disagreement, index: number, total: number, file: string) => Promise<number | 'both' | undefined>;

/** One QuickPick per disagreement: ours, theirs, or both kept as alternatives. */
export const quickPickDisagreement: DisagreementPicker = async (disagreement, index, total, file) => {
  type Item = vscode.QuickPickItem & { pick: number | 'both' };
  const items: Item[] = disagreement.alternatives.map((alternative, i) => ({
    label: `$(${i === 0 ? 'arrow-left' : 'arrow-right'}) ${describeAlternative(alternative).replace(/^[^:]*: /, '')}`,
    description: alternative.from,
    pick: i,
  }));
  items.push({ label: '$(split-horizontal) Keep both as alternatives', description: 'settle later', detail: 'The file keeps both readings; check reports the disagreement until one is chosen.', pick: 'both' });
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Disagreement ${index + 1} of ${total} in ${file}: ${disagreement.id ?? 'the file'}`,
    placeHolder: 'The two sides of the merge disagree. Which reading is right?',
    ignoreFocusOut: true,
  });
  return chosen?.pick;
};

/** The command, its CodeLens and quick fix, and the merge driver offer. */
export class MergeConflicts extends Disposable implements vscode.CodeLensProvider, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  /** Problems of actor files (`actors/<id>.yaml`) open in an editor; sidecars and `actors.yaml` are the corpus diagnostics'. */
  private readonly actorFileProblems = vscode.languages.createDiagnosticCollection('seedAnnotator.actorFiles');

  constructor(
    private readonly store: AnnotationStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Config,
    /** Replaced by tests to answer the QuickPick. */
    public picker: DisagreementPicker = quickPickDisagreement,
    /** Shows the merge driver offer; replaced by tests to answer it. */
    public ask: (message: string, ...answers: string[]) => Thenable<string | undefined> = (message, ...answers) => vscode.window.showInformationMessage(message, ...answers),
  ) {
    super();
    this._register(
      this.actorFileProblems,
      vscode.workspace.onDidOpenTextDocument((d) => this.checkActorFile(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.checkActorFile(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.actorFileProblems.delete(d.uri)),
      vscode.languages.registerCodeLensProvider(MERGE_FILES_SELECTOR, this),
      vscode.languages.registerCodeActionsProvider(MERGE_FILES_SELECTOR, this, { providedCodeActionKinds: MergeConflicts.providedCodeActionKinds }),
    );
    for (const document of vscode.workspace.textDocuments) this.checkActorFile(document);
  }

  /** The merge conflict or the disagreements of an open actor file, in the Problems panel. */
  private checkActorFile(document: vscode.TextDocument): void {
    if (!/\/actors\/[^/]+\.ya?ml$/.test(document.uri.path)) return;
    const text = document.getText();
    const conflictLine = firstConflictLine(text);
    const problems = conflictLine !== null
      ? [{ line: conflictLine, severity: vscode.DiagnosticSeverity.Error, code: 'merge-conflict', message: `actor file: ${MERGE_CONFLICT_MESSAGE}` }]
      : checkDisagreements(toLocation(document.uri), text).map((p) => ({ line: p.line, severity: vscode.DiagnosticSeverity.Warning, code: p.code, message: p.message }));
    this.actorFileProblems.set(document.uri, problems.map((p) => {
      const line = Math.min(p.line - 1, document.lineCount - 1);
      const diagnostic = new vscode.Diagnostic(document.lineAt(line).range, p.message, p.severity);
      diagnostic.source = 'Seed Annotator';
      diagnostic.code = p.code;
      return diagnostic;
    }));
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const text = document.getText();
    const line = firstConflictLine(text);
    const lines: number[] = line !== null ? [line] : text.includes('alternatives:') ? disagreementLines(text) : [];
    return lines.map((n) => new vscode.CodeLens(new vscode.Range(n - 1, 0, n - 1, 0), {
      title: line !== null ? '$(git-merge) Resolve Merge Conflict by Annotation Id' : '$(git-merge) Settle Disagreement…',
      command: RESOLVE_COMMAND,
      arguments: [document.uri],
    }));
  }

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const relevant = context.diagnostics.filter((d) => d.code === 'merge-conflict' || d.code === 'merge-disagreement');
    if (relevant.length === 0) return [];
    const action = new vscode.CodeAction('Resolve Merge Conflict by Annotation Id', vscode.CodeActionKind.QuickFix);
    action.diagnostics = relevant;
    action.isPreferred = true;
    action.command = { command: RESOLVE_COMMAND, title: 'Resolve Merge Conflict by Annotation Id', arguments: [document.uri] };
    return [action];
  }

  /**
   * Resolves the merge conflicts of a file (the one given, else the active
   * editor's sidecar or actor file, else every conflicted one in the
   * workspace): merged by id, then each disagreement asked about.
   */
  async resolve(arg?: unknown): Promise<void> {
    const targets = arg instanceof vscode.Uri ? [toLocation(arg)] : await this.targets();
    if (targets.length === 0) {
      void vscode.window.showInformationMessage('No merge conflicts or disagreements to resolve: no sidecar or actor file holds conflict markers or alternatives.');
      return;
    }
    for (const location of targets) await this.resolveFile(location);
  }

  private async resolveFile(location: string): Promise<void> {
    const name = basename(location);
    const open = vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location);
    if (open?.isDirty) throw new TagError(`Nothing was resolved: the file has unsaved changes, and resolving rewrites it. Save or revert it first. (${name})`);
    const bytes = await workspaceFiles.read(location);
    if (bytes === null) throw new TagError(`Nothing to resolve: the file no longer exists. (${name})`);
    const before = decoder.decode(bytes);
    const merged = resolveConflictText(before);
    if (!merged.ok) throw new TagError(`The conflict could not be merged by id, so the file was left as it is: ${merged.problem}. Resolve it by hand. (${name})`);
    const settlements: Settlement[] = [];
    let kept = 0;
    for (const [i, disagreement] of merged.disagreements.entries()) {
      // Escape keeps both readings: a disagreement is never decided for the user.
      const pick = (await this.picker(disagreement, i, merged.disagreements.length, name)) ?? 'both';
      if (pick === 'both') kept++;
      settlements.push({ collection: disagreement.collection, id: disagreement.id, pick });
    }
    const settled = settleDisagreements(merged.text, settlements);
    if (!settled.ok) throw new TagError(`The disagreements could not be settled, so the file was left as it is: ${settled.problem}. Settle them by hand. (${name})`);
    if (settled.text !== before) {
      // Checked against the text read, locked and atomic; the store then reloads the sidecar or registry.
      await this.store.replaceFiles([{ location, before, after: settled.text }], name.endsWith('.annotations.yaml') ? [documentLocationForSidecar(location)] : []);
    }
    const parts = [hasConflictMarkers(before) ? `merged ${name} by id` : `${name}`];
    const settledCount = merged.disagreements.length - kept;
    if (settledCount) parts.push(`${settledCount} disagreement${settledCount === 1 ? '' : 's'} settled`);
    if (kept) parts.push(`${kept} kept as alternatives (check reports them until settled)`);
    this.log.info(`resolve: ${parts.join(', ')}`);
    void vscode.window.showInformationMessage(`Seed Annotator: ${parts.join(', ')}.`);
  }

  /** The files to resolve when none is given. */
  private async targets(): Promise<string[]> {
    const editor = vscode.window.activeTextEditor;
    if (editor) {
      const location = toLocation(editor.document.uri);
      const candidates = isMergeByIdFile(editor.document.uri.path) ? [location] : editor.document.languageId === 'seed' ? [sidecarLocationFor(location), this.store.registryLocationFor(location)] : [];
      const found = (await Promise.all(candidates.map(async (c) => ((await needsResolving(c)) ? c : null)))).filter((c): c is string => c !== null);
      if (found.length) return found;
    }
    const files = await vscode.workspace.findFiles('**/*.yaml', '**/{node_modules,.git}/**');
    const conflicted: string[] = [];
    for (const uri of files) if (isMergeByIdFile(uri.path) && (await needsResolving(toLocation(uri)))) conflicted.push(toLocation(uri));
    return conflicted.sort();
  }

  /**
   * Offers, once per git repository, to install the merge driver. The answer
   * is remembered (a dismissed offer too), so it is never asked again.
   */
  async offerMergeDriver(memento: vscode.Memento, cli: readonly string[]): Promise<void> {
    if (!this.config.offerMergeDriver) return;
    const git = host.git;
    if (!git) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const repository = await git.topLevel(folder.uri.fsPath);
      if (!repository) continue;
      const key = `mergeDriverOffer:${repository}`;
      if (memento.get(key) !== undefined) continue;
      await memento.update(key, 'asked');
      const answer = await this.ask(
        `Merge annotations by id in ${basename(repository)}? Installing the Seed Annotator merge driver lets local git merges keep both annotators' quotes and actors, and marks true disagreements instead of leaving conflict markers.`,
        'Install Merge Driver',
        'Not for This Repository',
      );
      await memento.update(key, answer === 'Install Merge Driver' ? 'installed' : 'declined');
      if (answer === 'Install Merge Driver') await this.installMergeDriver(folder.uri, cli);
    }
  }

  /** Runs git-setup for a workspace folder (the first one when none is given). */
  async installMergeDriver(arg: unknown, cli: readonly string[]): Promise<void> {
    const folder = arg instanceof vscode.Uri ? arg : vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
    if (!folder || folder.scheme !== 'file') throw new TagError('Open the corpus folder (on this computer) first: the merge driver is installed in its git repository.');
    if (!host.git) throw new TagError('The merge driver needs git, which a browser VS Code cannot run: install it from a desktop VS Code or with `seed-annotator git-setup` in a terminal.');
    const registryName = this.config.registryFileName;
    const result = await host.git.setup(folder.fsPath, cli, registryName);
    const what = result.addedAttributes.length ? 'added the .gitattributes lines (commit them) and set the driver in the local git config' : result.configChanged ? 'set the driver in the local git config' : 'it was already installed';
    void vscode.window.showInformationMessage(`Seed Annotator merge driver: ${what}.`);
  }
}

/** The words that start the bundled CLI from git, for the driver command (none in the browser). */
export function bundledCli(extensionPath: string): string[] {
  return host.git?.cliCommand(extensionPath) ?? [];
}

async function needsResolving(location: string): Promise<boolean> {
  const bytes = await workspaceFiles.read(location).catch(() => null);
  if (!bytes) return false;
  const text = decoder.decode(bytes);
  if (!mayNeedResolving(text)) return false;
  if (hasConflictMarkers(text)) return true;
  const merged = resolveConflictText(text);
  return merged.ok && (merged.text !== text || merged.disagreements.length > 0);
}

function disagreementLines(text: string): number[] {
  const merged = resolveConflictText(text);
  return merged.ok ? merged.disagreements.map((d) => d.line) : [];
}
