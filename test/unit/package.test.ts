// The installable CLI package (package.json "files", "bin", "engines"): `npm pack` gives a tarball
// holding the CLI and its documents only, a corpus repository installs it as a dev dependency
// offline from that tarball, and `npx seed-annotator check .` runs in the corpus. The corpus is
// written here for the test.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from './helpers/runCli';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the CLI package', function () {
  this.timeout(180_000);
  let temp: string;
  let tarball: string;
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-pack-'));
    // dist/cli.js is built by the test build; --ignore-scripts skips the prepack rebuild.
    const packed = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', temp], { cwd: repoRoot, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = path.join(temp, packed[0]!.filename);
    fs.writeFileSync(path.join(temp, 'files.json'), JSON.stringify(packed[0]!.files.map((f) => f.path).sort()));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('packs only the CLI, its documents and package.json: no sources, tests, seeds or extension files', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    assert.equal(manifest.private, undefined);
    assert.deepEqual(manifest.bin, { 'seed-annotator': './dist/cli.js' });
    assert.match(manifest.engines.node, /^>=\d+/);
    assert.equal(manifest.dependencies, undefined, 'the CLI is one bundle: installing it fetches nothing');
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(temp, 'files.json'), 'utf8')), ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/cli.js', 'dist/nlp.js', 'package.json']);
    // dist/nlp.js is the English language model that `suggest` loads (about 1 MB packed); the CLI itself is far smaller.
    assert.ok(fs.statSync(tarball).size < 1_400_000, `tarball of ${fs.statSync(tarball).size} bytes`);
  });

  it('installs offline into a corpus repository as a dev dependency, and npx seed-annotator check . runs there', () => {
    const corpus = path.join(temp, 'corpus');
    fs.mkdirSync(corpus);
    fs.writeFileSync(path.join(corpus, 'package.json'), '{ "name": "my-corpus", "private": true }\n');
    const text = ' date 2024-03-01 Talks 🇺🇦\n\nZelensky said “we will hold”.\n';
    fs.writeFileSync(path.join(corpus, 'a.txt'), text);
    fs.writeFileSync(path.join(corpus, 'actors.yaml'), 'version: 1\nactors:\n  zelensky: {name: Volodymyr Zelenskyy, kind: person}\n');
    const install = spawnSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', tarball], { cwd: corpus, encoding: 'utf8' });
    assert.equal(install.status, 0, install.stderr);
    assert.match(JSON.parse(fs.readFileSync(path.join(corpus, 'package.json'), 'utf8')).devDependencies['seed-annotator'], /^file:/);

    const clean = spawnSync('npx', ['--offline', 'seed-annotator', 'check', '.'], { cwd: corpus, encoding: 'utf8' });
    assert.equal(clean.status, 0, clean.stderr);
    assert.equal(clean.stdout, '');

    // A quote whose speaker is not in the registry: check finds it and exits 1.
    const start = [...text.slice(0, text.indexOf('we will'))].length; // code points: the flag is two
    fs.writeFileSync(
      path.join(corpus, 'a.annotations.yaml'),
      `version: 1\ndocument: a.txt\noffsetUnit: codepoint\ncontentHash: null\nquotes:\n  - id: q-1\n    speaker: nobody\n    cue: said\n    direct: true\n    anchor: {start: ${start}, end: ${start + 12}, exact: we will hold, prefix: "", suffix: ""}\nmentions: []\n`,
    );
    const problems = spawnSync('npx', ['--offline', 'seed-annotator', 'check', '.'], { cwd: corpus, encoding: 'utf8' });
    assert.equal(problems.status, 1, problems.stderr);
    assert.equal(problems.stdout, 'a.txt:3:16: error: quote q-1: speaker “nobody” is not in actors.yaml [unknown-actor]\n');
  });
});
