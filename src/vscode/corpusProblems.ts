/**
 * The corpus checks of documents that are not open, in the Problems panel:
 * every document's and every sidecar's problems (impossible dates, broken or
 * orphaned sidecars, unknown actors) appear without opening anything. They are
 * computed in the background, a slice at a time so that the extension host is
 * never held for long, and incrementally: after the first pass, only the files
 * that change are checked again. Open documents are checked live by
 * {@link CorpusDiagnostics}.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { checkDocument, checkOrphanSidecar, type Problem } from '../core/corpus/checks';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import { SIDECAR_SUFFIX } from '../core/files/sidecar';
import { documentLocationForSidecar, sidecarLocationFor, type AnnotationStore } from '../core/files/store';
import { stripBom } from '../core/text/text';
import { linesOf, toDiagnostic } from './diagnostics';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';
import type { Config } from './config';

/** How long one slice may run before it yields to the rest of the extension host. */
const SLICE_MS = 15;
const decoder = new TextDecoder('utf-8');

/** Publishes the checks of closed documents and orphaned sidecars. */
export class CorpusProblems extends Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('seedAnnotator.corpus');
  /** Documents (and orphan sidecars, by their own location) waiting to be checked. */
  private readonly queue = new Set<string>();
  /** Files each check reported on, so that a fixed problem goes away. */
  private readonly reported = new Map<string, Set<string>>();
  private running: Promise<void> | undefined;
  private scanned = false;
  private readonly idleEmitter = new vscode.EventEmitter<void>();
  /** Fires when the queue has been worked off. */
  readonly onDidSettle = this.idleEmitter.event;
  private firstPassQueued = false;
  private firstPassDone: () => void = () => {};
  /** Resolves once the first corpus-wide pass (after the first scan) has been worked off (for the bench). */
  readonly firstPass = new Promise<void>((resolve) => (this.firstPassDone = resolve));

  constructor(private readonly index: CorpusIndex, private readonly store: AnnotationStore, onDidFinishScan: vscode.Event<void>, private readonly config: Config) {
    super();
    // Before the first scan has finished the index is still being filled (from the cache, then
    // reconciled): checking every document then would compete with it, and the end of the scan checks all.
    const indexSub = index.onDidChange((changed) => {
      if (this.scanned) this.enqueue(changed);
    });
    const storeSub = store.onDidChange((change) => (change.registry ? this.enqueueAll() : this.enqueue(change.documents)));
    this._register(
      this.collection,
      this.idleEmitter,
      new vscode.Disposable(() => indexSub.dispose()),
      new vscode.Disposable(() => storeSub.dispose()),
      onDidFinishScan(() => {
        this.scanned = true;
        this.enqueueAll();
      }),
      vscode.workspace.onDidOpenTextDocument((d) => this.forgetOpen(d)),
      vscode.workspace.onDidCloseTextDocument((d) => this.enqueue([toLocation(d.uri)])),
    );
  }

  /** The diagnostics published for a file that is not open. */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** Resolves once every queued check has run. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  private isOpen(location: string): boolean {
    return vscode.workspace.textDocuments.some((d) => !d.isClosed && d.languageId === 'seed' && toLocation(d.uri) === location);
  }

  /** An open document is checked live elsewhere: its entries here would be duplicates. */
  private forgetOpen(document: vscode.TextDocument): void {
    this.forget(toLocation(document.uri));
  }

  private forget(location: string): void {
    for (const file of this.reported.get(location) ?? []) this.collection.delete(toUri(file));
    this.reported.delete(location);
  }

  private enqueueAll(): void {
    void (async () => {
      for (const entry of this.index.all()) this.queue.add(entry.location);
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), this.config.exclude)) this.queue.add(toLocation(uri));
      }
      this.firstPassQueued = true;
      this.kick();
    })();
  }

  private enqueue(locations: Iterable<string>): void {
    for (const location of locations) this.queue.add(location);
    this.kick();
  }

  private kick(): void {
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
      if (this.queue.size) this.kick();
      else {
        this.idleEmitter.fire();
        if (this.firstPassQueued) this.firstPassDone();
      }
    });
  }

  private async drain(): Promise<void> {
    let sliceStart = performance.now();
    while (this.queue.size) {
      const location = this.queue.values().next().value as string;
      this.queue.delete(location);
      try {
        await this.check(location);
      } catch {
        // A file that vanished or cannot be read is checked again when it changes.
      }
      if (performance.now() - sliceStart > SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = performance.now();
      }
    }
  }

  private async check(location: string): Promise<void> {
    if (location.endsWith(SIDECAR_SUFFIX)) return this.checkSidecar(location);
    if (this.isOpen(location)) return this.forget(location);
    const bytes = await workspaceFiles.read(location).catch(() => null);
    if (bytes === null || !this.index.get(location)) {
      this.publish(location, []);
      // Its sidecar may be an orphan now.
      this.queue.add(sidecarLocationFor(location));
      return;
    }
    const sidecarLocation = sidecarLocationFor(location);
    const file = await this.store.loadSidecarFile(sidecarLocation);
    const registry = await this.store.registry(location);
    const problems = checkDocument({
      location,
      text: stripBom(decoder.decode(bytes)),
      sidecar: file.status === 'ok' ? { status: 'ok', sidecar: file.value, location: sidecarLocation } : file.status === 'broken' ? { status: 'broken', problems: file.problems, location: sidecarLocation } : { status: 'missing' },
      ...(file.status === 'ok' || file.status === 'broken' ? { sidecarText: file.text } : {}),
      registry: registry.status === 'ok' ? registry.registry : null,
      // Anchors that no longer match are the review queue's, once the document is opened or changes.
    }).filter((p) => p.code !== 'anchor-mismatch');
    await this.publishProblems(location, problems);
    // Opened while it was being checked: the live checks own it now, and nothing here may linger.
    if (this.isOpen(location)) this.forget(location);
  }

  private async checkSidecar(location: string): Promise<void> {
    const document = documentLocationForSidecar(location);
    const documentExists = (await workspaceFiles.read(document).catch(() => null)) !== null;
    if (documentExists) {
      // The document's own check covers its sidecar.
      if (this.reported.has(location)) this.publish(location, []);
      return;
    }
    const file = await this.store.loadSidecarFile(location);
    if (file.status === 'missing' || file.status === 'unreadable') {
      this.publish(location, []);
      return;
    }
    const problems = checkOrphanSidecar({
      location,
      documentExists,
      sidecar: file.status === 'ok' ? { status: 'ok', sidecar: file.value } : { status: 'broken', problems: file.problems },
      sidecarText: file.text,
    }).map((p) => (p.code === 'sidecar-orphan' ? { ...p, message: `${p.message}: move or rename it beside its document (seed-annotator relink), or delete it` } : p));
    await this.publishProblems(location, problems);
  }

  private async publishProblems(owner: string, problems: readonly Problem[]): Promise<void> {
    const byFile = new Map<string, Problem[]>([[owner, []]]);
    for (const p of problems) byFile.set(p.location, [...(byFile.get(p.location) ?? []), p]);
    const diagnostics = new Map<string, vscode.Diagnostic[]>();
    for (const [file, list] of byFile) {
      const lines = list.length ? await linesOf(file) : () => '';
      diagnostics.set(file, list.map((p) => toDiagnostic(p, lines)));
    }
    this.publish(owner, [...diagnostics]);
  }

  private publish(owner: string, files: ReadonlyArray<[string, vscode.Diagnostic[]]>): void {
    const now = new Set<string>();
    for (const [file, list] of files) {
      if (list.length) {
        this.collection.set(toUri(file), list);
        now.add(file);
      } else this.collection.delete(toUri(file));
    }
    for (const old of this.reported.get(owner) ?? []) if (!now.has(old)) this.collection.delete(toUri(old));
    if (now.size) this.reported.set(owner, now);
    else this.reported.delete(owner);
  }

  override dispose(): void {
    this.queue.clear();
    super.dispose();
  }
}
