/** `seed-annotator import DIR --format jsonl|w3c|brat FILE|DIR`: annotations from an export, back into a corpus. */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ImportSource } from '../../core/exports/exportFormats';
import { formatById, formatList, importFormats } from '../../core/exports/formats';
import { documentResolver, importRows, type ImportTarget } from '../../core/exports/importAnnotations';
import { AnnotationStore } from '../../core/files/store';
import { mapLimit } from '../../core/text/concurrency';
import { relativePath, scanCorpus } from '../../node/diskCorpus';
import { nodeFiles } from '../../node/nodeFiles';
import { CLI_NAME, errorCode, InputError, plural, UsageError, warnScanErrors, type CliCommand } from '../cliCommand';

const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });

export const importCli: CliCommand = {
  name: 'import',
  synopsis: `DIR --format ${importFormats().map((f) => f.id).join('|')} FILE|DIR`,
  help: [
    'Add the annotations of an export (a file, or',
    'the matching files of a folder) to the corpus.',
    'A row whose text is not the document\'s text at',
    'its offsets is refused (exit 1); the rest are',
    'imported. Importing twice adds nothing.',
  ],
  operands: ['FILE|DIR'],
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', help: `${formatList(importFormats())} (required).` },
  },
  async run({ dir, operands, values, io }) {
    const id = values.format;
    const formats = importFormats();
    if (typeof id !== 'string') throw new UsageError(`import needs --format ${formatList(formats)}`);
    const format = formatById(id);
    if (!format?.import) throw new UsageError(`${format ? `${id} cannot be imported` : `unknown format “${id}”`}: use ${formatList(formats)}`);
    const sources = await readSources(operands[0]!, format.extension);
    if (sources.length === 0) throw new InputError(`no .${format.extension} files in ${operands[0]}`);

    const corpus = await scanCorpus(dir);
    warnScanErrors(corpus.errors, corpus, io);
    const documents = (
      await mapLimit([...corpus.index.all()], 32, async (entry): Promise<ImportTarget | null> => {
        const bytes = await nodeFiles.read(entry.location).catch(() => null);
        return bytes ? { location: entry.location, path: relativePath(corpus, entry.location), text: keepBom.decode(bytes) } : null;
      })
    ).filter((d): d is ImportTarget => d !== null);
    const resolve = documentResolver(documents);
    const parsed = format.import(sources, { textOf: (p) => resolve(p)?.text ?? null });
    for (const note of parsed.ignored) io.stderr(`${CLI_NAME}: warning: ignored ${note}\n`);

    const store = new AnnotationStore(nodeFiles, () => corpus.registryLocation);
    const report = await importRows(store, parsed.annotations, documents);
    const refused = [...parsed.refused, ...report.refused];
    for (const r of refused) io.stderr(`${CLI_NAME}: refused ${r}\n`);
    const names = report.actorsCreated;
    const created = names.length ? `; created ${names.length} ${plural(names.length, 'actor')}: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''}` : '';
    io.stdout(
      `imported ${report.added} ${plural(report.added, 'annotation')} into ${report.documents.length} ${plural(report.documents.length, 'document')}` +
        ` (${report.unchanged} already there, ${refused.length} refused)${created}\n`,
    );
    return refused.length ? 1 : 0;
  },
};

/** The file, or every file with the format's extension below the folder (paths relative to it, in order). */
async function readSources(target: string, extension: string): Promise<ImportSource[]> {
  let stat;
  try {
    stat = await fs.stat(target);
  } catch (error) {
    throw new InputError(`cannot read ${target}: ${errorCode(error)}`);
  }
  const read = async (file: string, name: string): Promise<ImportSource> => ({ path: name, text: keepBom.decode(await fs.readFile(file)).replace(/^\uFEFF/, '') });
  if (!stat.isDirectory()) return [await read(target, path.basename(target))];
  const names = (await fs.readdir(target, { recursive: true, encoding: 'utf8' }))
    .filter((n) => n.toLowerCase().endsWith(`.${extension}`) || (extension === 'jsonld' && n.toLowerCase().endsWith('.json')))
    .map((n) => n.split(path.sep).join('/'))
    .sort();
  return Promise.all(names.map((n) => read(path.join(target, ...n.split('/')), n)));
}
