/** `seed-annotator migrate DIR`: converts a corpus to the layout that plain git merges. */

import { relativePath } from '../../node/diskCorpus';
import { applyCorpusMigration, planCorpusMigration } from '../../node/migrateCorpus';
import { CLI_NAME, plural, type CliCommand } from '../cliCommand';

export const migrateCli: CliCommand = {
  name: 'migrate',
  synopsis: 'DIR [--dry-run]',
  help: [
    'Convert the corpus to the layout that git',
    'merges: actors.yaml becomes actors/<id>.yaml,',
    'one file per actor; each sidecar entry one',
    'line. Nothing is lost; running it twice',
    'changes nothing. Exits 1 when a file could not',
    'be read (it is left as it is).',
  ],
  options: {
    'dry-run': { type: 'boolean', help: 'list what would change, write nothing.' },
  },
  async run({ dir, values, io }) {
    const plan = await planCorpusMigration(dir);
    const rel = (location: string): string => relativePath(plan, location);
    const dry = values['dry-run'] === true;
    if (!dry) await applyCorpusMigration(plan);
    const verb = dry ? 'would ' : '';
    const lines = [
      ...plan.writes.map((f) => `${verb}${dry ? 'write' : 'wrote'} ${rel(f.location)}`),
      ...plan.deletes.map((l) => `${verb}${dry ? 'remove' : 'removed'} ${rel(l)} (every actor is in a file of its own)`),
    ];
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
    for (const s of plan.skipped) io.stderr(`${CLI_NAME}: warning: left ${rel(s.location)} as it is: it cannot be read: ${s.problem}\n`);
    const sidecars = plan.writes.filter((f) => f.location.endsWith('.annotations.yaml')).length;
    if (lines.length === 0 && plan.skipped.length === 0) io.stderr(`${CLI_NAME}: nothing to migrate: ${dir} is in the mergeable layout already\n`);
    else io.stderr(`${verb}${dry ? 'move' : 'moved'} ${plan.actorsMoved} ${plural(plan.actorsMoved, 'actor')} to files of their own; ${verb}${dry ? 'rewrite' : 'rewrote'} ${sidecars} ${plural(sidecars, 'sidecar')}\n`);
    return plan.skipped.length ? 1 : 0;
  },
};
