/**
 * Browser twin of src/node/migrateCorpus.ts: a corpus is converted on the
 * local disk (the CLI's migrate, or the desktop editor), never in the browser.
 */

import type { MigrationPlan } from '../core/files/migration';
import { TagError } from '../core/tagging/tagging';

const NOT_HERE = 'Converting a corpus needs the files on this computer: run seed-annotator migrate DIR, or open the folder in the desktop editor.';

export function planCorpusMigration(_root: string): Promise<MigrationPlan & { root: string }> {
  return Promise.reject(new TagError(NOT_HERE));
}

export function applyCorpusMigration(_plan: MigrationPlan): Promise<void> {
  return Promise.reject(new TagError(NOT_HERE));
}

/** Never offered in the browser. */
export function hasLegacyRegistry(_registryLocation: string): Promise<boolean> {
  return Promise.resolve(false);
}
