/**
 * The Node side of `npm run bench`: every measurement that runs in plain Node
 * (bundled by bench/run.mjs with esbuild and loaded from there), and the child
 * processes that measure memory in isolation.
 */

import { mapLimit } from '../src/core/text/concurrency';
import * as fs from 'node:fs';
import { promises as fsp, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { contentHash, createAnchor, type Anchor } from '../src/core/anchoring/anchor';
import { CorpusIndex, entryFromBytes, entryFromHead, HEAD_CHARS, headText, inSlices, SLICE_MS } from '../src/core/corpus/corpusIndex';
import type { FolderRecord } from '../src/core/corpus/folderRecords';
import { indexFiles, parseCorpusCacheAsync, serializeIndexCacheText, stampPending, type CacheRecord, type CorpusCache } from '../src/core/corpus/indexCache';
import { SIDECAR_SUFFIX, sidecarNameFor } from '../src/core/files/sidecar';
import { AnnotationStore, documentLocationForSidecar, sidecarLocationFor, type FileAccess } from '../src/core/files/store';
import { addQuote, draftQuote } from '../src/core/tagging/tagging';
import { checkScannedCorpus, scanCorpus } from '../src/node/diskCorpus';
import { indexFolder } from '../src/node/folderIndex';
import { walkFolders } from '../src/core/corpus/folderRecords';
import { nodeFolderAccess } from '../src/node/indexCacheFile';
import { targetsFromFolders } from '../src/core/corpus/indexCache';
import { run as runCli } from '../src/cli/main';
import { nodeFiles } from '../src/node/nodeFiles';
import { nodeIndexAccess, readCacheFile, readHeadWithStat, writeCacheFile } from '../src/node/indexCacheFile';
import * as reanchorModule from '../src/core/anchoring/reanchor';
import { ensureCorpus, markDirty, rng, BENCH_ROOT, CORPUS_VERSION, type CorpusInfo } from './corpus';

export { ensureCorpus, BENCH_ROOT, CORPUS_VERSION, type CorpusInfo };
export { grammarLongLines } from './grammar';
/** Core functions, for ad-hoc profiling scripts. */
export const __core = { entryFromHead, entryFromBytes, headText, HEAD_CHARS, CorpusIndex };
/** File access and indexing, for ad-hoc profiling scripts. */
export const __io = { readHeadWithStat, nodeIndexAccess, indexFiles };
/** The folder index, for ad-hoc profiling scripts. */
export const __fi = { indexFolder, walkFolders, nodeFolderAccess, targetsFromFolders, CorpusIndex };
/** The CLI's entry point, for ad-hoc profiling scripts. */
export const __cli = { run: runCli, scanCorpus, checkScannedCorpus };

/** Files in flight at once: the extension's SCAN_CONCURRENCY (src/vscode/workspaceCorpus.ts). */
export const CONCURRENCY = 48;
const FLOOR_BYTES = 256;

const now = (): number => performance.now();

/**
 * CPU time so far (ms): the whole process's (every thread: the main one and
 * libuv's pool), and the main thread's alone (Linux, from /proc, in 10 ms
 * ticks; null elsewhere). On two cores the floor's reads run in the pool
 * beside the main thread while the index parses on the main thread, so wall
 * time on an idle machine follows the main thread's share (README, Performance).
 */
export function cpuNow(): { process: number; main: number | null } {
  const u = process.cpuUsage();
  let main: number | null = null;
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    main = (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in ticks of 10 ms (CLK_TCK 100)
  } catch {
    // not Linux
  }
  return { process: (u.user + u.system) / 1000, main };
}

const cpuSince = (start: { process: number; main: number | null }): { cpuMs: number; mainCpuMs: number | null } => {
  const end = cpuNow();
  return { cpuMs: end.process - start.process, mainCpuMs: end.main === null || start.main === null ? null : end.main - start.main };
};
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));


// ---- listing, floor, cold and warm index ------------------------------------

export interface Listing {
  readonly files: string[];
  /** Document locations that have a sidecar. */
  readonly sidecars: Set<string>;
}

/**
 * Lists `*.txt` and sidecars below a folder, as the extension's two
 * findFiles calls do (node_modules and dot-folders skipped).
 */
export async function listCorpus(root: string): Promise<Listing> {
  const files: string[] = [];
  const sidecars = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    const sub: Promise<void>[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') sub.push(walk(full));
      } else if (e.name.endsWith(SIDECAR_SUFFIX)) sidecars.add(documentLocationForSidecar(full));
      else if (e.name.endsWith('.txt')) files.push(full);
    }
    await Promise.all(sub);
  };
  await walk(root);
  return { files, sidecars };
}

/**
 * The floor: the first 256 bytes of every file, read concurrently with Node's
 * fs, the cheapest way it offers (callbacks on a raw descriptor: open, read,
 * close; the FileHandle API costs about twice as much).
 */
export async function floorRead(files: readonly string[], concurrency = CONCURRENCY): Promise<number> {
  let bytes = 0;
  const one = (file: string): Promise<void> =>
    new Promise((resolve, reject) => {
      fs.open(file, 'r', (openError, fd) => {
        if (openError) return reject(openError);
        fs.read(fd, Buffer.allocUnsafe(FLOOR_BYTES), 0, FLOOR_BYTES, 0, (readError, bytesRead) => {
          bytes += bytesRead;
          fs.close(fd, (closeError) => (readError ?? closeError ? reject(readError ?? closeError) : resolve()));
        });
      });
    });
  await mapLimit(files, concurrency, one);
  return bytes;
}

/**
 * The floor read plus an fstat of each open file: the least I/O the index
 * needs, since its cache must know each file's mtime and size as of the read
 * (src/node/indexCacheFile.ts readHeadWithStat). For reference.
 */
export async function floorReadWithStat(files: readonly string[], concurrency = CONCURRENCY): Promise<void> {
  const one = (file: string): Promise<void> =>
    new Promise((resolve, reject) => {
      fs.open(file, 'r', (openError, fd) => {
        if (openError) return reject(openError);
        fs.fstat(fd, (statError) => {
          fs.read(fd, Buffer.allocUnsafe(FLOOR_BYTES), 0, FLOOR_BYTES, 0, (readError) => {
            fs.close(fd, (closeError) => (statError ?? readError ?? closeError ? reject(statError ?? readError ?? closeError) : resolve()));
          });
        });
      });
    });
  await mapLimit(files, concurrency, one);
}

/** The same with the promise API (FileHandle): for reference. */
export async function floorReadPromises(files: readonly string[], concurrency = CONCURRENCY): Promise<void> {
  await mapLimit(files, concurrency, async (file) => {
    const handle = await fsp.open(file, 'r');
    try {
      await handle.read(Buffer.allocUnsafe(FLOOR_BYTES), 0, FLOOR_BYTES, 0);
    } finally {
      await handle.close();
    }
  });
}

/**
 * The index of a folder as the extension builds it (src/node/folderIndex.ts):
 * the walk, the head reads (or the cache), then one CorpusIndex batch.
 * `trust`: the warm start, folder mtimes instead of a stat per file.
 */
export async function buildIndex(
  root: string,
  cache: CorpusCache | null,
  trust = false,
): Promise<{ index: CorpusIndex; records: CacheRecord[]; folders: FolderRecord[]; reused: number; read: number; foldersRead: number; foldersReused: number; indexMs: number; insertMs: number }> {
  const t0 = now();
  const result = await indexFolder(root, cache, { trust, concurrency: CONCURRENCY });
  const t1 = now();
  const index = new CorpusIndex();
  index.batch(() => {
    for (const entry of result.entries) index.set(entry);
  });
  const t2 = now();
  if (result.failed.length) throw new Error(`${result.failed.length} files failed, e.g. ${String(result.failed[0]!.error)}`);
  return { index, records: result.records, folders: result.folders, reused: result.reused, read: result.read, foldersRead: result.foldersRead, foldersReused: result.foldersReused, indexMs: t1 - t0, insertMs: t2 - t1 };
}

export function cacheFileFor(root: string): string {
  return `${root}.index-cache.jsonl`;
}

/** Cold: no cache. Returns timings; saves the cache for the warm runs (not timed as part of cold). */
export async function coldIndex(root: string): Promise<{ ms: number; cpuMs: number; mainCpuMs: number | null; listMs: number; indexMs: number; insertMs: number; documents: number; read: number; saveMs: number; cacheBytes: number }> {
  const c0 = cpuNow();
  const t0 = now();
  const built = await buildIndex(root, null);
  const ms = now() - t0;
  const cpu = cpuSince(c0);
  // Saving stamps the files read without a stat first, as the extension does after a scan.
  const s0 = now();
  const stamped = await stampPending(built.records, nodeIndexAccess().stat, CONCURRENCY);
  const text = serializeIndexCacheText(stamped, { folders: built.folders, sidecarNameFor });
  await writeCacheFile(cacheFileFor(root), text);
  const saveMs = now() - s0;
  return { ms, ...cpu, listMs: 0, indexMs: built.indexMs, insertMs: built.insertMs, documents: built.index.size, read: built.read, saveMs, cacheBytes: Buffer.byteLength(text) };
}

async function loadCache(root: string): Promise<CorpusCache | null> {
  const text = await readCacheFile(cacheFileFor(root));
  return text ? parseCorpusCacheAsync(text, pause) : null;
}

/**
 * Warm: the persisted cache, read and parsed in slices as the extension does,
 * then the walk trusting folder mtimes (a stat per folder, none per file).
 * `ms` is until the index is complete from the cache; the exact pass that
 * follows in the background (a fresh walk, a stat per file: what catches
 * edits in place) is timed apart as `verifyMs`.
 */
export async function warmIndex(root: string): Promise<{ ms: number; loadMs: number; indexMs: number; insertMs: number; documents: number; reused: number; read: number; foldersRead: number; foldersReused: number; verifyMs: number; verifyRead: number }> {
  const t0 = now();
  const cache = await loadCache(root);
  if (!cache) throw new Error('no usable cache for the warm run');
  const loadMs = now() - t0;
  const built = await buildIndex(root, cache, true);
  const ms = now() - t0;
  const v0 = now();
  const exact = await indexFolder(root, { records: new Map(built.records.map((r) => [r.location, r])), folders: new Map() }, { trust: false, concurrency: CONCURRENCY });
  built.index.batch(() => {
    for (const entry of exact.entries) built.index.set(entry);
  });
  const verifyMs = now() - v0;
  return { ms, loadMs, indexMs: built.indexMs, insertMs: built.insertMs, documents: built.index.size, reused: built.reused, read: built.read, foldersRead: built.foldersRead, foldersReused: built.foldersReused, verifyMs, verifyRead: exact.read };
}

/**
 * The CLI's `index` and `check` on a folder, in process (output discarded),
 * as `seed-annotator index DIR` and `seed-annotator check DIR` run them:
 * cold (the cache folder emptied first: everything read, the caches written),
 * then warm (the second run: the caches of the first), and `index --no-cache`.
 */
export async function cliCommands(root: string): Promise<{ indexMs: number; checkMs: number; indexColdMs: number; checkColdMs: number; indexNoCacheMs: number; indexStatus: number; checkStatus: number; checkColdStatus: number }> {
  const io = { stdout: (): void => undefined, stderr: (): void => undefined };
  const cacheDir = path.join(BENCH_ROOT, 'cli-cache');
  const before = process.env['SEED_ANNOTATOR_CACHE_DIR'];
  process.env['SEED_ANNOTATOR_CACHE_DIR'] = cacheDir;
  const timed = async (args: string[]): Promise<[number, number]> => {
    const t0 = now();
    const status = await runCli(args, io);
    return [now() - t0, status];
  };
  try {
    const [indexNoCacheMs] = await timed(['index', root, '--no-cache']);
    rmSync(cacheDir, { recursive: true, force: true });
    const [indexColdMs] = await timed(['index', root]);
    const [indexMs, indexStatus] = await timed(['index', root]);
    rmSync(cacheDir, { recursive: true, force: true });
    const [checkColdMs, checkColdStatus] = await timed(['check', root]);
    const [checkMs, checkStatus] = await timed(['check', root]);
    return { indexMs, checkMs, indexColdMs, checkColdMs, indexNoCacheMs, indexStatus, checkStatus, checkColdStatus };
  } finally {
    if (before === undefined) delete process.env['SEED_ANNOTATOR_CACHE_DIR'];
    else process.env['SEED_ANNOTATOR_CACHE_DIR'] = before;
  }
}

/** The CLI's scanCorpus, for reference. */
export async function cliScan(root: string): Promise<{ ms: number; documents: number }> {
  const t0 = now();
  const scan = await scanCorpus(root);
  return { ms: now() - t0, documents: scan.index.size };
}

/** The listing alone. */
export async function listOnly(root: string): Promise<{ ms: number; files: number }> {
  const t0 = now();
  const listing = await listCorpus(root);
  return { ms: now() - t0, files: listing.files.length };
}

/** Listing + floor read (and, untimed in `ms`, the same read with an fstat, and with the promise API, for reference). */
export async function floor(root: string): Promise<{ ms: number; cpuMs: number; mainCpuMs: number | null; readMs: number; statReadMs: number; promiseReadMs: number; files: number }> {
  const c0 = cpuNow();
  const t0 = now();
  const listing = await listCorpus(root);
  const t1 = now();
  await floorRead(listing.files);
  const t2 = now();
  const cpu = cpuSince(c0);
  await floorReadWithStat(listing.files);
  const t3 = now();
  await floorReadPromises(listing.files);
  const t4 = now();
  return { ms: t2 - t0, ...cpu, readMs: t2 - t1, statReadMs: t3 - t2, promiseReadMs: t4 - t3, files: listing.files.length };
}

// ---- CorpusIndex operations the tree and CodeLens need ----------------------

/** The longest synchronous stretch of each CorpusIndex operation the tree needs, on a corpus. */
export async function indexOperations(root: string): Promise<Record<string, { maxMs: number; calls: number; totalMs: number }>> {
  // The entries are the same whichever way they are built: take the cache when the cold runs left one.
  const built = await buildIndex(root, await loadCache(root));
  const entries = [...built.index.all()];
  const stats: Record<string, { maxMs: number; calls: number; totalMs: number }> = {};
  const time = <T>(name: string, fn: () => T): T => {
    const t0 = now();
    const value = fn();
    const ms = now() - t0;
    const s = (stats[name] ??= { maxMs: 0, calls: 0, totalMs: 0 });
    s.maxMs = Math.max(s.maxMs, ms);
    s.calls++;
    s.totalMs += ms;
    return value;
  };
  for (let rep = 0; rep < 3; rep++) {
    const fresh = new CorpusIndex();
    fresh.onDidChange(() => undefined);
    time('batch insert (first scan)', () => fresh.batch(() => { for (const e of entries) fresh.set(e); }));
    time('batch replace (rescan: clear + insert)', () =>
      fresh.batch(() => {
        fresh.clear();
        for (const e of entries) fresh.set(e);
      }),
    );
    // The extension's scan (CorpusService.replaceEntries) fills the index with inSlices, yielding between
    // slices: every synchronous stretch between two yields is one sample.
    const stretches = async (name: string, work: (pauseTimed: () => Promise<void>) => Promise<void>): Promise<void> => {
      let started = now();
      const record = (): void => {
        const ms = now() - started;
        const s = (stats[name] ??= { maxMs: 0, calls: 0, totalMs: 0 });
        s.maxMs = Math.max(s.maxMs, ms);
        s.calls++;
        s.totalMs += ms;
      };
      await work(async () => {
        record();
        await pause();
        started = now();
      });
      record();
    };
    const sliced = new CorpusIndex();
    sliced.onDidChange(() => undefined);
    await stretches(`slice insert (first scan, slices of ${SLICE_MS} ms as the scan does)`, (p) => inSlices(sliced, entries.length, (i) => sliced.set(entries[i]!), p));
    await stretches('slice rescan (keep set, gone, delete, set, as the scan does)', async (p) => {
      const keep = new Set<string>();
      await inSlices(sliced, entries.length, (i) => keep.add(entries[i]!.location), p);
      const existing = [...sliced.all()];
      const gone: string[] = [];
      await inSlices(sliced, existing.length, (i) => {
        if (!keep.has(existing[i]!.location)) gone.push(existing[i]!.location);
      }, p);
      await inSlices(sliced, gone.length, (i) => sliced.delete(gone[i]!), p);
      await inSlices(sliced, entries.length, (i) => sliced.set(entries[i]!), p);
    });
    const index = fresh;
    const years = time('years', () => index.years('newestFirst'));
    time('undatedDocuments (root children)', () => index.undatedDocuments());
    for (const y of years) {
      time('count(year)', () => index.count(y));
      const months = time('months', () => index.months(y, 'newestFirst'));
      for (const m of months) {
        time('count(year, month)', () => index.count(y, m));
        const days = time('days', () => index.days(y, m, 'newestFirst'));
        for (const d of days) {
          time('count(year, month, day)', () => index.count(y, m, d));
          time('documentsOn', () => index.documentsOn(y, m, d));
        }
      }
    }
    const some = entries[Math.floor(entries.length / 2)]!;
    time('get', () => index.get(some.location));
    time('delete one document', () => index.delete(some.location));
    time('set one document', () => index.set(some));
    time('delete a non-indexed file (prefix scan)', () => index.delete(`${root}/not-indexed.png`));
    time('delete a folder', () => index.delete(`${root}/2019/01`));
    time('sorted (CLI order)', () => index.sorted());
  }
  return stats;
}

// ---- tag latency -------------------------------------------------------------

/** The Tag Quote round trip in the core: draftQuote, then AnnotationStore.edit + addQuote, written atomically. */
export async function tagLatency(
  info: CorpusInfo,
  count = 200,
): Promise<{ samples: number[]; p50: number; p95: number; max: number; writes: number; write: { p50: number; p95: number }; fsync: { p50: number; p95: number; bytes: number } }> {
  const listing = await listCorpus(info.root);
  const seeds = [...listing.files].sort();
  const step = Math.max(1, Math.floor(seeds.length / count));
  const chosen = Array.from({ length: count }, (_, i) => seeds[(i * step + 7) % seeds.length]!);
  const registry = path.join(info.root, 'actors.yaml');
  // Every file a tag may write is restored afterwards; a crash marks the corpus for regeneration.
  const backups = new Map<string, Buffer | null>();
  for (const doc of chosen) {
    const car = sidecarLocationFor(doc);
    backups.set(car, existsSync(car) ? readFileSync(car) : null);
  }
  backups.set(registry, readFileSync(registry));
  markDirty(info.root, true);
  // The atomic writes are timed apart, to tell the file system's share from the store's.
  let writeMs = 0;
  const timedFiles: FileAccess = {
    ...nodeFiles,
    async writeAtomic(location, data) {
      const t0 = now();
      await nodeFiles.writeAtomic(location, data);
      writeMs += now() - t0;
    },
  };
  const store = new AnnotationStore(timedFiles, () => registry);
  const r = rng(42);
  const samples: number[] = [];
  const writeSamples: number[] = [];
  let sidecarBytes = 0;
  try {
    for (const doc of chosen) {
      const text = readFileSync(doc, 'utf8'); // the editor already has it
      const hash = contentHash(text);
      for (let attempt = 0; ; attempt++) {
        // A run of words somewhere after the header, as a user would select.
        let start = text.indexOf('\n') + 1 + Math.floor(r() * (text.length * 0.7));
        while (start < text.length && !/\s/.test(text[start - 1]!)) start++;
        let end = Math.min(text.length - 1, start + 30 + Math.floor(r() * 90));
        while (end < text.length && /\S/.test(text[end]!)) end++;
        const t0 = now();
        writeMs = 0;
        try {
          const draft = draftQuote(text, { start, end });
          await store.edit(doc, hash, (sidecar) => addQuote(sidecar, draft, 'nato'));
        } catch (error) {
          if (attempt < 5) continue; // an exact duplicate: select elsewhere
          throw error;
        }
        samples.push(now() - t0);
        writeSamples.push(writeMs);
        sidecarBytes += fs.statSync(sidecarLocationFor(doc)).size;
        break;
      }
    }
  } finally {
    for (const [file, bytes] of backups) {
      if (bytes) writeFileSync(file, bytes);
      else rmSync(file, { force: true });
    }
    markDirty(info.root, false);
  }
  const pctOf = (values: number[], p: number): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  };
  const fsync = await fsyncCost(path.dirname(info.root), Math.round(sidecarBytes / Math.max(1, samples.length)), count);
  return {
    samples,
    p50: pctOf(samples, 50),
    p95: pctOf(samples, 95),
    max: Math.max(...samples),
    writes: samples.length,
    write: { p50: pctOf(writeSamples, 50), p95: pctOf(writeSamples, 95) },
    fsync,
  };
}

/**
 * What the fsync of an atomic write costs on this disk: `count` files of
 * `bytes` bytes written, flushed and closed in a scratch folder beside the
 * corpus; the time of the flush (`FileHandle.sync`) alone.
 */
export async function fsyncCost(dir: string, bytes: number, count: number): Promise<{ p50: number; p95: number; bytes: number }> {
  const scratch = fs.mkdtempSync(path.join(dir, 'fsync-'));
  const data = Buffer.alloc(bytes, 0x61);
  const samples: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const handle = await fsp.open(path.join(scratch, `f${i}.tmp`), 'wx', 0o644);
      try {
        await handle.writeFile(data);
        const t0 = now();
        await handle.sync();
        samples.push(now() - t0);
      } finally {
        await handle.close();
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const sorted = samples.sort((a, b) => a - b);
  const pct = (p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
  return { p50: pct(50), p95: pct(95), bytes };
}

// ---- re-anchoring ------------------------------------------------------------

type ReanchorAll = (text: string, anchors: readonly Anchor[], options?: { oldLength?: number }) => Array<{ status?: string; confidence?: number } | null | undefined>;

/** 1,000 anchors in a 1 MB document, re-anchored after 50 random edits. */
export function reanchorBench(): { available: boolean; ms?: number; runs?: number[]; statuses?: Record<string, number>; textBytes?: number } {
  const reanchorAll = (reanchorModule as unknown as { reanchorAll?: ReanchorAll } | null)?.reanchorAll;
  if (typeof reanchorAll !== 'function') return { available: false };
  const r = rng(7);
  const words = 'the minister said talks would resume next week while officials in the region warned of new strikes on energy sites and a cold winter ahead'.split(' ');
  let text = '';
  let n = 0;
  while (text.length < 1_000_000) {
    text += `Paragraph ${n++}: `;
    for (let i = 0; i < 60; i++) text += `${words[Math.floor(r() * words.length)]} `;
    text += `“quote number ${n} from ${Math.floor(r() * 1e6)},” someone said.\n\n`;
  }
  const anchors: Anchor[] = [];
  for (let i = 0; i < 1000; i++) {
    const start = Math.floor((i / 1000) * (text.length - 200)) + Math.floor(r() * 100);
    anchors.push(createAnchor(text, start, start + 20 + Math.floor(r() * 100)));
  }
  let edited = text;
  for (let i = 0; i < 50; i++) {
    const at = Math.floor(r() * edited.length);
    const kind = r();
    const insert = kind < 0.4 ? `inserted words ${i} ` : kind < 0.7 ? '' : `replaced ${i}`;
    const remove = kind < 0.4 ? 0 : 1 + Math.floor(r() * 40);
    edited = edited.slice(0, at) + insert + edited.slice(at + remove);
  }
  const runs: number[] = [];
  let statuses: Record<string, number> = {};
  for (let rep = 0; rep < 5; rep++) {
    const t0 = now();
    // The old length is known from the sidecar's contentHash, as the extension has it.
    const results = reanchorAll(edited, anchors, { oldLength: text.length });
    runs.push(now() - t0);
    statuses = {};
    for (const m of results) statuses[m?.status ?? 'none'] = (statuses[m?.status ?? 'none'] ?? 0) + 1;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  return { available: true, ms: sorted[Math.floor(sorted.length / 2)]!, runs, statuses, textBytes: edited.length };
}

// ---- memory (child process) -------------------------------------------------

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (!g) throw new Error('run with --expose-gc');
  g();
  g();
}

/** Heap held by the index of a corpus (and, with `withRecords`, by the cache records the extension also keeps). */
export async function memoryChild(root: string, mode: 'cold' | 'warm'): Promise<{ indexBytes: number; indexAndRecordsBytes: number; peakBytes: number; documents: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  let cache: CorpusCache | null = null;
  if (mode === 'warm') {
    cache = await loadCache(root);
    if (!cache) throw new Error('no cache for the warm memory run');
  }
  let built: Awaited<ReturnType<typeof buildIndex>> | null = await buildIndex(root, cache, mode === 'warm');
  cache = null;
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  clearInterval(sampler);
  const index = built.index;
  // The extension keeps the records by location beside the index, for the next save.
  let records: Map<string, CacheRecord> | null = new Map(built.records.map((r) => [r.location, r]));
  built = null;
  gc();
  const withRecords = process.memoryUsage().heapUsed - base;
  if (records.size < 0) throw new Error('unreachable'); // keeps `records` alive up to here
  records = null;
  gc();
  const indexOnly = process.memoryUsage().heapUsed - base;
  return { indexBytes: indexOnly, indexAndRecordsBytes: withRecords, peakBytes: peak - base, documents: index.size };
}

if (require.main === module) {
  const [command, ...args] = process.argv.slice(2);
  void (async () => {
    if (command === 'memory') {
      const result = await memoryChild(args[0]!, args[1] === 'warm' ? 'warm' : 'cold');
      process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    } else if (command === 'cold') {
      process.stdout.write(`RESULT ${JSON.stringify(await coldIndex(args[0]!))}\n`);
    } else if (command === 'warm') {
      process.stdout.write(`RESULT ${JSON.stringify(await warmIndex(args[0]!))}\n`);
    } else {
      throw new Error(`unknown command ${command}`);
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
