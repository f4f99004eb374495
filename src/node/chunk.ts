/**
 * The extension's chunks: code that only some paths need, built on its own
 * beside `extension.js` (esbuild.js) so that it does not count against the
 * bundle's 400 KB, and loaded at its first use.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

/**
 * The exports of the chunk `file` beside this bundle, or null when there is
 * none (test and bench bundles, built elsewhere in the repository). The file
 * is read without blocking and compiled as `require` would: a `require`
 * reads its file with synchronous calls on the extension host's thread.
 */
export async function loadChunk<T extends object>(file: string): Promise<T | null> {
  const chunk = path.join(__dirname, file);
  const source = await fs.promises.readFile(chunk, 'utf8').catch(() => null);
  if (source === null) return null;
  const module = { exports: {} as T };
  vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: chunk })(module.exports, require, module, chunk, __dirname);
  return module.exports;
}
