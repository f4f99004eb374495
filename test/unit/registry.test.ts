import * as assert from 'node:assert/strict';
import { Registry, foldName, slugify, type RegistryLoad } from '../../src/core/files/registry';

function parseOk(text: string): Registry {
  const loaded = Registry.parse(text);
  if (!loaded.ok) assert.fail(`expected the registry to parse: ${JSON.stringify(loaded.problems)}`);
  return loaded.registry;
}

/** The registry read back from every file it would write. */
function reload(registry: Registry, edit?: (r: Registry) => void): Registry {
  edit?.(registry);
  const files = registry.allFiles();
  const loaded = Registry.load({ legacy: files.find((f) => f.actor === null)?.text ?? null, actors: files.flatMap((f) => (f.actor === null ? [] : [{ id: f.actor, text: f.text }])) });
  if (!loaded.ok) assert.fail(`expected the registry to load: ${JSON.stringify(loaded.problems)}`);
  return loaded.registry;
}

function problemsOf(loaded: RegistryLoad): Array<{ message: string; line: number; column: number }> {
  assert.equal(loaded.ok, false, 'expected the registry to be refused');
  return loaded.ok ? [] : [...loaded.problems];
}

const HAND_WRITTEN = `# Actors of the Ukraine corpus. Keep alphabetical.
version: 1
maintainer: bob # unknown key, kept
actors:
  joe-biden:
    name: Joe Biden
    kind: person
    aliases: [the US President, Biden]
    wikidata: Q6279
  # Kuleba was foreign minister in 2023.
  kuleba:
    name: Dmytro Kuleba
    kind: person
    aliases:
      - Dmitry Kuleba
`;

describe('registry', () => {
  describe('slugify and foldName', () => {
    it('makes ids of lower-case words joined by hyphens', () => {
      assert.equal(slugify('Joe Biden'), 'joe-biden');
      assert.equal(slugify('  Volodymyr  Zelenskyy! '), 'volodymyr-zelenskyy');
      assert.equal(slugify('Zelenśkyj'), 'zelenskyj');
      assert.equal(slugify('The U.S. State Department'), 'the-u-s-state-department');
      assert.equal(slugify("Russia's Kremlin"), 'russia-s-kremlin');
      assert.equal(slugify('!!!'), 'actor');
    });

    it('folds case, accents, curly apostrophes and spacing', () => {
      assert.equal(foldName('  Zelénskyy  '), 'zelenskyy');
      assert.equal(foldName('Russia’s\n Army'), "russia's army");
      assert.equal(foldName('RUSSIA‘S ARMY'), "russia's army");
    });
  });

  describe('editing', () => {
    it('adds each actor in a file of its own, with an id from its name and a hashed suffix for a taken id', () => {
      const registry = Registry.create();
      const a = registry.add('Joe Biden', 'person');
      registry.salt = 'Ann Lee\n2026-11-30T07:40:12Z';
      const b = registry.add('Joe  Biden!', 'person');
      const c = registry.add('joe biden', 'other');
      assert.equal(a.id, 'joe-biden');
      assert.match(b.id, /^joe-biden-[0-9a-z]{4}$/);
      assert.match(c.id, /^joe-biden-[0-9a-z]{4}$/);
      assert.notEqual(b.id, c.id);
      // Another annotator adding a second Joe Biden elsewhere gets another id: no collision in git.
      const elsewhere = reload(Registry.create());
      elsewhere.add('Joe Biden', 'person');
      elsewhere.salt = 'Bo Chen\n2026-11-30T07:41:02Z';
      assert.notEqual(elsewhere.add('Joe Biden!', 'person').id, b.id);
      assert.equal(registry.get(b.id)?.name, 'Joe  Biden!');
      assert.deepEqual(registry.changedFiles().map((f) => f.actor), [a.id, b.id, c.id].sort());
      assert.equal(registry.changedFiles().find((f) => f.actor === 'joe-biden')?.text, 'name: Joe Biden\nkind: person\n');
      assert.deepEqual(reload(registry).actors.map((x) => x.id).sort(), [a.id, b.id, c.id].sort());
    });

    it('adds aliases once, ignoring case, accents and spacing', () => {
      const registry = Registry.create();
      const kuleba = registry.add('Dmytro Kuleba', 'person', ['Kuleba']);
      assert.equal(registry.addAlias(kuleba.id, 'Dmitry  Kuleba'), true);
      assert.equal(registry.addAlias(kuleba.id, 'dmitry kuleba'), false);
      assert.equal(registry.addAlias(kuleba.id, 'DMYTRO KULEBA'), false);
      assert.equal(registry.addAlias(kuleba.id, 'kuléba'), false);
      assert.equal(registry.addAlias(kuleba.id, '   '), false);
      assert.equal(registry.addAlias('nobody', 'x'), false);
      assert.deepEqual(registry.get(kuleba.id)?.aliases, ['Kuleba', 'Dmitry Kuleba']);
      assert.deepEqual(reload(registry).get(kuleba.id)?.aliases, ['Kuleba', 'Dmitry Kuleba']);
    });

    it('finds actors by name or alias, folding case, accents and apostrophes', () => {
      const registry = Registry.create();
      const kremlin = registry.add('Russia’s Kremlin', 'organisation', ['the Kremlin']);
      const zelensky = registry.add('Volodymyr Zelenskyy', 'person', ['Zelénskyy']);
      assert.equal(registry.findByName("russia's kremlin")?.id, kremlin.id);
      assert.equal(registry.findByName('RUSSIA‘S   KREMLIN')?.id, kremlin.id);
      assert.equal(registry.findByName('The Kremlin')?.id, kremlin.id);
      assert.equal(registry.findByName('zelenskyy')?.id, zelensky.id);
      assert.equal(registry.findByName(' volodymyr zelenskyy ')?.id, zelensky.id);
      assert.equal(registry.findByName('Zelensky'), undefined);
    });

    it('sets an actor’s kind', () => {
      const registry = Registry.create();
      const post = registry.add('Washington Post', 'organisation');
      registry.setKind(post.id, 'media');
      registry.setKind('nobody', 'media');
      assert.equal(registry.get(post.id)?.kind, 'media');
      assert.equal(reload(registry).get(post.id)?.kind, 'media');
    });

    it('renames an actor keeping its id; the old name becomes an alias', () => {
      const registry = reload(Registry.create(), (r) => r.add('Dmitro Kuleba', 'person', ['Kuleba']));
      registry.markClean();
      assert.equal(registry.rename('dmitro-kuleba', 'Dmytro Kuleba'), 'dmitro-kuleba');
      assert.deepEqual(registry.changedFiles(), [{ actor: 'dmitro-kuleba', text: 'name: Dmytro Kuleba\nkind: person\naliases:\n  - Kuleba\n  - Dmitro Kuleba\n' }]);
      assert.throws(() => registry.rename('dmitro-kuleba', ''), /needs a name/);
    });

    it('merges an actor into another, leaving a redirect through which its id still resolves', () => {
      const registry = Registry.create();
      registry.add('Joe Biden', 'person', ['Biden']);
      registry.add('President Biden', 'person');
      registry.markClean();
      registry.merge('president-biden', 'joe-biden');
      assert.deepEqual(registry.changedFiles().map((f) => f.actor), ['joe-biden', 'president-biden']);
      assert.equal(registry.changedFiles()[1]?.text, 'name: President Biden\nkind: person\nmergedInto: joe-biden\n');
      const again = reload(registry);
      assert.deepEqual(again.actors.map((a) => a.id), ['joe-biden']);
      assert.equal(again.get('president-biden')?.id, 'joe-biden');
      assert.equal(again.resolve('president-biden'), 'joe-biden');
      assert.deepEqual(again.get('joe-biden')?.aliases, ['Biden', 'President Biden']);
      // A retired id is never given to a new actor.
      assert.notEqual(again.add('President Biden', 'person').id, 'president-biden');
      // Redirect chains resolve; a cycle written by hand does not hang.
      const cyclic = Registry.load({ legacy: null, actors: [{ id: 'a', text: 'name: A\nkind: person\nmergedInto: b\n' }, { id: 'b', text: 'name: B\nkind: person\nmergedInto: a\n' }] });
      assert.ok(cyclic.ok);
      if (cyclic.ok) assert.equal(cyclic.registry.get('a'), undefined);
    });

    it('keeps comments and unknown keys of a hand-written legacy registry, whose actors are edited in place', () => {
      const registry = parseOk(HAND_WRITTEN);
      assert.equal(registry.get('joe-biden')?.wikidata, 'Q6279');
      assert.deepEqual(registry.get('joe-biden')?.aliases, ['the US President', 'Biden']);
      registry.add('Antony Blinken', 'person');
      registry.addAlias('kuleba', 'Kuleba');
      registry.setKind('joe-biden', 'other');
      const files = registry.changedFiles();
      assert.deepEqual(files.map((f) => f.actor), [null, 'antony-blinken']);
      const text = files[0]!.text ?? '';
      for (const kept of ['# Actors of the Ukraine corpus. Keep alphabetical.', 'maintainer: bob # unknown key, kept', '# Kuleba was foreign minister in 2023.', 'wikidata: Q6279']) {
        assert.ok(text.includes(kept), `${kept} is kept in:\n${text}`);
      }
      const again = reload(registry);
      assert.deepEqual(again.get('kuleba')?.aliases, ['Dmitry Kuleba', 'Kuleba']);
      assert.equal(again.get('joe-biden')?.kind, 'other');
      assert.equal(again.get('antony-blinken')?.name, 'Antony Blinken');
    });

    it('reads an actor from its own file over the same id in the legacy file', () => {
      const loaded = Registry.load({ legacy: HAND_WRITTEN, actors: [{ id: 'kuleba', text: 'name: Dmytro Kuleba\nkind: organisation\n' }] });
      assert.ok(loaded.ok);
      if (loaded.ok) assert.equal(loaded.registry.get('kuleba')?.kind, 'organisation');
    });

    it('treats an empty file and `actors:` with nothing after it as an empty registry', () => {
      assert.equal(parseOk('').actors.length, 0);
      assert.equal(parseOk('  \n').actors.length, 0);
      const emptied = parseOk('version: 1\nactors:\n');
      assert.equal(emptied.actors.length, 0);
      emptied.add('Joe Biden', 'person');
      assert.deepEqual(reload(emptied).actors.map((a) => a.id), ['joe-biden']);
    });

    it('refuses an actor file that is not an actor, naming the file', () => {
      const loaded = Registry.load({ legacy: null, actors: [{ id: 'joe', text: 'name: Joe\nkind: human\n' }] });
      assert.equal(loaded.ok, false);
      if (!loaded.ok) assert.deepEqual([loaded.problems[0]!.file, loaded.problems[0]!.line], ['actors/joe.yaml', 2]);
    });
  });

  describe('malformed registries', () => {
    const cases: Array<[string, string, RegExp, number, number]> = [
      ['a list', '- joe\n', /must be a mapping/, 1, 1],
      ['version 2', 'version: 2\nactors: {}\n', /unsupported registry version 2/, 1, 10],
      ['actors as a list', 'version: 1\nactors:\n  - joe\n', /actors must be a mapping/, 3, 3],
      ['a bad id', 'version: 1\nactors:\n  "joe biden":\n    name: Joe\n    kind: person\n', /actor id "joe biden"/, 3, 3],
      ['an entry that is not a mapping', 'version: 1\nactors:\n  joe: Joe Biden\n', /actor joe must be a mapping/, 3, 8],
      ['a missing name', 'version: 1\nactors:\n  joe:\n    kind: person\n', /actor joe: name must be text/, 4, 5],
      ['a bad kind', 'version: 1\nactors:\n  joe:\n    name: Joe\n    kind: human\n', /actor joe: kind must be/, 5, 11],
      ['bad aliases', 'version: 1\nactors:\n  joe:\n    name: Joe\n    kind: person\n    aliases: Biden\n', /aliases must be a list/, 6, 14],
      ['a bad wikidata id', 'version: 1\nactors:\n  joe:\n    name: Joe\n    kind: person\n    wikidata: 6279\n', /wikidata must be an item id/, 6, 15],
      ['bad YAML', 'version: 1\nactors:\n  joe: [x\n', /./, 4, 1],
      ['a duplicate key', 'version: 1\nactors:\n  joe:\n    name: Joe\n    kind: person\n  joe:\n    name: Joe\n    kind: person\n', /unique/, 6, 3],
    ];
    for (const [what, text, message, line, column] of cases) {
      it(`reports ${what} at line ${line}, column ${column}`, () => {
        const problems = problemsOf(Registry.parse(text));
        assert.match(problems[0]!.message, message);
        assert.deepEqual([problems[0]!.line, problems[0]!.column], [line, column]);
      });
    }
  });
});
