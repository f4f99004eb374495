/**
 * The English analyser in the browser: the language chunk (dist/web/nlp.js,
 * wink-nlp and its model) is fetched through the workspace file system on
 * first use and evaluated once, since a web worker cannot `require` a file.
 * Until it has arrived the plain rule-based analyser serves, so suggestions
 * never wait on the network; the next request uses wink.
 */

import type * as NodeTwin from '../node/englishAnalyser';
import * as vscode from 'vscode';
import { plainAnalysis, type Analyser } from '../core/tagging/language';

const EXTENSION_ID = 'seedlab.seed-annotator';

let loaded: Analyser | undefined;
let loading: Promise<void> | undefined;

async function load(): Promise<void> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) return;
  const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extension.extensionUri, 'dist', 'web', 'nlp.js'));
  const module = { exports: {} as { winkAnalysis?: Analyser } };
  // The chunk is our own bundle, shipped in the extension: evaluated as CommonJS.
  new Function('module', 'exports', new TextDecoder().decode(bytes))(module, module.exports);
  loaded = module.exports.winkAnalysis;
}

/** The English analyser: wink once its chunk has loaded, the plain analyser until then. */
export function englishAnalyser(): Analyser {
  if (loaded) return loaded;
  loading ??= load().catch(() => {
    // Left to the plain analyser; a later session tries again.
  });
  return plainAnalysis;
}

// The browser twin offers what the Node module offers (esbuild.js swaps them).
const twin: typeof NodeTwin = { englishAnalyser };
void twin;
