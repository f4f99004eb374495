import * as assert from 'node:assert/strict';
import { planRecovery, STALE_TEMPORARY_MS, temporaryPathFor, temporaryTarget, type FoundTemporary } from '../../src/core/files/interruptedWrites';
import { Sidecar } from '../../src/core/files/sidecar';

const NOW = Date.UTC(2026, 11, 1, 12, 0, 0);
const OLD = NOW - 10 * STALE_TEMPORARY_MS;
const SIDECAR = '/corpus/2024/😀 news.annotations.yaml';
const REGISTRY = '/corpus/actors.yaml';
const WHOLE_SIDECAR = Sidecar.create('😀 news.txt', null).toString();

/** Plans over an in-memory folder: `files` are the files there, with their text. */
function plan(files: Record<string, string>, found: FoundTemporary[], now = NOW): ReturnType<typeof planRecovery> {
  return planRecovery(
    found,
    (target) => Promise.resolve(target in files),
    (temporary) => Promise.resolve(files[temporary] ?? null),
    now,
  );
}

describe('interrupted writes', () => {
  it('names a temporary file after its target and the time its write began, and reads both back', () => {
    const path = temporaryPathFor(SIDECAR, OLD);
    assert.deepEqual(temporaryTarget(path), { target: SIDECAR, startedAt: OLD });
    assert.equal(temporaryTarget('/corpus/.a.annotations.yaml.123.k2.0.tmp'), null, 'the disk writer’s own temporaries are swept by the disk writer');
    assert.equal(temporaryTarget('/corpus/notes.txt.k2.tmp'), null);
    assert.equal(temporaryTarget('/corpus/a.annotations.yaml'), null);
  });

  it('restores a missing sidecar from the newest temporary file that reads as a whole sidecar, and removes the older ones', async () => {
    const whole = temporaryPathFor(SIDECAR, OLD + 2000);
    const cutOff = temporaryPathFor(SIDECAR, OLD + 3000);
    const older = temporaryPathFor(SIDECAR, OLD);
    const files = { [whole]: WHOLE_SIDECAR, [cutOff]: 'version: 1\ndocument: "😀 ne', [older]: WHOLE_SIDECAR };
    const steps = await plan(files, [whole, cutOff, older].map((path) => ({ path, mtimeMs: OLD })));
    assert.deepEqual(steps, [
      { kind: 'restore', temporary: whole, target: SIDECAR },
      { kind: 'remove', temporary: cutOff, target: SIDECAR },
      { kind: 'remove', temporary: older, target: SIDECAR },
    ]);
  });

  it('never replaces a target that is there: its temporary files are removed once a minute old, kept while younger', async () => {
    const stale = temporaryPathFor(REGISTRY, OLD);
    const young = temporaryPathFor(REGISTRY, NOW - 1000);
    const steps = await plan({ [REGISTRY]: 'version: 1\nactors: []\n', [stale]: 'version: 1\n', [young]: 'version: 1\n' }, [
      { path: stale, mtimeMs: OLD },
      { path: young, mtimeMs: NOW - 1000 },
    ]);
    assert.deepEqual(steps, [
      { kind: 'keep', temporary: young, target: REGISTRY, reason: 'a write may still be in progress' },
      { kind: 'remove', temporary: stale, target: REGISTRY },
    ]);
  });

  it('keeps, and says why, a temporary file that does not read whole when its target is missing', async () => {
    const broken = temporaryPathFor(SIDECAR, OLD);
    const steps = await plan({ [broken]: 'quotes:\n  - {id: q1, start: 3' }, [{ path: broken, mtimeMs: OLD }]);
    assert.deepEqual(steps, [{ kind: 'keep', temporary: broken, target: SIDECAR, reason: 'it does not read as a whole YAML file' }]);
  });

  it('restores an actor file that reads as YAML, and leaves a write in progress alone', async () => {
    const actor = '/corpus/actors/jane-roe.yaml';
    const done = temporaryPathFor(actor, OLD);
    const inProgress = temporaryPathFor('/corpus/actors/john-doe.yaml', NOW - 500);
    const steps = await plan({ [done]: 'name: Jane Roe\nkind: person\n', [inProgress]: 'name: Jo' }, [
      { path: done, mtimeMs: OLD },
      { path: inProgress, mtimeMs: NOW - 500 },
    ]);
    assert.deepEqual(steps, [
      { kind: 'restore', temporary: done, target: actor },
      { kind: 'keep', temporary: inProgress, target: '/corpus/actors/john-doe.yaml', reason: 'a write may still be in progress' },
    ]);
  });
});
