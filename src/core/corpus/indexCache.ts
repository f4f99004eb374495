/**
 * The persisted corpus index: every listed file's index entry (or the fact
 * that it is not a seed document) with the `mtime` and `size` it had when it
 * was read, so that reopening a workspace needs one stat per file instead of
 * one read. A record is reused only while its file's mtime and size are
 * unchanged; anything in doubt is read again, so a stale cache is slow, never
 * wrong.
 *
 * The file is compact line-delimited JSON: a header line, chunk lines of
 * records in columns (each with its own folder table, so paths are not
 * repeated, see `Chunk`), lines of folder records, and a trailer with the
 * counts. A cache that is corrupt, truncated, of
 * another version or written by another build (`salt`) is ignored.
 * Chunks let a large cache be written and read in slices, yielding between
 * them, so the extension host is never blocked for long.
 */

import type { DocumentEntry } from './corpusIndex';
import { HEAD_CHARS } from './corpusIndex';
import { mapLimit } from '../text/concurrency';
import type { FolderRecord } from './folderRecords';

/** Bump when the file layout or the meaning of an entry changes. */
export const INDEX_CACHE_VERSION = 3;
const KIND = 'seed-annotator-index';
/** Records per chunk line. */
export const CACHE_CHUNK = 1000;
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

const HAS_SIDECAR = 1;
const IS_DOCUMENT = 2;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A character outside ASCII: decoding UTF-8 is fast up to the first one in a line, and slow after it. */
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * A chunk of records on disk: columns, not an object per record, so that reading 1,000 records
 * is one JSON.parse of a few arrays and strings. Every string column is one joined string with
 * the lengths beside it; a length below zero (`-length - 1`) means the string is in the
 * non-ASCII block. The keys are written in this order, ASCII first: the UTF-8 decoder copies a
 * line at memory speed up to its first non-ASCII byte.
 */
interface Chunk {
  /** Records in the chunk. */
  n: number;
  /** Per record: its folder (an index into `d`), mtime, size and flags ({@link HAS_SIDECAR}, {@link IS_DOCUMENT}). */
  i: number[];
  m: number[];
  s: number[];
  f: number[];
  /** Per document: its date (an index into `D`, -1: none) and problem (an index into `P`, -1: none). */
  x: number[];
  p: number[];
  /** Lengths of the names, per record, and of the title and header line, per document. */
  k: number[];
  t: number[];
  /** The names, then the titles and header lines, that are ASCII. */
  a: string;
  A: string;
  /** The tables of dates, folders (each with its trailing `/`) and problems. */
  D: string[];
  d: string[];
  P: string[];
  /** The names, then the titles and header lines, that are not ASCII. */
  w: string;
  W: string;
}

function splitLocation(location: string): [string, string] {
  const slash = location.lastIndexOf('/');
  return [location.slice(0, slash + 1), location.slice(slash + 1)];
}

/** Interns a string in a table, returning its index. */
function intern(table: string[], index: Map<string, number>, value: string): number {
  let i = index.get(value);
  if (i === undefined) {
    i = table.length;
    table.push(value);
    index.set(value, i);
  }
  return i;
}

/** Serialises one chunk of records as a line. */
function chunkLine(records: readonly CacheRecord[]): string {
  const c: Chunk = { n: records.length, i: [], m: [], s: [], f: [], x: [], p: [], k: [], t: [], a: '', A: '', D: [], d: [], P: [], w: '', W: '' };
  const tables = { d: new Map<string, number>(), D: new Map<string, number>(), P: new Map<string, number>() };
  const names: string[] = [];
  const wideNames: string[] = [];
  const texts: string[] = [];
  const wideTexts: string[] = [];
  const put = (value: string, ascii: string[], wide: string[], lengths: number[]): void => {
    if (NON_ASCII.test(value)) {
      wide.push(value);
      lengths.push(-value.length - 1);
    } else {
      ascii.push(value);
      lengths.push(value.length);
    }
  };
  for (const record of records) {
    const [dir, name] = splitLocation(record.location);
    c.i.push(intern(c.d, tables.d, dir));
    c.m.push(record.mtime);
    c.s.push(record.size);
    const e = record.entry;
    c.f.push((record.hasSidecar ? HAS_SIDECAR : 0) | (e ? IS_DOCUMENT : 0));
    put(name, names, wideNames, c.k);
    if (!e) continue;
    c.x.push(e.date === null ? -1 : intern(c.D, tables.D, e.date));
    c.p.push(e.problem === null ? -1 : intern(c.P, tables.P, e.problem));
    put(e.title, texts, wideTexts, c.t);
    put(e.headerLine, texts, wideTexts, c.t);
  }
  c.a = names.join('');
  c.A = texts.join('');
  c.w = wideNames.join('');
  c.W = wideTexts.join('');
  return `${JSON.stringify(c)}\n`;
}

/**
 * A folder's entries on disk: the names joined by `/`, which no file or folder name holds; an
 * array of names in the unlikely case that one does.
 */
const namesOnDisk = (names: readonly string[]): string | readonly string[] => (names.some((n) => n.includes('/')) ? names : names.join('/'));

/** How a cache is written. */
export interface SerializeOptions {
  /** Names the build that writes it (e.g. the extension version): a cache written with another salt is ignored when read. */
  salt?: string;
  /** Records per line. */
  chunk?: number;
  /** The folder records, written after the file records. */
  folders?: Iterable<FolderRecord>;
  /**
   * A document's sidecar name. Given with `folders`, each folder's files are written in the
   * order of its records, each document followed by its sidecar, then the other files: a warm
   * start can then check a folder's records against its files in one pass, without a set of
   * names (src/node/folderIndex.ts).
   */
  sidecarNameFor?: (documentName: string) => string;
}

/**
 * Serialises records, one line at a time (each line ends with `\n`).
 * A cache written with another `salt` is ignored when read.
 */
export function* serializeIndexCache(records: Iterable<CacheRecord>, options: SerializeOptions = {}): Generator<string, void, undefined> {
  const chunkSize = options.chunk ?? CACHE_CHUNK;
  const header: Header = { kind: KIND, version: INDEX_CACHE_VERSION, head: HEAD_CHARS, salt: options.salt ?? '' };
  yield `${JSON.stringify(header)}\n`;
  const sidecarNameFor = options.folders ? options.sidecarNameFor : undefined;
  /** Per folder (with its trailing `/`), the names of its records in order, to order its files by. */
  const recordNames = new Map<string, string[]>();
  let count = 0;
  let chunk: CacheRecord[] = [];
  for (const record of records) {
    chunk.push(record);
    count++;
    if (sidecarNameFor) {
      const [dir, name] = splitLocation(record.location);
      let names = recordNames.get(dir);
      if (!names) recordNames.set(dir, (names = []));
      names.push(name);
    }
    if (chunk.length >= chunkSize) {
      yield chunkLine(chunk);
      chunk = [];
    }
  }
  if (chunk.length) yield chunkLine(chunk);
  let folderCount = 0;
  let folderRows: unknown[] = [];
  // A line of folder records holds about as many names as a chunk holds records, so that
  // reading one takes about as long (a folder can hold thousands of files).
  let names = 0;
  for (const f of options.folders ?? []) {
    const files = sidecarNameFor ? inRecordOrder(f.files, recordNames.get(`${f.location}/`) ?? [], sidecarNameFor) : f.files;
    folderRows.push([f.location, f.mtime, namesOnDisk(f.folders), namesOnDisk(files)]);
    folderCount++;
    names += 1 + f.folders.length + files.length;
    if (names >= chunkSize) {
      yield `${JSON.stringify({ F: folderRows })}\n`;
      folderRows = [];
      names = 0;
    }
  }
  if (folderRows.length) yield `${JSON.stringify({ F: folderRows })}\n`;
  yield `${JSON.stringify({ end: count, folders: folderCount })}\n`;
}

/** A folder's files in the order of its records' names, each followed by its sidecar, then the files left, in their order. */
function inRecordOrder(files: readonly string[], recordNames: readonly string[], sidecarNameFor: (documentName: string) => string): string[] {
  const left = new Set(files);
  const ordered: string[] = [];
  const take = (name: string): void => {
    if (left.delete(name)) ordered.push(name);
  };
  for (const name of recordNames) {
    if (!left.has(name)) continue;
    take(name);
    take(sidecarNameFor(name));
  }
  for (const name of files) if (left.delete(name)) ordered.push(name);
  return ordered;
}

/** The whole cache text at once. */
export function serializeIndexCacheText(records: Iterable<CacheRecord>, options: SerializeOptions = {}): string {
  let text = '';
  for (const line of serializeIndexCache(records, options)) text += line;
  return text;
}

const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

class CorruptCache extends Error {}

/** `value` as an array of `length` finite numbers (integers from `min` below `max` when given), or a throw. */
function numbers(value: unknown, length: number, min = -Infinity, max = Infinity, integers = false): number[] {
  if (!Array.isArray(value) || value.length !== length) throw new CorruptCache();
  for (let i = 0; i < length; i++) {
    const v: unknown = value[i];
    if (typeof v !== 'number' || !(v >= min && v < max) || (integers && !Number.isInteger(v))) throw new CorruptCache();
  }
  return value as number[];
}

function strings(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every(isString)) throw new CorruptCache();
  return value;
}

function text(value: unknown): string {
  if (typeof value !== 'string') throw new CorruptCache();
  return value;
}

/**
 * Cuts joined strings by their lengths (see {@link Chunk}): each piece is a slice, which V8
 * keeps as a small reference into the joined string. Throws unless the lengths use up both
 * strings exactly.
 */
class Pieces {
  private at = 0;
  private wideAt = 0;
  constructor(
    private readonly ascii: string,
    private readonly wide: string,
  ) {}
  next(length: number): string {
    if (length >= 0) return this.ascii.slice(this.at, (this.at += length));
    return this.wide.slice(this.wideAt, (this.wideAt -= length + 1));
  }
  /** Throws unless every character of both strings was taken. */
  done(): void {
    if (this.at !== this.ascii.length || this.wideAt !== this.wide.length) throw new CorruptCache();
  }
}

/** A character that takes two bytes in a V8 string: one in a joined string makes all of it two-byte. */
const WIDE = /[^\u0000-\u00ff]/;

/**
 * Reads a chunk line into `into`. Every record read from the cache survives (the tree shows
 * it), and V8 copies each young object that survives, one by one, in the collector's pauses
 * that stop the extension host: so the titles and header lines are slices of the chunk's
 * joined strings, and so are the locations, of one string joined from the chunk's folders and
 * names (two: one-byte and two-byte apart, so that one name in another script does not double
 * the memory of all the others).
 */
function readChunk(line: string, into: (folder: string, record: CacheRecord) => void): void {
  const c = JSON.parse(line) as Partial<Record<keyof Chunk, unknown>>;
  const n = c.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) throw new CorruptCache();
  const dirs = strings(c.d);
  const dates = strings(c.D);
  if (!dates.every((d) => DATE.test(d))) throw new CorruptCache();
  const problems = strings(c.P);
  const folderOf = numbers(c.i, n, 0, dirs.length, true);
  const mtimes = numbers(c.m, n);
  const sizes = numbers(c.s, n);
  const flags = numbers(c.f, n, 0, 4, true);
  const nameLengths = numbers(c.k, n, -Infinity, Infinity, true);
  let documents = 0;
  for (let i = 0; i < n; i++) if (flags[i]! & IS_DOCUMENT) documents++;
  const dateOf = numbers(c.x, documents, -1, dates.length, true);
  const problemOf = numbers(c.p, documents, -1, problems.length, true);
  const textLengths = numbers(c.t, 2 * documents, -Infinity, Infinity, true);
  const names = new Pieces(text(c.a), text(c.w));
  const texts = new Pieces(text(c.A), text(c.W));
  // The locations, joined one-byte and two-byte apart, then sliced.
  const wideDir = dirs.map((d) => WIDE.test(d));
  const narrowParts: string[] = [];
  const wideParts: string[] = [];
  const wide: boolean[] = new Array<boolean>(n);
  for (let i = 0; i < n; i++) {
    const length = nameLengths[i]!;
    const name = names.next(length);
    const d = folderOf[i]!;
    const isWide = wideDir[d]! || (length < 0 && WIDE.test(name));
    wide[i] = isWide;
    (isWide ? wideParts : narrowParts).push(dirs[d]!, name);
  }
  names.done();
  const narrowJoined = narrowParts.join('');
  const wideJoined = wideParts.join('');
  let at = 0;
  let wideAt = 0;
  let e = 0;
  for (let i = 0; i < n; i++) {
    const nameLength = nameLengths[i]!;
    const length = dirs[folderOf[i]!]!.length + (nameLength < 0 ? -nameLength - 1 : nameLength);
    const location = wide[i] ? wideJoined.slice(wideAt, (wideAt += length)) : narrowJoined.slice(at, (at += length));
    const f = flags[i]!;
    let entry: DocumentEntry | null = null;
    if (f & IS_DOCUMENT) {
      const date = dateOf[e]!;
      const problem = problemOf[e]!;
      entry = { location, date: date < 0 ? null : dates[date]!, problem: problem < 0 ? null : problems[problem]!, title: texts.next(textLengths[2 * e]!), headerLine: texts.next(textLengths[2 * e + 1]!) };
      e++;
    }
    into(dirs[folderOf[i]!]!, { location, mtime: mtimes[i]!, size: sizes[i]!, hasSidecar: (f & HAS_SIDECAR) !== 0, entry });
  }
  texts.done();
}

/** Names as written by {@link namesOnDisk}. */
function namesFromDisk(value: unknown): string[] {
  if (typeof value === 'string') return value === '' ? [] : value.split('/');
  return strings(value);
}

function readFolders(line: string, into: Map<string, FolderRecord>): void {
  const rows = (JSON.parse(line) as { F?: unknown }).F;
  if (!Array.isArray(rows)) throw new CorruptCache();
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 4) throw new CorruptCache();
    const [location, mtime, folders, files] = row as unknown[];
    if (!isString(location) || !isNumber(mtime)) throw new CorruptCache();
    into.set(location, { location, mtime, folders: namesFromDisk(folders), files: namesFromDisk(files) });
  }
}

/** What a cache holds: a record per listed file, and a record per folder walked (empty when none were saved). */
export interface CorpusCache {
  readonly records: Map<string, CacheRecord>;
  readonly folders: Map<string, FolderRecord>;
  /**
   * The records of the files directly in a folder (its location, no trailing `/`), in the
   * order they were saved; undefined when there are none. A parsed cache answers it without
   * building {@link records}.
   */
  recordsIn?(folder: string): readonly CacheRecord[] | undefined;
}

/**
 * A parsed cache. Its records are kept by folder as they are read; the map by location is built
 * only when asked for: a warm start that takes whole folders from the cache never needs it.
 */
class ParsedCache implements CorpusCache {
  private byLocation: Map<string, CacheRecord> | null = null;
  constructor(
    private readonly inOrder: readonly CacheRecord[],
    private readonly byFolder: ReadonlyMap<string, CacheRecord[]>,
    readonly folders: Map<string, FolderRecord>,
  ) {}
  get records(): Map<string, CacheRecord> {
    if (!this.byLocation) {
      this.byLocation = new Map();
      for (const record of this.inOrder) this.byLocation.set(record.location, record);
    }
    return this.byLocation;
  }
  recordsIn(folder: string): readonly CacheRecord[] | undefined {
    return this.byFolder.get(`${folder}/`);
  }
}

/** A cache as read: its text, its text in pieces cut at line ends, or its UTF-8 bytes. */
export type CacheText = string | Iterable<string> | Uint8Array;

/**
 * A cache file's lines (each with its line end), decoded one at a time as they are asked for:
 * decoding 20 MB at once stopped the extension host for 50–110 ms, and a non-ASCII character
 * early in one string made the decoder's slow path run over all the rest.
 */
export function* linesOfBytes(bytes: Uint8Array): Generator<string, void, undefined> {
  const decoder = new TextDecoder();
  for (let at = 0; at < bytes.length; ) {
    const end = bytes.indexOf(0x0a, at);
    const next = end < 0 ? bytes.length : end + 1;
    // A line end is one byte in UTF-8, never inside a character: each line decodes alone.
    yield decoder.decode(bytes.subarray(at, next));
    at = next;
  }
}

/**
 * A cache's lines without their line ends, from its text, its text in pieces cut at line ends
 * or its bytes; null for a last line with no line end (a file cut short).
 */
function* linesOf(text: CacheText): Generator<string | null, void, undefined> {
  for (const piece of typeof text === 'string' ? [text] : text instanceof Uint8Array ? linesOfBytes(text) : text) {
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
export function* parseIndexCacheSteps(text: CacheText, options: { salt?: string } = {}): Generator<void, Map<string, CacheRecord> | null, undefined> {
  // The map is filled chunk by chunk, between the yields: built at the end, it took one task.
  const records = new Map<string, CacheRecord>();
  let count = 0;
  const cache = yield* parseSteps(text, options, (_, record) => {
    records.set(record.location, record);
    count++;
  });
  return cache && records.size === count ? records : null;
}

/**
 * {@link parseIndexCacheSteps} with the folder records too, and the file records kept by folder
 * ({@link CorpusCache.recordsIn}). Given pieces (the text cut at line ends) or bytes, each line
 * is decoded only when the parse reaches it, so a large cache is decoded a line at a time
 * between yields instead of as one string (decoding 20 MB at once stopped the extension host
 * for 50–110 ms).
 */
export function* parseCorpusCacheSteps(text: CacheText, options: { salt?: string } = {}): Generator<void, CorpusCache | null, undefined> {
  const inOrder: CacheRecord[] = [];
  const byFolder = new Map<string, CacheRecord[]>();
  let last: { folder: string; records: CacheRecord[] } | null = null;
  const parsed = yield* parseSteps(text, options, (folder, record) => {
    inOrder.push(record);
    // The records of one folder come together: one lookup per run of them.
    if (last?.folder !== folder) {
      let records = byFolder.get(folder);
      if (!records) byFolder.set(folder, (records = []));
      last = { folder, records };
    }
    last.records.push(record);
  });
  return parsed && new ParsedCache(inOrder, byFolder, parsed.folders);
}

/** Parses a cache, giving each file record to `each` with its folder (with its trailing `/`); null when it is unusable. */
function* parseSteps(text: CacheText, options: { salt?: string }, each: (folder: string, record: CacheRecord) => void): Generator<void, { folders: Map<string, FolderRecord> } | null, undefined> {
  const folders = new Map<string, FolderRecord>();
  let count = 0;
  const counted = (folder: string, record: CacheRecord): void => {
    count++;
    each(folder, record);
  };
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
        return trailer.end === count && trailer.folders === folders.size && lines.next().done ? { folders } : null;
      }
      if (line.startsWith('{"F":')) readFolders(line, folders);
      else readChunk(line, counted);
      yield;
    }
  } catch {
    return null;
  }
}

/** Parses a whole cache at once. Null when it is unusable. Never throws. */
export function parseIndexCache(text: CacheText, options: { salt?: string } = {}): Map<string, CacheRecord> | null {
  const steps = parseIndexCacheSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** {@link parseCorpusCacheSteps} awaiting `pause()` between chunks. Null when the cache is unusable. Never throws. */
export async function parseCorpusCacheAsync(text: CacheText, pause: () => Promise<void>, options: { salt?: string } = {}): Promise<CorpusCache | null> {
  const steps = parseCorpusCacheSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Parses a cache, awaiting `pause()` between chunks. Null when it is unusable. Never throws. */
export async function parseIndexCacheAsync(text: CacheText, pause: () => Promise<void>, options: { salt?: string } = {}): Promise<Map<string, CacheRecord> | null> {
  const steps = parseIndexCacheSteps(text, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** Serialises records, awaiting `pause()` between chunks. */
export async function serializeIndexCacheAsync(records: Iterable<CacheRecord>, pause: () => Promise<void>, options: SerializeOptions = {}): Promise<string> {
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
  /** The cached records by location (a map, or anything that finds a record by its location). */
  cache: Pick<ReadonlyMap<string, CacheRecord>, 'get'> | null,
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
