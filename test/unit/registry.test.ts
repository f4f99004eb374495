import * as assert from 'node:assert/strict';
import { Registry, foldName, slugify, type RegistryLoad } from '../../src/core/files/registry';

function parseOk(text: string): Registry {
  const loaded = Registry.parse(text);
  if (!loaded.ok) assert.fail(`expected the registry to parse: ${JSON.stringify(loaded.problems)}`);
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
    it('adds actors with ids from their names, and numbers collisions', () => {
      const registry = Registry.create();
      const a = registry.add('Joe Biden', 'person');
      const b = registry.add('Joe  Biden!', 'person');
      const c = registry.add('joe biden', 'other');
      assert.deepEqual([a.id, b.id, c.id], ['joe-biden', 'joe-biden-2', 'joe-biden-3']);
      assert.equal(registry.get('joe-biden-2')?.name, 'Joe  Biden!');
      assert.equal(registry.actors.length, 3);
      const again = parseOk(registry.toString());
      assert.deepEqual(again.actors.map((x) => x.id).sort(), ['joe-biden', 'joe-biden-2', 'joe-biden-3']);
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
      assert.deepEqual(parseOk(registry.toString()).get(kuleba.id)?.aliases, ['Kuleba', 'Dmitry Kuleba']);
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
      assert.equal(parseOk(registry.toString()).get(post.id)?.kind, 'media');
    });

    it('keeps actor keys in alphabetical order in the file', () => {
      const registry = Registry.create();
      for (const name of ['Zelenskyy', 'Biden', 'Putin', 'Arestovich', 'Kuleba', 'NBC News']) registry.add(name, 'person');
      const text = registry.toString();
      const keys = [...text.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
      assert.deepEqual(keys, ['arestovich', 'biden', 'kuleba', 'nbc-news', 'putin', 'zelenskyy']);
    });

    it('writes a new actor in block style after `actors: {}` was read back', () => {
      const registry = parseOk(Registry.create().toString());
      assert.match(registry.toString(), /actors: \{\}/);
      registry.add('Joe Biden', 'person', ['Biden']);
      const text = registry.toString();
      assert.match(text, /\nactors:\n {2}joe-biden:\n {4}name: Joe Biden\n {4}kind: person\n/);
    });

    it('keeps comments and unknown keys of a hand-written registry', () => {
      const registry = parseOk(HAND_WRITTEN);
      assert.equal(registry.get('joe-biden')?.wikidata, 'Q6279');
      assert.deepEqual(registry.get('joe-biden')?.aliases, ['the US President', 'Biden']);
      registry.add('Antony Blinken', 'person');
      registry.add('Zelenskyy', 'person');
      registry.addAlias('kuleba', 'Kuleba');
      registry.setKind('joe-biden', 'other');
      const text = registry.toString();
      for (const kept of ['# Actors of the Ukraine corpus. Keep alphabetical.', 'maintainer: bob # unknown key, kept', '# Kuleba was foreign minister in 2023.', 'wikidata: Q6279']) {
        assert.ok(text.includes(kept), `${kept} is kept in:\n${text}`);
      }
      const keys = [...text.matchAll(/^ {2}([a-z-]+):$/gm)].map((m) => m[1]);
      assert.deepEqual(keys, ['antony-blinken', 'joe-biden', 'kuleba', 'zelenskyy']);
      const again = parseOk(text);
      assert.deepEqual(again.get('kuleba')?.aliases, ['Dmitry Kuleba', 'Kuleba']);
      assert.equal(again.get('joe-biden')?.kind, 'other');
    });

    it('treats an empty file and `actors:` with nothing after it as an empty registry', () => {
      assert.equal(parseOk('').actors.length, 0);
      assert.equal(parseOk('  \n').actors.length, 0);
      const emptied = parseOk('version: 1\nactors:\n');
      assert.equal(emptied.actors.length, 0);
      emptied.add('Joe Biden', 'person');
      assert.deepEqual(parseOk(emptied.toString()).actors.map((a) => a.id), ['joe-biden']);
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
