// A sidecar or registry with git conflict markers: named as a merge conflict (never as the
// YAML errors the markers cause), refused for writing, and its disagreements reported by check.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkDisagreements, checkDocument, checkRegistry } from '../../src/core/corpus/checks';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { AnnotationStore } from '../../src/core/files/store';
import { resolveConflictText } from '../../src/core/merge/mergeById';
import { addQuote, draftQuote } from '../../src/core/tagging/tagging';
import { UnreadableFileError } from '../../src/core/errors';
import { registryDisagreements } from '../../src/node/mergeFiles';
import { MemoryFiles, SEED_000, readSeed, spanOf } from './helpers/memoryFiles';

const DOC = `/corpus/news/${SEED_000}`;
const SIDECAR = '/corpus/news/000_ce07b70b4b1d5ccc.annotations.yaml';
const REGISTRY = '/corpus/actors.yaml';
const TEXT = readSeed(SEED_000);

const CONFLICTED_REGISTRY = [
  'version: 1',
  'actors:',
  '<<<<<<< HEAD',
  '  anna-lee:',
  '    name: Anna Lee',
  '    kind: person',
  '=======',
  '  anna-lee:',
  '    name: Anna Lee',
  '    kind: organisation',
  '>>>>>>> annotator-b',
  '',
].join('\n');

describe('merge conflicts recognised', () => {
  it('reports conflict markers as a merge conflict with what to do, not as a YAML error', () => {
    const loaded = Registry.parse(CONFLICTED_REGISTRY);
    assert.ok(!loaded.ok);
    const problems = checkRegistry(REGISTRY, loaded.problems, CONFLICTED_REGISTRY);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.code, 'merge-conflict');
    assert.equal(problems[0]!.line, 3);
    assert.match(problems[0]!.message, /merge conflict.*Resolve Merge Conflict by Annotation Id/);
    assert.doesNotMatch(problems[0]!.message, /Implicit keys/);
  });

  it('refuses to tag into a conflicted sidecar and leaves it untouched', async () => {
    const files = new MemoryFiles();
    const store = new AnnotationStore(files, () => REGISTRY);
    const conflicted = `version: 1\ndocument: ${SEED_000}\noffsetUnit: codepoint\nquotes:\n<<<<<<< HEAD\n=======\n>>>>>>> b\nmentions: []\n`;
    files.put(SIDECAR, conflicted);
    let error: unknown;
    try {
      await store.edit(DOC, null, (sidecar) => addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, 'peace formula')), null));
    } catch (e) {
      error = e;
    }
    assert.ok(error instanceof UnreadableFileError);
    assert.match(error.message, /^Nothing was written: the sidecar has an unresolved git merge conflict\. Run “Resolve Merge Conflict by Annotation Id”/);
    assert.match(error.message, /000_ce07b70b4b1d5ccc\.annotations\.yaml, line 5\)$/);
    assert.equal(files.text(SIDECAR), conflicted);
    assert.deepEqual(files.writes, []);
  });

  it('reports each disagreement left after resolving, in the sidecar and in the registry', () => {
    const resolved = resolveConflictText(CONFLICTED_REGISTRY);
    assert.ok(resolved.ok);
    const registryProblems = checkDisagreements(REGISTRY, resolved.text);
    assert.equal(registryProblems.length, 1);
    assert.equal(registryProblems[0]!.code, 'merge-disagreement');
    assert.match(registryProblems[0]!.message, /^anna-lee: the annotators disagree, ours \(HEAD\): kind person \/ theirs \(annotator-b\): kind organisation/);

    const sidecarText = [
      'version: 1',
      `document: ${SEED_000}`,
      'offsetUnit: codepoint',
      'quotes:',
      '  - id: q-1',
      '    speaker: ana',
      '    anchor: { start: 0, end: 4, exact: "x" }',
      '    alternatives:',
      '      - { from: ours, speaker: ana }',
      '      - { from: theirs, speaker: bob }',
      '',
    ].join('\n');
    const loaded = Sidecar.parse(sidecarText);
    assert.ok(loaded.ok);
    const problems = checkDocument({ location: DOC, text: TEXT, sidecar: { status: 'ok', sidecar: loaded.sidecar, location: SIDECAR }, sidecarText, registry: null });
    const disagreement = problems.find((p) => p.code === 'merge-disagreement');
    assert.ok(disagreement);
    assert.equal(disagreement.location, SIDECAR);
    assert.equal(disagreement.line, 5);
    assert.equal(disagreement.annotationId, 'q-1');
  });

  it('reports a disagreement left in an actor file (actors/<id>.yaml) under the actor id', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-actor-files-'));
    try {
      fs.mkdirSync(path.join(dir, 'actors'));
      fs.writeFileSync(path.join(dir, 'actors', 'anna-lee.yaml'), '<<<<<<< HEAD\nname: Anna Lee\nkind: person\n=======\nname: Anna Lee\nkind: media\n>>>>>>> b\n');
      const resolved = resolveConflictText(fs.readFileSync(path.join(dir, 'actors', 'anna-lee.yaml'), 'utf8'));
      assert.ok(resolved.ok);
      fs.writeFileSync(path.join(dir, 'actors', 'anna-lee.yaml'), resolved.text);
      fs.writeFileSync(path.join(dir, 'actors', 'ben-ode.yaml'), 'name: Ben Ode\nkind: person\n');
      const problems = await registryDisagreements(path.join(dir, 'actors.yaml').split(path.sep).join('/'));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.location, /actors\/anna-lee\.yaml$/);
      assert.match(problems[0]!.message, /^anna-lee: the annotators disagree, ours \(HEAD\): kind person \/ theirs \(b\): kind media/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
