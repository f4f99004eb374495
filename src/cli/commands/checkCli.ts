/** `seed-annotator check DIR`: the corpus's problems, one per line. */

import { formatProblem } from '../../core/corpus/checks';
import { CliCache } from '../../node/cliCache';
import { checkScannedCorpus, relativePath, scanCorpus } from '../../node/diskCorpus';
import { plural, type CliCommand } from '../cliCommand';

export const checkCli: CliCommand = {
  name: 'check',
  synopsis: 'DIR [--no-cache]',
  help: ['Report problems as "path:line:col: severity:', 'message [code]", one per line.'],
  options: {
    'no-cache': { type: 'boolean', help: 'check every file again; use and keep no cache.' },
  },
  async run({ dir, values, io }) {
    // With the cache, a document whose file and sidecar are unchanged (mtime and size) keeps what the last check found,
    // and while the registry's files are unchanged too, the registry is not even read.
    const cache = CliCache.forFolder(dir, values['no-cache'] !== true);
    const [index, checked] = cache ? await Promise.all([cache.loadIndex(), cache.loadCheck()]) : [undefined, undefined];
    // Synchronous reads: the CLI has nothing else to do meanwhile (see readHeadNow).
    const corpus = await scanCorpus(dir, cache ? { cache: index ?? null, blocking: true } : { blocking: true });
    const result = await checkScannedCorpus(corpus, cache ? { cache: checked?.records ?? null, registryCache: checked?.registry ?? null, blocking: true } : { blocking: true });
    const problems = result.problems;
    if (cache) await Promise.all([cache.saveIndexIfChanged(corpus, index ?? null), cache.saveCheckIfChanged(result, checked ?? null)]);
    const lines = problems.map((p) => formatProblem(p, relativePath(corpus, p.location)));
    if (lines.length) io.stdout(`${lines.join('\n')}\n`);
    if (problems.length === 0) return 0;
    const errors = problems.filter((p) => p.severity === 'error').length;
    const warnings = problems.filter((p) => p.severity === 'warning').length;
    io.stderr(`${problems.length} ${plural(problems.length, 'problem')} (${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}) in ${corpus.index.size} ${plural(corpus.index.size, 'document')}\n`);
    return 1;
  },
};
