/** `seed-annotator merge-driver %O %A %B %P`: git's merge driver for sidecars and actor files (installed by git-setup). */

import { describeDisagreement } from '../../core/merge/mergeById';
import { runMergeDriver } from '../../node/mergeFiles';
import { CLI_NAME, type CliCommand } from '../cliCommand';

export const mergeDriverCli: CliCommand = {
  name: 'merge-driver',
  synopsis: 'BASE OURS THEIRS PATH',
  firstOperand: 'the ancestor, our and their versions and the path (git passes %O %A %B %P)',
  help: [
    'Run by git as the merge driver (see git-setup):',
    'merges by id into OURS; exit 1 when',
    'disagreements are marked in it.',
  ],
  operands: ['OURS', 'THEIRS', 'PATH'],
  options: {},
  async run({ dir: base, operands, io }) {
    const [ours, theirs, shown] = operands as [string, string, string];
    const result = await runMergeDriver(base, ours, theirs);
    if (result.fallback) io.stderr(`${CLI_NAME}: ${shown} merged by line, not by id: ${result.fallback}\n`);
    for (const d of result.disagreements) io.stderr(`${shown}:${d.line}: ${describeDisagreement(d)} [${d.id ?? shown.replace(/^.*\//, '').replace(/\.ya?ml$/, '')}]\n`);
    return result.status;
  },
};
