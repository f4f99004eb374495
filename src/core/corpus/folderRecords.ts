/**
 * Listing a corpus folder with a memory of the last listing: a folder whose
 * mtime is what it was when it was last listed has the same entries, so it is
 * taken from that record without being read (one stat per folder, none per
 * file). A folder's mtime changes whenever an entry is added to it, removed
 * from it or renamed in it, on every POSIX file system and on NTFS; it does
 * not change when a file in it is edited in place: a warm start that trusts
 * it shows such a file as it was until a second pass, a fresh walk with a
 * stat per file (the cold rule), has checked every file.
 */

import { RACY_MS } from './indexCache';

/** One folder as last listed: its mtime then, and the entries it had that matter. */
export interface FolderRecord {
  /** The folder (no trailing `/`). */
  readonly location: string;
  /** Its mtime when it was listed; -1 when that cannot be trusted (racy, or holding links). */
  readonly mtime: number;
  /** Names of the subfolders walked into. */
  readonly folders: readonly string[];
  /** Names of the files kept (documents and sidecars). */
  readonly files: readonly string[];
}

/** An entry of a folder as read. */
export interface FolderEntry {
  readonly name: string;
  readonly kind: 'file' | 'folder' | 'link' | 'other';
}

/** The folder operations a walk needs. */
export interface FolderAccess {
  /** A folder's mtime (ms). Rejects when it is gone or not a folder. */
  statFolder(location: string): Promise<number>;
  /** A folder's entries. */
  readFolder(location: string): Promise<readonly FolderEntry[]>;
}

/** What a walk found. */
export interface WalkResult {
  /** Every folder walked, the root first, each parent before its subfolders. */
  readonly folders: FolderRecord[];
  /** How many folders were read, and how many taken from their record. */
  readonly read: number;
  readonly reused: number;
  /** Folders that could not be stat'ed or read (other than the root being gone). */
  readonly failed: ReadonlyArray<{ location: string; error: unknown }>;
}

/**
 * Walks the folders below `root`. With `previous` (the records of the last
 * walk), a folder whose mtime still equals its record's is not read; every
 * other folder is stat'ed, then read, and its record made: the stat comes
 * first, so a change made while it is read gives a newer mtime and the folder
 * is read again next time. A folder modified less than RACY_MS before it was
 * read (coarse clocks) or holding a symbolic link (its target can change
 * without the folder's mtime changing) is never trusted. Links are not
 * followed.
 */
export async function walkFolders(
  root: string,
  access: FolderAccess,
  previous: ReadonlyMap<string, FolderRecord> | null,
  options: {
    concurrency: number;
    /** Whether to walk into a subfolder of this name. */
    walkInto: (name: string) => boolean;
    /** Whether to keep a file of this name. */
    keepFile: (name: string) => boolean;
    now?: () => number;
  },
): Promise<WalkResult> {
  const now = options.now ?? Date.now;
  const folders: FolderRecord[] = [];
  const failed: Array<{ location: string; error: unknown }> = [];
  let read = 0;
  let reused = 0;
  const one = async (location: string): Promise<string[]> => {
    let mtime: number;
    try {
      mtime = await access.statFolder(location);
    } catch (error) {
      if (location !== root) failed.push({ location, error });
      return [];
    }
    const before = previous?.get(location);
    if (before && before.mtime >= 0 && before.mtime === mtime) {
      folders.push(before);
      reused++;
      return before.folders.map((name) => `${location}/${name}`);
    }
    const startedAt = now();
    let entries: readonly FolderEntry[];
    try {
      entries = await access.readFolder(location);
    } catch (error) {
      failed.push({ location, error });
      return [];
    }
    read++;
    const subfolders: string[] = [];
    const files: string[] = [];
    let links = false;
    for (const { name, kind } of entries) {
      if (kind === 'folder') {
        if (options.walkInto(name)) subfolders.push(name);
      } else if (kind === 'file') {
        if (options.keepFile(name)) files.push(name);
      } else if (kind === 'link') links = true;
    }
    const trusted = !links && mtime < startedAt - RACY_MS;
    folders.push({ location, mtime: trusted ? mtime : -1, folders: subfolders, files });
    return subfolders.map((name) => `${location}/${name}`);
  };
  // Breadth first, a level at a time, at most `concurrency` folders in flight.
  let level = [root];
  while (level.length) {
    const next: string[] = [];
    let i = 0;
    const worker = async (): Promise<void> => {
      while (i < level.length) for (const sub of await one(level[i++]!)) next.push(sub);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, level.length)) }, worker));
    level = next;
  }
  return { folders, read, reused, failed };
}
