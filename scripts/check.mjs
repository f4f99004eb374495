// `npm run check`, the same checks `npm test` starts with, quicker while developing: ESLint first (the quickest to fail: it reads
// each file alone), then both type-checks at once; the first type-check that fails stops
// the other. Each tool's output is printed whole when it ends.
import { spawn } from 'node:child_process';

/** @typedef {{ name: string, args: string[] }} Check */

/** @type {Check[][]} stages run one after the other; the checks of a stage run at once */
const STAGES = [
  [{ name: 'eslint', args: ['node_modules/eslint/bin/eslint.js', '--max-warnings', '0', '.'] }],
  [
    { name: 'tsc', args: ['node_modules/typescript/bin/tsc', '--noEmit'] },
    { name: 'tsc scripts', args: ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.scripts.json'] },
  ],
];

const started = Date.now();

/**
 * Runs the checks of one stage at once; the first failure stops the rest.
 * @param {Check[]} checks
 * @returns {Promise<boolean>} whether every check passed
 */
async function runStage(checks) {
  /** @type {Set<import('node:child_process').ChildProcess>} */
  const running = new Set();
  let failed = false;
  await Promise.all(checks.map(({ name, args }) => new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      running.delete(child);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (signal && failed) {
        console.log(`check: ${name} stopped (another check failed)`);
      } else if (code === 0) {
        console.log(`check: ${name} passed (${seconds} s)`);
      } else {
        failed = true;
        process.stdout.write(Buffer.concat(output));
        console.log(`check: ${name} FAILED (${seconds} s)`);
        for (const other of running) other.kill();
      }
      resolve(undefined);
    });
  })));
  return !failed;
}

for (const stage of STAGES) {
  if (!(await runStage(stage))) process.exit(1);
}
