/**
 * The offer to convert a corpus of the first layout (one actors.yaml) to the
 * layout plain git merges, made once per corpus folder, and the command
 * Convert Corpus to the Mergeable Layout. The conversion itself is the
 * CLI's `migrate` (src/node/migrateCorpus.ts).
 */

import * as vscode from 'vscode';
import type { AnnotationStore } from '../core/files/store';
import { TagError } from '../core/tagging/tagging';
import { applyCorpusMigration, hasLegacyRegistry, planCorpusMigration } from '../node/migrateCorpus';
import { toLocation } from './workspaceFiles';
import type { Config } from './config';

/** The command that converts a corpus. */
export const MIGRATE_COMMAND = 'seedAnnotator.migrateCorpus';

const CONVERT = 'Convert';

/** Offers the migration once per corpus folder, and runs it. */
export class MigrationOffer {
  /** Asks the user; replaced in tests. Resolves to the button picked, if any. */
  ask: (message: string, ...buttons: string[]) => Thenable<string | undefined> = (message, ...buttons) => vscode.window.showInformationMessage(message, ...buttons);

  constructor(
    private readonly store: AnnotationStore,
    private readonly memento: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Config,
  ) {}

  /** Asks once for each local corpus folder whose actors.yaml still holds actors. */
  async offer(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      const key = `migrationOffer:${folder.uri.toString()}`;
      if (this.memento.get(key) !== undefined) continue;
      if (!(await hasLegacyRegistry(vscode.Uri.joinPath(folder.uri, this.config.registryFileName).fsPath))) continue;
      await this.memento.update(key, 'asked');
      const answer = await this.ask(
        `${folder.name} keeps every actor in one ${this.config.registryFileName}, which conflicts when annotators merge their work in git. Convert it to one file per actor and one line per annotation? Nothing is lost; commit the change so the team shares it.`,
        CONVERT,
        'Not Now',
      );
      await this.memento.update(key, answer === CONVERT ? 'converted' : 'declined');
      if (answer === CONVERT) await this.migrate(folder.uri);
    }
  }

  /** Converts a corpus folder (the first local one when none is given). Returns the number of files written or removed. */
  async migrate(arg?: unknown): Promise<number> {
    const folder = arg instanceof vscode.Uri ? arg : vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
    if (!folder || folder.scheme !== 'file') throw new TagError('Open the corpus folder (on this computer) first: it is converted on disk.');
    const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && /\.annotations\.yaml$|actors\.yaml$/.test(d.uri.path));
    if (dirty.length) throw new TagError(`Nothing was converted: ${dirty.map((d) => vscode.workspace.asRelativePath(d.uri)).join(', ')} has unsaved changes. Save or revert, then try again.`);
    const plan = await planCorpusMigration(folder.fsPath);
    await applyCorpusMigration(plan);
    await this.store.reloadRegistry(toLocation(vscode.Uri.joinPath(folder, this.config.registryFileName)));
    const changed = plan.writes.length + plan.deletes.length;
    this.log.info(`migrated ${folder.fsPath}: ${plan.actorsMoved} actors moved, ${changed} files written or removed, ${plan.skipped.length} left as they were`);
    const left = plan.skipped.length ? ` ${plan.skipped.length} file(s) could not be read and were left as they are: see the Problems panel.` : '';
    void vscode.window.showInformationMessage(`Converted: ${plan.actorsMoved} actors now have a file of their own, and ${plan.writes.filter((w) => w.location.endsWith('.annotations.yaml')).length} sidecars have one line per annotation. Commit the change.${left}`);
    return changed;
  }
}
