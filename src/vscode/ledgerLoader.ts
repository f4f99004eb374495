/**
 * Fills the ledger (who said what, and when) from the sidecars of every
 * indexed document, on first use, and keeps it current from the store and
 * the index.
 */

import type * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import { Ledger } from '../core/whoSaid/ledger';
import type { AnnotationStore } from '../core/files/store';
import type { Registry } from '../core/files/registry';

const LOAD_CONCURRENCY = 32;

/** Owns the ledger and loads it lazily. */
export class LedgerService extends Disposable {
  readonly ledger = new Ledger();
  private loading: Promise<void> | undefined;
  private registries: readonly Registry[] = [];

  constructor(private readonly index: CorpusIndex, private readonly store: AnnotationStore, private readonly log: vscode.LogOutputChannel) {
    super();
    this._register(
      store.onDidChange((change) => {
        if (change.registry) this.refreshResolver();
        if (!this.loading) return;
        for (const document of change.documents) void this.refresh(document);
      }),
      index.onDidChange((changed) => {
        if (!this.loading) return;
        for (const document of changed) void this.refresh(document);
      }),
    );
  }

  /**
   * Lets the ledger resolve retired actor ids through the registries read so
   * far, so that annotations made with a merged actor's id count for the
   * survivor. Cheap when the registries have not changed.
   */
  refreshResolver(): void {
    const registries = this.store.knownRegistries().flatMap((s) => (s.status === 'ok' ? [s.registry] : []));
    if (registries.length === this.registries.length && registries.every((r, i) => r === this.registries[i])) return;
    this.registries = registries;
    this.ledger.setResolver((id) => {
      for (const registry of registries) {
        const to = registry.resolve(id);
        if (to !== id) return to;
      }
      return id;
    });
  }

  /** Loads every sidecar once; later calls wait for the same load. */
  ensureLoaded(): Promise<void> {
    this.loading ??= this.loadAll();
    return this.loading;
  }

  /** True once loading has started. */
  get isLoading(): boolean {
    return this.loading !== undefined;
  }

  private async loadAll(): Promise<void> {
    const started = Date.now();
    const documents = [...this.index.all()].map((e) => e.location);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < documents.length) await this.refresh(documents[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(LOAD_CONCURRENCY, documents.length) }, worker));
    this.log.info(`loaded the annotations of ${documents.length} documents in ${Date.now() - started} ms`);
  }

  private async refresh(document: string): Promise<void> {
    const entry = this.index.get(document);
    if (!entry) {
      this.ledger.deleteDocument(document);
      return;
    }
    try {
      this.ledger.setDocument(document, entry.date, await this.store.sidecarData(document));
    } catch (error) {
      this.log.warn(`cannot read the annotations of ${document}: ${String(error)}`);
    }
  }
}
