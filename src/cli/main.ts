/**
 * seed-annotator: the command-line tool. A thin shell over the core and
 * src/node/diskCorpus.ts: it parses the arguments, runs one command of the
 * table below and prints. A new command is one module in `commands/` plus one
 * line in {@link COMMANDS}.
 *
 * Exit status: 0 success, 1 `check` found problems, 2 bad usage or unreadable input.
 */

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { version } from '../../package.json';
import { CorpusRootError } from '../node/diskCorpus';
import { CLI_NAME, InputError, UsageError, type CliCommand, type CliOption, type Io } from './cliCommand';
import { agreeCli } from './commands/agreeCli';
import { checkCli } from './commands/checkCli';
import { exportCli } from './commands/exportCli';
import { gitSetupCli } from './commands/gitSetupCli';
import { importCli } from './commands/importCli';
import { indexCli } from './commands/indexCli';
import { mergeDriverCli } from './commands/mergeDriverCli';
import { reanchorCli } from './commands/reanchorCli';
import { relinkCli } from './commands/relinkCli';
import { resolveCli } from './commands/resolveCli';
import { suggestCli } from './commands/suggestCli';
import { migrateCli } from './commands/migrateCli';

export type { Io } from './cliCommand';

/** Every command of the CLI, in the order of the help. */
export const COMMANDS: readonly CliCommand[] = [indexCli, checkCli, relinkCli, exportCli, importCli, agreeCli, resolveCli, mergeDriverCli, gitSetupCli, suggestCli, reanchorCli, migrateCli];

/** Options every command takes. */
const GLOBAL_OPTIONS: Readonly<Record<string, CliOption>> = {
  help: { type: 'boolean', short: 'h', help: 'Show this help.' },
  version: { type: 'boolean', short: 'V', help: 'Show the version.' },
};

const HELP_COLUMN = 29;

/** Two columns: `  left   first line`, the rest of `lines` below under the first. */
function helpRows(left: string, lines: readonly string[]): string[] {
  const indent = ' '.repeat(HELP_COLUMN);
  const head = `  ${left}`;
  if (head.length > HELP_COLUMN - 2 || lines.length === 0) return [head, ...lines.map((line) => indent + line)];
  return [head.padEnd(HELP_COLUMN) + lines[0], ...lines.slice(1).map((line) => indent + line)];
}

function optionLabel(name: string, option: CliOption): string {
  return `${option.short ? `-${option.short}, ` : ''}--${name}${option.value ? ` ${option.value}` : ''}`;
}

/** The help text, built from the command table. */
export const USAGE = [
  `Usage: ${CLI_NAME} <command> DIR [options]`,
  '',
  'Works on a corpus of seed documents: plain-text news articles whose first',
  'line reads " date YYYY-MM-DD …", each with its quotes and actor mentions in',
  'NAME.annotations.yaml beside NAME.txt, and the actors in DIR/actors/,',
  'one file per actor (DIR/actors.yaml in the first layout: see migrate).',
  '',
  'Commands:',
  ...COMMANDS.flatMap((command) => helpRows(`${command.name} ${command.synopsis}`, command.help)),
  '',
  'Options:',
  ...COMMANDS.flatMap((command) =>
    Object.entries(command.options).map(([name, option]) => {
      const [first = '', ...rest] = option.help.split('\n');
      return helpRows(optionLabel(name, option), [`${command.name}: ${first}`, ...rest]).join('\n');
    }),
  ),
  ...Object.entries(GLOBAL_OPTIONS).flatMap(([name, option]) => helpRows(optionLabel(name, option), [option.help])),
  '',
  'Exit status: 0 on success (check: no problems), 1 when check finds',
  'problems, import refuses rows, resolve and merge-driver leave',
  'disagreements to settle, or reanchor leaves annotations to review;',
  '2 on bad usage or an unreadable DIR.',
  '',
].join('\n');

/** The options of every command, for `parseArgs`. A name two commands share must mean the same. */
function allOptions(): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, option] of [...Object.entries(GLOBAL_OPTIONS), ...COMMANDS.flatMap((c) => Object.entries(c.options))]) {
    const known = options[name];
    if (known && (known.type !== option.type || known.short !== option.short)) {
      throw new Error(`CLI option --${name} is declared twice with different types or short names`);
    }
    options[name] = option.short ? { type: option.type, short: option.short } : { type: option.type };
  }
  return options;
}

/** Runs the CLI. Returns the exit status. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${CLI_NAME}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof InputError || error instanceof CorpusRootError) {
      io.stderr(`${CLI_NAME}: ${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`${CLI_NAME}: ${message}\n`);
    return 2;
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: allOptions(), allowPositionals: true, strict: true });
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
  const [name, dir, ...rest] = positionals;
  if (!name) throw new UsageError('no command given');
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) throw new UsageError(`unknown command “${name}”`);
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && !(key in command.options)) throw new UsageError(`${name} does not take --${key}`);
  }
  if (dir === undefined) throw new UsageError(`${name} needs ${command.firstOperand ?? 'a folder'}: ${CLI_NAME} ${name} ${command.firstOperand ? command.synopsis : 'DIR'}`);
  const operands = command.operands ?? [];
  if (rest.length < operands.length) throw new UsageError(`${name} needs ${operands.slice(rest.length).join(' ')}: ${CLI_NAME} ${name} ${command.synopsis}`);
  if (rest.length > operands.length) throw new UsageError(`unexpected argument “${rest[operands.length]}”`);
  return command.run({ dir, operands: rest, values: values as Record<string, string | boolean | undefined>, io });
}
