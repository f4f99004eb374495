/**
 * File access on the local disk with Node's fs, for the CLI and for the
 * extension when a workspace is on the local file system.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileAccess } from '../core/store';

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
}

/** {@link FileAccess} over Node's fs; locations are absolute paths. */
export const nodeFiles: FileAccess = {
  async read(location) {
    try {
      return await fs.readFile(location);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  },
  writeAtomic: writeFileAtomic,
};

/** Reads at most `bytes` bytes from the start of a file. */
export async function readHead(location: string, bytes: number): Promise<Uint8Array> {
  const handle = await fs.open(location, 'r');
  try {
    const buffer = Buffer.allocUnsafe(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
