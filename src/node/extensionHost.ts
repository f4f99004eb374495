/**
 * The Node extension host's facilities: the local disk, cross-process locks
 * and git. The browser build replaces this module with src/web/extensionHost.ts.
 */

import { execFile } from 'node:child_process';
import { promises as fs, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ExtensionHost } from '../vscode/hostFacilities';
import { walkFolder } from './folderWalk';
import { checkInside } from './guard';
import { readHeadOnly, readHeadsInto, statFile, writeCacheFile } from './indexCacheFile';
import { gitSetup, NotARepositoryError } from './mergeFiles';
import { lockFiles, readHead, writeFileAtomic } from './nodeFiles';
import { TagError } from '../core/tagging/tagging';

/** The Node host: every facility. */
export const host: ExtensionHost = {
  kind: 'node',
  disk: {
    readFile: (nativePath) => fs.readFile(nativePath),
    writeFileAtomic,
    lockFiles,
    readHead,
    readHeadOnly,
    statFile,
    readHeads: readHeadsInto,
    checkInside,
    // Bytes, not text: decoding a 20 MB cache at once stopped the host's thread for 50-110 ms.
    readCacheFile: (nativePath) => fs.readFile(nativePath).catch(() => null),
    writeCacheFile,
    walkFolder,
  },
  git: {
    topLevel: (folder) =>
      new Promise((resolve) => {
        execFile('git', ['-C', folder, 'rev-parse', '--show-toplevel'], { timeout: 10_000 }, (error, stdout) => resolve(error ? null : stdout.trim() || null));
      }),
    async setup(dir, cli, registryName) {
      try {
        return await gitSetup(dir, cli, registryName);
      } catch (error) {
        if (error instanceof NotARepositoryError) throw new TagError(error.message);
        throw error;
      }
    },
    cliCommand(extensionPath) {
      const cli = path.join(extensionPath, 'dist', 'cli.js');
      // Desktop VS Code runs on Electron, which runs a script as plain Node only when told so.
      return process.versions['electron'] ? ['ELECTRON_RUN_AS_NODE=1', process.execPath, cli] : [process.execPath, cli];
    },
  },
  homeDir: os.homedir() || undefined,
  buildStamp() {
    try {
      return String(statSync(__filename).mtimeMs);
    } catch {
      return '';
    }
  },
  yieldToHost: () => new Promise((resolve) => setImmediate(resolve)),
};
