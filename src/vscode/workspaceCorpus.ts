/**
 * Keeps the corpus index in step with the workspace: a scan of every
 * workspace folder at start, then file-system events (from VS Code and from
 * outside it: git, other editors) applied in batches, one document at a time.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { mapLimit } from '../core/text/concurrency';
import { fnv1a36 } from '../core/text/hash';
import { CorpusIndex, entryFromBytes, HEAD_CHARS, inSlices, SLICE_MS, type DocumentEntry } from '../core/corpus/corpusIndex';
import { indexFiles, parseIndexCacheSteps, serializeIndexCache, stampPending, type CacheRecord, type IndexFileAccess, type IndexTarget } from '../core/corpus/indexCache';
import { SIDECAR_SUFFIX } from '../core/files/sidecar';
import type { WalkedFolder } from '../node/folderWalk';
import { documentLocationForSidecar, type AnnotationStore } from '../core/files/store';
import { host } from '../node/extensionHost';
import { diskFor, readHead, toLocation, toUri } from './workspaceFiles';
import type { Config } from './config';

/** How long events are gathered before the index is updated in one batch. */
const BATCH_MS = 120;
/** How many files are read at once during a scan. */
const SCAN_CONCURRENCY = 48;
/** How many listed files are indexed before their entries go into the index. */
const SCAN_CHUNK = 1000;
/** How long after a scan, and after a batch of file events, the index cache is saved. */
const SAVE_AFTER_SCAN_MS = 1000;
const SAVE_AFTER_EVENTS_MS = 5000;

/** Lets the extension host run other work between slices of a long job. */
const pause = (): Promise<void> => host.yieldToHost();
/**
 * The slice for reading the index cache and putting it in the tree at startup: each yield lets
 * the rest of the host's startup (other extensions loading) run first, so fewer, longer slices
 * show the tree sooner. The index's listeners (the tree, the ledger) run after each slice, in
 * the same task, and at 100,000 documents 25 ms slices made tasks of 40-60 ms of CPU.
 */
const SHOW_SLICE_MS = 12;

/** How the last scan went (milliseconds from its start), for logs and the benchmark. */
export interface ScanReport {
  /** When it started (as `Date.now()`). */
  readonly startedAt: number;
  readonly ms: number;
  /** Files listed. */
  readonly files: number;
  /** Files whose cached record was still good, and files read. */
  readonly reused: number;
  readonly read: number;
  /** Documents shown from the cache before listing (first scan only), and when. */
  readonly cached: number;
  readonly shownMs: number | undefined;
  /** When the listing was complete, and when the first documents read were in the index. */
  readonly listedMs: number;
  readonly firstEntriesMs: number | undefined;
}

/**
 * Runs `step(i)` for every `i` below `count`, yielding to the extension host
 * whenever a slice has run for {@link SLICE_MS}.
 */
async function inTimeSlices(count: number, step: (i: number) => void): Promise<void> {
  let deadline = Date.now() + SLICE_MS;
  for (let i = 0; i < count; i++) {
    step(i);
    if ((i & 63) === 63 && Date.now() > deadline) {
      await pause();
      deadline = Date.now() + SLICE_MS;
    }
  }
}

/** URI-safe file names: their location is the folder's plus the name, unencoded. */
const PLAIN_NAME = /^[A-Za-z0-9._~-]+$/;

/**
 * A file to index; its cached record when it has one with the same sidecar flag. Every
 * target lives until the end of the scan, and the record is already there, while a new
 * object and location string per file would be copied by the young collector in pauses that
 * stop the extension host (100,000 of them at once on a warm start).
 */
function targetFor(location: string, hasSidecar: boolean, known: ReadonlyMap<string, CacheRecord> | undefined): IndexTarget {
  const record = known?.get(location);
  return record && record.hasSidecar === hasSidecar ? record : { location, hasSidecar };
}

/**
 * Appends one walked folder's documents as index targets (locations as `Uri.toString()` makes
 * them), each the cached record in `known` when there is one (see {@link targetFor}).
 */
export function addWalked(walked: WalkedFolder, into: IndexTarget[], known?: ReadonlyMap<string, CacheRecord>): void {
  for (const target of walkedTargets(walked, known)) into.push(target);
}

/** {@link addWalked}'s targets one at a time, so that the scan can yield inside a large folder. */
function* walkedTargets(walked: WalkedFolder, known?: ReadonlyMap<string, CacheRecord>): Generator<IndexTarget, void, undefined> {
  const folderUri = vscode.Uri.file(walked.folder);
  const base = `${toLocation(folderUri)}/`;
  const annotated = new Set(walked.sidecars.map((name) => `${name.slice(0, -SIDECAR_SUFFIX.length)}.txt`));
  for (const name of walked.documents) {
    const location = PLAIN_NAME.test(name) ? base + name : toLocation(vscode.Uri.joinPath(folderUri, name));
    yield targetFor(location, annotated.has(name), known);
  }
}

const entryOf = (location: string, bytes: Uint8Array, hasSidecar: boolean): DocumentEntry | null =>
  entryFromBytes(location, bytes, HEAD_CHARS, { hasSidecar });

/**
 * The native path of a location on the local disk, else undefined. A `file:///` location
 * without an escape is its path as it stands (what `Uri.fsPath` gives on POSIX, and a path
 * Node takes on Windows too): parsing a URI per file was a tenth of a warm scan's work on the
 * extension host's thread.
 */
function nativePathOf(location: string): string | undefined {
  if (!host.disk) return undefined;
  if (location.startsWith('file:///') && !location.includes('%')) return location.slice(7);
  const uri = toUri(location);
  return diskFor(uri) ? uri.fsPath : undefined;
}

/** Stat and head reads: the local disk for file: URIs, `vscode.workspace.fs` for every other scheme and in the browser. */
const indexAccess: IndexFileAccess = {
  async stat(location) {
    const native = nativePathOf(location);
    if (native !== undefined) return host.disk!.statFile(native);
    const s = await vscode.workspace.fs.stat(toUri(location));
    return { mtime: s.mtime, size: s.size };
  },
  async readHead(location, bytes) {
    const native = nativePathOf(location);
    if (native !== undefined) return host.disk!.readHeadOnly(native, bytes);
    const uri = toUri(location);
    const [s, head] = await Promise.all([vscode.workspace.fs.stat(uri), readHead(uri, bytes)]);
    return { bytes: head, mtime: s.mtime, size: s.size };
  },
  // A cold scan's files on the local disk in one batch of callbacks (no promise, buffer or
  // result per file on the host's thread); any others one by one.
  async readHeads(locations, bytes, concurrency, each) {
    const paths: string[] = [];
    const onDisk: number[] = [];
    const elsewhere: number[] = [];
    for (let i = 0; i < locations.length; i++) {
      const native = nativePathOf(locations[i]!);
      if (native === undefined) elsewhere.push(i);
      else {
        paths.push(native);
        onDisk.push(i);
      }
    }
    await Promise.all([
      paths.length ? host.disk!.readHeads(paths, bytes, concurrency, (k, head, error) => each(onDisk[k]!, head, error)) : undefined,
      mapLimit(elsewhere, concurrency, async (i) => {
        const head = await indexAccess.readHead(locations[i]!, bytes).then((r) => r.bytes, (error: unknown) => error);
        if (head instanceof Uint8Array) each(i, head);
        else each(i, null, head);
      }),
    ]);
  },
};

/** Finds the registry of a document: its workspace folder's registry file (named by the setting). */
export function registryLocator(config: Config): (documentLocation: string) => string {
  return (documentLocation) => {
    const uri = toUri(documentLocation);
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const base = folder ? folder.uri : vscode.Uri.joinPath(uri, '..');
    return toLocation(vscode.Uri.joinPath(base, config.registryFileName));
  };
}

/**
 * Where this workspace's index cache is kept (the workspace storage, else the
 * global storage under a name made from the workspace folders), and the salt
 * that names this build of the extension, so that a cache written by another
 * build, whose entries may differ, is ignored.
 */
export function indexCacheOptions(context: vscode.ExtensionContext): { uri: vscode.Uri | undefined; salt: string } {
  const salt = `${String((context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '')}:${host.buildStamp()}`;
  if (context.storageUri) return { uri: vscode.Uri.joinPath(context.storageUri, 'index-cache.jsonl'), salt };
  const folders = (vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.toString()).join('\n');
  if (!folders || !context.globalStorageUri) return { uri: undefined, salt };
  return { uri: vscode.Uri.joinPath(context.globalStorageUri, `index-cache-${fnv1a36(folders)}.jsonl`), salt };
}

/** Owns the corpus index and the watchers that keep it current. */
export class CorpusService extends Disposable {
  readonly index = new CorpusIndex();
  private watchers: vscode.Disposable[] = [];
  private readonly queue = new Map<string, 'update' | 'delete'>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private scanning: Promise<void> = Promise.resolve();
  private readonly readyEmitter = new vscode.EventEmitter<void>();
  private ready = false;
  /** Fires when the first scan has finished. */
  readonly onDidFinishScan = this.readyEmitter.event;
  private readonly fileEmitter = new vscode.EventEmitter<string>();
  /** Fires with a document's location when its file is created or changed on disk. */
  readonly onDidChangeDocumentFile = this.fileEmitter.event;
  private readonly deleteEmitter = new vscode.EventEmitter<string>();
  /**
   * Fires with a document's location when its file is deleted (or moved away),
   * whether or not the index had listed it yet: a file created and deleted
   * within one batch was never listed, but may have been checked.
   */
  readonly onDidDeleteDocumentFile = this.deleteEmitter.event;
  /** What is known of every listed file (the persisted index cache); null until loaded. */
  private records: Map<string, CacheRecord> | null = null;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving: Promise<void> = Promise.resolve();
  /** How the last scan went, for logs and benchmarks. */
  lastScan: ScanReport | undefined;
  private shownResolve: ((at: number) => void) | undefined;
  private readonly shown = new Promise<number>((resolve) => (this.shownResolve = resolve));

  /**
   * @param cacheUri where the index cache is kept (in the workspace storage), or undefined for none
   * @param cacheSalt names this build: a cache written by another version is ignored
   */
  constructor(
    private readonly store: AnnotationStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Config,
    private readonly cacheUri?: vscode.Uri,
    private readonly cacheSalt = '',
  ) {
    super();
    this._register(
      this.readyEmitter,
      this.fileEmitter,
      this.deleteEmitter,
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rescan()),
      config.onDidChange(['documents', 'registryFileName'], () => void this.rescan()),
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (doc.languageId === 'seed' || this.index.get(toLocation(doc.uri))) this.enqueue(doc.uri, 'update');
      }),
    );
  }

  /** True once the first scan has finished. */
  get isReady(): boolean {
    return this.ready;
  }

  /**
   * Resolves once the tree has something to show: the last known index from
   * the cache, else the first documents read, else the end of the first scan;
   * with the time (as `Date.now()`) it was ready.
   */
  whenShown(): Promise<number> {
    return this.shown;
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
    const { include, exclude, registryFileName } = this.config;
    const folders = vscode.workspace.workspaceFolders ?? [];
    for (const folder of folders) this.watch(folder, include, registryFileName);
    const firstScan = this.records === null;
    const cache = this.records ?? (await this.loadCache());
    // Stale while revalidating: the last known index at once, then only what changed.
    const cached = firstScan ? await this.showCached(cache, folders) : 0;
    const shownMs = cached ? Date.now() - started : undefined;
    const targets: IndexTarget[] = [];
    for (const folder of folders) await this.list(folder, include, exclude, targets, cache);
    const listedMs = Date.now() - started;
    const records = new Map<string, CacheRecord>();
    const keep = new Set<string>();
    let reused = 0;
    let read = 0;
    let firstEntriesMs: number | undefined;
    // In chunks, each put in the index as soon as it is read: on a cold start the years appear as their documents arrive.
    for (let at = 0; at < targets.length; at += SCAN_CHUNK) {
      const result = await indexFiles(targets.slice(at, at + SCAN_CHUNK), indexAccess, cache, { concurrency: SCAN_CONCURRENCY, entryOf });
      reused += result.reused;
      read += result.read;
      for (const { location, error } of result.failed) {
        // Deleted between listing and reading, unreadable, a folder named *.txt: not a document.
        this.log.debug(`skipped ${location}: ${String(error)}`);
      }
      for (const record of result.records) records.set(record.location, record);
      const entries = result.entries;
      await inSlices(this.index, entries.length, (i) => {
        keep.add(entries[i]!.location);
        this.index.set(entries[i]!);
      }, pause);
      if (entries.length && firstEntriesMs === undefined) {
        firstEntriesMs = Date.now() - started;
        this.markShown();
      }
    }
    await this.removeAllBut(keep);
    this.records = records;
    this.markShown();
    this.lastScan = { startedAt: started, ms: Date.now() - started, files: targets.length, reused, read, cached, shownMs, listedMs, firstEntriesMs };
    this.log.info(`indexed ${this.index.size} seed documents: ${JSON.stringify(this.lastScan)}`);
    if (read > 0 || records.size !== cache.size) this.scheduleSave(SAVE_AFTER_SCAN_MS);
    if (!this.ready) {
      this.ready = true;
      this.readyEmitter.fire();
    }
  }

  /**
   * Puts the entries of the persisted cache in the (empty) index, for the
   * workspace folders still open, so the tree shows the last known corpus
   * before anything is listed. Returns how many were shown.
   */
  private async showCached(cache: ReadonlyMap<string, CacheRecord>, folders: readonly vscode.WorkspaceFolder[]): Promise<number> {
    if (this.index.size > 0 || cache.size === 0) return 0;
    const prefixes = folders.map((f) => `${toLocation(f.uri).replace(/\/$/, '')}/`);
    const records = [...cache.values()];
    let shown = 0;
    // One pass, each slice one batch of the index (one change event, one tree refresh).
    for (let i = 0; i < records.length; ) {
      const deadline = Date.now() + SHOW_SLICE_MS;
      this.index.batch(() => {
        for (; i < records.length && ((i & 63) !== 0 || Date.now() < deadline); i++) {
          const entry = records[i]!.entry;
          if (entry && prefixes.some((p) => entry.location.startsWith(p))) {
            this.index.set(entry);
            shown++;
          }
        }
      });
      if (i < records.length) await pause();
    }
    if (shown) this.markShown();
    return shown;
  }

  /** Appends a workspace folder's files to `into`: a walk of the disk for file: folders, `findFiles` otherwise. */
  private async list(folder: vscode.WorkspaceFolder, include: string, exclude: string, into: IndexTarget[], known: ReadonlyMap<string, CacheRecord>): Promise<void> {
    const disk = diskFor(folder.uri);
    if (disk) {
      try {
        const walked = await disk.walkFolder(folder.uri.fsPath, { include, exclude, sidecarSuffix: SIDECAR_SUFFIX });
        // The clock is read every 64 documents, not every 64 folders (at 100,000 documents that
        // made one slice of 15,000 targets, 42 ms of the host thread's CPU).
        let deadline = Date.now() + SLICE_MS;
        for (const folder of walked) {
          for (const target of walkedTargets(folder, known)) {
            if ((into.push(target) & 63) === 0 && Date.now() > deadline) {
              await pause();
              deadline = Date.now() + SLICE_MS;
            }
          }
        }
        return;
      } catch (error) {
        this.log.warn(`cannot walk ${folder.uri.fsPath}, listing it through VS Code instead: ${String(error)}`);
      }
    }
    const [docs, cars] = await Promise.all([
      vscode.workspace.findFiles(new vscode.RelativePattern(folder, include), exclude),
      vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), exclude),
    ]);
    const sidecars = new Set<string>();
    await inTimeSlices(cars.length, (i) => sidecars.add(documentLocationForSidecar(toLocation(cars[i]!))));
    await inTimeSlices(docs.length, (i) => {
      const location = toLocation(docs[i]!);
      into.push(targetFor(location, sidecars.has(location), known));
    });
  }

  /** Deletes from the index every document not in `keep`, a slice at a time. */
  private async removeAllBut(keep: ReadonlySet<string>): Promise<void> {
    const existing = [...this.index.all()];
    const gone: string[] = [];
    await inSlices(this.index, existing.length, (i) => {
      if (!keep.has(existing[i]!.location)) gone.push(existing[i]!.location);
    }, pause);
    await inSlices(this.index, gone.length, (i) => this.index.delete(gone[i]!), pause);
  }

  private markShown(): void {
    this.shownResolve?.(Date.now());
    this.shownResolve = undefined;
  }

  private watch(folder: vscode.WorkspaceFolder, include: string, registryFileName: string): void {
    const watcher = (glob: string, ignoreChange = false): vscode.FileSystemWatcher =>
      vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob), false, ignoreChange, false);
    /** The same listener for a file created, changed or deleted. */
    const onAny = (w: vscode.FileSystemWatcher, listener: (u: vscode.Uri) => unknown): vscode.Disposable[] => [w.onDidCreate(listener), w.onDidChange(listener), w.onDidDelete(listener)];
    const docs = watcher(include);
    const cars = watcher(`**/*${SIDECAR_SUFFIX}`);
    const registry = watcher(`**/${registryFileName}`);
    // One file per actor: a change to any of them is a change of the registry beside the folder.
    const actorFiles = watcher(`**/${registryFileName.replace(/\.ya?ml$/i, '')}/*.yaml`);
    const registryOf = (u: vscode.Uri): string => toLocation(vscode.Uri.joinPath(u, '..', '..', registryFileName));
    // A deleted folder comes as one event for the folder alone.
    // A folder created with files in it (git checkout, unzip) may come as one event for the folder alone.
    const all = watcher('**', true);
    const changed = (u: vscode.Uri): void => this.documentFileChanged(u);
    const deleted = (u: vscode.Uri): void => this.enqueue(u, 'delete');
    this.watchers.push(
      docs, cars, registry, actorFiles, all,
      docs.onDidCreate(changed),
      docs.onDidChange(changed),
      all.onDidCreate((u) => void this.folderCreated(u, include)),
      docs.onDidDelete(deleted),
      all.onDidDelete(deleted),
      ...onAny(cars, (u) => this.sidecarChanged(u)),
      ...onAny(registry, (u) => this.store.reloadRegistry(toLocation(u))),
      ...onAny(actorFiles, (u) => this.reloadRegistrySoon(registryOf(u))),
    );
  }


  private readonly registryReloads = new Map<string, ReturnType<typeof setTimeout>>();

  /** Reloads a registry once after a burst of actor-file events (a git checkout writes hundreds). */
  private reloadRegistrySoon(location: string): void {
    clearTimeout(this.registryReloads.get(location));
    this.registryReloads.set(location, setTimeout(() => {
      this.registryReloads.delete(location);
      void this.store.reloadRegistry(location);
    }, 50));
  }

  private documentFileChanged(uri: vscode.Uri): void {
    this.enqueue(uri, 'update');
    this.fileEmitter.fire(toLocation(uri));
  }

  private async folderCreated(uri: vscode.Uri, include: string): Promise<void> {
    if (!include.startsWith('**/')) return;
    try {
      if ((await vscode.workspace.fs.stat(uri)).type !== vscode.FileType.Directory) return;
      for (const file of await vscode.workspace.findFiles(new vscode.RelativePattern(uri, include), this.config.exclude)) this.documentFileChanged(file);
    } catch {
      // Gone again already.
    }
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
      const hasSidecar = (await this.store.sidecar(location).catch(() => undefined))?.status !== 'missing';
      const read = await indexFiles([{ location, hasSidecar }], indexAccess, null, { concurrency: 1, entryOf });
      const record = read.records[0];
      if (record) this.records?.set(location, record);
      else this.records?.delete(location);
      if (read.failed.length) this.log.debug(`skipped ${location}: ${String(read.failed[0]!.error)}`);
      return { location, entry: record?.entry ?? null, deleted: false };
    });
    // Records below a deleted folder stay until the next scan, which keeps only listed files.
    for (const [location, change] of work) if (change === 'delete') this.records?.delete(location);
    if (work.length) this.scheduleSave(SAVE_AFTER_EVENTS_MS);
    this.index.batch(() => {
      for (const { location, entry, deleted } of updates) {
        if (entry) this.index.set(entry);
        else {
          this.index.delete(location);
          if (deleted) this.store.forget(location);
        }
      }
    });
    for (const { location, deleted } of updates) if (deleted) this.deleteEmitter.fire(location);
  }

  /**
   * Reads the persisted index cache; an empty map when there is none or it is unusable. The file
   * is read as bytes and decoded a line at a time as the parse reaches it, between yields.
   */
  private async loadCache(): Promise<Map<string, CacheRecord>> {
    if (!this.cacheUri) return new Map();
    try {
      const disk = diskFor(this.cacheUri);
      const bytes = disk ? await disk.readCacheFile(this.cacheUri.fsPath) : await vscode.workspace.fs.readFile(this.cacheUri).then(undefined, () => null);
      if (!bytes?.length) return new Map();
      const steps = parseIndexCacheSteps(bytes, { salt: this.cacheSalt });
      // Lines (1,000 records each, decoded and parsed: about 1 ms of CPU, at most 4) until a slice is
      // spent: a yield after every line waited behind the rest of the host's startup ten times at
      // 10,000 documents, and the cached tree came later for it.
      let step;
      let deadline = Date.now() + SHOW_SLICE_MS;
      while (!(step = steps.next()).done) {
        if (Date.now() < deadline) continue;
        await pause();
        deadline = Date.now() + SHOW_SLICE_MS;
      }
      const records = step.value;
      if (!records) this.log.info('the index cache is unusable (another version, or damaged): every file is read');
      return records ?? new Map();
    } catch {
      return new Map();
    }
  }

  /** Saves the index cache after `delayMs`, once for a burst of calls. */
  private scheduleSave(delayMs: number): void {
    if (!this.cacheUri || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saving = this.saving.then(() => this.saveCache()).catch((error: unknown) => this.log.warn('cannot save the index cache', error));
    }, delayMs);
  }

  private async saveCache(): Promise<void> {
    const uri = this.cacheUri;
    if (!uri || !this.records) return;
    const stamped = await stampPending(this.records.values(), (l) => indexAccess.stat(l), SCAN_CONCURRENCY);
    for (const record of stamped) if (this.records.get(record.location)?.mtime !== record.mtime) this.records.set(record.location, record);
    // Encoded a line at a time between yields: encoding the whole text of 100,000 records at once
    // took the host's thread for about 60 ms.
    const encoder = new TextEncoder();
    const parts: Uint8Array[] = [];
    for (const line of serializeIndexCache(stamped, { salt: this.cacheSalt })) {
      parts.push(encoder.encode(line));
      await pause();
    }
    const bytes = concatBytes(parts);
    const disk = diskFor(uri);
    if (disk) await disk.writeCacheFile(uri.fsPath, bytes);
    else {
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
      await vscode.workspace.fs.writeFile(uri, bytes);
    }
  }

  /** Waits for a pending save of the index cache (tests and benchmarks). */
  async flushCache(): Promise<void> {
    if (this.saveTimer) {
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      this.saving = this.saving.then(() => this.saveCache()).catch((error: unknown) => this.log.warn('cannot save the index cache', error));
    }
    await this.saving;
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const t of this.registryReloads.values()) clearTimeout(t);
    if (this.saveTimer) {
      // Best effort: a cache that misses the last changes only costs a few reads next time.
      clearTimeout(this.saveTimer);
      this.saveTimer = undefined;
      void this.saveCache().catch(() => undefined);
    }
    for (const w of this.watchers) w.dispose();
    super.dispose();
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}
