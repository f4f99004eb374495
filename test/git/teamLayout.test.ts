// A team annotating one corpus in git, with plain `git merge` (what GitHub and
// GitLab run) and "accept both" for whatever conflicts: the scenarios of
// issue 11, on articles written for the tests (test/git/articles.ts).
import * as assert from 'node:assert/strict';
import { TextDecoder } from 'node:util';
import { readRegistryFiles } from '../../src/core/files/store';
import { planActorChange } from '../../src/core/tagging/actorChanges';
import { nodeFiles } from '../../src/node/nodeFiles';
import { outcomeTable, runScenarios, type Outcome } from './teamScenarios';

const decoder = new TextDecoder();

describe('a team in git: the mergeable layout', function () {
  this.timeout(300_000);
  let outcomes: Outcome[] = [];

  before(async () => {
    outcomes = await runScenarios({
      files: nodeFiles,
      // Rename Actor: the plan the command shows, applied in one step.
      async rename(store, location, id, newName) {
        const read = await readRegistryFiles(nodeFiles, location);
        const plan = planActorChange({ location, legacy: read.legacy ? decoder.decode(read.legacy) : null, actors: read.actors.map((a) => ({ id: a.id, text: decoder.decode(a.bytes) })) }, { type: 'rename', id, newName });
        await store.replaceFiles(plan.registry, []);
      },
    });
    console.log(`\n${outcomeTable(outcomes)}\n`);
  });

  const outcome = (prefix: string): Outcome => outcomes.find((o) => o.scenario.startsWith(prefix)) ?? assert.fail(`no scenario ${prefix}`);

  it('loses no annotation and no actor, and leaves no file to edit by hand, in any scenario', () => {
    assert.equal(outcomes.length, 8);
    for (const o of outcomes) {
      assert.equal(o.annotationsLost, 0, `${o.scenario}: annotations lost`);
      assert.equal(o.actorsLost, 0, `${o.scenario}: actors lost`);
      assert.equal(o.handEdits, 0, `${o.scenario}: files that are not valid YAML after accepting both`);
      assert.equal(o.dangling, 0, `${o.scenario}: references to no actor`);
      assert.ok(o.annotations > 0);
    }
  });

  it('annotators who tag different documents or add different actors never conflict', () => {
    assert.equal(outcome('different documents').conflicted, 0);
    assert.equal(outcome('new actors with neighbouring ids').conflicted, 0);
  });

  it('a rename keeps the id, so new quotes by the renamed actor still resolve', () => {
    const o = outcome('a rename');
    assert.equal(o.conflicted, 0);
    assert.equal(o.dangling, 0);
  });

  it('the same quote with two speakers keeps both versions, as valid YAML, for resolve to settle', () => {
    const o = outcome('the same quote');
    assert.equal(o.twoVersions, 1);
    assert.equal(o.handEdits, 0);
  });

  it('five annotators merged in turn keep every one of their annotations and actors', () => {
    const o = outcome('5 annotators');
    assert.ok(o.annotations >= 25, `${o.annotations} annotations made`);
    assert.ok(o.actors >= 15, `${o.actors} actors made`);
    assert.equal(o.annotationsLost + o.actorsLost + o.handEdits, 0);
  });
});
