/**
 * Undo and redo of annotation changes in the editor.
 *
 * VS Code's undo stack belongs to text models, and sidecars and the registry
 * are files the user rarely has open, often several at once; so the extension
 * keeps its own steps (core/files/history) and binds them to keys:
 *
 * - Ctrl+Z / Ctrl+Shift+Z in a seed document undo or redo the last annotation
 *   change made there as long as nothing was typed since, so that a tag and
 *   typing undo in the order they were made;
 * - Ctrl+Alt+Z / Ctrl+Alt+Shift+Z (Undo / Redo Annotation Change) reach the
 *   last annotation change from anywhere.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { EditHistory, HistoryEntry, HistoryOutcome } from '../core/files/history';
import { toLocation } from './workspaceFiles';

/** Context key: Ctrl+Z in the focused seed editor undoes an annotation change rather than typing. */
export const UNDO_FIRST_KEY = 'seedAnnotator.annotationUndoFirst';
/** Context key: Ctrl+Shift+Z in the focused seed editor redoes an annotation change. */
export const REDO_FIRST_KEY = 'seedAnnotator.annotationRedoFirst';

type Origin = NonNullable<HistoryEntry['origin']>;

/** Where the user is now: the active seed document and its version. */
export function currentOrigin(): Origin | undefined {
  const document = vscode.window.activeTextEditor?.document;
  if (!document || document.languageId !== 'seed') return undefined;
  return { document: toLocation(document.uri), version: document.version };
}

/** Publishes the undo context keys and runs undo and redo. */
export class AnnotationUndo extends Disposable {
  /** Where each undone step was undone, for redo with Ctrl+Shift+Z. */
  private readonly undoneAt = new WeakMap<HistoryEntry, Origin | undefined>();
  private undoFirst = false;
  private redoFirst = false;

  constructor(readonly history: EditHistory) {
    super();
    const sub = history.onDidChange(() => this.updateKeys());
    this._register(
      { dispose: () => sub.dispose() },
      vscode.window.onDidChangeActiveTextEditor(() => this.updateKeys()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.updateKeys();
      }),
    );
    this.updateKeys();
  }

  /** True when Ctrl+Z in the active editor would undo an annotation change (for tests). */
  get undoComesFirst(): boolean {
    return this.undoFirst;
  }

  private firstHere(origin: Origin | undefined): boolean {
    const now = currentOrigin();
    return Boolean(now && origin && origin.document === now.document && origin.version === now.version);
  }

  private updateKeys(): void {
    const top = this.history.peekUndo();
    const undoFirst = this.firstHere(top?.origin);
    const redoTop = this.history.peekRedo();
    const redoFirst = redoTop ? this.firstHere(this.undoneAt.get(redoTop)) : false;
    if (undoFirst !== this.undoFirst) void vscode.commands.executeCommand('setContext', UNDO_FIRST_KEY, undoFirst);
    if (redoFirst !== this.redoFirst) void vscode.commands.executeCommand('setContext', REDO_FIRST_KEY, redoFirst);
    this.undoFirst = undoFirst;
    this.redoFirst = redoFirst;
  }

  /** Undo Annotation Change. */
  async undo(): Promise<HistoryOutcome | undefined> {
    const origin = currentOrigin();
    const outcome = await this.history.undo();
    if (!outcome) {
      vscode.window.setStatusBarMessage('$(info) No annotation change to undo', 4000);
      return undefined;
    }
    this.undoneAt.set(outcome.entry, origin);
    this.updateKeys();
    report('Undid', outcome, 'Ctrl+Alt+Shift+Z to redo');
    return outcome;
  }

  /** Redo Annotation Change. */
  async redo(): Promise<HistoryOutcome | undefined> {
    const outcome = await this.history.redo();
    if (!outcome) {
      vscode.window.setStatusBarMessage('$(info) No annotation change to redo', 4000);
      return undefined;
    }
    this.updateKeys();
    report('Redid', outcome, 'Ctrl+Alt+Z to undo');
    return outcome;
  }

  /** Ctrl+Z in a seed editor: the annotation change when it came last, else the editor's own undo. */
  async undoInEditor(): Promise<unknown> {
    if (this.firstHere(this.history.peekUndo()?.origin)) return this.undo();
    return vscode.commands.executeCommand('undo');
  }

  /** Ctrl+Shift+Z in a seed editor. */
  async redoInEditor(): Promise<unknown> {
    const top = this.history.peekRedo();
    if (top && this.firstHere(this.undoneAt.get(top))) return this.redo();
    return vscode.commands.executeCommand('redo');
  }
}

function report(verb: string, outcome: HistoryOutcome, hint: string): void {
  if (outcome.kept.length === 0) {
    vscode.window.setStatusBarMessage(`$(discard) ${verb}: ${outcome.entry.label} (${hint})`, 8000);
    return;
  }
  const kept = outcome.kept.length === 1 ? outcome.kept[0] : `${outcome.kept.length} annotations or actors changed since: ${outcome.kept.join('; ')}`;
  void vscode.window.showWarningMessage(
    `${verb} ${outcome.entry.label}${outcome.applied ? '' : ' (nothing left to change)'}, except what changed since, which was kept: ${kept}.`,
  );
}
