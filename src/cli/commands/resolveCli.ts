/** `seed-annotator resolve DIR`: sidecars and actor files with git conflict markers, merged by id. */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeDisagreement } from '../../core/merge/mergeById';
import { findMergeByIdFiles, resolveFile } from '../../node/mergeFiles';
import { CLI_NAME, InputError, plural, type CliCommand } from '../cliCommand';

export const resolveCli: CliCommand = {
  name: 'resolve',
  synopsis: 'DIR',
  help: [
    'Merge the sidecars and actor files that hold',
    'git conflict markers by annotation and actor id',
    '(both sides kept, identical entries once), and',
    'list each disagreement left to settle as',
    '"path:line: ours … / theirs …". Exit 1 while',
    'disagreements remain.',
  ],
  options: {},
  async run({ dir, io }) {
    const stat = await fs.stat(dir).catch(() => null);
    if (!stat?.isDirectory()) throw new InputError(`no such folder: ${dir}`);
    let remaining = 0;
    let resolved = 0;
    let failed = 0;
    for (const file of await findMergeByIdFiles(dir)) {
      const result = await resolveFile(file);
      const shown = path.relative(dir, file).split(path.sep).join('/');
      if (result.problem) {
        failed++;
        io.stderr(`${CLI_NAME}: cannot merge ${shown} by id, so it was left as it is: ${result.problem}\n`);
        continue;
      }
      if (result.resolved) {
        resolved++;
        io.stderr(`${CLI_NAME}: resolved ${shown}\n`);
      }
      for (const d of result.disagreements) {
        remaining++;
        io.stdout(`${shown}:${d.line}: ${describeDisagreement(d)} [${d.id ?? path.basename(file).replace(/\.ya?ml$/, '')}]\n`);
      }
    }
    if (remaining || failed) {
      const parts = [remaining ? `${remaining} ${plural(remaining, 'disagreement')} to settle: keep one reading of each and delete its alternatives, or run Resolve Merge Conflict by Annotation Id in the editor` : '', failed ? `${failed} ${plural(failed, 'file')} to merge by hand` : ''];
      io.stderr(`${CLI_NAME}: ${parts.filter(Boolean).join('; ')}\n`);
      return 1;
    }
    io.stderr(`${CLI_NAME}: ${resolved ? `${resolved} ${plural(resolved, 'file')} resolved, ` : ''}no merge conflicts left\n`);
    return 0;
  },
};
