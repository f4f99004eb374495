/**
 * What the extension needs from the extension host beyond the VS Code API.
 * The Node host (desktop, remote, code-server) gives direct disk access, git
 * and cross-process locks; the browser's web-worker host (vscode.dev,
 * github.dev) gives none of them, and the extension then works through
 * `vscode.workspace.fs` alone. `src/node/extensionHost.ts` and
 * `src/web/extensionHost.ts` each export one {@link ExtensionHost}; the
 * browser bundle resolves the first to the second (esbuild.js), so the
 * composition root and every adapter are the same in both builds.
 */

import type { WalkedFolder, WalkOptions } from '../node/folderWalk';

/** Reads and writes on the local disk, by native path. */
export interface LocalDisk {
  readFile(nativePath: string): Promise<Uint8Array>;
  /** Writes through a temporary file renamed over the target. */
  writeFileAtomic(nativePath: string, data: Uint8Array): Promise<void>;
  /** Locks files across processes; resolves to the release. */
  lockFiles(nativePaths: readonly string[]): Promise<() => Promise<void>>;
  /** At most `bytes` bytes from the start of a file. */
  readHead(nativePath: string, bytes: number): Promise<Uint8Array>;
  /** The same, shaped for the index scan. */
  readHeadOnly(nativePath: string, bytes: number): Promise<{ bytes: Uint8Array }>;
  statFile(nativePath: string): Promise<{ mtime: number; size: number }>;
  /** The heads of many files, for a cold scan (`IndexFileAccess.readHeads`: no promise per file). */
  readHeads(nativePaths: readonly string[], bytes: number, concurrency: number, each: (i: number, head: Uint8Array | null, error?: unknown) => void): Promise<void>;
  /** Rejects with a refusal unless the file's real folder is inside `root`. */
  checkInside(root: string, nativePath: string): Promise<void>;
  /** The index cache's bytes (decoded a line at a time by the caller), or null when there is none. */
  readCacheFile(nativePath: string): Promise<Uint8Array | null>;
  /** Lists a folder's documents and sidecars by walking the disk (as `findFiles` would list them). */
  walkFolder(root: string, options: WalkOptions): Promise<WalkedFolder[]>;
  writeCacheFile(nativePath: string, data: Uint8Array): Promise<void>;
}

/** What is installed in a git repository by `git-setup`. */
export interface GitSetupSummary {
  readonly addedAttributes: readonly string[];
  readonly configChanged: boolean;
}

/** git on this machine. */
export interface LocalGit {
  /** The repository's top folder, or null outside a repository or without git. */
  topLevel(folder: string): Promise<string | null>;
  /** Installs the merge driver in the repository holding `dir`. */
  setup(dir: string, cli: readonly string[], registryName: string): Promise<GitSetupSummary>;
  /** The words that start the bundled CLI from git. */
  cliCommand(extensionPath: string): string[];
}

/** The extension host's own facilities. */
export interface ExtensionHost {
  /** Node.js (desktop, remote, code-server) or a browser web worker (vscode.dev, github.dev). */
  readonly kind: 'node' | 'webworker';
  /** Direct disk access for `file:` URIs; undefined where there is none. */
  readonly disk: LocalDisk | undefined;
  /** git, for the merge driver; undefined where no process can be started. */
  readonly git: LocalGit | undefined;
  /** The user's home folder (export dialogs start there); undefined in the browser. */
  readonly homeDir: string | undefined;
  /** Names this build of the extension, so that an index cache written by another build is ignored. */
  buildStamp(): string;
  /** Lets the host run pending work (I/O callbacks, messages) before the next slice of a long job. */
  yieldToHost(): Promise<void>;
}
