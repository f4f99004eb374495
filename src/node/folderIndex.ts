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
  const walk = await walkFolders(root, nodeFolderAccess(options.toPath), options.trust && cache ? cache.folders : null, { concurrency, walkInto, keepFile, now });
  const targets = targetsFromFolders(walk.folders, isDocumentName, sidecarNameFor);
  const result = await indexFiles(targets, nodeIndexAccess(options.toPath), cache?.records ?? null, { concurrency, entryOf, trustCache: options.trust, now });
  return {
    entries: result.entries,
    records: result.records,
    folders: walk.folders,
    reused: result.reused,
    read: result.read,
    foldersReused: walk.reused,
    foldersRead: walk.read,
    failed: [...walk.failed, ...result.failed],
  };
}
