import * as assert from 'node:assert/strict';
import { api, deleteOutside, file, readOutside, writeOutside } from './util';

const LEGACY = 'version: 1\nactors:\n  legacy-tester:\n    name: Legacy Tester\n    kind: person\n';

suite('Migration to the mergeable layout', () => {
  test('offers once per corpus to convert an actors.yaml that holds actors, and converts it without loss', async () => {
    const { migration, store } = await api();
    const legacy = file('actors.yaml');
    const asked: string[] = [];
    const previous = migration.ask;
    migration.ask = async (message, ...buttons) => {
      asked.push(message);
      return buttons[0];
    };
    try {
      await writeOutside(legacy, LEGACY);
      await migration.offer();
      assert.equal(asked.length, 1);
      assert.match(asked[0]!, /keeps every actor in one actors\.yaml.*one file per actor/);
      assert.equal(await readOutside(file('actors', 'legacy-tester.yaml')), 'name: Legacy Tester\nkind: person\n');
      await assert.rejects(readOutside(legacy), 'the emptied actors.yaml is removed');
      const state = await store.registryAt(legacy.toString());
      assert.ok(state.status === 'ok' && state.registry.get('legacy-tester')?.name === 'Legacy Tester', 'the registry reads the actor from its own file');
      // Once per corpus, whatever the answer: no nagging, even if an old actors.yaml comes back.
      await writeOutside(legacy, LEGACY);
      await migration.offer();
      assert.equal(asked.length, 1);
    } finally {
      migration.ask = previous;
      await deleteOutside(legacy);
      await deleteOutside(file('actors', 'legacy-tester.yaml'));
    }
  });
});
