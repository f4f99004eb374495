/**
 * A child process for the "killed while writing" test: it writes a sidecar
 * with the real writeFileAtomic over and over, alternating two versions,
 * until the parent kills it with SIGKILL.
 *
 *   node killWriter.js TARGET VERSION_A VERSION_B [--wait]
 *
 * It prints `ready` once it has read both versions (and, with --wait, a line
 * has come on stdin) and is about to write, then writes forever. Bundled on its own (esbuild.js bundles every file under
 * test/reliability) so that it starts fast; {@link killWriterScript} builds it when
 * only a single test file was bundled.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../../src/node/nodeFiles';

/** The bundled script to spawn: the one beside this file, or a fresh build of it. */
export function killWriterScript(outDir: string): string {
  const beside = path.join(__dirname, 'killWriter.js');
  if (fs.existsSync(beside) && fs.readFileSync(beside, 'utf8').includes('killWriterMain')) return beside;
  // Bundled into a test file (for example test/reliability/helpers → out/test/reliability/reliability.test.js):
  // look for the sibling bundle, else build one from the source.
  const sibling = path.join(__dirname, 'helpers', 'killWriter.js');
  if (fs.existsSync(sibling)) return sibling;
  const repoRoot = path.resolve(__dirname, '../../..');
  const out = path.join(outDir, 'killWriter.js');
  // module.require: loaded from node_modules at run time, never bundled into the test.
  const esbuild = module.require('esbuild') as { buildSync(options: Record<string, unknown>): unknown };
  esbuild.buildSync({
    entryPoints: [path.join(repoRoot, 'test/reliability/helpers/killWriter.ts')],
    bundle: true,
    platform: 'node',
    outfile: out,
    logLevel: 'error',
  });
  return out;
}

async function killWriterMain(): Promise<void> {
  const [target, a, b] = process.argv.slice(2);
  if (!target || !a || !b) {
    process.stderr.write('usage: killWriter TARGET VERSION_A VERSION_B\n');
    process.exit(2);
  }
  const versions = [fs.readFileSync(a), fs.readFileSync(b)];
  // With --wait, start writing only when the parent says so on stdin, so it can
  // start the next writer while the current one runs.
  if (process.argv.includes('--wait')) await new Promise((resolve) => process.stdin.once('data', resolve));
  process.stdout.write('ready\n');
  for (let i = 0; ; i++) await writeFileAtomic(target, versions[i % 2]!);
}

if (require.main === module) {
  killWriterMain().catch((error: unknown) => {
    process.stderr.write(`killWriter: ${String(error)}\n`);
    process.exit(1);
  });
}
