#!/usr/bin/env node
// `npm run screenshots`: runs every end-to-end suite and copies the README pictures
// to media/screenshots/ in one run:
//   overview.png, documents-tree.png, codelens.png, tagged-quote-hover.png  (suite basic)
//   actors.png, timeline.png                                                (suite whosaid, on the annotated seeds)
// A picture is only replaced when the step that takes it passes. Extra arguments go
// to the e2e run (e.g. --from-folder, or --only basic,whosaid to skip the other suites).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './vscode/lib.mjs';

const result = spawnSync(process.execPath, [path.join(ROOT, 'test', 'e2e', 'e2e.mjs'), '--media-screenshots', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
