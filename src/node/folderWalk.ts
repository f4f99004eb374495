/**
 * Lists a workspace folder on the local disk by walking it with Node's fs:
 * the files that match the documents' glob and every sidecar, folder by
 * folder. For a `file:` workspace this replaces two `workspace.findFiles`
 * calls, whose answers (every URI, sent over IPC and revived in the
 * extension host) took most of the time to the first Documents tree on a
 * large corpus (`npm run bench`).
 *
 * It follows what `findFiles(include, exclude)` lists: globs relative to the
 * folder, dot-files included, folders matching `exclude` not entered,
 * symbolic links followed (each real folder once, so a loop ends), no
 * ignore files.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadChunk } from './chunk';
import type picomatch from 'picomatch';

/** One folder's files, as native names (not paths). */
export interface WalkedFolder {
  /** The folder's native path. */
  readonly folder: string;
  /** Names of the files matching the include glob (not excluded). */
  readonly documents: readonly string[];
  /** Names of the sidecars in it. */
  readonly sidecars: readonly string[];
}

/** What to list. */
export interface WalkOptions {
  /** Glob of the documents, relative to the root (`**\/*.txt`). */
  readonly include: string;
  /** Glob of what is left out, relative to the root; a matching folder is not entered. */
  readonly exclude: string;
  /** The sidecar file-name ending (`.annotations.yaml`). */
  readonly sidecarSuffix: string;
  /** How many folders are read at once. */
  readonly concurrency?: number;
}

const globOptions = { dot: true } as const;

let matcher: Promise<typeof picomatch> | undefined;

/**
 * picomatch, from `glob.js` beside this bundle (the extension's own chunk,
 * see `globChunk.ts`); test and bench bundles, built elsewhere in the
 * repository, take the package itself.
 */
function glob(): Promise<typeof picomatch> {
  matcher ??= (async () => {
    type Loaded = { picomatch?: typeof picomatch } & typeof picomatch;
    // A name known at run time: the bundler leaves this require alone, so the matcher stays out of extension.js.
    const name = 'picomatch';
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the package itself, where there is no chunk
    const loaded = (await loadChunk<Loaded>('glob.js')) ?? (require(name) as Loaded);
    return loaded.picomatch ?? loaded;
  })();
  return matcher;
}

/**
 * Walks `root` and resolves to its folders that hold a document or a sidecar,
 * in no particular order. A folder that cannot be read is skipped (it is gone,
 * or not ours to read); the root itself missing rejects.
 */
export async function walkFolder(root: string, options: WalkOptions): Promise<WalkedFolder[]> {
  const match = await glob();
  const include = match(options.include, globOptions);
  const exclude = options.exclude ? match(options.exclude, globOptions) : () => false;
  const limit = Math.max(1, options.concurrency ?? 16);
  const found: WalkedFolder[] = [];
  const seen = new Set<string>();
  const queue: Array<{ native: string; relative: string }> = [];
  const rootReal = await fs.promises.realpath(root);
  seen.add(rootReal);
  queue.push({ native: root, relative: '' });

  const visit = async ({ native, relative }: { native: string; relative: string }): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(native, { withFileTypes: true });
    } catch (error) {
      if (relative === '') throw error;
      return;
    }
    const documents: string[] = [];
    const sidecars: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      const rel = relative ? `${relative}/${name}` : name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        const target = await fs.promises.stat(path.join(native, name)).catch(() => undefined);
        if (!target) continue; // dangling
        isDir = target.isDirectory();
        isFile = target.isFile();
        if (isDir) {
          const real = await fs.promises.realpath(path.join(native, name)).catch(() => undefined);
          if (!real || seen.has(real)) continue;
          seen.add(real);
        }
      }
      if (isDir) {
        if (!exclude(rel)) queue.push({ native: path.join(native, name), relative: rel });
      } else if (isFile) {
        if (exclude(rel)) continue;
        if (name.endsWith(options.sidecarSuffix)) sidecars.push(name);
        if (include(rel)) documents.push(name);
      }
    }
    if (documents.length || sidecars.length) found.push({ folder: native, documents, sidecars });
  };

  // A fixed number of workers over a growing queue: memory stays flat on deep trees.
  let active = 0;
  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (active < limit && queue.length) {
        const next = queue.pop()!;
        active++;
        visit(next).then(
          () => {
            active--;
            if (!queue.length && active === 0) resolve();
            else pump();
          },
          (error: unknown) => reject(error instanceof Error ? error : new Error(String(error))),
        );
      }
      if (!queue.length && active === 0) resolve();
    };
    pump();
  });
  return found;
}
