/**
 * Keeps the store's writes inside a corpus root on the local disk: a location
 * outside the root, in a folder that is a symbolic link out of it, or that is
 * itself a link out of it, is refused before anything is read or written.
 * (Apart from src/node/nodeFiles.ts so that the writer stays free of the core.)
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileAccess } from '../core/files/store';
import { OutsideCorpusError } from '../core/errors';
import { nodeFiles } from './nodeFiles';

/**
 * {@link nodeFiles} that refuses to write outside `root`: a location outside
 * it, or inside it but in a folder that is a symbolic link leading out of it.
 */
export function nodeFilesInside(root: string): FileAccess {
  return { ...nodeFiles, checkWrite: (location) => checkInside(root, location) };
}

/** Rejects with an OutsideCorpusError unless `location`'s real folder is inside `root`'s real folder. */
export async function checkInside(root: string, location: string): Promise<void> {
  const rootAbs = path.resolve(root);
  const target = path.resolve(location);
  const name = path.basename(target);
  const inside = (folder: string, p: string): boolean => p === folder || p.startsWith(folder.endsWith(path.sep) ? folder : folder + path.sep);
  if (!inside(rootAbs, path.dirname(target))) {
    throw new OutsideCorpusError(`Nothing was written: the file would be outside the corpus (${rootAbs}). Keep documents, sidecars and the registry inside it. (${name})`);
  }
  let realRoot: string;
  let realDir: string;
  try {
    realRoot = await fs.realpath(rootAbs);
    realDir = await fs.realpath(path.dirname(target));
  } catch {
    return; // a missing folder: the write itself fails, nowhere outside
  }
  if (!inside(realRoot, realDir)) {
    throw new OutsideCorpusError(`Nothing was written: the file's folder is a link to ${realDir}, outside the corpus (${rootAbs}). Move the document into the corpus itself. (${name})`);
  }
  // The file itself may be a link out of the root: it is neither read nor replaced.
  const real = await fs.realpath(target).catch(() => null);
  if (real !== null && !inside(realRoot, path.dirname(real))) {
    throw new OutsideCorpusError(`Nothing was written: the file is a link to ${real}, outside the corpus (${rootAbs}), and is never replaced. Replace the link with a real file to annotate it. (${name})`);
  }
}
