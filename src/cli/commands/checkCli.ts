/** `seed-annotator check DIR`: the corpus's problems, one per line. */

import { formatProblem } from '../../core/corpus/checks';
import { checkCorpus, loadCorpus, relativePath, scanCorpus } from '../../node/diskCorpus';
import { plural, type CliCommand } from '../cliCommand';

export const checkCli: CliCommand = {
  name: 'check',
  synopsis: 'DIR',
  help: ['Report problems as "path:line:col: severity:', 'message [code]", one per line.'],
  options: {},
  async run({ dir, io }) {
    const corpus = await loadCorpus(await scanCorpus(dir));
    const problems = await checkCorpus(corpus);
    const lines = problems.map((p) => formatProblem(p, relativePath(corpus, p.location)));
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
    if (problems.length === 0) return 0;
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.filter((p) => p.severity === 'warning').length;
    io.stderr(`${problems.length} ${plural(problems.length, 'problem')} (${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}) in ${corpus.index.size} ${plural(corpus.index.size, 'document')}\n`);
    return 1;
  },
};
