// Re-attaching sidecars after renames done outside VS Code: the pairing in the core
// (src/core/corpus/relink.ts), and `seed-annotator relink` on a copy of seeds/ renamed by a script.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash, createAnchor } from '../../src/core/anchoring/anchor';
import { planRelink, relinkedSidecarText } from '../../src/core/corpus/relink';
import { Sidecar } from '../../src/core/files/sidecar';
import { withLineEnd } from '../../src/core/text/lineEnds';
import { repoRoot, runCli as run } from './helpers/runCli';

/** Texts written for this test. */
const ONE = ' date 2024-01-01 One\n\nThe mayor said: “Bridges open 🌉 today.”\n';
const TWO = ' date 2024-01-02 Two\n\nThe mayor said: “Roads close tomorrow.”\n';

function sidecarFor(name: string, text: string, needle: string, withHash: boolean): Sidecar {
  const sidecar = Sidecar.create(name, withHash ? contentHash(text) : null);
  const start = [...text.slice(0, text.indexOf(needle))].length;
  sidecar.addQuote({ id: 'q-1', speaker: 'mayor', cue: 'said', direct: true, anchor: createAnchor(text, start, start + [...needle].length) });
  return sidecar;
}

describe('relink', () => {
  describe('planRelink', () => {
    it('pairs a sidecar with the one document of its content hash, or whose text holds every anchor', () => {
      const plan = planRelink(
        [
          { location: '/c/old-one.annotations.yaml', data: sidecarFor('old-one.txt', ONE, 'Bridges open 🌉 today.', true).value },
          { location: '/c/old-two.annotations.yaml', data: sidecarFor('old-two.txt', TWO, 'Roads close tomorrow.', false).value },
        ],
        [
          { location: '/c/two.txt', text: `${TWO}\nA line added after the move.\n` },
          { location: '/c/one.txt', text: ONE.replace(/\n/g, '\r\n') },
          { location: '/c/other.txt', text: ' date 2024-01-03 Other\n\nNothing here.\n' },
        ],
      );
      assert.deepEqual(plan.pairs, [
        { sidecar: '/c/old-one.annotations.yaml', document: '/c/one.txt', evidence: 'content hash', annotations: 1 },
        { sidecar: '/c/old-two.annotations.yaml', document: '/c/two.txt', evidence: 'anchors', annotations: 1 },
      ]);
      assert.deepEqual(plan.ambiguous, []);
      assert.deepEqual(plan.unmatched, []);
    });

    it('never guesses: a sidecar that fits two documents, or two sidecars that fit one, are listed', () => {
      const one = sidecarFor('a.txt', ONE, 'Bridges open 🌉 today.', true).value;
      const twice = planRelink([{ location: '/c/a.annotations.yaml', data: one }], [{ location: '/c/x.txt', text: ONE }, { location: '/c/y.txt', text: ONE }]);
      assert.deepEqual(twice.pairs, []);
      assert.deepEqual(twice.ambiguous, [{ sidecars: ['/c/a.annotations.yaml'], documents: ['/c/x.txt', '/c/y.txt'] }]);
      const both = planRelink([{ location: '/c/a.annotations.yaml', data: one }, { location: '/c/b.annotations.yaml', data: one }], [{ location: '/c/x.txt', text: ONE }]);
      assert.deepEqual(both.pairs, []);
      assert.deepEqual(both.ambiguous, [{ sidecars: ['/c/a.annotations.yaml', '/c/b.annotations.yaml'], documents: ['/c/x.txt'] }]);
      const none = planRelink([{ location: '/c/a.annotations.yaml', data: one }], [{ location: '/c/z.txt', text: TWO }]);
      assert.deepEqual(none.unmatched, ['/c/a.annotations.yaml']);
    });

    it('a moved sidecar names its new document, keeping comments and CRLF line ends', () => {
      const text = `${sidecarFor('old.txt', ONE, 'Bridges open 🌉 today.', true).toString()}# kept by hand\n`;
      const moved = relinkedSidecarText(withLineEnd(text, '\r\n'), '/c/sub/new name.txt')!;
      assert.match(moved, /^document: new name\.txt\r$/m);
      assert.match(moved, /# kept by hand\r\n$/);
      assert.ok(!/[^\r]\n/.test(moved), 'all CRLF');
      const parsed = Sidecar.parse(moved);
      assert.ok(parsed.ok);
      assert.equal(parsed.sidecar.value.quotes.length, 1);
    });
  });

  describe('seed-annotator relink', function () {
    this.timeout(60_000);
    const temps: string[] = [];
    after(() => {
      for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
    });

    /** How many quotes and mentions the sidecars under `dir` hold. */
    function annotationCount(dir: string): number {
      let n = 0;
      for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
        if (!name.endsWith('.annotations.yaml')) continue;
        const loaded = Sidecar.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
        assert.ok(loaded.ok, name);
        n += loaded.sidecar.annotations.length;
      }
      return n;
    }

    it('moves sidecars renamed away by a script, lists the ambiguous one, and loses no annotation', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-relink-'));
      temps.push(dir);
      fs.cpSync(path.join(repoRoot, 'seeds'), dir, { recursive: true });
      const before = annotationCount(dir);
      assert.ok(before > 50, `${before} annotations in the seeds`);
      // The script: readable names, one article moved into a folder, and a stray copy of the other.
      fs.renameSync(path.join(dir, '000_ce07b70b4b1d5ccc.txt'), path.join(dir, 'ukraine-talks.txt'));
      fs.copyFileSync(path.join(dir, 'ukraine-talks.txt'), path.join(dir, 'ukraine-talks (copy).txt'));
      fs.mkdirSync(path.join(dir, 'archive'));
      fs.renameSync(path.join(dir, '002_ee4912a3b61f8db2.txt'), path.join(dir, 'archive', 'biden-warning.txt'));
      const orphanCheck = run(['check', dir]);
      assert.match(orphanCheck.stdout, /orphan sidecar/);
      const exported = run(['export', dir, '-f', 'csv']);
      assert.ok(exported.stderr.includes(`warning: skipped ${before} annotations in 2 orphaned sidecars`), exported.stderr);
      assert.match(exported.stderr, /annotations in 2 orphaned sidecars \(000_ce07b70b4b1d5ccc\.annotations\.yaml, 002_ee4912a3b61f8db2\.annotations\.yaml\): their documents were renamed, moved or deleted; run seed-annotator relink/);

      const snapshot = (): string[] => (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
      const listed = snapshot();
      const dry = run(['relink', dir, '--dry-run']);
      assert.equal(dry.status, 1, dry.stderr);
      assert.deepEqual(snapshot(), listed, 'a dry run moves nothing');
      assert.match(dry.stdout, /^would move 002_ee4912a3b61f8db2\.annotations\.yaml → archive\/biden-warning\.txt \(\d+ annotations, same content hash\)$/m);

      const r = run(['relink', dir]);
      assert.equal(r.status, 1, 'an ambiguous pairing is left: exit 1');
      assert.match(r.stdout, /^moved 002_ee4912a3b61f8db2\.annotations\.yaml → archive\/biden-warning\.txt/m);
      assert.match(r.stdout, /^ambiguous, not moved: 000_ce07b70b4b1d5ccc\.annotations\.yaml fits ukraine-talks \(copy\)\.txt, ukraine-talks\.txt; move the right sidecar next to its document by hand$/m);
      assert.ok(fs.existsSync(path.join(dir, 'archive', 'biden-warning.annotations.yaml')));
      assert.ok(fs.existsSync(path.join(dir, '000_ce07b70b4b1d5ccc.annotations.yaml')), 'the ambiguous sidecar stays where it was');

      fs.rmSync(path.join(dir, 'ukraine-talks (copy).txt'));
      const again = run(['relink', dir]);
      assert.equal(again.status, 0, again.stdout);
      assert.match(again.stdout, /^moved 000_ce07b70b4b1d5ccc\.annotations\.yaml → ukraine-talks\.txt/m);
      assert.equal(annotationCount(dir), before, 'no annotation lost');
      const check = run(['check', dir]);
      assert.equal(check.stdout, '', 'clean after relink: no orphan, document fields follow');
      assert.equal(check.status, 0);
      assert.match(fs.readFileSync(path.join(dir, 'archive', 'biden-warning.annotations.yaml'), 'utf8'), /^document: biden-warning\.txt$/m);
      assert.equal(run(['relink', dir]).stderr, 'no orphaned sidecars\n');
    });
  });
});
