/**
 * A document keeps its annotations when it is renamed, moved or deleted.
 *
 * - Inside VS Code (Explorer, drag and drop, another extension's
 *   WorkspaceEdit): the sidecar is renamed in the same operation
 *   (`onWillRenameFiles` + `waitUntil`), so one Undo restores both files; its
 *   `document` field is set once the rename is done. A folder's sidecars move
 *   with it, and their `document` fields (file names) stay right.
 * - Outside VS Code (`git mv`, a script): when a document without a sidecar
 *   appears, in the orphaned sidecar's folder or another one, and fits the
 *   sidecar's anchors or content hash alone, the user is offered to re-attach
 *   it (src/core/corpus/relink.ts).
 * - Deleting a document asks whether its sidecar goes too.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import { planRelink, relinkedSidecarText, type OrphanSidecar, type RelinkAmbiguity, type RelinkPair, type UnannotatedDocument } from '../core/corpus/relink';
import { Sidecar, SIDECAR_SUFFIX } from '../core/files/sidecar';
import { documentLocationForSidecar, sidecarLocationFor, type AnnotationStore } from '../core/files/store';
import { TagError } from '../core/tagging/tagging';
import { basename, dirname } from '../core/text/paths';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';

/** How long file events are gathered before orphaned sidecars are looked for. */
const ORPHAN_SEARCH_MS = 400;
const decoder = new TextDecoder('utf-8');

/** The answers of the delete question. */
export const DELETE_SIDECAR = 'Delete Sidecar Too';
export const KEEP_SIDECAR = 'Keep Sidecar';
/** The action of the re-attach notification. */
export const REATTACH = 'Re-attach';

/** Moves, re-attaches and deletes sidecars with their documents. */
export class DocumentMoves extends Disposable {
  /** Asks a modal question; tests replace it to answer. */
  ask: (message: string, ...choices: string[]) => Thenable<string | undefined> = (message, ...choices) =>
    vscode.window.showWarningMessage(message, { modal: true }, ...choices);
  /** Shows a notification with actions; tests replace it to answer. */
  notify: (message: string, ...choices: string[]) => Thenable<string | undefined> = (message, ...choices) =>
    vscode.window.showInformationMessage(message, ...choices);
  /** Re-attachments offered and not yet answered, by sidecar location. */
  readonly offers = new Map<string, RelinkPair>();
  /** The last ambiguous pairings found (listed in the log, never offered). */
  readonly ambiguous: RelinkAmbiguity[] = [];
  /** Folders that held orphaned sidecars at the last search: searched again with the next change. */
  private readonly orphanFolders = new Set<string>();
  private readonly folders = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private searching: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: AnnotationStore,
    private readonly index: CorpusIndex,
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    const changes = index.onDidChange((changed) => this.searchLater(changed));
    this._register(
      vscode.workspace.onWillRenameFiles((e) => e.waitUntil(this.renameEdit(e.files).catch((error: unknown) => this.failed('rename', error)))),
      vscode.workspace.onDidRenameFiles((e) => void this.afterRename(e.files).catch((error: unknown) => this.failed('rename', error))),
      vscode.workspace.onWillDeleteFiles((e) => e.waitUntil(this.deleteEdit(e.files).catch((error: unknown) => this.failed('delete', error)))),
      new vscode.Disposable(() => changes.dispose()),
    );
  }

  /** The sidecar renames that go with renamed documents, as one edit applied with them. */
  private async renameEdit(files: ReadonlyArray<{ readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri }>): Promise<vscode.WorkspaceEdit> {
    const edit = new vscode.WorkspaceEdit();
    const moving = new Set(files.map((f) => toLocation(f.oldUri)));
    for (const { oldUri, newUri } of files) {
      const from = toLocation(oldUri);
      if (from.endsWith(SIDECAR_SUFFIX) || !(await isFile(oldUri))) continue;
      const sidecar = sidecarLocationFor(from);
      // Renamed in the same operation already (several files selected, an Undo).
      if (moving.has(sidecar) || !(await exists(toUri(sidecar)))) continue;
      const target = sidecarLocationFor(toLocation(newUri));
      if (await exists(toUri(target))) {
        void vscode.window.showWarningMessage(`The sidecar was not moved with its document: the renamed document has a sidecar already. Merge or move the sidecars by hand. (${basename(sidecar)}, ${basename(target)})`);
        continue;
      }
      edit.renameFile(toUri(sidecar), toUri(target), { overwrite: false });
    }
    return edit;
  }

  /** After a rename: the moved sidecars name their documents. */
  private async afterRename(files: ReadonlyArray<{ readonly oldUri: vscode.Uri; readonly newUri: vscode.Uri }>): Promise<void> {
    for (const { oldUri, newUri } of files) {
      const to = toLocation(newUri);
      if (to.endsWith(SIDECAR_SUFFIX)) {
        await this.nameDocument(documentLocationForSidecar(to));
        continue;
      }
      this.store.forget(toLocation(oldUri));
      if (await isFile(newUri)) await this.nameDocument(to);
    }
  }

  /** Sets a sidecar's `document` field to its document's file name, when both exist and it differs. */
  private async nameDocument(document: string): Promise<void> {
    if (!(await exists(toUri(document)))) return;
    const state = await this.store.reloadSidecar(document, true);
    if (state.status !== 'ok' || state.sidecar.value.document === basename(document)) return;
    await this.store.edit(document, null, (sidecar) => sidecar.setDocument(basename(document)));
  }

  /** Asks whether the sidecars of deleted documents go too; the edit deletes them in the same operation. */
  private async deleteEdit(files: readonly vscode.Uri[]): Promise<vscode.WorkspaceEdit> {
    const edit = new vscode.WorkspaceEdit();
    const deleting = new Set(files.map(toLocation));
    const sidecars: string[] = [];
    for (const uri of files) {
      const location = toLocation(uri);
      if (location.endsWith(SIDECAR_SUFFIX) || !(await isFile(uri))) continue;
      const sidecar = sidecarLocationFor(location);
      if (!deleting.has(sidecar) && (await exists(toUri(sidecar)))) sidecars.push(sidecar);
    }
    if (sidecars.length === 0) return edit;
    const names = sidecars.map((s) => basename(s)).join(', ');
    const what = sidecars.length === 1 ? `The annotations of ${basename(documentLocationForSidecar(sidecars[0]!))} are in ${names}` : `The annotations of ${sidecars.length} documents are in their sidecars (${names})`;
    const answer = await this.ask(`${what}. Delete ${sidecars.length === 1 ? 'it' : 'them'} too, or keep ${sidecars.length === 1 ? 'it' : 'them'} to re-attach later?`, DELETE_SIDECAR, KEEP_SIDECAR);
    if (answer === DELETE_SIDECAR) for (const s of sidecars) edit.deleteFile(toUri(s), { ignoreIfNotExists: true });
    else this.log.info(`kept ${names}: Check reports ${sidecars.length === 1 ? 'it' : 'them'} as orphaned until re-attached`);
    return edit;
  }

  /** Looks for orphaned sidecars in the folders of documents that came or went. */
  private searchLater(changed: Iterable<string>): void {
    for (const location of changed) this.folders.add(dirname(location));
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const folders = [...this.folders];
      this.folders.clear();
      this.searching = this.searching.then(async () => {
        await this.searchFolders(folders).catch((error: unknown) => this.failed('re-attach', error));
      });
    }, ORPHAN_SEARCH_MS);
  }

  /** The sidecars of the workspace whose document is gone, and how many annotations they hold. */
  async orphanedAnnotations(): Promise<{ sidecars: string[]; annotations: number }> {
    const sidecars = (await vscode.workspace.findFiles(`**/*${SIDECAR_SUFFIX}`)).map(toLocation).filter((s) => !this.index.get(documentLocationForSidecar(s))).sort();
    let annotations = 0;
    const holding: string[] = [];
    for (const location of sidecars) {
      const bytes = await workspaceFiles.read(location).catch(() => null);
      const loaded = bytes ? Sidecar.parse(decoder.decode(bytes)) : null;
      if (loaded?.ok && loaded.sidecar.annotations.length > 0) {
        annotations += loaded.sidecar.annotations.length;
        holding.push(location);
      }
    }
    return { sidecars: holding, annotations };
  }

  /** Looks again for the documents of every orphaned sidecar, offering each unique one (Re-attach). */
  async offerAll(): Promise<number> {
    const { sidecars } = await this.orphanedAnnotations();
    for (const s of sidecars) this.offers.delete(s);
    const before = this.offers.size;
    await this.searchFolders([...new Set(sidecars.map(dirname))]);
    const found = this.offers.size - before;
    if (found === 0 && sidecars.length) void vscode.window.showInformationMessage(`No document fits the ${sidecars.length} orphaned sidecar${sidecars.length === 1 ? '' : 's'} unambiguously: move ${sidecars.length === 1 ? 'it' : 'each'} next to its document by hand, or delete ${sidecars.length === 1 ? 'it' : 'them'}.`);
    return found;
  }

  /** Resolves when the orphan search in progress has finished. */
  whenSearched(): Promise<void> {
    return this.searching;
  }

  /**
   * Offers to re-attach each orphaned sidecar of `folders` (and of folders where
   * orphans were left before) that fits exactly one document without a sidecar.
   * A move across folders is found as the old folder and the new one changed
   * together (or one after the other: orphans' folders are remembered). The
   * candidates are the unannotated documents of those folders and, wherever they
   * are, every unannotated document with the title of one of them, so that a
   * copy of the article elsewhere makes the pairing ambiguous instead of guessed.
   */
  private async searchFolders(folders: readonly string[]): Promise<void> {
    const listings = new Map<string, Set<string>>();
    const names = async (folder: string): Promise<Set<string>> => {
      let found = listings.get(folder);
      if (!found) {
        found = new Set((await vscode.workspace.fs.readDirectory(toUri(folder)).then(undefined, () => [] as [string, vscode.FileType][])).map(([name]) => name));
        listings.set(folder, found);
      }
      return found;
    };
    const orphans: OrphanSidecar[] = [];
    const searched = new Set([...folders, ...this.orphanFolders]);
    for (const folder of searched) {
      const here = await this.orphansIn(folder, await names(folder));
      if (here.length) this.orphanFolders.add(folder);
      else this.orphanFolders.delete(folder);
      orphans.push(...here);
    }
    if (orphans.length === 0) return;
    const unannotated = async (location: string): Promise<boolean> => !(await names(dirname(location))).has(basename(sidecarLocationFor(location)));
    const candidates: string[] = [];
    const titles = new Set<string>();
    const entries = [...this.index.all()];
    for (const entry of entries) {
      if (!searched.has(dirname(entry.location)) || !(await unannotated(entry.location))) continue;
      candidates.push(entry.location);
      if (entry.title) titles.add(entry.title);
    }
    for (const entry of entries) {
      if (titles.has(entry.title) && !searched.has(dirname(entry.location)) && (await unannotated(entry.location))) candidates.push(entry.location);
    }
    const documents: UnannotatedDocument[] = [];
    for (const location of candidates) {
      const bytes = await workspaceFiles.read(location);
      if (bytes) documents.push({ location, text: decoder.decode(bytes) });
    }
    const plan = planRelink(orphans, documents);
    for (const pair of plan.pairs) {
      if (this.offers.get(pair.sidecar)?.document === pair.document) continue;
      this.offers.set(pair.sidecar, pair);
      void this.offer(pair);
    }
    for (const a of plan.ambiguous) {
      this.ambiguous.push(a);
      this.log.info(`not offered for re-attaching, ambiguous: ${a.sidecars.map(basename).join(', ')} fit ${a.documents.map((d) => vscode.workspace.asRelativePath(toUri(d))).join(', ')}`);
    }
    this.ambiguous.splice(0, Math.max(0, this.ambiguous.length - 20));
  }

  /** The orphaned sidecars of a folder that parse, given the folder's file names. */
  private async orphansIn(folder: string, names: ReadonlySet<string>): Promise<OrphanSidecar[]> {
    const orphans: OrphanSidecar[] = [];
    for (const name of names) {
      if (!name.endsWith(SIDECAR_SUFFIX) || names.has(basename(documentLocationForSidecar(name)))) continue;
      const location = `${folder}/${name}`;
      const bytes = await workspaceFiles.read(location);
      const loaded = bytes && Sidecar.parse(decoder.decode(bytes));
      if (loaded && loaded.ok) orphans.push({ location, data: loaded.sidecar.value });
    }
    return orphans;
  }

  private async offer(pair: RelinkPair): Promise<void> {
    const answer = await this.notify(
      `${basename(pair.document)} looks like the renamed ${basename(documentLocationForSidecar(pair.sidecar))}: its ${pair.annotations} annotation${pair.annotations === 1 ? '' : 's'} (same ${pair.evidence}) are in ${basename(pair.sidecar)}. Re-attach them?`,
      REATTACH,
    );
    // A dismissed offer is made again at the next change; one superseded by a newer pairing is not taken.
    if (answer !== REATTACH || this.offers.get(pair.sidecar) !== pair) {
      if (this.offers.get(pair.sidecar) === pair) this.offers.delete(pair.sidecar);
      return;
    }
    await this.reattach(pair.sidecar, pair.document).catch((error: unknown) => {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    });
  }

  /** Moves an orphaned sidecar next to its document, naming it in its `document` field. */
  async reattach(sidecar: string, document: string): Promise<void> {
    const target = sidecarLocationFor(document);
    if (await exists(toUri(target))) throw new TagError(`The sidecar was not re-attached: its document has a sidecar already. Merge the two by hand. (${basename(sidecar)}, ${basename(document)})`);
    const bytes = await workspaceFiles.read(sidecar);
    if (!bytes) throw new TagError(`Nothing to re-attach: the sidecar is gone. (${basename(sidecar)})`);
    const text = relinkedSidecarText(decoder.decode(bytes), document);
    if (text === null) throw new TagError(`The sidecar was not moved: it cannot be read. Fix it first, then re-attach it. (${basename(sidecar)})`);
    await workspaceFiles.writeAtomic(target, new TextEncoder().encode(text));
    await vscode.workspace.fs.delete(toUri(sidecar));
    this.offers.delete(sidecar);
    await this.store.reloadSidecar(document);
    this.log.info(`re-attached ${basename(sidecar)} to ${basename(document)}`);
  }

  private failed(what: string, error: unknown): vscode.WorkspaceEdit {
    this.log.warn(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    return new vscode.WorkspaceEdit();
  }

  override dispose(): void {
    clearTimeout(this.timer);
    super.dispose();
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

async function isFile(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    (s) => (s.type & vscode.FileType.File) !== 0,
    () => false,
  );
}
