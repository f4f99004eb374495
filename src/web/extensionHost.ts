/**
 * The browser's web-worker extension host (vscode.dev, github.dev): no local
 * disk, no git, no other process. Every file goes through
 * `vscode.workspace.fs` (the adapters do that for any URI when `disk` is
 * undefined), and locks hold within this window only: another window or
 * process writing the same sidecar is not excluded, so writes stay
 * read-modify-write on fresh content (the store re-reads under the lock).
 * esbuild.js resolves src/node/extensionHost.ts to this module in the
 * browser bundle.
 */

import type * as NodeTwin from '../node/extensionHost';
import type { ExtensionHost } from '../vscode/hostFacilities';

/** The browser host: no disk, no git; time slices through the macrotask queue. */
export const host: ExtensionHost = {
  kind: 'webworker',
  disk: undefined,
  git: undefined,
  homeDir: undefined,
  // The bundle's own mtime cannot be read here; the extension's version names the build.
  buildStamp: () => 'web',
  yieldToHost: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

// The browser twin offers what the Node module offers (esbuild.js swaps them).
const twin: typeof NodeTwin = { host };
void twin;
