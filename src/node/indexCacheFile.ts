/**
 * The persisted corpus index on the local disk: stat and head reads with
 * Node's fs, and loading and saving the cache file (atomically).
 */

import * as fs from 'node:fs';
import type { IndexFileAccess } from '../core/corpus/indexCache';
import type { FolderAccess } from '../core/corpus/folderRecords';
import { writeFileAtomic } from './nodeFiles';

/** The mtime (ms) and size of a file. */
export function statFile(nativePath: string): Promise<{ mtime: number; size: number }> {
  // Callback fs, not fs.promises: a stat per file is the whole cost of a warm
  // start, and the promise API costs about twice as much per call.
  return new Promise((resolve, reject) => {
    fs.stat(nativePath, (error, s) => (error ? reject(error) : resolve({ mtime: s.mtimeMs, size: s.size })));
  });
}

/**
 * The mtime (ms) and size of a file, stat'ed synchronously: for the CLI,
 * whose warm runs are a stat per file and nothing else. With the metadata
 * in memory a synchronous stat costs about a third of the CPU time of one
 * through the thread pool (measured: 16,000 stats, 30–40 ms against
 * 85–120 ms); the extension host, which must never block, uses
 * {@link statFile}. Rejects as {@link statFile} does.
 */
export function statFileNow(nativePath: string): Promise<{ mtime: number; size: number }> {
  try {
    const s = fs.statSync(nativePath);
    return Promise.resolve({ mtime: s.mtimeMs, size: s.size });
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Reads at most `bytes` bytes from the start of a file, with the file's mtime
 * and size taken from the open descriptor (no second path lookup), so the
 * stat describes the bytes read or an older state, never a newer one.
 * The open and the read go through the thread pool; the fstat and the close
 * of a read-only descriptor are single cheap system calls, done at once:
 * two thread-pool round trips fewer per file is what keeps a cold scan near
 * the cost of merely reading every file's head (measured in `npm run bench`).
 */
export function readHeadWithStat(nativePath: string, bytes: number): Promise<{ bytes: Uint8Array; mtime: number; size: number }> {
  return new Promise((resolve, reject) => {
    fs.open(nativePath, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      let s: fs.Stats;
      try {
        s = fs.fstatSync(fd);
      } catch (statError) {
        closeQuietly(fd);
        return reject(statError);
      }
      const buffer = Buffer.allocUnsafe(Math.min(bytes, Math.max(1, s.size)));
      fs.read(fd, buffer, 0, buffer.length, 0, (readError, bytesRead) => {
        closeQuietly(fd);
        if (readError) reject(readError);
        else resolve({ bytes: buffer.subarray(0, bytesRead), mtime: s.mtimeMs, size: s.size });
      });
    });
  });
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already closed or gone: nothing was written through it, so nothing is lost.
  }
}

/**
 * Reads at most `bytes` bytes from the start of a file: open, read, close,
 * no stat (the cache stamps the file later, see stampPending), the same
 * system calls as merely reading every file's head.
 */
export function readHeadOnly(nativePath: string, bytes: number): Promise<{ bytes: Uint8Array }> {
  return new Promise((resolve, reject) => {
    fs.open(nativePath, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      // Most documents fit in a pooled buffer (Node pools allocations under 4 KB);
      // an 8 KB buffer per file costs more in allocation and GC than the read itself.
      const first = Math.min(bytes, SMALL_READ);
      const small = Buffer.allocUnsafe(first);
      fs.read(fd, small, 0, first, 0, (readError, bytesRead) => {
        if (readError || bytesRead < first || first === bytes) {
          closeQuietly(fd);
          if (readError) reject(readError);
          else resolve({ bytes: small.subarray(0, bytesRead) });
          return;
        }
        const whole = Buffer.allocUnsafe(bytes);
        small.copy(whole, 0, 0, first);
        fs.read(fd, whole, first, bytes - first, first, (restError, restRead) => {
          closeQuietly(fd);
          if (restError) reject(restError);
          else resolve({ bytes: whole.subarray(0, first + restRead) });
        });
      });
    });
  });
}

/**
 * Reads a whole file with the same cheap calls as {@link readHeadOnly}: open,
 * an fstat on the descriptor for the size, one read of a byte more than that
 * (a file that grew in between is read again with `readFile`), close. For the
 * CLI's checks, which read every annotated document and sidecar: the
 * FileHandle API behind `fs.promises.readFile` cost about a third of a check
 * without the cache (profiled). Resolves to null when the file does not exist.
 */
export function readWholeFile(nativePath: string): Promise<Uint8Array | null> {
  return new Promise((resolve, reject) => {
    const gone = (error: NodeJS.ErrnoException): boolean => error.code === 'ENOENT' || error.code === 'ENOTDIR';
    fs.open(nativePath, 'r', (openError, fd) => {
      if (openError) return gone(openError) ? resolve(null) : reject(openError);
      let size: number;
      try {
        size = fs.fstatSync(fd).size;
      } catch (statError) {
        closeQuietly(fd);
        return reject(statError);
      }
      const buffer = Buffer.allocUnsafe(size + 1);
      fs.read(fd, buffer, 0, size + 1, 0, (readError, bytesRead) => {
        closeQuietly(fd);
        if (readError) return reject(readError);
        if (bytesRead <= size) return resolve(buffer.subarray(0, bytesRead));
        fs.promises.readFile(nativePath).then(resolve, (error: NodeJS.ErrnoException) => (gone(error) ? resolve(null) : reject(error)));
      });
    });
  });
}

/**
 * {@link readHeadWithStat} and {@link readHeadOnly} with synchronous calls,
 * for the CLI, a process with nothing else to do while it reads: on files in
 * the page cache (a fresh clone, a corpus in use) a synchronous open, read and
 * close costs a quarter of the CPU time of the same calls through the thread
 * pool, and no wait for a thread (measured on 10,000 documents: 45–90 ms
 * against 170–290 ms). Never for the extension host, which must not block.
 * `stat`: take the mtime and size from the open descriptor.
 */
export function readHeadNow(nativePath: string, bytes: number, stat: boolean): Promise<{ bytes: Uint8Array; mtime?: number; size?: number }> {
  try {
    const fd = fs.openSync(nativePath, 'r');
    try {
      const s = stat ? fs.fstatSync(fd) : null;
      const scratch = headScratch.length >= bytes ? headScratch : (headScratch = Buffer.allocUnsafe(bytes));
      const read = fs.readSync(fd, scratch, 0, bytes, 0);
      // A copy (pooled when small): the scratch buffer is read into again by the next file.
      const head = Buffer.from(scratch.subarray(0, read));
      return Promise.resolve(s ? { bytes: head, mtime: s.mtimeMs, size: s.size } : { bytes: head });
    } finally {
      closeQuietly(fd);
    }
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

let headScratch = Buffer.allocUnsafe(0);

/** {@link readWholeFile} with synchronous calls, for the CLI (see {@link readHeadNow}). */
export function readWholeFileNow(nativePath: string): Promise<Uint8Array | null> {
  try {
    let fd: number;
    try {
      fd = fs.openSync(nativePath, 'r');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return Promise.resolve(null);
      throw error;
    }
    try {
      const size = fs.fstatSync(fd).size;
      const buffer = Buffer.allocUnsafe(size + 1);
      const read = fs.readSync(fd, buffer, 0, size + 1, 0);
      if (read <= size) return Promise.resolve(buffer.subarray(0, read));
    } finally {
      closeQuietly(fd);
    }
    return readWholeFile(nativePath); // it grew while read: once more, to its end
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/**
 * Head buffers free for reuse: one per read in flight at most, kept between
 * scans (a few hundred KB).
 */
const freeHeads: Buffer[] = [];
const takeHead = (bytes: number): Buffer => {
  const buffer = freeHeads.pop();
  return buffer && buffer.length >= bytes ? buffer : Buffer.allocUnsafeSlow(bytes);
};
const giveHead = (buffer: Buffer): void => {
  if (freeHeads.length < 256) freeHeads.push(buffer);
};

/** Calls `use` on the bytes read, then frees the buffer; a throw rejects. */
function useHead<T>(buffer: Buffer, read: number, use: (head: Uint8Array) => T): T {
  try {
    return use(buffer.subarray(0, read));
  } finally {
    giveHead(buffer);
  }
}

/**
 * {@link readHeadOnly} into a reused buffer, calling `use` on the bytes at
 * once (see IndexFileAccess.readHeadWith): open, one read, close, and no
 * buffer allocated per file.
 */
export function readHeadInto<T>(nativePath: string, bytes: number, use: (head: Uint8Array) => T): Promise<{ value: T }> {
  return new Promise((resolve, reject) => {
    fs.open(nativePath, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const buffer = takeHead(bytes);
      fs.read(fd, buffer, 0, bytes, 0, (readError, bytesRead) => {
        closeQuietly(fd);
        if (readError) {
          giveHead(buffer);
          return reject(readError);
        }
        try {
          resolve({ value: useHead(buffer, bytesRead, use) });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
  });
}

/**
 * The heads of many files (IndexFileAccess.readHeads): up to `concurrency`
 * files in flight, each opened, read into a reused buffer and closed with
 * plain callbacks, `each` called while the buffer holds the bytes. Per file,
 * the same system calls as {@link readHeadInto} (the close at once: one
 * thread-pool round trip fewer than the floor's), and no promise, closure or
 * result object of its own. Finished files are replaced in bursts (a third of
 * `concurrency` at a time), not one by one: the main thread, parsing every
 * head, is slower than the pool, so a file handed over alone found the pool's
 * threads asleep and paid to wake one, twice per file; a burst wakes them
 * once for many files (measured: the main thread's CPU 97 → 83 ms at 10k).
 */
export function readHeadsInto(paths: readonly string[], bytes: number, concurrency: number, each: (i: number, head: Uint8Array | null, error?: unknown) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const lanes = Math.max(1, Math.min(concurrency, paths.length));
    const burst = Math.max(1, Math.floor(lanes / 3));
    let next = 0;
    let active = 0;
    let freed = 0;
    let thrown: unknown = null;
    const finish = (i: number, head: Uint8Array | null, error?: unknown): void => {
      try {
        each(i, head, error);
      } catch (eachError) {
        thrown ??= eachError ?? new Error('readHeads: each threw');
      }
      active--;
      if (++freed >= burst || active < burst) {
        for (; freed > 0; freed--) start();
      }
      if (active === 0 && (thrown !== null || next >= paths.length)) {
        if (thrown !== null) reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
        else resolve();
      }
    };
    const start = (): void => {
      if (thrown !== null || next >= paths.length) return;
      const i = next++;
      active++;
      fs.open(paths[i]!, 'r', (openError, fd) => {
        if (openError) return finish(i, null, openError);
        const buffer = takeHead(bytes);
        fs.read(fd, buffer, 0, bytes, 0, (readError, bytesRead) => {
          closeQuietly(fd);
          if (readError) finish(i, null, readError);
          else finish(i, buffer.subarray(0, bytesRead));
          giveHead(buffer);
        });
      });
    };
    if (!paths.length) return resolve();
    for (let lane = 0; lane < lanes; lane++) start();
  });
}

/** {@link readHeadNow} into a reused buffer, calling `use` on the bytes at once (the CLI). */
export function readHeadNowInto<T>(nativePath: string, bytes: number, stat: boolean, use: (head: Uint8Array) => T): Promise<{ value: T; mtime?: number; size?: number }> {
  try {
    const fd = fs.openSync(nativePath, 'r');
    let s: fs.Stats | null;
    let read: number;
    const buffer = takeHead(bytes);
    try {
      s = stat ? fs.fstatSync(fd) : null;
      read = fs.readSync(fd, buffer, 0, bytes, 0);
    } catch (error) {
      giveHead(buffer);
      throw error;
    } finally {
      closeQuietly(fd);
    }
    const value = useHead(buffer, read, use);
    return Promise.resolve(s ? { value, mtime: s.mtimeMs, size: s.size } : { value });
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

/** The largest read that Node serves from its buffer pool. */
const SMALL_READ = 4095;

/** {@link IndexFileAccess} over Node's fs; `toPath` maps a location to a native path. */
export function nodeIndexAccess(toPath: (location: string) => string = (l) => l): IndexFileAccess {
  return {
    stat: (location) => statFile(toPath(location)),
    readHead: (location, bytes) => readHeadOnly(toPath(location), bytes),
    readHeadWith: (location, bytes, use) => readHeadInto(toPath(location), bytes, use),
    readHeads: (locations, bytes, concurrency, each) => readHeadsInto(locations.map(toPath), bytes, concurrency, each),
  };
}

/**
 * The cache file's bytes, or null when it is missing or unreadable. Bytes, not text: the parse
 * decodes them a line at a time (see linesOfBytes, src/core/corpus/indexCache.ts).
 */
export async function readCacheFile(nativePath: string): Promise<Uint8Array | null> {
  try {
    return await fs.promises.readFile(nativePath);
  } catch {
    return null;
  }
}

/** Writes the cache file atomically, creating its folder. */
export async function writeCacheFile(nativePath: string, text: string | Uint8Array): Promise<void> {
  const slash = Math.max(nativePath.lastIndexOf('/'), nativePath.lastIndexOf('\\'));
  if (slash > 0) await fs.promises.mkdir(nativePath.slice(0, slash), { recursive: true });
  await writeFileAtomic(nativePath, typeof text === 'string' ? new TextEncoder().encode(text) : text);
}

/** {@link FolderAccess} over Node's fs (callbacks: one call per folder is the whole cost of a warm listing). */
export function nodeFolderAccess(toPath: (location: string) => string = (l) => l): FolderAccess {
  return {
    statFolder: (location) =>
      new Promise((resolve, reject) => {
        fs.stat(toPath(location), (error, s) => (error ? reject(error) : s.isDirectory() ? resolve(s.mtimeMs) : reject(new Error(`not a folder: ${location}`))));
      }),
    readFolder: (location) =>
      new Promise((resolve, reject) => {
        fs.readdir(toPath(location), { withFileTypes: true }, (error, entries) => {
          if (error) return reject(error);
          resolve(entries.map((e) => ({ name: e.name, kind: e.isDirectory() ? 'folder' : e.isFile() ? 'file' : e.isSymbolicLink() ? 'link' : 'other' })));
        });
      }),
  };
}
