/**
 * Keeps the corpus index in step with the workspace: a scan of every
 * workspace folder at start, then file-system events (from VS Code and from
 * outside it: git, other editors) applied in batches, one document at a time.
 */

import * as vscode from 'vscode';
import { CorpusIndex, entryFromHead, HEAD_CHARS, headText } from '../core/corpus';
import { SIDECAR_SUFFIX } from '../core/sidecar';
import { documentLocationForSidecar, type AnnotationStore } from '../core/store';
import { readHead, toLocation, toUri } from './files';

/** How long events are gathered before the index is updated in one batch. */
const BATCH_MS = 120;
/** How many files are read at once during a scan. */
const SCAN_CONCURRENCY = 48;

/** Settings that decide which files are scanned. */
interface ScanSettings {
  readonly include: string;
  readonly exclude: string;
  readonly registryFileName: string;
}

function settings(): ScanSettings {
  const config = vscode.workspace.getConfiguration('seedAnnotator');
  return {
    include: config.get<string>('documents.include') || '**/*.txt',
    exclude: config.get<string>('documents.exclude') || '**/{node_modules,.git}/**',
    registryFileName: config.get<string>('registryFileName') || 'actors.yaml',
  };
}

/** The location of the registry for a document: its workspace folder's registry file. */
export function registryLocationFor(documentLocation: string): string {
  const uri = toUri(documentLocation);
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  const base = folder ? folder.uri : vscode.Uri.joinPath(uri, '..');
  return toLocation(vscode.Uri.joinPath(base, settings().registryFileName));
}

/** Owns the corpus index and the watchers that keep it current. */
export class CorpusService implements vscode.Disposable {
  readonly index = new CorpusIndex();
  private readonly disposables: vscode.Disposable[] = [];
  private watchers: vscode.Disposable[] = [];
  private readonly queue = new Map<string, 'update' | 'delete'>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private ready = false;
  /** Fires when the first scan has finished. */
  readonly onDidFinishScan = this.readyEmitter.event;

  constructor(private readonly store: AnnotationStore, private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.readyEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seedAnnotator.documents') || e.affectsConfiguration('seedAnnotator.registryFileName')) this.rescan();
      }),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.languageId === 'seed' || this.index.get(toLocation(doc.uri))) this.enqueue(doc.uri, 'update');
      }),
    );
  }

  /** True once the first scan has finished. */
  get isReady(): boolean {
    return this.ready;
  }

  /** Waits for the scan in progress. */
  whenScanned(): Promise<void> {
    return this.scanning;
  }

  /** Scans every workspace folder again and re-creates the watchers. */
  rescan(): Promise<void> {
    this.scanning = this.scanning.then(() => this.scan()).catch((error: unknown) => this.log.error('scan failed', error));
    return this.scanning;
  }

  private async scan(): Promise<void> {
    const started = Date.now();
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    const { include, exclude, registryFileName } = settings();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found: vscode.Uri[] = [];
    const sidecars = new Set<string>();
    for (const folder of folders) {
      this.watch(folder, include, registryFileName);
      const [docs, cars] = await Promise.all([
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, include), exclude),
        vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), exclude),
      ]);
      found.push(...docs);
      for (const c of cars) sidecars.add(documentLocationForSidecar(toLocation(c)));
    }
    const entries = await mapLimit(found, SCAN_CONCURRENCY, (uri) => this.readEntry(uri, sidecars.has(toLocation(uri))));
    this.index.batch(() => {
      this.index.clear();
      for (const entry of entries) if (entry) this.index.set(entry);
    });
    this.log.info(`indexed ${this.index.size} seed documents of ${found.length} files in ${Date.now() - started} ms`);
    if (!this.ready) {
      this.ready = true;
      this.readyEmitter.fire();
    }
  }

  private watch(folder: vscode.WorkspaceFolder, include: string, registryFileName: string): void {
    const docs = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, include));
    const cars = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`));
    const registry = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `**/${registryFileName}`));
    // A deleted folder comes as one event for the folder alone.
    const all = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**'), true, true, false);
    this.watchers.push(
      docs, cars, registry, all,
      docs.onDidCreate((u) => this.enqueue(u, 'update')),
      docs.onDidChange((u) => this.enqueue(u, 'update')),
      docs.onDidDelete((u) => this.enqueue(u, 'delete')),
      all.onDidDelete((u) => this.enqueue(u, 'delete')),
      cars.onDidCreate((u) => this.sidecarChanged(u)),
      cars.onDidChange((u) => this.sidecarChanged(u)),
      cars.onDidDelete((u) => this.sidecarChanged(u)),
      registry.onDidCreate((u) => void this.store.reloadRegistry(toLocation(u))),
      registry.onDidChange((u) => void this.store.reloadRegistry(toLocation(u))),
      registry.onDidDelete((u) => void this.store.reloadRegistry(toLocation(u))),
    );
  }

  private sidecarChanged(uri: vscode.Uri): void {
    const documentLocation = documentLocationForSidecar(toLocation(uri));
    void this.store.reloadSidecar(documentLocation).catch((error: unknown) => this.log.warn(`cannot reload ${uri.fsPath}`, error));
    // A sidecar can make a header-less document show up (or go).
    this.enqueue(toUri(documentLocation), 'update');
  }

  private enqueue(uri: vscode.Uri, change: 'update' | 'delete'): void {
    if (uri.path.endsWith(SIDECAR_SUFFIX)) return;
    this.queue.set(toLocation(uri), change);
    if (!this.timer) this.timer = setTimeout(() => void this.flush(), BATCH_MS);
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const work = [...this.queue];
    this.queue.clear();
    const updates = await mapLimit(work, SCAN_CONCURRENCY, async ([location, change]) => {
      if (change === 'delete') return { location, entry: null, deleted: true };
      const uri = toUri(location);
      const hasSidecar = (await this.store.sidecar(location).catch(() => undefined))?.status !== 'missing';
      return { location, entry: await this.readEntry(uri, hasSidecar), deleted: false };
    });
    this.index.batch(() => {
      for (const { location, entry, deleted } of updates) {
        if (entry) this.index.set(entry);
        else {
          this.index.delete(location);
          if (deleted) this.store.forget(location);
        }
      }
    });
  }

  private async readEntry(uri: vscode.Uri, hasSidecar: boolean): Promise<ReturnType<typeof entryFromHead>> {
    try {
      const head = headText(await readHead(uri, HEAD_CHARS), HEAD_CHARS);
      return entryFromHead(toLocation(uri), head, { hasSidecar });
    } catch (error) {
      // Deleted between listing and reading, unreadable, a folder named *.txt: not a document.
      this.log.debug(`skipped ${uri.toString()}: ${String(error)}`);
      return null;
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }
}

/** Maps with at most `limit` calls in flight. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
