// Runs the built CLI (dist/cli.js) as a real process, for the tests that check its output.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The repository root: tests are bundled to out/test/unit/, three levels below it. */
export const repoRoot = path.resolve(__dirname, '../../..');

/** The exit status and output of one run. */
export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ARGS` in `cwd`. */
export function runCli(args: readonly string[], cwd = repoRoot): CliResult {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
