/**
 * The persisted corpus index: every listed file's index entry (or the fact
 * that it is not a seed document) with the `mtime` and `size` it had when it
 * was read, so that reopening a workspace needs one stat per file instead of
 * one read. A record is reused only while its file's mtime and size are
 * unchanged; anything in doubt is read again, so a stale cache is slow, never
 * wrong.
 *
 * The file is compact line-delimited JSON: a header line, chunk lines of
 * records (each with its own folder table, so paths are not repeated), and a
 * trailer with the record count. A cache that is corrupt, truncated, of
 * another version or written by another build (`salt`) is ignored.
 * Chunks let a large cache be written and read in slices, yielding between
 * them, so the extension host is never blocked for long.
 */

import type { DocumentEntry } from './corpusIndex';
import { HEAD_CHARS } from './corpusIndex';
import { mapLimit } from '../text/concurrency';
import type { FolderRecord } from './folderRecords';

/** Bump when the file layout or the meaning of an entry changes. */
export const INDEX_CACHE_VERSION = 2;
const KIND = 'seed-annotator-index';
/** Records per chunk line. */
export const CACHE_CHUNK = 2000;
/**
 * A file modified less than this long before it was read may be modified again
 * within the same mtime tick without its mtime changing (coarse file-system
 * clocks): its record is kept but never trusted (git's "racily clean" rule).
 */
export const RACY_MS = 2000;

/** A file as listed and stat'ed. */
export interface FileStamp {
  readonly location: string;
  /** Modification time in milliseconds (fractions allowed). */
  readonly mtime: number;
  readonly size: number;
}

/** What is known about one listed file. */
export interface CacheRecord extends FileStamp {
  /** Whether a sidecar was beside it when the entry was made (it can turn a header-less file into a document). */
  readonly hasSidecar: boolean;
  /** Its index entry, or null when it is not a seed document. */
  readonly entry: DocumentEntry | null;
  /** When the file was read, for a record whose stamp is still {@link PENDING} (not saved). */
  readonly readAt?: number;
}

/** The mtime of a record read without a stat: never trusted until {@link stampPending} stamps it. */
export const PENDING = -2;

/**
 * Stamps the records of files read without a stat, just before the cache is
 * saved, so that a cold scan costs no more system calls than reading every
 * file's head. A stamp is trusted only when the mtime it finds is older than
 * the read by {@link RACY_MS}: a file changed after it was read then has a
 * newer mtime and is read again next time, as with a stamp taken at the read.
 */
export async function stampPending(
  records: Iterable<CacheRecord>,
  stat: (location: string) => Promise<{ mtime: number; size: number }>,
  concurrency: number,
): Promise<CacheRecord[]> {
  return mapLimit([...records], concurrency, async (record): Promise<CacheRecord> => {
    if (record.mtime !== PENDING) return record;
    try {
      const s = await stat(record.location);
      return makeRecord({ location: record.location, mtime: s.mtime, size: s.size }, record.hasSidecar, record.entry, record.readAt ?? 0);
    } catch {
      return { ...record, mtime: -1 };
    }
  });
}

/** A file to index: where it is and whether it has a sidecar. */
export interface IndexTarget {
  readonly location: string;
  readonly hasSidecar: boolean;
}

/**
 * Makes a record of a file just read. `readStartedAt` is the clock time
 * (ms) when the read began; a record whose mtime is that recent is marked
 * untrusted (mtime -1) so it is read again next time.
 */
export function makeRecord(stamp: FileStamp, hasSidecar: boolean, entry: DocumentEntry | null, readStartedAt: number): CacheRecord {
  const racy = !(stamp.mtime < readStartedAt - RACY_MS);
  return { location: stamp.location, mtime: racy ? -1 : stamp.mtime, size: stamp.size, hasSidecar, entry };
}

/** True when a record still describes a file with this stat. */
export function canReuse(record: CacheRecord | undefined, stamp: { mtime: number; size: number }, hasSidecar: boolean): boolean {
  return !!record && record.mtime >= 0 && record.mtime === stamp.mtime && record.size === stamp.size && record.hasSidecar === hasSidecar;
}

/** Which listed files can take their cached record, and which must be read. */
export function planReuse(
  listing: readonly (FileStamp & { readonly hasSidecar?: boolean })[],
  cache: ReadonlyMap<string, CacheRecord> | null,
): { reuse: CacheRecord[]; read: FileStamp[] } {
  const reuse: CacheRecord[] = [];
  const read: FileStamp[] = [];
  for (const file of listing) {
    const record = cache?.get(file.location);
    if (record && canReuse(record, file, file.hasSidecar ?? false)) reuse.push(record);
    else read.push(file);
  }
  return { reuse, read };
}

// ---- the file format --------------------------------------------------------

interface Header {
  kind: string;
  version: number;
  head: number;
  salt: string;
}

/** A record on disk: [folder, name, mtime, size, flags, date, problem, title, headerLine]; the last four only for documents. */
type Row = [number, string, number, number, number, ...unknown[]];

const HAS_SIDECAR = 1;
const IS_DOCUMENT = 2;

function splitLocation(location: string): [string, string] {
  const slash = location.lastIndexOf('/');
  return [location.slice(0, slash + 1), location.slice(slash + 1)];
}

/**
 * Serialises records, one line at a time (each line ends with `\n`).
 * `salt` names the build that wrote it (e.g. the extension version): a cache
 * written with another salt is ignored when read.
 */
export function* serializeIndexCache(records: Iterable<CacheRecord>, options: { salt?: string; chunk?: number; folders?: Iterable<FolderRecord> } = {}): Generator<string, void, undefined> {
  const chunkSize = options.chunk ?? CACHE_CHUNK;
  const header: Header = { kind: KIND, version: INDEX_CACHE_VERSION, head: HEAD_CHARS, salt: options.salt ?? '' };
  yield `${JSON.stringify(header)}\n`;
  let count = 0;
  let dirs: string[] = [];
  let dirIndex = new Map<string, number>();
  let rows: Row[] = [];
  const flush = (): string => {
    const line = `${JSON.stringify({ d: dirs, r: rows })}\n`;
    dirs = [];
    dirIndex = new Map();
    rows = [];
    return line;
  };
  for (const record of records) {
    const [dir, name] = splitLocation(record.location);
    let d = dirIndex.get(dir);
    if (d === undefined) {
      d = dirs.length;
      dirs.push(dir);
      dirIndex.set(dir, d);
    }
    const flags = (record.hasSidecar ? HAS_SIDECAR : 0) | (record.entry ? IS_DOCUMENT : 0);
    const e = record.entry;
    rows.push(e ? [d, name, record.mtime, record.size, flags, e.date, e.problem, e.title, e.headerLine] : [d, name, record.mtime, record.size, flags]);
    count++;
    if (rows.length >= chunkSize) yield flush();
  }
  if (rows.length) yield flush();
  let folderCount = 0;
  let folderRows: unknown[] = [];
  for (const f of options.folders ?? []) {
    folderRows.push([f.location, f.mtime, f.folders, f.files]);
    folderCount++;
    if (folderRows.length >= chunkSize) {
      yield `${JSON.stringify({ F: folderRows })}\n`;
      folderRows = [];
    }
  }
  if (folderRows.length) yield `${JSON.stringify({ F: folderRows })}\n`;
  yield `${JSON.stringify({ end: count, folders: folderCount })}\n`;
}

/** The whole cache text at once. */
export function serializeIndexCacheText(records: Iterable<CacheRecord>, options: { salt?: string; chunk?: number; folders?: Iterable<FolderRecord> } = {}): string {
  let text = '';
  for (const line of serializeIndexCache(records, options)) text += line;
  return text;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

class CorruptCache extends Error {}

/**
 * Reads a chunk line into `into`. Every record read from the cache survives (the tree shows
 * it), and V8 copies each young object that survives, one by one, in the collector's pauses
 * that stop the extension host: a string per location, title and header line made those
 * pauses last tens of milliseconds at 100,000 documents. So each chunk's locations, and its
 * titles and header lines, are joined into one string each (large enough to be allocated
 * where the young collector never copies it) and every field is a slice of it, which V8
 * keeps as a small reference into the joined string.
 */
function readChunk(line: string, into: Map<string, CacheRecord>): void {
  const chunk = JSON.parse(line) as { d?: unknown; r?: unknown };
  const dirs = chunk.d;
  const rows = chunk.r;
  if (!Array.isArray(dirs) || !Array.isArray(rows) || !dirs.every(isString)) throw new CorruptCache();
  const locations: string[] = [];
  const texts: string[] = [];
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length < 5) throw new CorruptCache();
    const [d, name, mtime, size, flags] = row as unknown[];
    if (!isNumber(d) || !isString(dirs[d]) || !isString(name) || !isNumber(mtime) || !isNumber(size) || !isNumber(flags)) throw new CorruptCache();
    locations.push(dirs[d] + name);
    if (flags & IS_DOCUMENT) {
      const [, , , , , date, problem, title, headerLine] = row as unknown[];
      if (!isStringOrNull(date) || !isStringOrNull(problem) || !isString(title) || !isString(headerLine)) throw new CorruptCache();
      if (date !== null && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new CorruptCache();
      texts.push(title, headerLine);
    }
  }
  const locationSlices = asSlices(locations);
  const textSlices = asSlices(texts);
  let t = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as unknown[];
    const location = locationSlices[i]!;
    const flags = row[4] as number;
    const entry: DocumentEntry | null =
      flags & IS_DOCUMENT ? { location, date: row[5] as string | null, problem: row[6] as string | null, title: textSlices[t++]!, headerLine: textSlices[t++]! } : null;
    into.set(location, { location, mtime: row[2] as number, size: row[3] as number, hasSidecar: (flags & HAS_SIDECAR) !== 0, entry });
  }
}

/** A character that takes two bytes in a V8 string: one in a joined string makes all of it two-byte. */
const WIDE = /[^\u0000-\u00ff]/;

/**
 * The same strings as slices of two joined strings (one-byte and two-byte characters apart, so
 * that one title in another script does not double the memory of all the others).
 */
function asSlices(strings: readonly string[]): string[] {
  const wide = strings.map((s) => WIDE.test(s));
  const narrowText = strings.filter((_, i) => !wide[i]).join('');
  const wideText = strings.filter((_, i) => wide[i]).join('');
  let n = 0;
  let w = 0;
  return strings.map((s, i) => {
    if (wide[i]) return wideText.slice(w, (w += s.length));
    return narrowText.slice(n, (n += s.length));
  });
}

function readFolders(line: string, into: Map<string, FolderRecord>): void {
  const rows = (JSON.parse(line) as { F?: unknown }).F;
  if (!Array.isArray(rows)) throw new CorruptCache();
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 4) throw new CorruptCache();
    const [location, mtime, folders, files] = row as unknown[];
    if (!isString(location) || !isNumber(mtime) || !Array.isArray(folders) || !folders.every(isString) || !Array.isArray(files) || !files.every(isString)) throw new CorruptCache();
    into.set(location, { location, mtime, folders, files });
  }
}

/** What a cache holds: a record per listed file, and a record per folder walked (empty when none were saved). */
export interface CorpusCache {
  readonly records: Map<string, CacheRecord>;
  readonly folders: Map<string, FolderRecord>;
}

/**
 * A cache's lines without their line ends, from its text or from its text in pieces cut at line
 * ends; null for a last line with no line end (a file cut short).
 */
function* linesOf(text: string | Iterable<string>): Generator<string | null, void, undefined> {
  for (const piece of typeof text === 'string' ? [text] : text) {
    for (let at = 0; ; ) {
      const next = piece.indexOf('\n', at);
      if (next < 0) {
        if (at < piece.length) yield null;
        break;
      }
      yield piece.slice(at, next);
      at = next + 1;
    }
  }
}

/**
 * Parses a cache, yielding after each chunk (drive it with
 * {@link parseIndexCache} or {@link parseIndexCacheAsync}). Returns the
 * records by location, or null when the cache is unusable. The text may come
 * in pieces cut at line ends (each decoded on its own, see {@link parseCorpusCacheSteps}).
 */
export function* parseIndexCacheSteps(text: string | Iterable<string>, options: { salt?: string } = {}): Generator<void, Map<string, CacheRecord> | null, undefined> {
  const cache = yield* parseCorpusCacheSteps(text, options);
  return cache ? cache.records : null;
}

/**
 * {@link parseIndexCacheSteps} with the folder records too. Given pieces (the text cut at line
 * ends), each is read only when the parse reaches it, so a large cache read as bytes can be
 * decoded a line at a time between yields instead of as one string (decoding 20 MB at once
 * stopped the extension host for 50–110 ms).
 */
export function* parseCorpusCacheSteps(text: string | Iterable<string>, options: { salt?: string } = {}): Generator<void, CorpusCache | null, undefined> {
  const records = new Map<string, CacheRecord>();
  const folders = new Map<string, FolderRecord>();
  try {
    const lines = linesOf(text);
    const first = lines.next();
    if (first.done || first.value === null) return null;
    const header = JSON.parse(first.value) as Partial<Header>;
    if (!header || header.kind !== KIND || header.version !== INDEX_CACHE_VERSION || header.head !== HEAD_CHARS || header.salt !== (options.salt ?? '')) return null;
    for (;;) {
      const step = lines.next();
      if (step.done || step.value === null) return null; // truncated: no trailer
      const line = step.value;
      if (line.startsWith('{"end":')) {
        const trailer = JSON.parse(line) as { end?: unknown; folders?: unknown };
        return trailer.end === records.size && trailer.folders === folders.size && lines.next().done ? { records, folders } : null;
      }
      if (line.startsWith('{"F":')) readFolders(line, folders);
      else readChunk(line, records);
      yield;
    }
  } catch {
    return null;
  }
}

/** Parses a whole cache at once. Null when it is unusable. Never throws. */
export function parseIndexCache(text: string | Iterable<string>, options: { salt?: string } = {}): Map<string, CacheRecord> | null {
  const steps = parseIndexCacheSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** {@link parseCorpusCacheSteps} awaiting `pause()` between chunks. Null when the cache is unusable. Never throws. */
export async function parseCorpusCacheAsync(text: string, pause: () => Promise<void>, options: { salt?: string } = {}): Promise<CorpusCache | null> {
  const steps = parseCorpusCacheSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Parses a cache, awaiting `pause()` between chunks. Null when it is unusable. Never throws. */
export async function parseIndexCacheAsync(text: string, pause: () => Promise<void>, options: { salt?: string } = {}): Promise<Map<string, CacheRecord> | null> {
  const steps = parseIndexCacheSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Serialises records, awaiting `pause()` between chunks. */
export async function serializeIndexCacheAsync(records: Iterable<CacheRecord>, pause: () => Promise<void>, options: { salt?: string; chunk?: number; folders?: Iterable<FolderRecord> } = {}): Promise<string> {
  const parts: string[] = [];
  for (const line of serializeIndexCache(records, options)) {
    parts.push(line);
    await pause();
  }
  return parts.join('');
}

// ---- indexing with the cache ------------------------------------------------

/** The file operations indexing needs. */
export interface IndexFileAccess {
  /** The mtime (ms) and size of a file. Rejects when it cannot be stat'ed. */
  stat(location: string): Promise<{ mtime: number; size: number }>;
  /**
   * The first `bytes` bytes of a file, with its mtime and size as of the read
   * when they come at no extra cost; without them the record is stamped later
   * ({@link stampPending}).
   */
  readHead(location: string, bytes: number): Promise<{ bytes: Uint8Array; mtime?: number; size?: number }>;
  /**
   * Optional, preferred when given: {@link readHead} into a buffer the access
   * reuses, calling `use` on the bytes at once; they are valid only during
   * that call. Saves a buffer per file (a cold scan allocated one per file,
   * a tenth of its CPU over the floor's).
   */
  readHeadWith?<T>(location: string, bytes: number, use: (head: Uint8Array) => T): Promise<{ value: T; mtime?: number; size?: number }>;
  /**
   * Optional, preferred over the others for files read without a stat first
   * (a cold scan): the heads of many files, at most `concurrency` in flight,
   * calling `each(i, head)` for `locations[i]` while a reused buffer holds its
   * bytes (valid only during that call), or `each(i, null, error)` when it
   * cannot be read; resolves when every file is done. The records are
   * stamped later ({@link stampPending}). No promise or result object per
   * file: that bookkeeping, on the one thread that also parses every head,
   * was a third of a cold scan's cost over the floor's (`npm run bench`).
   * `each` must not throw.
   */
  readHeads?(locations: readonly string[], bytes: number, concurrency: number, each: (i: number, head: Uint8Array | null, error?: unknown) => void): Promise<void>;
}

/** What {@link indexFiles} found. */
export interface IndexResult {
  /** The entries of the seed documents, in listing order. */
  readonly entries: DocumentEntry[];
  /** A record for every file that could be stat'ed or read, for the next cache. */
  readonly records: CacheRecord[];
  /** How many files took their cached record. */
  readonly reused: number;
  /** How many files were read. */
  readonly read: number;
  /** Files that could not be stat'ed or read. */
  readonly failed: ReadonlyArray<{ location: string; error: unknown }>;
}

/**
 * Indexes listed files: a file whose cached record still matches its stat is
 * taken from the cache, every other file is read (a file without a record is
 * read straight away: its stat comes with the read). At most `concurrency`
 * files are in flight.
 */
export async function indexFiles(
  files: readonly IndexTarget[],
  access: IndexFileAccess,
  cache: ReadonlyMap<string, CacheRecord> | null,
  options: {
    concurrency: number;
    /**
     * Makes the entry from a file's head (entryFromBytes, or entryFromHead over headText). The
     * entry is kept: its strings must hold nothing of the head alive, as those functions' do.
     */
    entryOf: (location: string, bytes: Uint8Array, hasSidecar: boolean) => DocumentEntry | null;
    now?: () => number;
    /**
     * Take a file's cached record without a stat when its sidecar flag
     * matches: for files listed from folders whose mtime shows no entry
     * added, removed or renamed. Edits in place are then caught by a
     * second pass without it (a fresh walk, a stat per file).
     */
    trustCache?: boolean;
  },
): Promise<IndexResult> {
  const now = options.now ?? Date.now;
  const trust = options.trustCache === true;
  const records = new Array<CacheRecord | undefined>(files.length);
  const failed: Array<{ location: string; error: unknown }> = [];
  let reused = 0;
  let read = 0;
  // Files trusted from the cache take their record here, without a task each; files without a
  // usable record are read in one batch when the access can (readHeads), the others one by one.
  const pending: number[] = [];
  const toRead: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const { location, hasSidecar } = files[i]!;
    const cached = cache?.get(location);
    const usable = !!cached && cached.mtime >= 0 && cached.hasSidecar === hasSidecar;
    if (usable && trust) {
      records[i] = cached;
      reused++;
    } else if (usable || !access.readHeads) pending.push(i);
    else toRead.push(i);
  }
  const one = async (i: number): Promise<void> => {
    const { location, hasSidecar } = files[i]!;
    try {
      const cached = cache?.get(location);
      if (cached && cached.mtime >= 0 && cached.hasSidecar === hasSidecar) {
        const stamp = await access.stat(location);
        if (canReuse(cached, stamp, hasSidecar)) {
          records[i] = cached;
          reused++;
          return;
        }
      }
      const startedAt = now();
      let head: { mtime?: number; size?: number };
      let entry: DocumentEntry | null;
      if (access.readHeadWith) {
        const done = await access.readHeadWith(location, HEAD_CHARS, (bytes) => options.entryOf(location, bytes, hasSidecar));
        head = done;
        entry = done.value;
      } else {
        const done = await access.readHead(location, HEAD_CHARS);
        head = done;
        entry = options.entryOf(location, done.bytes, hasSidecar);
      }
      read++;
      records[i] =
        head.mtime === undefined || head.size === undefined
          ? { location, mtime: PENDING, size: -1, hasSidecar, entry, readAt: startedAt }
          : makeRecord({ location, mtime: head.mtime, size: head.size }, hasSidecar, entry, startedAt);
    } catch (error) {
      failed.push({ location, error });
    }
  };
  await mapLimit(pending, options.concurrency, one);
  if (toRead.length && access.readHeads) {
    // One clock reading for the batch: each file is read after it, so the racy rule (stampPending)
    // compares the mtime with a time at or before the file's read, never after.
    const startedAt = now();
    await access.readHeads(
      toRead.map((i) => files[i]!.location),
      HEAD_CHARS,
      options.concurrency,
      (k, bytes, error) => {
        const i = toRead[k]!;
        const { location, hasSidecar } = files[i]!;
        if (!bytes) {
          failed.push({ location, error });
          return;
        }
        try {
          const entry = options.entryOf(location, bytes, hasSidecar);
          read++;
          records[i] = { location, mtime: PENDING, size: -1, hasSidecar, entry, readAt: startedAt };
        } catch (entryError) {
          failed.push({ location, error: entryError });
        }
      },
    );
  }
  const kept: CacheRecord[] = [];
  const entries: DocumentEntry[] = [];
  for (const record of records) {
    if (!record) continue;
    kept.push(record);
    if (record.entry) entries.push(record.entry);
  }
  return { entries, records: kept, reused, read, failed };
}

/**
 * The files to index from a walk's folder records: every kept file that is
 * not a sidecar (`isDocument`), with whether its sidecar is beside it.
 */
export function targetsFromFolders(folders: Iterable<FolderRecord>, isDocument: (name: string) => boolean, sidecarNameFor: (name: string) => string): IndexTarget[] {
  const targets: IndexTarget[] = [];
  for (const folder of folders) {
    if (!folder.files.length) continue;
    const names = new Set(folder.files);
    for (const name of folder.files) {
      if (isDocument(name)) targets.push({ location: `${folder.location}/${name}`, hasSidecar: names.has(sidecarNameFor(name)) });
    }
  }
  return targets;
}
