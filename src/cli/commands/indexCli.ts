/** `seed-annotator index DIR`: the seed documents by date. */

import { relativePath, scanCorpus } from '../../node/diskCorpus';
import { CLI_NAME, warnScanErrors, type CliCommand } from '../cliCommand';

export const indexCli: CliCommand = {
  name: 'index',
  synopsis: 'DIR [--json]',
  help: ['List the seed documents by date, undated last.'],
  options: {
    json: { type: 'boolean', help: 'print a JSON array of {path, date, title, problem}.' },
  },
  async run({ dir, values, io }) {
    const corpus = await scanCorpus(dir);
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
