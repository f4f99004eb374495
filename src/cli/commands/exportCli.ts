/** `seed-annotator export DIR --format …`: the annotations in any format of the core's registry. */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { describeCounts, exportTargetProblem } from '../../core/exports/exportFormats';
import { formatById, formatList, FORMATS } from '../../core/exports/formats';
import { annotatedCorpus, scanCorpus, toLocation } from '../../node/diskCorpus';
import { writeFileAtomic } from '../../node/nodeFiles';
import { CLI_NAME, errorCode, InputError, UsageError, warnScanErrors, warnSkipped, writeOutput, type CliCommand } from '../cliCommand';

export const exportCli: CliCommand = {
  name: 'export',
  synopsis: `DIR --format ${FORMATS.map((f) => f.id).join('|')} [--output FILE|DIR] [--with-mentions]`,
  help: wrap([
    ...FORMATS.map((f) => `${f.id}: ${f.detail}.`),
    'A folder format (brat) needs --output DIR, a new or empty folder outside the corpus; it prints each file written.',
  ]),
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', help: `${formatList()} (required).` },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE|DIR',
      help: 'write to FILE instead of standard output\n(brat: the new folder to write the collection into).',
    },
    'with-mentions': { type: 'boolean', help: 'jsonl: also write a row per actor mention.' },
  },
  async run({ dir, values, io }) {
    const id = values.format;
    if (typeof id !== 'string') throw new UsageError(`export needs --format ${formatList()}`);
    const format = formatById(id);
    if (!format) throw new UsageError(`unknown format “${id}”: use ${formatList()}`);
    const withMentions = values['with-mentions'] === true;
    if (withMentions && !format.mentionsOptional) throw new UsageError(`--with-mentions applies to ${formatList(FORMATS.filter((f) => f.mentionsOptional))} only`);
    const output = typeof values.output === 'string' ? values.output : undefined;
    if (format.target === 'folder' && output === undefined) {
      throw new UsageError(`${format.id} needs --output DIR: a new folder outside the corpus, since it copies the documents`);
    }
    const corpus = await scanCorpus(dir);
    warnScanErrors(corpus.errors, corpus, io);
    if (output !== undefined) {
      const problem = exportTargetProblem(format, toLocation(path.resolve(output)), {
        root: corpus.root,
        registryLocation: corpus.registryLocation,
        documents: [...corpus.index.all()].map((e) => e.location),
      });
      if (problem) throw new InputError(problem);
    }
    const { documents, registry, skipped } = await annotatedCorpus(corpus);
    warnSkipped(skipped, io);
    const result = format.export({ documents, registry, withMentions });
    warnSkipped(result.skipped, io);
    if (format.target === 'file') return writeOutput(result.files[0]?.text ?? '', output, io);

    const base = path.resolve(output!);
    const existing = await fs.readdir(base).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : error));
    if (!Array.isArray(existing)) throw new InputError(`cannot write into ${output}: ${existing.code === 'ENOTDIR' ? 'not a folder' : errorCode(existing)}`);
    if (existing.length) throw new InputError(`Nothing was exported: ${output} is not empty, and a ${format.label} export goes to a new folder. Choose a new or empty folder.`);
    for (const file of result.files) {
      const target = path.join(base, ...file.path.split('/'));
      try {
        await fs.mkdir(path.dirname(target), { recursive: true });
        await writeFileAtomic(target, new TextEncoder().encode(file.text));
      } catch (error) {
        throw new InputError(`cannot write ${path.join(output!, file.path)}: ${errorCode(error)}`);
      }
      io.stdout(`wrote ${path.join(output!, file.path)}\n`);
    }
    io.stderr(`${CLI_NAME}: exported ${describeCounts(result, true)} from ${documents.length} documents into ${output}\n`);
    return 0;
  },
};

/** Wraps each paragraph to the help's 48 columns. */
function wrap(paragraphs: readonly string[], width = 48): string[] {
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
