/**
 * Writes interrupted between their two steps, where the file system has no
 * atomic replace. Without a local disk (the browser) a sidecar or actor file
 * is written to `NAME.TIME.tmp` and then renamed over `NAME`, and VS Code's
 * file service renames over an existing file by deleting it first. A window
 * closed between that delete and the rename leaves no `NAME`, and the
 * annotations only in the temporary file. This plans what to do with such
 * files; the shell does the file system calls.
 */

import { Sidecar, SIDECAR_SUFFIX } from './sidecar';
import { loadYaml } from './yamlFile';

/** The temporary file's name for a write of `path` begun at `now` (milliseconds). */
export function temporaryPathFor(path: string, now: number): string {
  return `${path}.${now.toString(36)}.tmp`;
}

const TEMPORARY = /^(.+\.ya?ml)\.([0-9a-z]+)\.tmp$/;

/** The file a temporary file was written for, and when its write began, or null when it is not one of ours. */
export function temporaryTarget(path: string): { target: string; startedAt: number } | null {
  const match = TEMPORARY.exec(path);
  if (!match) return null;
  const startedAt = parseInt(match[2]!, 36);
  return Number.isSafeInteger(startedAt) ? { target: match[1]!, startedAt } : null;
}

/** The glob that finds them (sidecars, registries and actor files are all YAML). */
export const TEMPORARY_GLOB = '**/*.{yaml,yml}.*.tmp';

/** A temporary file found on the disk. */
export interface FoundTemporary {
  readonly path: string;
  /** Its last change, in milliseconds since the epoch. */
  readonly mtimeMs: number;
}

/** What to do with the temporary files of one target. */
export type RecoveryStep =
  /** The target is missing and this file holds its last complete write: rename it to the target. */
  | { readonly kind: 'restore'; readonly temporary: string; readonly target: string }
  /** The target is there, so this write never replaced it and its writer is long gone: delete it. */
  | { readonly kind: 'remove'; readonly temporary: string; readonly target: string }
  /** Left as it is, and said why: the user decides. */
  | { readonly kind: 'keep'; readonly temporary: string; readonly target: string; readonly reason: string };

/** A write still in progress in another window may be this young. */
export const STALE_TEMPORARY_MS = 60_000;

/**
 * Plans the recovery of the temporary files found. `exists` says whether a
 * target is on the disk; `read` gives a temporary file's text. Only a file
 * that parses as YAML is restored, the newest first; a target that is there
 * keeps its file, and only temporary files older than a minute are removed.
 */
export async function planRecovery(
  found: readonly FoundTemporary[],
  exists: (target: string) => Promise<boolean>,
  read: (temporary: string) => Promise<string | null>,
  now: number,
): Promise<RecoveryStep[]> {
  const byTarget = new Map<string, { file: FoundTemporary; startedAt: number }[]>();
  for (const file of found) {
    const parsed = temporaryTarget(file.path);
    if (!parsed) continue;
    const list = byTarget.get(parsed.target) ?? [];
    list.push({ file, startedAt: parsed.startedAt });
    byTarget.set(parsed.target, list);
  }
  const steps: RecoveryStep[] = [];
  for (const [target, files] of byTarget) {
    files.sort((a, b) => b.startedAt - a.startedAt || b.file.mtimeMs - a.file.mtimeMs);
    const fresh = (f: FoundTemporary): boolean => now - f.mtimeMs < STALE_TEMPORARY_MS;
    let restored: string | null = null;
    if (!(await exists(target))) {
      for (const { file } of files) {
        if (fresh(file)) continue;
        const text = await read(file.path);
        if (text !== null && readsWhole(target, text)) {
          restored = file.path;
          steps.push({ kind: 'restore', temporary: file.path, target });
          break;
        }
      }
      if (restored === null) {
        for (const { file } of files) {
          steps.push({ kind: 'keep', temporary: file.path, target, reason: fresh(file) ? 'a write may still be in progress' : 'it does not read as a whole YAML file' });
        }
        continue;
      }
    }
    for (const { file } of files) {
      if (file.path === restored) continue;
      if (fresh(file)) steps.push({ kind: 'keep', temporary: file.path, target, reason: 'a write may still be in progress' });
      else steps.push({ kind: 'remove', temporary: file.path, target });
    }
  }
  return steps;
}

/** True when the text reads as the target's kind of file: a sidecar as a sidecar, anything else as YAML. */
function readsWhole(target: string, text: string): boolean {
  if (text.trim() === '') return false;
  if (target.endsWith(SIDECAR_SUFFIX)) return Sidecar.parse(text).ok;
  const loaded = loadYaml(text);
  return loaded.doc !== null && loaded.problems.length === 0 && loaded.doc.errors.length === 0;
}
