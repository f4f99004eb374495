/**
 * Merge conflicts on the local disk: finding the sidecars and actor files of a
 * corpus, resolving the ones git left conflict markers in, running as git's
 * merge driver, and installing that driver in a repository. The merging itself
 * is the core's (src/core/merge).
 */

import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { checkDisagreements, type Problem } from '../core/corpus/checks';
import { hasConflictMarkers } from '../core/merge/conflictMarkers';
import { isMergeByIdFile, MERGE_DRIVER_DESCRIPTION, MERGE_DRIVER_NAME, mergeDriverCommand, withMergeAttributes } from '../core/merge/gitAttributes';
import { mayNeedResolving, mergeById, resolveConflictText, type Disagreement } from '../core/merge/mergeById';
import { writeFileAtomic } from './nodeFiles';

const run = promisify(execFile);

/** Every sidecar and actor file below `dir` (dot-folders and node_modules skipped), sorted. */
export async function findMergeByIdFiles(dir: string, registryName = 'actors.yaml'): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await fs.readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full);
      } else if (entry.isFile() && isMergeByIdFile(full.split(path.sep).join('/'), registryName)) found.push(full);
    }
  };
  await walk(dir);
  return found.sort();
}

/**
 * The disagreements a merge left marked in the registry: `actors.yaml` and
 * the actor files in the folder of the same name beside it (`actors/<id>.yaml`).
 */
export async function registryDisagreements(registryLocation: string): Promise<Problem[]> {
  const folder = registryLocation.replace(/\.ya?ml$/, '');
  const names = await fs.readdir(folder).catch(() => [] as string[]);
  const files = [registryLocation, ...names.filter((n) => /\.ya?ml$/.test(n) && !n.startsWith('.')).sort().map((n) => `${folder}/${n}`)];
  const problems: Problem[] = [];
  for (const file of files) {
    const text = await fs.readFile(file, 'utf8').catch(() => null);
    if (text !== null) problems.push(...checkDisagreements(file, text));
  }
  return problems;
}

/** What resolving one file did. */
export interface ResolvedFile {
  readonly path: string;
  /** True when the file held conflict markers (or entries sharing an id) and was rewritten, merged by id. */
  readonly resolved: boolean;
  /** Disagreements left in the file, to be settled. */
  readonly disagreements: readonly Disagreement[];
  /** Why the file could not be merged (it is left as it was), or null. */
  readonly problem: string | null;
}

/**
 * Resolves one file: merged by id and written atomically when it holds
 * conflict markers or entries sharing an id; otherwise only read. A file
 * without markers that does not parse is left to `check` to report.
 */
export async function resolveFile(filePath: string): Promise<ResolvedFile> {
  const text = await fs.readFile(filePath, 'utf8');
  if (!mayNeedResolving(text)) return { path: filePath, resolved: false, disagreements: [], problem: null };
  const conflicted = hasConflictMarkers(text);
  const outcome = resolveConflictText(text);
  if (!outcome.ok) return { path: filePath, resolved: false, disagreements: [], problem: conflicted ? outcome.problem : null };
  const changed = outcome.text !== text;
  if (changed) {
    // Written only if nobody changed the file meanwhile (an editor saving, another resolve).
    if ((await fs.readFile(filePath, 'utf8')) !== text) return { path: filePath, resolved: false, disagreements: [], problem: 'the file changed while it was being resolved; run resolve again' };
    await writeFileAtomic(filePath, new TextEncoder().encode(outcome.text));
  }
  return { path: filePath, resolved: changed, disagreements: outcome.disagreements, problem: null };
}

/**
 * git's merge driver: merges `ours` (%A), `base` (%O) and `theirs` (%B) by id
 * and writes the result to `ours`. Resolves to the exit status git expects:
 * 0 when clean, 1 when disagreements are marked in the result. Files the
 * merge cannot read (not YAML, markers inside) get git's own line merge.
 */
export async function runMergeDriver(base: string, ours: string, theirs: string): Promise<{ status: number; disagreements: readonly Disagreement[]; fallback: string | null }> {
  const [baseText, oursText, theirsText] = await Promise.all([base, ours, theirs].map((f) => fs.readFile(f, 'utf8')));
  const outcome = mergeById({ base: baseText!, ours: oursText!, theirs: theirsText!, oursLabel: 'ours', theirsLabel: 'theirs' });
  if (outcome.ok) {
    await writeFileAtomic(ours, new TextEncoder().encode(outcome.text));
    return { status: outcome.disagreements.length ? 1 : 0, disagreements: outcome.disagreements, fallback: null };
  }
  try {
    await run('git', ['merge-file', '-L', 'ours', '-L', 'base', '-L', 'theirs', ours, base, theirs]);
    return { status: 0, disagreements: [], fallback: outcome.problem };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return { status: typeof code === 'number' && code > 0 ? 1 : 2, disagreements: [], fallback: outcome.problem };
  }
}

/** What git-setup changed. */
export interface GitSetupResult {
  readonly repository: string;
  readonly attributesFile: string;
  /** The `.gitattributes` lines added (none when they were there). */
  readonly addedAttributes: readonly string[];
  /** True when the driver's git config was set or changed. */
  readonly configChanged: boolean;
  readonly driver: string;
}

/** Thrown when `dir` is not inside a git repository. */
export class NotARepositoryError extends Error {}

/**
 * Installs the merge driver for the corpus at `dir`: the `.gitattributes`
 * lines in `dir`, and `merge.seed-annotator.*` in the repository's local
 * config. Running it again changes nothing.
 */
export async function gitSetup(dir: string, cli: readonly string[], registryName = 'actors.yaml'): Promise<GitSetupResult> {
  let repository: string;
  try {
    repository = (await run('git', ['-C', dir, 'rev-parse', '--show-toplevel'])).stdout.trim();
  } catch {
    throw new NotARepositoryError(`The corpus is not in a git repository: run git init (or clone the corpus) first (${dir})`);
  }
  const attributesFile = path.join(dir, '.gitattributes');
  const existing = await fs.readFile(attributesFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  const { text, added } = withMergeAttributes(existing, registryName);
  if (added.length) await writeFileAtomic(attributesFile, new TextEncoder().encode(text));
  const driver = mergeDriverCommand(cli);
  let configChanged = false;
  for (const [key, value] of [[`merge.${MERGE_DRIVER_NAME}.name`, MERGE_DRIVER_DESCRIPTION], [`merge.${MERGE_DRIVER_NAME}.driver`, driver]] as const) {
    const current = await run('git', ['-C', dir, 'config', '--local', '--get', key]).then((r) => r.stdout.replace(/\n$/, ''), () => null);
    if (current === value) continue;
    await run('git', ['-C', dir, 'config', '--local', key, value]);
    configChanged = true;
  }
  return { repository, attributesFile, addedAttributes: added, configChanged, driver };
}
