/**
 * The annotator's name in the editor, stamped as `creator` on each new
 * annotation: the `seedAnnotator.annotator` setting, else git's user.name
 * seen from the first local workspace folder, else the OS user. Read once,
 * and again when the setting or the workspace folders change.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { annotatorName, osUserName } from '../node/annotator';
import type { Config } from './config';

/** Keeps the annotator's name current. */
export class AnnotatorIdentity extends Disposable {
  private current: string | null = osUserName();
  /** Resolves once the first lookup (git may be slow to answer) has finished. */
  readonly ready: Promise<void>;

  constructor(private readonly config: Config) {
    super();
    this.ready = this.update();
    this._register(
      config.onDidChange(['annotator'], () => void this.update()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.update()),
    );
  }

  /** The name, or null when none can be found. */
  get name(): string | null {
    return this.current;
  }

  private async update(): Promise<void> {
    const setting = this.config.annotator;
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? null;
    this.current = await annotatorName(setting, folder);
  }
}
