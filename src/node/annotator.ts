/**
 * Who is annotating, for the `creator` of new annotations: the name given
 * in the settings, else git's `user.name` (the repository's config, then
 * the global one), else the operating-system user.
 */

import { execFile } from 'node:child_process';
import * as os from 'node:os';
import type { Provenance } from '../core/files/sidecar';

/** git's `user.name` as seen from `folder`, or null when git or the name is missing. */
export function gitUserName(folder: string): Promise<string | null> {
  return new Promise((resolve) => {
    execFile('git', ['config', '--get', 'user.name'], { cwd: folder, timeout: 5000, windowsHide: true }, (error, stdout) => {
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

/** The annotator's name: the setting, else git's user.name from `folder`, else the OS user. */
export async function annotatorName(setting: string | null | undefined, folder: string | null): Promise<string | null> {
  const configured = setting?.trim();
  if (configured) return configured;
  return (folder ? await gitUserName(folder) : null) ?? osUserName();
}

/** Now, as ISO 8601 in UTC to the second: 2026-11-30T07:40:12Z. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Provenance for the store: a fixed annotator name and the time of each edit. */
export function provenanceOf(name: () => string | null): () => Provenance {
  return () => ({ creator: name(), created: isoNow() });
}
