/** `seed-annotator export DIR --format …`: the quotes as a table, W3C Web Annotations or brat standoff. */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BRAT_ANNOTATION_CONF, toBratAnn } from '../../core/exports/brat';
import { exportQuotes } from '../../core/exports/quoteTable';
import { buildWebAnnotations, serializeWebAnnotations } from '../../core/exports/webAnnotation';
import { corpusAnnotatedDocuments, corpusQuoteRows, loadCorpus, scanCorpus, type LoadedCorpus } from '../../node/diskCorpus';
import { writeFileAtomic } from '../../node/nodeFiles';
import { errorCode, InputError, UsageError, warnScanErrors, warnSkipped, writeOutput, type CliCommand, type Io } from '../cliCommand';

export const exportCli: CliCommand = {
  name: 'export',
  synopsis: 'DIR --format csv|jsonl|w3c|brat [--output FILE|DIR]',
  help: [
    'csv, jsonl: one row per tagged quote.',
    'w3c: every quote and mention as W3C Web',
    'Annotations (one JSON-LD array).',
    'brat: NAME.ann (brat standoff) beside each',
    'annotated NAME.txt, or with --output DIR into',
    'DIR (mirroring the folders, .txt copied), and',
    'annotation.conf at the top when missing;',
    'prints each file written.',
  ],
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', help: 'csv, jsonl, w3c or brat (required).' },
    output: {
      type: 'string',
      short: 'o',
      value: 'FILE|DIR',
      help: 'write to FILE instead of standard output\n(brat: a folder to write the collection into).',
    },
  },
  async run({ dir, values, io }) {
    const format = values.format;
    const output = typeof values.output === 'string' ? values.output : undefined;
    if (format === undefined) throw new UsageError('export needs --format csv, jsonl, w3c or brat');
    if (format !== 'csv' && format !== 'jsonl' && format !== 'w3c' && format !== 'brat') {
      throw new UsageError(`unknown format “${String(format)}”: use csv, jsonl, w3c or brat`);
    }
    const corpus = await loadCorpus(await scanCorpus(dir));
    warnScanErrors(corpus.errors, corpus, io);
    if (format === 'csv' || format === 'jsonl') {
      const { rows, skipped } = corpusQuoteRows(corpus);
      warnSkipped(skipped, io);
      return writeOutput(exportQuotes(rows, format), output, io);
    }
    if (format === 'w3c') return exportW3c(corpus, output, io);
    return exportBrat(corpus, dir, output, io);
  },
};

async function exportW3c(corpus: LoadedCorpus, output: string | undefined, io: Io): Promise<number> {
  const { documents, registry, skipped } = await corpusAnnotatedDocuments(corpus);
  warnSkipped(skipped, io);
  const built = buildWebAnnotations(documents, registry);
  warnSkipped(built.skipped, io);
  return writeOutput(serializeWebAnnotations(built.annotations), output, io);
}

async function exportBrat(corpus: LoadedCorpus, dir: string, output: string | undefined, io: Io): Promise<number> {
  const { documents, registry, skipped } = await corpusAnnotatedDocuments(corpus);
  warnSkipped(skipped, io);
  const base = output ?? dir;
  const baseNative = path.resolve(base);
  const write = async (relative: string, data: Uint8Array | { copyFrom: string }): Promise<void> => {
    const target = path.join(baseNative, ...relative.split('/'));
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      if (data instanceof Uint8Array) await writeFileAtomic(target, data);
      else if (!(await sameFile(data.copyFrom, target))) await fs.copyFile(data.copyFrom, target);
      else return; // --output is the corpus itself: the document is already there
    } catch (error) {
      throw new InputError(`cannot write ${path.join(base, relative)}: ${errorCode(error)}`);
    }
    io.stdout(`wrote ${path.join(base, relative)}\n`);
  };
  if (output !== undefined) {
    const stat = await fs.stat(baseNative).catch(() => null);
    if (stat && !stat.isDirectory()) throw new InputError(`cannot write into ${output}: not a folder`);
  }
  for (const doc of documents) {
    const result = toBratAnn(doc.text, doc.sidecar, registry);
    warnSkipped(result.skipped, io, `${doc.path}: `);
    const stem = doc.path.replace(/\.[^./]*$/, '');
    if (output !== undefined) await write(doc.path, { copyFrom: doc.location });
    await write(`${stem}.ann`, new TextEncoder().encode(result.ann));
  }
  const conf = path.join(baseNative, 'annotation.conf');
  if (documents.length > 0 && !(await fs.stat(conf).catch(() => null))) {
    await write('annotation.conf', new TextEncoder().encode(BRAT_ANNOTATION_CONF));
  }
  return 0;
}

/** True when both paths name the same existing file. */
async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  const [x, y] = await Promise.all([fs.realpath(a).catch(() => null), fs.realpath(b).catch(() => null)]);
  return x !== null && x === y;
}
