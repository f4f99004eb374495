/**
 * Indexing a corpus folder on the local disk with the persisted cache: a
 * walk that takes unchanged folders from their records, then one head read
 * per new or changed file. See ARCHITECTURE.md (Index cache) for why a warm
 * start needs no stat per file, and how it stays correct.
 */

import { entryFromBytes, HEAD_CHARS, type DocumentEntry } from '../core/corpus/corpusIndex';
import { walkFolders, type FolderRecord } from '../core/corpus/folderRecords';
import { indexFiles, targetsFromFolders, type CacheRecord, type CorpusCache } from '../core/corpus/indexCache';
import { SIDECAR_SUFFIX, sidecarNameFor } from '../core/files/sidecar';
import { nodeFolderAccess, nodeIndexAccess } from './indexCacheFile';

/** Files read at once. */
export const INDEX_CONCURRENCY = 48;

const isDocumentName = (name: string): boolean => /\.txt$/i.test(name);
const keepFile = (name: string): boolean => isDocumentName(name) || name.endsWith(SIDECAR_SUFFIX);
/** Dot-folders (.git) and node_modules are never walked. */
const walkInto = (name: string): boolean => !name.startsWith('.') && name !== 'node_modules';
const entryOf = (location: string, bytes: Uint8Array, hasSidecar: boolean): DocumentEntry | null => entryFromBytes(location, bytes, HEAD_CHARS, { hasSidecar });

/** What {@link indexFolder} found. */
export interface FolderIndex {
  /** The seed documents' entries. */
  readonly entries: DocumentEntry[];
  /** A record per listed document file, for the next cache. */
  readonly records: CacheRecord[];
  /** A record per folder walked, for the next cache. */
  readonly folders: FolderRecord[];
  /** Files taken from the cache, and read. */
  readonly reused: number;
  readonly read: number;
  /** Folders taken from their record, and read. */
  readonly foldersReused: number;
  readonly foldersRead: number;
  /** Files and folders that could not be read (gone since they were listed, unreadable). */
  readonly failed: ReadonlyArray<{ location: string; error: unknown }>;
}

/**
 * Indexes the `*.txt` files below `root` (a location with `/` separators).
 *
 * - `cache` null: cold, every folder and file is read.
 * - `trust: false`: exact. Every folder is read and every file with a
 *   cached record is stat'ed; a record is reused only while the file's
 *   mtime and size are unchanged.
 * - `trust: true`: warm. A folder whose mtime is unchanged is taken from its
 *   record, and a listed file with a record is taken from it without a stat.
 *   New, renamed and deleted files and folders are exact; a file edited in
 *   place keeps its cached entry until an exact pass follows.
 */
export async function indexFolder(
  root: string,
  cache: CorpusCache | null,
  options: { trust: boolean; concurrency?: number; toPath?: (location: string) => string; now?: () => number },
): Promise<FolderIndex> {
  const concurrency = options.concurrency ?? INDEX_CONCURRENCY;
  const now = options.now ?? Date.now;
  const trusted = options.trust && cache ? cache : null;
  const walk = await walkFolders(root, nodeFolderAccess(options.toPath), trusted ? trusted.folders : null, { concurrency, walkInto, keepFile, now });
  // A folder taken from its record lists what it listed when its files' records were saved:
  // those records are taken as they are, with no path built and no lookup per file.
  const taken: CacheRecord[] = [];
  const listed: FolderRecord[] = [];
  for (const folder of walk.folders) {
    const records = trusted && trusted.folders.get(folder.location) === folder ? recordsOfUnchanged(folder, trusted) : null;
    if (records) for (const record of records) taken.push(record);
    else listed.push(folder);
  }
  const targets = targetsFromFolders(listed, isDocumentName, sidecarNameFor);
  const result = await indexFiles(targets, nodeIndexAccess(options.toPath), cache ? lookupOf(cache) : null, { concurrency, entryOf, trustCache: options.trust, now });
  const entries: DocumentEntry[] = [];
  for (const record of taken) if (record.entry) entries.push(record.entry);
  for (const entry of result.entries) entries.push(entry);
  return {
    entries,
    records: taken.length ? [...taken, ...result.records] : result.records,
    folders: walk.folders,
    reused: taken.length + result.reused,
    read: result.read,
    foldersReused: walk.reused,
    foldersRead: walk.read,
    failed: [...walk.failed, ...result.failed],
  };
}

/**
 * The cached records of a folder taken from its record, when they are exactly what
 * {@link indexFiles} would take for its documents: one per document name, in the order of the
 * folder's files, each trusted (mtime known) and with the sidecar the folder lists. Null when
 * they are not (a file that could not be read last time, a record never stamped): the folder's
 * files then go through indexFiles one by one.
 */
function recordsOfUnchanged(folder: FolderRecord, cache: CorpusCache): readonly CacheRecord[] | null {
  const records = cache.recordsIn?.(folder.location) ?? [];
  const inOrder = recordsInFileOrder(folder, records);
  if (inOrder !== undefined) return inOrder;
  // Files not in the order the cache writes them (see SerializeOptions.sidecarNameFor), or a
  // sidecar without its document: the same check with a set of the names.
  const names = new Set(folder.files);
  let j = 0;
  for (const name of folder.files) {
    if (!isDocumentName(name)) continue;
    const record = records[j++];
    if (!record || !isRecordOf(record, folder, name) || record.hasSidecar !== names.has(sidecarNameFor(name))) return null;
  }
  return j === records.length ? records : null;
}

/** Whether a record of the folder (recordsIn) is the file `name`, and trusted. */
const isRecordOf = (record: CacheRecord, folder: FolderRecord, name: string): boolean =>
  record.mtime >= 0 && record.location.length === folder.location.length + 1 + name.length && record.location.endsWith(name);

/**
 * {@link recordsOfUnchanged} in one pass and without building a string, for files written as
 * the cache writes them: each document followed by its sidecar when it has one. Undefined when
 * the files are not in that order (a sidecar not right after its document) or a document's
 * name does not end in `.txt` as written (`a.txt` and `a.TXT` would share a sidecar), null
 * when a record does not match.
 */
function recordsInFileOrder(folder: FolderRecord, records: readonly CacheRecord[]): readonly CacheRecord[] | null | undefined {
  const files = folder.files;
  let j = 0;
  for (let k = 0; k < files.length; k++) {
    const name = files[k]!;
    if (!name.endsWith('.txt')) return undefined;
    const record = records[j++];
    if (!record || !isRecordOf(record, folder, name)) return null;
    const next = files[k + 1];
    // With every document named *.txt, no two share a sidecar: this is the only place for its own.
    const hasSidecar = next !== undefined && next.length === name.length - 4 + SIDECAR_SUFFIX.length && next.endsWith(SIDECAR_SUFFIX) && next.startsWith(name.slice(0, -4));
    if (hasSidecar) k++;
    if (record.hasSidecar !== hasSidecar) return undefined;
  }
  return j === records.length ? records : null;
}

/** Finds cached records by location: through the folder's records when the cache keeps them so, building a map for that folder only. */
function lookupOf(cache: CorpusCache): Pick<ReadonlyMap<string, CacheRecord>, 'get'> {
  if (!cache.recordsIn) return cache.records;
  const byFolder = new Map<string, Map<string, CacheRecord>>();
  return {
    get(location) {
      const folder = location.slice(0, location.lastIndexOf('/'));
      let records = byFolder.get(folder);
      if (!records) byFolder.set(folder, (records = new Map((cache.recordsIn!(folder) ?? []).map((r) => [r.location, r]))));
      return records.get(location);
    },
  };
}
