/**
 * The `seed-annotator` executable (dist/cli.js): runs the CLI on the
 * process's arguments. Kept apart from main.ts so that a bundle importing
 * `run` (the benchmark) does not also run the CLI on its own arguments.
 */

import { CLI_NAME } from './cliCommand';
import { run } from './main';

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
    process.stderr.write(`${CLI_NAME}: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
