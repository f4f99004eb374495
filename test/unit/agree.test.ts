// `seed-annotator agree`, run as a real process on a real git repository (two annotators'
// branches of one corpus) and on two folders: the figures, the JSON, and the disagreements as
// path:line. The corpus is written here for the test.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { Sidecar } from '../../src/core/files/sidecar';
import { runCli as run } from './helpers/runCli';


const TEXT = ' date 2024-03-01 Talks 🇺🇦\n\n🙂 Zelensky said “we will hold”.\nBiden said aid is coming.\nPutin said nothing new.\n';
const REGISTRY = 'version: 1\nactors:\n  biden: {name: Joe Biden, kind: person}\n  putin: {name: Vladimir Putin, kind: person}\n  zelensky: {name: Volodymyr Zelenskyy, kind: person}\n';

function at(needle: string): [number, number] {
  const start = [...TEXT.slice(0, TEXT.indexOf(needle))].length;
  return [start, start + [...needle].length];
}

function sidecar(quotes: Array<[string, string | null]>): string {
  const s = Sidecar.create('a.txt', null);
  quotes.forEach(([needle, speaker], i) => s.addQuote({ id: `q-${i}`, speaker, cue: 'said', direct: true, anchor: createAnchor(TEXT, ...at(needle)) }));
  s.addMention({ id: 'm-zel', actor: 'zelensky', anchor: createAnchor(TEXT, ...at('Zelensky')) });
  return s.toString();
}

const ALICE = sidecar([['we will hold', 'zelensky'], ['aid is coming', 'biden'], ['nothing new', 'putin']]);
const BOB = sidecar([['we will hold', 'zelensky'], ['aid is coming', 'putin']]);

describe('agree', function () {
  this.timeout(60_000);
  let repo: string;
  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-agree-'));
    const git = (...args: string[]): string => execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: repo, encoding: 'utf8' });
    git('init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(repo, 'corpus', 'news'), { recursive: true });
    fs.writeFileSync(path.join(repo, 'corpus', 'news', 'a.txt'), TEXT);
    fs.writeFileSync(path.join(repo, 'corpus', 'untouched.txt'), ' date 2024-03-02 Nothing\n');
    fs.writeFileSync(path.join(repo, 'corpus', 'actors.yaml'), REGISTRY);
    git('add', '-A');
    git('commit', '-qm', 'corpus');
    for (const [branch, text] of [['alice', ALICE], ['bob', BOB]] as const) {
      git('checkout', '-qb', branch, 'main');
      fs.writeFileSync(path.join(repo, 'corpus', 'news', 'a.annotations.yaml'), text);
      git('add', '-A');
      git('commit', '-qm', branch);
    }
    git('checkout', '-q', 'main');
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  it('compares two git refs of one corpus: figures per document and overall, disagreements as path:line', () => {
    const r = run(['agree', path.join(repo, 'corpus'), '--a', 'alice', '--b', 'bob']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^A: alice \(reference\)\nB: bob\n1 documents annotated by both; 0 only by A, 0 only by B/);
    assert.match(r.stdout, /overlap covers at least half of A's quote/);
    assert.match(r.stdout, /Krippendorff's alpha for nominal data/);
    // 3 quotes by A, 2 by B, both matched: P 1, R 0.67, F1 0.8; speakers 1 of 2 agree.
    assert.match(r.stdout, /\nnews\/a\.txt +3 +2 +2 +1\.00 +0\.67 +0\.80 +2 +0\.50 /);
    assert.match(r.stdout, /\n2 disagreements:\nnews\/a\.txt:4: A speaker Joe Biden \(biden\) \/ B speaker Vladimir Putin \(putin\) for “aid is coming”\nnews\/a\.txt:5: A quote “nothing new” \(speaker Vladimir Putin \(putin\)\) \/ B no quote\n$/);
  });

  it('gives the same figures as JSON, and the same for two folders', () => {
    const json = JSON.parse(run(['agree', path.join(repo, 'corpus'), '--a', 'alice', '--b', 'bob', '--json']).stdout);
    assert.deepEqual([json.overall.quotes.a, json.overall.quotes.b, json.overall.quotes.matched], [3, 2, 2]);
    assert.equal(json.overall.speakers.observed, 0.5);
    assert.equal(json.overall.mentions.f1, 1);
    assert.deepEqual(json.disagreements.map((d: { line: number; kind: string }) => [d.line, d.kind]), [[4, 'speaker'], [5, 'quote-only-a']]);

    const folders = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-agree-dirs-'));
    try {
      for (const [name, text] of [['alice', ALICE], ['bob', BOB]] as const) {
        fs.mkdirSync(path.join(folders, name, 'news'), { recursive: true });
        fs.writeFileSync(path.join(folders, name, 'news', 'a.txt'), TEXT);
        fs.writeFileSync(path.join(folders, name, 'news', 'a.annotations.yaml'), text);
        if (name === 'alice') fs.writeFileSync(path.join(folders, name, 'actors.yaml'), REGISTRY);
        else {
          // Bob's copy in the one-file-per-actor layout: the names come out the same.
          fs.mkdirSync(path.join(folders, name, 'actors'));
          for (const [id, actor] of [['biden', 'Joe Biden'], ['putin', 'Vladimir Putin'], ['zelensky', 'Volodymyr Zelenskyy']]) {
            fs.writeFileSync(path.join(folders, name, 'actors', `${id}.yaml`), `name: ${actor}\nkind: person\n`);
          }
        }
      }
      const fromDirs = JSON.parse(run(['agree', folders, '--a-dir', 'alice', '--b-dir', 'bob', '--json']).stdout);
      assert.deepEqual(fromDirs.overall, json.overall);
      assert.deepEqual(fromDirs.disagreements, json.disagreements);
      assert.match(fromDirs.disagreements[0].b, /^speaker Vladimir Putin \(putin\)/);
    } finally {
      fs.rmSync(folders, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message for an unknown ref, and with the usage when neither refs nor folders are given', () => {
    const bad = run(['agree', path.join(repo, 'corpus'), '--a', 'alice', '--b', 'nobody']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^seed-annotator: cannot read annotator B's corpus: git ls-tree failed: .*nobody/);
    const usage = run(['agree', path.join(repo, 'corpus'), '--a', 'alice']);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /agree needs either --a REF --b REF, or --a-dir A --b-dir B/);
  });
});
