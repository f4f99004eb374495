/** `seed-annotator index DIR`: the seed documents by date. */

import { CliCache } from '../../node/cliCache';
import { relativePath, scanCorpus } from '../../node/diskCorpus';
import { CLI_NAME, warnScanErrors, type CliCommand } from '../cliCommand';

export const indexCli: CliCommand = {
  name: 'index',
  synopsis: 'DIR [--json] [--no-cache]',
  help: ['List the seed documents by date, undated last.'],
  options: {
    json: { type: 'boolean', help: 'print a JSON array of {path, date, title, problem}.' },
    'no-cache': { type: 'boolean', help: 'read every file; use and keep no cache.' },
  },
  async run({ dir, values, io }) {
    const cache = CliCache.forFolder(dir, values['no-cache'] !== true);
    const cached = cache ? await cache.loadIndex() : undefined;
    // Synchronous reads: the CLI has nothing else to do meanwhile (see readHeadNow).
    const corpus = await scanCorpus(dir, cache ? { cache: cached ?? null, blocking: true } : { blocking: true });
    if (cache) await cache.saveIndexIfChanged(corpus, cached ?? null);
    warnScanErrors(corpus.errors, corpus, io);
    const entries = corpus.index.sorted().map((e) => ({
      path: relativePath(corpus, e.location),
      date: e.date,
      title: e.title,
      problem: e.problem,
    }));
    if (values.json === true) {
      io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
      return 0;
    }
    if (entries.length === 0) {
      io.stderr(`${CLI_NAME}: no seed documents in ${dir}\n`);
      return 0;
    }
    const width = Math.max(...entries.map((e) => [...e.path].length));
    const lines = entries.map((e) => {
      const pad = ' '.repeat(width - [...e.path].length);
      return e.date ? `${e.date}  ${e.path}${pad}  ${e.title}` : `${'undated'.padEnd(10)}  ${e.path}${pad}  ${e.problem ?? e.title}`;
    });
    io.stdout(`${lines.join('\n')}\n`);
    return 0;
  },
};
