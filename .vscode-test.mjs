// Config for @vscode/test-cli (`npx vscode-test`): the extension-host suites in a
// desktop VS Code that it downloads, so only on a machine with internet. Offline,
// `npm run test:host` runs the same suites in code-server.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@vscode/test-cli';

const root = path.dirname(fileURLToPath(import.meta.url));

// The CLI runs the compiled suites but does not build them.
execFileSync(process.execPath, ['esbuild.js', '--tests'], { cwd: root, stdio: 'inherit' });

// Tests may tag into the workspace: give them throwaway copies, in the same
// two-folder workspace that `npm run test:host` opens (seeds/ and a second root).
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-vscode-test-'));
const seeds = path.join(scratch, 'workspace');
const second = path.join(scratch, 'second');
fs.cpSync(path.join(root, 'seeds'), seeds, { recursive: true });
fs.cpSync(path.join(root, 'test', 'fixtures', 'second-root'), second, { recursive: true });
const workspaceFolder = path.join(scratch, 'tests.code-workspace');
fs.writeFileSync(workspaceFolder, JSON.stringify({ folders: [{ path: seeds }, { path: second }] }, null, 2));

export default defineConfig({
  label: 'extension host',
  files: 'out/test/suite/**/*.test.js',
  extensionDevelopmentPath: root,
  workspaceFolder,
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
  mocha: { ui: 'tdd', timeout: 20000, color: true },
});
