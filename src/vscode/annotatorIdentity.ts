/**
 * The annotator's name in the editor, stamped as `creator` on each new
 * annotation: the `seedAnnotator.annotator` setting, else git's user.name
 * seen from the first local workspace folder, else the OS user. Read once,
 * and again when the setting or the workspace folders change. git's files are
 * read synchronously, so the name is right before activation returns; git itself
 * runs only when the files leave the answer uncertain (src/node/gitConfigFiles.ts).
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { annotatorNameNow, gitUserName, osUserName } from '../node/annotator';
import type { Config } from './config';

/** Keeps the annotator's name current. */
export class AnnotatorIdentity extends Disposable {
  private current: string | null = osUserName();
  /** Counts lookups, so that a slow git answer never replaces a newer one. */
  private lookups = 0;
  /** Resolves once the first lookup (git may be slow to answer, when it has to run) has finished. */
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
    const lookup = ++this.lookups;
    const setting = this.config.annotator;
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath ?? null;
    const now = annotatorNameNow(setting, folder);
    if (now !== undefined) {
      this.current = now;
      return;
    }
    const name = (folder ? await gitUserName(folder) : null) ?? osUserName();
    if (lookup === this.lookups) this.current = name;
  }
}
