/**
 * Who is annotating, for the `creator` of new annotations: the name given
 * in the settings, else git's `user.name` (the repository's config, then
 * the global one), else the operating-system user. git's files are read
 * directly (src/node/gitConfigFiles.ts); git runs only when they leave the
 * answer uncertain.
 */

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import type { Provenance } from '../core/files/sidecar';
import { gitUserNameFromFiles } from './gitConfigFiles';

/**
 * git's `user.name` as seen from `folder`, by running `git config --get user.name`,
 * or null when git or the name is missing.
 *
 * @param env the environment git runs with (the process's own by default)
 */
export function gitUserName(folder: string, env?: NodeJS.ProcessEnv): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', 'user.name'], { cwd: folder, timeout: 5000, windowsHide: true, env }, (error, stdout) => {
      const name = error ? '' : String(stdout).trim();
      resolve(name || null);
    });
  });
}

/** The operating-system user's name, or null. */
export function osUserName(): string | null {
  try {
    return os.userInfo().username || null;
  } catch {
    return null;
  }
}

/**
 * The annotator's name when it is known without running git: the setting, else
 * git's user.name read from git's files, else the OS user. Undefined when only
 * git can tell (see {@link gitUserNameFromFiles}).
 */
export function annotatorNameNow(setting: string | null | undefined, folder: string | null, env?: NodeJS.ProcessEnv): string | null | undefined {
  const configured = setting?.trim();
  if (configured) return configured;
  if (!folder) return osUserName();
  const fromFiles = gitUserNameFromFiles(folder, env);
  return fromFiles.known ? (fromFiles.name ?? osUserName()) : undefined;
}

/** The annotator's name: the setting, else git's user.name from `folder`, else the OS user. */
export async function annotatorName(setting: string | null | undefined, folder: string | null, env?: NodeJS.ProcessEnv): Promise<string | null> {
  const now = annotatorNameNow(setting, folder, env);
  if (now !== undefined) return now;
  return (folder ? await gitUserName(folder, env) : null) ?? osUserName();
}

/** Now, as ISO 8601 in UTC to the second: 2026-11-30T07:40:12Z. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Provenance for the store: a fixed annotator name and the time of each edit. */
export function provenanceOf(name: () => string | null): () => Provenance {
  return () => ({ creator: name(), created: isoNow() });
}
