/**
 * What a CLI command is, and what every command shares: where it writes, the
 * errors that end it, and the warnings it prints. A command is one module in
 * `commands/` plus one line in the table in `main.ts`.
 */

import * as path from 'node:path';
import { relativePath } from '../node/diskCorpus';
import { writeFileAtomic } from '../node/nodeFiles';

/** The program's name, as the user types it. */
export const CLI_NAME = 'seed-annotator';

/** Where the CLI writes. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A usage error: the message and the usage go to stderr, exit status 2. */
export class UsageError extends Error {}

/** Input that cannot be read or output that cannot be written: the message goes to stderr, exit status 2. */
export class InputError extends Error {}

/** One option of a command, as `node:util` `parseArgs` reads it, with its help. */
export interface CliOption {
  readonly type: 'boolean' | 'string';
  readonly short?: string;
  /** The value's name in the help (`FILE`), for a string option. */
  readonly value?: string;
  /** One line of help. */
  readonly help: string;
}

/** The parsed options of one command run: a string option's value, or true for a boolean one. */
export type CliValues = Readonly<Record<string, string | boolean | undefined>>;

/** What a command runs with. */
export interface CliRun {
  /** The first operand: the corpus folder. */
  readonly dir: string;
  /** The operands after DIR, as many as the command's `operands` names. */
  readonly operands: readonly string[];
  readonly values: CliValues;
  readonly io: Io;
}

/** One command of the CLI. */
export interface CliCommand {
  /** What the user types: `seed-annotator NAME DIR …`. */
  readonly name: string;
  /** The synopsis in the help, after the name: `DIR [--json]`. */
  readonly synopsis: string;
  /** The help's description, already wrapped to 48 columns. */
  readonly help: readonly string[];
  /** What the first operand is, for the message when it is missing (default: a folder). */
  readonly firstOperand?: string;
  /** Names of the operands after DIR (all required); none when omitted. */
  readonly operands?: readonly string[];
  /** The options this command takes, by long name. */
  readonly options: Readonly<Record<string, CliOption>>;
  /** Runs the command; resolves to the exit status. */
  run(args: CliRun): Promise<number>;
}

/** The text of an error for a message: its code (`ENOENT`) when it has one. */
export function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
}

/** Writes text to standard output, or atomically to the `--output` file. */
export async function writeOutput(text: string, output: string | undefined, io: Io): Promise<number> {
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

/** Prints a warning for each file the scan could not read. */
export function warnScanErrors(errors: readonly { location: string; message: string }[], corpus: { root: string }, io: Io): void {
  for (const e of errors) io.stderr(`${CLI_NAME}: warning: cannot read ${relativePath(corpus, e.location)}: ${e.message}\n`);
}

/** Prints a warning for each thing skipped. */
export function warnSkipped(skipped: readonly string[], io: Io, prefix = ''): void {
  for (const s of skipped) io.stderr(`${CLI_NAME}: warning: ${prefix}skipped ${s}\n`);
}

/** `word` or `words`. */
export function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
