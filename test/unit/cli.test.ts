// The seed-annotator CLI, run as a real process (dist/cli.js) on the fixture corpus in
// test/unit/fixtures/corpus: exact output of index, check and export, and the exit codes.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { headText } from '../../src/core/corpus/corpusIndex';
import { scanCorpus } from '../../src/node/diskCorpus';
import { COMMANDS, USAGE } from '../../src/cli/main';

// Bundled to out/test/unit/cli.test.js, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const fixture = path.join(repoRoot, 'test', 'unit', 'fixtures', 'corpus');

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], cwd = repoRoot): Result {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempCopy(files?: readonly string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-cli-'));
  if (files) for (const f of files) fs.cpSync(path.join(fixture, f), path.join(dir, f), { recursive: true });
  else fs.cpSync(fixture, dir, { recursive: true });
  return dir;
}

/** Every file below `dir` with its bytes, by relative path: to show that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(dir, f);
    if (fs.statSync(full).isFile()) files[f] = fs.readFileSync(full, 'base64');
  }
  return files;
}

const INDEX_JSON = [
  { path: 'broken/bad.txt', date: '2021-03-01', title: 'A document whose sidecar is broken.', problem: null },
  { path: 'broken/problems.txt', date: '2021-03-02', title: 'Problems ahead.', problem: null },
  { path: '2022/bom-crlf.txt', date: '2022-11-06', title: 'The United States urged Ukraine to stay open to talks.', problem: null },
  { path: '2023/11/gichko.txt', date: '2023-11-04', title: 'Peace talks begin in quiet', problem: null },
  { path: 'notes/feb30.txt', date: null, title: 'An impossible day', problem: 'impossible date 2023-02-30: February 2023 has 28 days' },
  { path: 'notes/undated.txt', date: null, title: 'Draft notes without a header.', problem: 'no date header: the first line must read “ date YYYY-MM-DD”' },
];

const CHECK_LINES = [
  'broken/bad.annotations.yaml:4:13: error: sidecar: unknown offset unit "utf16": expected "codepoint" (Unicode code points) [sidecar-invalid]',
  'broken/bad.annotations.yaml:5:9: error: sidecar: quotes must be a list [sidecar-invalid]',
  'broken/lost.annotations.yaml:1:1: error: orphan sidecar: its document lost.txt is missing (its document field names “../notes/undated.txt”) [sidecar-orphan]',
  "broken/lost.annotations.yaml:3:1: error: document “../notes/undated.txt” points outside the sidecar's folder: it must be the file name lost.txt [sidecar-orphan]",
  "broken/problems.annotations.yaml:6:1: warning: document “problem.txt” does not match the sidecar's file name: expected problems.txt [sidecar-orphan]",
  'broken/problems.txt:3:4: error: mention m-1: actor “putin-v” is not in actors.yaml [unknown-actor]',
  'broken/problems.txt:3:16: warning: quote q-2 duplicates quote q-1 (same span 49–56) [overlap]',
  'broken/problems.txt:3:32: error: quote q-3: expected “no deal” at 65–72 but found ““no dea” [anchor-mismatch]',
  'broken/problems.txt:3:32: error: quote q-3: speaker “kremlin” is not in actors.yaml [unknown-actor]',
  'notes/feb30.txt:1:7: error: impossible date 2023-02-30: February 2023 has 28 days [date-invalid]',
  'notes/undated.txt:1:1: error: no date header: the first line must read “ date YYYY-MM-DD” [date-missing]',
  'notes/undated.txt:3:20: warning: quote q-min “we are ready” has no speaker [quote-no-speaker]',
];

const CSV =
  'date,document,id,speaker,speakerName,actorKind,cue,mode,text,start,end\r\n' +
  '2021-03-02,broken/problems.txt,q-1,putin,Vladimir Putin,person,said,direct,no deal,49,56\r\n' +
  '2021-03-02,broken/problems.txt,q-2,putin,Vladimir Putin,person,said,direct,no deal,49,56\r\n' +
  '2021-03-02,broken/problems.txt,q-3,kremlin,,,said,direct,no deal,65,72\r\n' +
  '2022-11-06,2022/bom-crlf.txt,q-wh,white-house,White House,organisation,said,direct,"It is a ""nudge"", not a push,\nand Kyiv decides.",103,149\r\n' +
  '2023-11-04,2023/11/gichko.txt,q-zel,zelensky,Volodymyr Zelensky,person,said,direct,"We will not trade territory for peace, ever.",104,148\r\n' +
  '2023-11-04,2023/11/gichko.txt,q-nbc,nbc-news,NBC News,media,reported,direct,"the talks are informal, for now",194,225\r\n' +
  ',notes/undated.txt,q-min,,,,said,direct,we are ready,50,62\r\n';

describe('cli', function () {
  this.timeout(60_000);
  const temps: string[] = [];

  before(() => {
    // Build only the CLI (as esbuild.js does), so that a half-edited extension elsewhere cannot break this suite.
    const build = `require('esbuild').buildSync({
      entryPoints: ['src/cli/bin.ts'], outfile: 'dist/cli.js', bundle: true, platform: 'node', target: 'node18',
      format: 'cjs', sourcemap: true, sourcesContent: false, logLevel: 'warning', banner: { js: '#!/usr/bin/env node' },
    });`;
    const r = spawnSync(process.execPath, ['-e', build], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    // The language library that `suggest` loads at first use, beside cli.js.
    const nlp = `require('esbuild').buildSync({ entryPoints: ['src/nlp/chunk.ts'], outfile: 'dist/nlp.js', bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, logLevel: 'warning' });`;
    const n = spawnSync(process.execPath, ['-e', nlp], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(n.status, 0, n.stderr);
  });

  after(() => {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  });

  describe('index', () => {
    it('prints the documents as JSON, by date then path, undated last, with / paths', () => {
      const r = run(['index', fixture, '--json']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, `${JSON.stringify(INDEX_JSON, null, 2)}\n`);
    });

    it('takes a relative DIR and never lists README.txt', () => {
      const r = run(['index', '--json', 'corpus'], path.dirname(fixture));
      assert.equal(r.status, 0);
      assert.deepEqual(JSON.parse(r.stdout), INDEX_JSON);
      assert.ok(!r.stdout.includes('README'));
    });

    it('prints aligned lines for people', () => {
      const r = run(['index', fixture]);
      assert.equal(r.status, 0);
      assert.equal(
        r.stdout,
        [
          '2021-03-01  broken/bad.txt       A document whose sidecar is broken.',
          '2021-03-02  broken/problems.txt  Problems ahead.',
          '2022-11-06  2022/bom-crlf.txt    The United States urged Ukraine to stay open to talks.',
          '2023-11-04  2023/11/gichko.txt   Peace talks begin in quiet',
          'undated     notes/feb30.txt      impossible date 2023-02-30: February 2023 has 28 days',
          'undated     notes/undated.txt    no date header: the first line must read “ date YYYY-MM-DD”',
          '',
        ].join('\n'),
      );
    });

    it('skips node_modules, dot-folders, links out of the root and link loops', function () {
      const dir = tempCopy(['actors.yaml', '2023']);
      temps.push(dir);
      const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-outside-'));
      temps.push(outside);
      const seed = ' date 2020-01-01 Should not be listed.\n';
      fs.writeFileSync(path.join(outside, 'secret.txt'), seed);
      for (const d of ['node_modules/pkg', '.git', '.hidden']) {
        fs.mkdirSync(path.join(dir, d), { recursive: true });
        fs.writeFileSync(path.join(dir, d, 'x.txt'), seed);
      }
      try {
        fs.symlinkSync(outside, path.join(dir, 'out-link'), 'dir');
        fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'secret-link.txt'), 'file');
        fs.symlinkSync(dir, path.join(dir, '2023', 'loop'), 'dir');
        fs.symlinkSync(path.join(dir, '2023', '11'), path.join(dir, 'eleven'), 'dir');
        fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'dangling.txt'), 'file');
      } catch {
        this.skip(); // no symlinks here (Windows without the privilege)
      }
      const r = run(['index', dir, '--json']);
      assert.equal(r.status, 0, r.stderr);
      // 2023/11/gichko.txt is reachable through the `eleven` link and the `loop` link too, but listed once.
      assert.deepEqual(JSON.parse(r.stdout).map((e: { path: string }) => e.path), ['2023/11/gichko.txt']);
    });

    it('lists nothing in an empty folder', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-empty-'));
      temps.push(dir);
      assert.equal(run(['index', dir, '--json']).stdout, '[]\n');
      const human = run(['index', dir]);
      assert.equal(human.status, 0);
      assert.equal(human.stdout, '');
    });
  });

  describe('check', () => {
    it('prints one path:line:col line per problem, sorted, and exits 1', () => {
      const r = run(['check', fixture]);
      assert.equal(r.status, 1);
      assert.equal(r.stdout, `${CHECK_LINES.join('\n')}\n`);
      assert.match(r.stderr, /^12 problems \(9 errors, 3 warnings\) in 6 documents\n$/);
    });

    it('exits 0 and prints nothing on a clean corpus (BOM + CRLF document included)', () => {
      const dir = tempCopy(['actors.yaml', 'README.txt', '2022', '2023']);
      temps.push(dir);
      const r = run(['check', dir]);
      assert.equal(r.stderr, '');
      assert.equal(r.stdout, '');
      assert.equal(r.status, 0);
    });

    it('reports a broken registry on the registry and then does not check actor ids', () => {
      const dir = tempCopy(['actors.yaml', '2023', 'broken']);
      temps.push(dir);
      fs.writeFileSync(path.join(dir, 'actors.yaml'), 'version: 1\nactors:\n  putin:\n    name: Vladimir Putin\n    kind: tsar\n');
      const r = run(['check', dir]);
      assert.equal(r.status, 1);
      const lines = r.stdout.trimEnd().split('\n');
      assert.ok(lines.includes('actors.yaml:5:11: error: registry: actor putin: kind must be person, organisation, country, media or other [registry-invalid]'), r.stdout);
      assert.ok(!r.stdout.includes('[unknown-actor]'));
    });

    it('treats a missing registry as empty: every actor is unknown', () => {
      const dir = tempCopy(['2023']);
      temps.push(dir);
      const r = run(['check', dir]);
      assert.equal(r.status, 1);
      assert.equal((r.stdout.match(/\[unknown-actor\]/g) ?? []).length, 4);
    });
  });

  describe('export', () => {
    it('writes CSV to stdout, one row per quote, warning about a sidecar it cannot read', () => {
      const r = run(['export', fixture, '--format', 'csv']);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, CSV);
      assert.equal(
        r.stderr,
        'seed-annotator: warning: skipped broken/bad.annotations.yaml (line 4: unknown offset unit "utf16": expected "codepoint" (Unicode code points))\n',
      );
    });

    it('writes JSON Lines that agree with the CSV', () => {
      const r = run(['export', fixture, '-f', 'jsonl']);
      assert.equal(r.status, 0);
      const rows = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      assert.equal(rows.length, 7);
      assert.deepEqual(rows[3], {
        type: 'quote', date: '2022-11-06', document: '2022/bom-crlf.txt', id: 'q-wh', speaker: 'white-house', speakerName: 'White House',
        actorKind: 'organisation', cue: 'said', mode: 'direct', text: 'It is a "nudge", not a push,\nand Kyiv decides.', start: 103, end: 149,
      });
      assert.deepEqual(rows[6], {
        type: 'quote', date: null, document: 'notes/undated.txt', id: 'q-min', speaker: null, speakerName: null,
        actorKind: null, cue: 'said', mode: 'direct', text: 'we are ready', start: 50, end: 62,
      });
      assert.deepEqual(rows.map((x) => x.id), ['q-1', 'q-2', 'q-3', 'q-wh', 'q-zel', 'q-nbc', 'q-min']);
    });

    it('writes W3C Web Annotations: one JSON-LD array of every quote and mention, offsets in code points', () => {
      const r = run(['export', fixture, '--format', 'w3c']);
      assert.equal(r.status, 0, r.stderr);
      const annotations = JSON.parse(r.stdout) as Array<{ id: string; type: string; '@context': string; target: { source: string; selector: Array<{ type: string; exact?: string; start?: number; end?: number }> } }>;
      // 7 quotes and 4 mentions in readable sidecars, less q-3 whose anchor no longer holds.
      assert.equal(annotations.length, 10);
      assert.ok(annotations.every((a) => a.type === 'Annotation' && a['@context'] === 'http://www.w3.org/ns/anno.jsonld'));
      assert.deepEqual(annotations.map((a) => a.id.replace('urn:seed-annotator:', '')).slice(0, 3), ['2022/bom-crlf.txt#m-wh', '2022/bom-crlf.txt#q-wh', '2023/11/gichko.txt#m-zel']);
      const wh = annotations[1]!;
      assert.deepEqual(wh.target.selector[1], { type: 'TextPositionSelector', start: 103, end: 149 });
      assert.equal(wh.target.selector[0]!.exact, 'It is a "nudge", not a push,\nand Kyiv decides.');
      assert.match(r.stderr, /skipped broken\/problems\.txt: q-3: its anchor no longer matches/);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-w3c-'));
      temps.push(dir);
      const out = path.join(dir, 'annotations.jsonld');
      assert.equal(run(['export', fixture, '-f', 'w3c', '-o', out]).stdout, '');
      assert.equal(fs.readFileSync(out, 'utf8'), r.stdout);
    });

    it('refuses brat without --output, into the corpus, into a folder holding its documents, or into a full folder', () => {
      const dir = tempCopy(['actors.yaml', '2022', '2023']);
      temps.push(dir);
      const before = snapshot(dir);
      const none = run(['export', dir, '--format', 'brat']);
      assert.equal(none.status, 2);
      assert.match(none.stderr, /brat needs --output DIR: a new folder outside the corpus/);
      for (const [out, why] of [
        [dir, /a brat standoff export copies the documents, so it goes to a new folder outside the corpus/],
        [path.join(dir, '2022', 'brat'), /goes to a new folder outside the corpus/],
        [path.dirname(dir), /holds the corpus's documents/],
      ] as const) {
        const r = run(['export', dir, '--format', 'brat', '-o', out]);
        assert.equal(r.status, 2, out);
        assert.match(r.stderr, why);
      }
      const full = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-full-'));
      temps.push(full);
      fs.writeFileSync(path.join(full, 'keep.txt'), 'mine');
      const r = run(['export', dir, '--format', 'brat', '-o', full]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /is not empty, and a brat standoff export goes to a new folder/);
      assert.deepEqual(fs.readdirSync(full), ['keep.txt']);
      assert.deepEqual(snapshot(dir), before, 'nothing in the corpus changed');
    });

    it('refuses to write a file export over a document or a sidecar', () => {
      const dir = tempCopy(['actors.yaml', '2022', '2023']);
      temps.push(dir);
      const before = snapshot(dir);
      for (const target of ['2022/bom-crlf.txt', '2022/bom-crlf.annotations.yaml', 'actors.yaml']) {
        const r = run(['export', dir, '--format', 'csv', '-o', path.join(dir, target)]);
        assert.equal(r.status, 2, target);
        assert.match(r.stderr, /^seed-annotator: Nothing was exported: .* Choose another file\.\n$/);
      }
      assert.deepEqual(snapshot(dir), before);
    });

    it('writes a brat collection into --output DIR, mirroring the folders, with the .txt copied', () => {
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-brat-')), 'collection');
      temps.push(path.dirname(out));
      const r = run(['export', fixture, '-f', 'brat', '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      const written = r.stdout.trimEnd().split('\n').map((l) => path.relative(out, l.replace(/^wrote /, '')).split(path.sep).join('/'));
      assert.deepEqual(written, [
        '2022/bom-crlf.txt', '2022/bom-crlf.ann', '2023/11/gichko.txt', '2023/11/gichko.ann',
        'broken/problems.txt', 'broken/problems.ann', 'notes/undated.txt', 'notes/undated.ann', 'annotation.conf',
      ]);
      assert.deepEqual(fs.readFileSync(path.join(out, '2022', 'bom-crlf.txt')), fs.readFileSync(path.join(fixture, '2022', 'bom-crlf.txt')));
      assert.ok(!fs.existsSync(path.join(fixture, '2022', 'bom-crlf.ann')), 'nothing written into the corpus');
      assert.match(r.stderr, /skipped broken\/problems\.txt: q-3: its anchor no longer matches/);
      assert.match(r.stderr, /exported 6 quotes and 4 actor mentions \(10 annotations\) from 4 documents/);
      assert.equal(
        fs.readFileSync(path.join(out, '2022', 'bom-crlf.ann'), 'utf8'),
        'T1\tOrganisation 78 89\tWhite House\nT2\tQuote 106 134;136 153\tIt is a "nudge", not a push, and Kyiv decides.\nR1\tSpeaker Arg1:T2 Arg2:T1\nA1\tDirect T2\n#1\tAnnotatorNotes T1\tid: m-wh; actor: white-house; name: White House\n#2\tAnnotatorNotes T2\tid: q-wh; cue: said\n',
      );
      const file = path.join(path.dirname(out), 'plain-file');
      fs.writeFileSync(file, '');
      const bad = run(['export', fixture, '-f', 'brat', '-o', file]);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /cannot write into .*plain-file: not a folder\n$/);
    });

    it('writes to --output FILE instead of stdout', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-out-'));
      temps.push(dir);
      const out = path.join(dir, 'quotes.csv');
      const r = run(['export', fixture, '--format=csv', '--output', out]);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, '');
      assert.equal(fs.readFileSync(out, 'utf8'), CSV);
    });
  });

  describe('suggest', () => {
    it('prints one JSON object per suggested quote, code point offsets, untagged quotes only unless asked', () => {
      const r = run(['suggest', fixture, '--format', 'jsonl']);
      assert.equal(r.status, 0, r.stderr);
      const rows = r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
      // gichko.txt's two quotes are tagged already; the fixture's other documents have none to suggest.
      assert.ok(!rows.some((row) => row['document'] === '2023/11/gichko.txt'), r.stdout);
      const all = run(['suggest', fixture, '--format', 'jsonl', '--include-tagged']);
      const gichko = all.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((row) => row['document'] === '2023/11/gichko.txt');
      const text = fs.readFileSync(path.join(fixture, '2023/11/gichko.txt'), 'utf8');
      const quote = '“We will not trade territory for peace, ever.”';
      const start = [...text.slice(0, text.indexOf(quote))].length;
      assert.deepEqual(gichko[0], {
        document: '2023/11/gichko.txt', start, end: start + [...quote].length, text: quote, direct: true, cue: 'said',
        speaker: 'Volodymyr Zelensky', actor: 'zelensky', confidence: gichko[0]!['confidence'],
      });
      assert.ok(typeof gichko[0]!['confidence'] === 'number' && gichko[0]!['confidence'] > 0 && gichko[0]!['confidence'] <= 1);
      assert.equal(gichko[1]!['speaker'], 'NBC News');
      assert.equal(gichko[1]!['actor'], 'nbc-news');
    });

    it('refuses an unknown format', () => {
      const r = run(['suggest', fixture, '--format', 'xml']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /unknown format “xml”: use text or jsonl/);
    });
  });

  describe('usage and errors', () => {
    it('prints help on stdout with --help and exits 0', () => {
      const r = run(['--help']);
      assert.equal(r.status, 0);
      assert.match(r.stdout, /^Usage: seed-annotator <command> DIR \[options\]/);
      for (const word of ['index DIR [--json]', 'check DIR', 'export DIR --format csv|jsonl|w3c|brat [--output FILE|DIR]', '--version']) {
        assert.ok(r.stdout.includes(word), word);
      }
      assert.equal(run(['check', '-h']).status, 0);
    });

    it('lists every command of the table, with its options, in the help', () => {
      for (const command of COMMANDS) {
        assert.ok(USAGE.includes(`  ${command.name} ${command.synopsis}`), command.name);
        for (const option of Object.keys(command.options)) assert.ok(USAGE.includes(`--${option}`), `${command.name} --${option}`);
      }
    });

    it('prints the package version with --version', () => {
      const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
      const r = run(['--version']);
      assert.equal(r.status, 0);
      assert.equal(r.stdout, `${pkg.version}\n`);
    });

    const usageCases: Array<[string, string[], RegExp]> = [
      ['no arguments', [], /no command given/],
      ['an unknown command', ['frobnicate', '.'], /unknown command “frobnicate”/],
      ['an unknown flag', ['index', '.', '--jsno'], /Unknown option '--jsno'/],
      ['a flag of another command', ['check', '.', '--json'], /check does not take --json/],
      ['a missing DIR', ['index'], /index needs a folder/],
      ['an extra argument', ['index', '.', 'more'], /unexpected argument “more”/],
      ['export without --format', ['export', '.'], /export needs --format/],
      ['an unknown format', ['export', '.', '--format', 'xlsx'], /unknown format “xlsx”/],
      ['--format without a value', ['export', '.', '--format'], /argument missing/],
    ];
    for (const [what, args, message] of usageCases) {
      it(`exits 2 with the usage on stderr for ${what}`, () => {
        const r = run(args);
        assert.equal(r.status, 2);
        assert.equal(r.stdout, '');
        assert.match(r.stderr, /^seed-annotator: /);
        assert.match(r.stderr, message);
        assert.ok(r.stderr.includes('Usage: seed-annotator'));
        assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
      });
    }

    it('exits 2 without a stack trace when DIR is missing or not a folder', () => {
      const missing = run(['check', path.join(fixture, 'no-such-folder')]);
      assert.equal(missing.status, 2);
      assert.equal(missing.stdout, '');
      assert.equal(missing.stderr, `seed-annotator: no such folder: ${path.join(fixture, 'no-such-folder')}\n`);
      const file = run(['index', path.join(fixture, 'README.txt')]);
      assert.equal(file.status, 2);
      assert.equal(file.stderr, `seed-annotator: not a folder: ${path.join(fixture, 'README.txt')}\n`);
      const exp = run(['export', path.join(fixture, 'nope'), '--format', 'csv']);
      assert.equal(exp.status, 2);
    });

    it('exits 2 when the --output file cannot be written', () => {
      const r = run(['export', fixture, '--format', 'csv', '--output', path.join(fixture, 'no-such-folder', 'x.csv')]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^(?:seed-annotator: warning: .*\n)*seed-annotator: cannot write .*x\.csv: ENOENT\n$/);
    });
  });

  describe('a CRLF checkout of the LF-annotated seeds (Git for Windows)', () => {
    /** seeds/ copied with every .txt converted to CRLF, as core.autocrlf=true checks it out. */
    function crlfSeeds(): string {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-crlf-'));
      temps.push(dir);
      const seeds = path.join(repoRoot, 'seeds');
      fs.cpSync(path.join(seeds, 'actors'), path.join(dir, 'actors'), { recursive: true });
      for (const name of fs.readdirSync(seeds).filter((n) => fs.statSync(path.join(seeds, n)).isFile())) {
        const bytes = fs.readFileSync(path.join(seeds, name));
        fs.writeFileSync(path.join(dir, name), name.endsWith('.txt') ? bytes.toString('utf8').replace(/\n/g, '\r\n') : bytes);
      }
      return dir;
    }
    const sidecarBytes = (dir: string): Map<string, string> =>
      new Map(fs.readdirSync(dir).filter((n) => n.endsWith('.yaml')).map((n) => [n, fs.readFileSync(path.join(dir, n)).toString('hex')]));

    it('check is clean and changes no sidecar byte', () => {
      const dir = crlfSeeds();
      assert.ok(fs.readFileSync(path.join(dir, '000_ce07b70b4b1d5ccc.txt'), 'utf8').includes('\r\n'));
      const before = sidecarBytes(dir);
      const r = run(['check', dir]);
      assert.equal(r.stdout, '');
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(sidecarBytes(dir), before);
    });

    it('exports the same CSV and W3C offsets as the LF seeds, and brat offsets that re-find the text in the CRLF files', () => {
      const dir = crlfSeeds();
      const seeds = path.join(repoRoot, 'seeds');
      for (const format of ['csv', 'w3c']) assert.equal(run(['export', dir, '-f', format]).stdout, run(['export', seeds, '-f', format]).stdout, format);
      const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-crlf-brat-')), 'collection');
      temps.push(path.dirname(out));
      const r = run(['export', dir, '-f', 'brat', '-o', out]);
      assert.equal(r.status, 0, r.stderr);
      let spans = 0;
      for (const name of fs.readdirSync(out).filter((n) => n.endsWith('.ann'))) {
        const text = [...fs.readFileSync(path.join(out, name.replace(/\.ann$/, '.txt')), 'utf8')];
        assert.ok(text.includes('\r'), `${name}: the copied document keeps its CRLF`);
        for (const line of fs.readFileSync(path.join(out, name), 'utf8').split('\n').filter((l) => l.startsWith('T'))) {
          const [, typeAndSpans, written] = line.split('\t');
          const found = typeAndSpans!.split(' ').slice(1).join(' ').split(';').map((f) => {
            const [a, b] = f.split(' ').map(Number);
            return text.slice(a, b).join('');
          });
          assert.equal(found.join(' '), written, `${name}: ${line}`);
          spans++;
        }
      }
      assert.ok(spans > 50, `${spans} spans checked`);
    });
  });

  describe('scanning (src/node/diskCorpus.ts)', () => {
    it('finds the documents, every sidecar and the registry location', async () => {
      const scan = await scanCorpus(fixture);
      const rel = (l: string): string => path.relative(fixture, l).split(path.sep).join('/');
      assert.deepEqual(scan.sidecars.map(rel), [
        '2022/bom-crlf.annotations.yaml',
        '2023/11/gichko.annotations.yaml',
        'broken/bad.annotations.yaml',
        'broken/lost.annotations.yaml',
        'broken/problems.annotations.yaml',
        'notes/undated.annotations.yaml',
      ]);
      assert.equal(rel(scan.registryLocation), 'actors.yaml');
      assert.equal(scan.index.size, 6);
      assert.deepEqual(scan.errors, []);
    });

    it('drops the cut last line of a full head, keeping the header line', () => {
      const bytes = new TextEncoder().encode(' date 2023-01-01\n\nFull paragraph.\n\nCut para');
      assert.equal(headText(bytes, bytes.length), ' date 2023-01-01\n\nFull paragraph.\n\n');
      assert.equal(headText(bytes, bytes.length + 1), ' date 2023-01-01\n\nFull paragraph.\n\nCut para');
      const oneLine = new TextEncoder().encode(' date 2023-01-01 no line end');
      assert.equal(headText(oneLine, oneLine.length), ' date 2023-01-01 no line end');
    });
  });
});
