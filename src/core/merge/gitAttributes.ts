/**
 * The merge driver's setup in a repository, as text: the `.gitattributes`
 * lines that route sidecars and actor files to it, and the command git runs.
 * Applying them (writing the file, `git config`) is the shells' job.
 */

import { lineEndAttributes } from '../text/lineEnds';
import { basename, dirname } from '../text/paths';

/** True for the files merged by id: sidecars, the registry, and actor files (`actors/<id>.yaml`). Locations use `/`. */
export function isMergeByIdFile(location: string, registryName = 'actors.yaml'): boolean {
  const name = basename(location);
  if (name.endsWith('.annotations.yaml') || name === registryName) return true;
  return /\.ya?ml$/.test(name) && basename(dirname(location)) === registryName.replace(/\.ya?ml$/, '');
}

/** The driver's name in `.gitattributes` (`merge=seed-annotator`) and in git config (`merge.seed-annotator.driver`). */
export const MERGE_DRIVER_NAME = 'seed-annotator';

/** The driver's description in git config. */
export const MERGE_DRIVER_DESCRIPTION = 'Seed Annotator: merge sidecars and actor files by annotation id';

/**
 * The `.gitattributes` lines for a corpus whose registry file is `registryName`:
 * the merge driver, and LF line ends for the same files (documents are left
 * alone: anchors do not depend on their line ends).
 */
export function mergeAttributeLines(registryName = 'actors.yaml'): string[] {
  const registryStem = registryName.replace(/\.ya?ml$/, '');
  return [
    `*.annotations.yaml merge=${MERGE_DRIVER_NAME}`,
    `${registryName} merge=${MERGE_DRIVER_NAME}`,
    // One file per actor (actors/<id>.yaml), when the corpus uses that layout.
    `${registryStem}/*.yaml merge=${MERGE_DRIVER_NAME}`,
    ...lineEndAttributes(registryName),
  ];
}

/** `.gitattributes` text with the driver's lines added where missing; `added` lists them (empty when nothing changed). */
export function withMergeAttributes(existing: string, registryName?: string): { text: string; added: string[] } {
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim().replace(/\s+/g, ' ')));
  const added = mergeAttributeLines(registryName).filter((line) => !present.has(line));
  if (added.length === 0) return { text: existing, added };
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const head = existing === '' || existing.endsWith('\n') ? existing : `${existing}${eol}`;
  const comment = existing.includes('# Seed Annotator') ? [] : ['# Seed Annotator: merge sidecars and actor files by annotation id, and keep them LF (seed-annotator git-setup)'];
  return { text: `${head}${[...comment, ...added].join(eol)}${eol}`, added };
}

/** Quotes a word for the POSIX shell git runs the driver with. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The driver command for git config, given the words that start the CLI (`node /path/cli.js`). */
export function mergeDriverCommand(cli: readonly string[]): string {
  return `${cli.map(shellQuote).join(' ')} merge-driver %O %A %B %P`;
}
