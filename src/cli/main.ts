/**
 * seed-annotator: the command-line tool. A thin shell over the core and
 * src/node/diskCorpus.ts: it parses the arguments, runs one command and prints.
 *
 * Exit status: 0 success, 1 `check` found problems, 2 bad usage or unreadable input.
 */

import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { formatProblem } from '../core/corpus/checks';
import { BRAT_ANNOTATION_CONF, toBratAnn } from '../core/exports/brat';
import { exportQuotes, type ExportFormat } from '../core/exports/quoteTable';
import { buildWebAnnotations, serializeWebAnnotations } from '../core/exports/webAnnotation';
import { checkCorpus, corpusAnnotatedDocuments, corpusQuoteRows, CorpusRootError, loadCorpus, relativePath, scanCorpus } from '../node/diskCorpus';
import { writeFileAtomic } from '../node/nodeFiles';

const NAME = 'seed-annotator';

export const USAGE = `Usage: ${NAME} <command> DIR [options]

Works on a corpus of seed documents: plain-text news articles whose first
line reads " date YYYY-MM-DD …", each with its quotes and actor mentions in
NAME.annotations.yaml beside NAME.txt, and the actors in DIR/actors.yaml.

Commands:
  index DIR [--json]         List the seed documents by date, undated last.
  check DIR                  Report problems as "path:line:col: severity:
                             message [code]", one per line.
  export DIR --format csv|jsonl|w3c|brat [--output FILE|DIR]
                             csv, jsonl: one row per tagged quote.
                             w3c: every quote and mention as W3C Web
                             Annotations (one JSON-LD array).
                             brat: NAME.ann (brat standoff) beside each
                             annotated NAME.txt, or with --output DIR into
                             DIR (mirroring the folders, .txt copied), and
                             annotation.conf at the top when missing;
                             prints each file written.

Options:
  --json                     index: print a JSON array of {path, date, title, problem}.
  -f, --format FORMAT        export: csv, jsonl, w3c or brat (required).
  -o, --output FILE|DIR      export: write to FILE instead of standard output
                             (brat: a folder to write the collection into).
  -h, --help                 Show this help.
  -V, --version              Show the version.

Exit status: 0 on success (check: no problems), 1 when check finds
problems, 2 on bad usage or an unreadable DIR.
`;

/** A usage error: the message and the usage go to stderr, exit status 2. */
class UsageError extends Error {}
/** Input that cannot be read: the message goes to stderr, exit status 2. */
class InputError extends Error {}

/** Where the CLI writes. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
} as const;

/** Which options each command accepts. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  index: ['json'],
  check: [],
  export: ['format', 'output'],
};

/** Runs the CLI. Returns the exit status. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${NAME}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof InputError || error instanceof CorpusRootError) {
      io.stderr(`${NAME}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${NAME}: ${message}\n`);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0]! : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help || positionals[0] === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${version}\n`);
    return 0;
  }
  const [command, dir, ...extra] = positionals;
  if (!command) throw new UsageError('no command given');
  const allowed = ALLOWED[command];
  if (!allowed) throw new UsageError(`unknown command “${command}”`);
  for (const key of Object.keys(values)) {
    if (values[key as keyof typeof values] !== undefined && !allowed.includes(key)) {
      throw new UsageError(`${command} does not take --${key}`);
    }
  }
  if (dir === undefined) throw new UsageError(`${command} needs a folder: ${NAME} ${command} DIR`);
  if (extra.length) throw new UsageError(`unexpected argument “${extra[0]}”`);

  switch (command) {
    case 'index':
      return index(dir, values.json === true, io);
    case 'check':
      return check(dir, io);
    default: {
      const format = values.format;
      if (format === undefined) throw new UsageError('export needs --format csv, jsonl, w3c or brat');
      if (format === 'w3c') return exportW3c(dir, values.output, io);
      if (format === 'brat') return exportBrat(dir, values.output, io);
      if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`unknown format “${format}”: use csv, jsonl, w3c or brat`);
      return exportCommand(dir, format, values.output, io);
    }
  }
}

async function index(dir: string, json: boolean, io: Io): Promise<number> {
  const corpus = await scanCorpus(dir);
  warnScanErrors(corpus.errors, corpus, io);
  const entries = corpus.index.sorted().map((e) => ({
    path: relativePath(corpus, e.location),
    date: e.date,
    title: e.title,
    problem: e.problem,
  }));
  if (json) {
    io.stdout(`${JSON.stringify(entries, null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.stderr(`${NAME}: no seed documents in ${dir}\n`);
    return 0;
  }
  const width = Math.max(...entries.map((e) => [...e.path].length));
  const lines = entries.map((e) => {
    const pad = ' '.repeat(width - [...e.path].length);
    return e.date ? `${e.date}  ${e.path}${pad}  ${e.title}` : `${'undated'.padEnd(10)}  ${e.path}${pad}  ${e.problem ?? e.title}`;
  });
  io.stdout(`${lines.join('\n')}\n`);
  return 0;
}

async function check(dir: string, io: Io): Promise<number> {
  const corpus = await loadCorpus(await scanCorpus(dir));
  const problems = await checkCorpus(corpus);
  const lines = problems.map((p) => formatProblem(p, relativePath(corpus, p.location)));
  if (lines.length) io.stdout(`${lines.join('\n')}\n`);
  if (problems.length === 0) return 0;
  const errors = problems.filter((p) => p.severity === 'error').length;
  const warnings = problems.filter((p) => p.severity === 'warning').length;
  io.stderr(`${problems.length} ${plural(problems.length, 'problem')} (${errors} ${plural(errors, 'error')}, ${warnings} ${plural(warnings, 'warning')}) in ${corpus.index.size} ${plural(corpus.index.size, 'document')}\n`);
  return 1;
}

async function exportCommand(dir: string, format: ExportFormat, output: string | undefined, io: Io): Promise<number> {
  const corpus = await loadCorpus(await scanCorpus(dir));
  warnScanErrors(corpus.errors, corpus, io);
  const { rows, skipped } = corpusQuoteRows(corpus);
  for (const s of skipped) io.stderr(`${NAME}: warning: skipped ${s}\n`);
  return writeOutput(exportQuotes(rows, format), output, io);
}

/** Writes export text to stdout or to the --output file. */
async function writeOutput(text: string, output: string | undefined, io: Io): Promise<number> {
  if (output === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await writeFileAtomic(path.resolve(output), new TextEncoder().encode(text));
  } catch (error) {
    throw new InputError(`cannot write ${output}: ${errorCode(error)}`);
  }
  return 0;
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

async function exportW3c(dir: string, output: string | undefined, io: Io): Promise<number> {
  const corpus = await loadCorpus(await scanCorpus(dir));
  warnScanErrors(corpus.errors, corpus, io);
  const { documents, registry, skipped } = await corpusAnnotatedDocuments(corpus);
  for (const s of skipped) io.stderr(`${NAME}: warning: skipped ${s}\n`);
  const built = buildWebAnnotations(documents, registry);
  for (const s of built.skipped) io.stderr(`${NAME}: warning: skipped ${s}\n`);
  return writeOutput(serializeWebAnnotations(built.annotations), output, io);
}

async function exportBrat(dir: string, output: string | undefined, io: Io): Promise<number> {
  const corpus = await loadCorpus(await scanCorpus(dir));
  warnScanErrors(corpus.errors, corpus, io);
  const { documents, registry, skipped } = await corpusAnnotatedDocuments(corpus);
  for (const s of skipped) io.stderr(`${NAME}: warning: skipped ${s}\n`);
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
    for (const s of result.skipped) io.stderr(`${NAME}: warning: ${doc.path}: skipped ${s}\n`);
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

function warnScanErrors(errors: readonly { location: string; message: string }[], corpus: { root: string }, io: Io): void {
  for (const e of errors) io.stderr(`${NAME}: warning: cannot read ${relativePath(corpus, e.location)}: ${e.message}\n`);
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

if (require.main === module) {
  // A closed pipe (`seed-annotator index . | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      process.stderr.write(`${NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 2;
    },
  );
}
