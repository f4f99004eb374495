// The browser bundle (dist/web/extension.js, built before this tier by
// `node esbuild.js --tests`) must load in a web worker: no Node built-in
// module may be required or imported.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every module specifier the bundle requires or imports. */
function specifiers(code: string): string[] {
  const found = new Set<string>();
  for (const m of code.matchAll(/\brequire\(\s*["'`]([\w@./:-]+)["'`]\s*\)|\bimport\(\s*["'`]([\w@./:-]+)["'`]\s*\)|\bimport\s[\w\s{},*$]*\bfrom\s*["']([\w@./:-]+)["']/g)) found.add(m[1] ?? m[2] ?? m[3] ?? '');
  return [...found];
}

describe('the browser bundle', () => {
  const bundle = readFileSync(path.join(ROOT, 'dist', 'web', 'extension.js'), 'utf8');
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

  it('requires nothing but vscode: no Node built-in, no node: import', () => {
    const required = specifiers(bundle);
    assert.ok(required.includes('vscode'), `the bundle does not load vscode at all: ${required.join(', ')}`);
    assert.deepEqual(required.filter((s) => builtins.has(s) || s.startsWith('node:')), []);
    assert.deepEqual(required.filter((s) => s !== 'vscode'), [], 'a web worker cannot load other modules');
  });

  it('is the browser build: it says it runs in the web worker and holds no Node host code', () => {
    assert.match(bundle, /web-worker extension host/);
    assert.doesNotMatch(bundle, /seed-annotator-locks/, 'the cross-process lock (Node only) is in the browser bundle');
  });

  it('the specifier scan sees Node built-ins when they are there', () => {
    assert.deepEqual(specifiers('const fs = require("fs"); import("node:path"); import x from "os";'), ['fs', 'node:path', 'os']);
  });
});
