// npm run package: builds the extension and writes dist-vsix/seed-annotator.vsix, offline.
//
// package.json's "files" list is for npm (the CLI package a corpus installs), and vsce refuses a
// manifest with both "files" and a .vscodeignore. So the .vsix is packed from a staging folder that
// holds the extension's files, .vscodeignore (the allowlist that decides what the .vsix holds) and
// package.json without "files".
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTENSION_FILES } from './vscode/lib.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist-vsix', 'seed-annotator.vsix');

execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: root, stdio: 'inherit' });
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-vsix-'));
try {
  for (const name of [...EXTENSION_FILES, '.vscodeignore']) {
    const from = path.join(root, name);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, name), { recursive: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  delete manifest.files;
  delete manifest.scripts['vscode:prepublish']; // built above
  fs.writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', out], { cwd: stage, stdio: 'inherit' });
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
