/**
 * File access on the local disk with Node's fs, for the CLI and for the
 * extension when a workspace is on the local file system.
 */

import * as fsCallback from 'node:fs';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileAccess } from '../core/files/store';
import { fnv1a36 } from '../core/text/hash';

let counter = 0;

/**
 * Writes a file atomically: the bytes go to a temporary file in the same
 * folder, which is flushed to disk and then renamed over the target, so a
 * reader (or a crash) sees the old or the new file, never a partial one.
 */
export async function writeFileAtomic(target: string, data: Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Date.now().toString(36)}.${(counter++).toString(36)}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await fs.stat(target)).mode & 0o777;
  } catch {
    mode = undefined;
  }
  const handle = await fs.open(temp, 'wx', mode ?? 0o644);
  try {
    // open() applies the umask, which would drop bits such as group write: set the mode explicitly.
    if (mode !== undefined) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await removeStaleTemps(target);
}

/** A temporary file older than this is left over from a writer that was killed. */
export const STALE_TEMP_MS = 60_000;
/** When each target's folder was last swept for stale temporary files. */
const swept = new Map<string, number>();

/**
 * Deletes the temporary files of `target` (`.NAME.PID.TIME.N.tmp`) left by a
 * writer that was killed mid-write, once they are older than `maxAgeMs` (so a
 * write in progress in another process is never touched). Runs at most once a
 * minute per target unless `force`; never throws.
 */
export async function removeStaleTemps(target: string, options: { maxAgeMs?: number; force?: boolean } = {}): Promise<number> {
  const now = Date.now();
  if (!options.force && now - (swept.get(target) ?? -Infinity) < STALE_TEMP_MS) return 0;
  swept.set(target, now);
  const dir = path.dirname(target);
  const name = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.${name}\\.\\d+\\.[0-9a-z]+\\.[0-9a-z]+\\.tmp$`);
  let removed = 0;
  try {
    for (const entry of await fs.readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile() || !pattern.test(entry.name)) continue;
      const file = path.join(dir, entry.name);
      try {
        if (now - (await fs.stat(file)).mtimeMs < (options.maxAgeMs ?? STALE_TEMP_MS)) continue;
        await fs.rm(file, { force: true });
        removed++;
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
  } catch {
    // The folder cannot be listed: nothing to clean.
  }
  return removed;
}

/** {@link FileAccess} over Node's fs; locations are absolute paths. */
export const nodeFiles: FileAccess = {
  lock: lockFiles,
  async read(location) {
    try {
      return await fs.readFile(location);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw error;
    }
  },
  writeAtomic: writeFileAtomic,
  async list(folder) {
    try {
      return (await fs.readdir(folder, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
  },
  async makeFolder(folder) {
    await fs.mkdir(folder, { recursive: true });
  },
  async delete(location) {
    await fs.rm(location, { force: true });
  },
};

/**
 * Reads at most `bytes` bytes from the start of a file. Callback fs on a raw
 * descriptor, not a FileHandle: a scan does this for every file, and the
 * FileHandle API costs about twice as much per call.
 */
export function readHead(location: string, bytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    fsCallback.open(location, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      const buffer = Buffer.allocUnsafe(bytes);
      fsCallback.read(fd, buffer, 0, bytes, 0, (readError, bytesRead) => {
        fsCallback.close(fd, (closeError) => {
          if (readError ?? closeError) reject(readError ?? closeError);
          else resolve(buffer.subarray(0, bytesRead));
        });
      });
    });
  });
}

/** A lock older than this is taken to be left by a process that died. */
const STALE_LOCK_MS = 10_000;
/** How long a writer waits for another's lock before giving up. */
const LOCK_WAIT_MS = 5_000;

/**
 * Locks files for one read-modify-write across processes: a `.NAME.lock`
 * file created exclusively beside each (in a fixed order, so two writers
 * never wait on each other in a cycle). A lock left by a crashed process is
 * taken over once it is stale.
 */
export async function lockFiles(locations: readonly string[]): Promise<() => Promise<void>> {
  // Locks live outside the corpus, so that a crash never leaves files for git to see.
  // The folder is made by acquire() the first time a lock finds it missing: a call less per edit.
  const folder = path.join(os.tmpdir(), 'seed-annotator-locks');
  const lockPaths = [...new Set(locations.map((l) => path.resolve(l)))].sort().map((l) => path.join(folder, `${lockName(l)}.lock`));
  const held: string[] = [];
  try {
    for (const lockPath of lockPaths) {
      await acquire(lockPath);
      held.push(lockPath);
    }
  } catch (error) {
    await Promise.all(held.map((p) => fs.rm(p, { force: true })));
    throw error;
  }
  return async () => {
    await Promise.all(held.map((p) => fs.rm(p, { force: true })));
  };
}

/** A file name for the lock of a path: readable, and unique by a hash of the whole path. */
function lockName(location: string): string {
  return `${path.basename(location).replace(/[^\w.-]/g, '_').slice(0, 60)}-${fnv1a36(location)}`;
}

async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await fs.open(lockPath, 'wx');
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        await fs.mkdir(path.dirname(lockPath), { recursive: true });
        continue;
      }
      if (code !== 'EEXIST') throw error;
    }
    const age = await fs.stat(lockPath).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > STALE_LOCK_MS) {
      await fs.rm(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Nothing was written: another window or process is writing the file. Try again in a moment. (${path.basename(lockPath).replace(/-[0-9a-z]+\.lock$/, '')})`);
    await new Promise((resolve) => setTimeout(resolve, Math.min(100, 5 + attempt * 5)));
  }
}
