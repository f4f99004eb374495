/**
 * seed-annotator: the command-line tool. A thin shell over the core and
 * src/node/corpus.ts: it parses the arguments, runs one command and prints.
 *
 * Exit status: 0 success, 1 `check` found problems, 2 bad usage or unreadable input.
 */

import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { formatProblem } from '../core/checks';
import { exportQuotes, type ExportFormat } from '../core/export';
import { checkCorpus, corpusQuoteRows, CorpusRootError, loadCorpus, relativePath, scanCorpus } from '../node/corpus';
import { writeFileAtomic } from '../node/files';

const NAME = 'seed-annotator';

export const USAGE = `Usage: ${NAME} <command> DIR [options]

Works on a corpus of seed documents: plain-text news articles whose first
line reads " date YYYY-MM-DD …", each with its quotes and actor mentions in
NAME.annotations.yaml beside NAME.txt, and the actors in DIR/actors.yaml.

Commands:
  index DIR [--json]         List the seed documents by date, undated last.
  check DIR                  Report problems as "path:line:col: severity:
                             message [code]", one per line.
  export DIR --format csv|jsonl [--output FILE]
                             Write one row per tagged quote.

Options:
  --json                     index: print a JSON array of {path, date, title, problem}.
  -f, --format csv|jsonl     export: the output format (required).
  -o, --output FILE          export: write to FILE instead of standard output.
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
      if (format === undefined) throw new UsageError('export needs --format csv or --format jsonl');
      if (format !== 'csv' && format !== 'jsonl') throw new UsageError(`unknown format “${format}”: use csv or jsonl`);
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
  const text = exportQuotes(rows, format);
  if (output === undefined) {
    io.stdout(text);
    return 0;
  }
  try {
    await writeFileAtomic(path.resolve(output), new TextEncoder().encode(text));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot write ${output}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
  return 0;
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
