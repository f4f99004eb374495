/**
 * Migrating a corpus on the local disk to the mergeable layout (see
 * core/files/migration): reads every sidecar and the registry, writes each
 * changed file atomically, and removes the emptied `actors.yaml`. Shared by
 * `seed-annotator migrate` and the extension's offer.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { planMigration, type MigrationPlan } from '../core/files/migration';
import { readRegistryFiles } from '../core/files/store';
import { scanCorpus } from './diskCorpus';
import { nodeFiles, writeFileAtomic } from './nodeFiles';

const decoder = new TextDecoder('utf-8');
const encoder = new TextEncoder();

/** Plans the migration of the corpus at `root` (nothing is written). */
export async function planCorpusMigration(root: string): Promise<MigrationPlan & { root: string }> {
  const scan = await scanCorpus(root);
  const read = await readRegistryFiles(nodeFiles, scan.registryLocation);
  const sidecars = (
    await Promise.all(scan.sidecars.map(async (location) => ({ location, bytes: await nodeFiles.read(location).catch(() => null) })))
  ).flatMap(({ location, bytes }) => (bytes ? [{ location, text: decoder.decode(bytes) }] : []));
  const plan = planMigration(
    scan.registryLocation,
    { legacy: read.legacy ? decoder.decode(read.legacy) : null, actors: read.actors.map((a) => ({ id: a.id, text: decoder.decode(a.bytes) })) },
    sidecars,
  );
  // A registry file that cannot be read at all is left alone, like one that does not parse.
  const unreadable = read.problems.map((p) => ({ location: p.file ? path.join(scan.root, p.file) : scan.registryLocation, problem: p.message }));
  return { ...plan, skipped: [...plan.skipped, ...unreadable], root: scan.root };
}

/** Applies a plan: every write atomic, then the deletes. */
export async function applyCorpusMigration(plan: MigrationPlan): Promise<void> {
  for (const file of plan.writes) {
    await fs.mkdir(path.dirname(file.location), { recursive: true });
    await writeFileAtomic(file.location, encoder.encode(file.text));
  }
  for (const location of plan.deletes) await fs.rm(location, { force: true });
}

/** True when the corpus at `root` still keeps actors in the legacy `actors.yaml`. */
export async function hasLegacyRegistry(registryLocation: string): Promise<boolean> {
  const bytes = await nodeFiles.read(registryLocation).catch(() => null);
  return bytes !== null && /^actors:[ \t]*\n[ \t]+[^\s#]/m.test(decoder.decode(bytes));
}
