import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { planMigration } from '../../src/core/files/migration';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

const LEGACY = `# Seed Annotator actor registry: people, organisations, countries and media of this corpus.
# Ids are referenced from the sidecars; rename actors with the extension so every sidecar follows.

version: 1
actors:
  # Minister until 2024.
  anna-berg:
    name: Anna Berg
    kind: person
    aliases:
      - Berg
  harbour-union:
    name: Harbour Union
    kind: organisation
    wikidata: Q42
  old-union:
    name: Harbour Workers' Union
    kind: organisation
    mergedInto: harbour-union
`;

// Written for the tests: a block-style sidecar of the first layout.
const OLD_SIDECAR = `version: 1
document: a.txt
offsetUnit: codepoint
contentHash: null
quotes:
  - id: q-1
    speaker: anna-berg # checked
    cue: said
    direct: true
    anchor:
      start: 41
      end: 52
      exact: "we are done"
      prefix: "Berg said “"
      suffix: "”."
mentions: []
`;

function files(plan: ReturnType<typeof planMigration>): Record<string, string> {
  return Object.fromEntries(plan.writes.map((w) => [w.location, w.text]));
}

describe('migration to the mergeable layout', () => {
  it('moves every actor to its own file with its comment, retired ones too, and removes the emptied actors.yaml', () => {
    const plan = planMigration('/c/actors.yaml', { legacy: LEGACY, actors: [] }, []);
    assert.deepEqual(files(plan), {
      '/c/actors/anna-berg.yaml': '# Minister until 2024.\nname: Anna Berg\nkind: person\naliases:\n  - Berg\n',
      '/c/actors/harbour-union.yaml': 'name: Harbour Union\nkind: organisation\nwikidata: Q42\n',
      '/c/actors/old-union.yaml': "name: Harbour Workers' Union\nkind: organisation\nmergedInto: harbour-union\n",
    });
    assert.deepEqual(plan.deletes, ['/c/actors.yaml']);
    assert.equal(plan.actorsMoved, 3);
    // Nothing lost: the registry read from the new files is the registry read from the old one.
    const before = Registry.parse(LEGACY);
    const after = Registry.load({ legacy: null, actors: plan.writes.map((w) => ({ id: path.basename(w.location, '.yaml'), text: w.text })) });
    assert.ok(before.ok && after.ok);
    assert.deepEqual(after.registry.actors, before.registry.actors);
    assert.equal(after.registry.resolve('old-union'), 'harbour-union');
  });

  it('keeps what actors.yaml holds besides its actors, and leaves an actor that has a file of its own', () => {
    const handWritten = LEGACY.replace('version: 1\n', 'version: 1\nmaintainer: bob\n');
    const plan = planMigration('/c/actors.yaml', { legacy: handWritten, actors: [{ id: 'anna-berg', text: 'name: Anna Berg\nkind: person\n' }] }, []);
    assert.equal(files(plan)['/c/actors/anna-berg.yaml'], undefined, 'the file of its own wins, as when reading');
    assert.match(files(plan)['/c/actors.yaml']!, /^maintainer: bob$/m);
    assert.doesNotMatch(files(plan)['/c/actors.yaml']!, /actors:/);
    assert.deepEqual(plan.deletes, []);
    // Once migrated, there is nothing left to do.
    const again = planMigration('/c/actors.yaml', { legacy: files(plan)['/c/actors.yaml']!, actors: [] }, []);
    assert.deepEqual([again.writes, again.deletes], [[], []]);
  });

  it('puts each sidecar entry on one line and writes empty lists as `quotes:`, keeping every annotation; twice changes nothing', () => {
    const plan = planMigration('/c/actors.yaml', { legacy: null, actors: [] }, [{ location: '/c/a.annotations.yaml', text: OLD_SIDECAR }]);
    const text = files(plan)['/c/a.annotations.yaml']!;
    assert.match(text, /\nquotes:\n {2}# checked\n {2}- \{ id: q-1, speaker: anna-berg, cue: said, direct: true, anchor: \{ start: 41, end: 52, [^\n]+ \} \}\n\n(?:# [^\n]*\n){3}mentions:\n$/);
    const before = Sidecar.parse(OLD_SIDECAR);
    const after = Sidecar.parse(text);
    assert.ok(before.ok && after.ok);
    assert.deepEqual(after.sidecar.value, before.sidecar.value);
    assert.deepEqual(planMigration('/c/actors.yaml', { legacy: null, actors: [] }, [{ location: '/c/a.annotations.yaml', text }]).writes, []);
  });

  it('leaves a file that cannot be read as it is, and says so', () => {
    const plan = planMigration('/c/actors.yaml', { legacy: 'version: 1\nactors:\n  joe: [x\n', actors: [] }, [{ location: '/c/b.annotations.yaml', text: 'quotes: x: y\n' }]);
    assert.deepEqual(plan.writes, []);
    assert.deepEqual(plan.deletes, []);
    assert.deepEqual(plan.skipped.map((s) => s.location), ['/c/actors.yaml', '/c/b.annotations.yaml']);
  });

  it('seed-annotator migrate converts a corpus on disk, and a second run changes nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-migrate-'));
    fs.writeFileSync(path.join(dir, 'actors.yaml'), LEGACY);
    fs.writeFileSync(path.join(dir, 'a.txt'), ' date 2024-05-01 Strike\n\nAnna Berg said “we are done”.\n');
    fs.writeFileSync(path.join(dir, 'a.annotations.yaml'), OLD_SIDECAR);
    const cli = path.resolve(__dirname, '../../../dist/cli.js');
    const first = spawnSync(process.execPath, [cli, 'migrate', dir], { encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'actors')).sort(), ['anna-berg.yaml', 'harbour-union.yaml', 'old-union.yaml']);
    assert.equal(fs.existsSync(path.join(dir, 'actors.yaml')), false);
    assert.match(first.stderr, /moved 3 actors to files of their own; rewrote 1 sidecar/);
    const snapshot = (): string[] => fs.readdirSync(dir, { recursive: true }).map(String).sort().map((f) => `${f}\n${fs.statSync(path.join(dir, f)).isFile() ? fs.readFileSync(path.join(dir, f), 'utf8') : ''}`);
    const after = snapshot();
    const second = spawnSync(process.execPath, [cli, 'migrate', dir], { encoding: 'utf8' });
    assert.equal(second.status, 0);
    assert.match(second.stderr, /nothing to migrate/);
    assert.deepEqual(snapshot(), after);
    const check = spawnSync(process.execPath, [cli, 'check', dir], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    fs.rmSync(dir, { recursive: true, force: true });
  }).timeout(30_000);
});
