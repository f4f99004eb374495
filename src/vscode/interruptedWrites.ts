/**
 * After the first scan, puts back the sidecars and actor files whose last
 * write was cut between its delete and its rename (see
 * `core/files/interruptedWrites`). Only folders written through
 * `vscode.workspace.fs` can have them: on the local disk a rename replaces
 * the file in one step.
 */

import * as vscode from 'vscode';
import { planRecovery, TEMPORARY_GLOB, type FoundTemporary, type RecoveryStep } from '../core/files/interruptedWrites';
import { diskFor } from './workspaceFiles';

/** What the recovery found and did, for the log and the tests. */
export async function recoverInterruptedWrites(
  folders: readonly vscode.WorkspaceFolder[],
  log: vscode.LogOutputChannel,
): Promise<RecoveryStep[]> {
  const found: FoundTemporary[] = [];
  const uris = new Map<string, vscode.Uri>();
  for (const folder of folders) {
    if (diskFor(folder.uri)) continue;
    for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, TEMPORARY_GLOB), null)) {
      try {
        found.push({ path: uri.path, mtimeMs: (await vscode.workspace.fs.stat(uri)).mtime });
        uris.set(uri.path, uri);
      } catch {
        // Gone meanwhile: nothing to recover.
      }
    }
  }
  if (!found.length) return [];
  // A target has the scheme and authority of its temporary file.
  const uriOf = (path: string): vscode.Uri => uris.get(path) ?? [...uris].find(([p]) => p.startsWith(`${path}.`))![1].with({ path });
  const steps = await planRecovery(
    found,
    (target) => Promise.resolve(vscode.workspace.fs.stat(uriOf(target))).then(() => true, () => false),
    (temporary) => Promise.resolve(vscode.workspace.fs.readFile(uriOf(temporary))).then((bytes) => new TextDecoder().decode(bytes), () => null),
    Date.now(),
  );
  for (const step of steps) {
    const name = step.target.split('/').pop()!;
    const temporaryName = step.temporary.split('/').pop()!;
    try {
      if (step.kind === 'restore') {
        await vscode.workspace.fs.rename(uriOf(step.temporary), uriOf(step.target), { overwrite: false });
        log.info(`restored ${step.target} from ${temporaryName}: its last write was interrupted between the delete and the rename`);
        void vscode.window.showInformationMessage(`Seed Annotator restored ${name}: its last write was interrupted when the window closed, and its annotations were kept in ${temporaryName}.`);
      } else if (step.kind === 'remove') {
        await vscode.workspace.fs.delete(uriOf(step.temporary));
        log.info(`removed ${step.temporary}: a write that never replaced ${name}, left over when its window closed`);
      } else {
        log.warn(`left ${step.temporary} as it is: ${step.reason}`);
        if (step.reason !== 'a write may still be in progress') {
          void vscode.window.showWarningMessage(`A write of ${name} was interrupted, and ${temporaryName} does not read as a whole file, so nothing was restored. Open ${temporaryName}; if it holds what you expect, rename it to ${name}.`);
        }
      }
    } catch (error) {
      log.warn(`could not ${step.kind} ${step.temporary}: ${String(error)}`);
    }
  }
  return steps;
}
