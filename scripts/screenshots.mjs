#!/usr/bin/env node
// `npm run screenshots`: runs the end-to-end flow and copies the documents tree, the
// CodeLens and the tagged quote with its hover to media/screenshots/ for the README.
// Extra arguments go to the e2e run (e.g. --from-folder).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './vscode/lib.mjs';

const result = spawnSync(process.execPath, [path.join(ROOT, 'test', 'e2e', 'e2e.mjs'), '--media-screenshots', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
