// Merge conflicts with real git: two annotators tag the same document (a seed document
// shipped in seeds/) on two branches, the branches are merged with `git merge`, and the
// result is resolved by id with the CLI (`resolve`), or merged by the driver `git-setup`
// installs. Counts are checked against the union of what both annotators made.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash } from '../../src/core/anchoring/anchor';
import { AnnotationStore } from '../../src/core/files/store';
import { hasConflictMarkers } from '../../src/core/merge/conflictMarkers';
import { listDisagreements, settleDisagreements } from '../../src/core/merge/mergeById';
import { addQuote, draftQuote } from '../../src/core/tagging/tagging';
import { nodeFiles } from '../../src/node/nodeFiles';

// Bundled to out/test/git/, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const SEED = '000_ce07b70b4b1d5ccc.txt';
const SIDECAR = '000_ce07b70b4b1d5ccc.annotations.yaml';

const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

function git(dir: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: gitEnv });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout + r.stderr };
}

function cliRun(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', env: gitEnv, timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The document's sentences as code-point spans (the text is read at run time, never copied here). */
function sentences(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const re = /[A-Z][^.!?\n]{30,}[.!?]/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = [...text.slice(0, m.index)].length;
    spans.push({ start, end: start + [...m[0]].length - 1 });
  }
  return spans;
}

/** What an annotator made: quote ids with their speaker's actor id. */
type Made = Map<string, string>;

/** Tags quotes the way Tag Quote does: through the store, adding the speaker to the registry when new. */
async function tag(dir: string, quotes: ReadonlyArray<{ sentence: number; speaker: string }>, made: Made): Promise<void> {
  const location = path.join(dir, SEED).split(path.sep).join('/');
  const text = fs.readFileSync(location, 'utf8');
  const spans = sentences(text);
  const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml').split(path.sep).join('/'));
  for (const q of quotes) {
    await store.edit(location, contentHash(text), (sidecar, registry) => {
      const actor = registry.findByName(q.speaker) ?? registry.add(q.speaker, 'person');
      made.set(addQuote(sidecar, draftQuote(text, spans[q.sentence]!), actor.id).id, actor.id);
    });
  }
}

function commitAll(dir: string, message: string): void {
  assert.equal(git(dir, 'add', '-A').status, 0);
  const r = git(dir, 'commit', '-q', '-m', message);
  assert.equal(r.status, 0, r.out);
}

/** The merged corpus as the extension and the CLI read it (whatever the layout): quote ids with speakers, and actor ids. */
async function readMerged(dir: string): Promise<{ quotes: Map<string, string | null>; actors: string[] }> {
  const document = path.join(dir, SEED).split(path.sep).join('/');
  const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml').split(path.sep).join('/'));
  const sidecar = await store.sidecar(document);
  if (sidecar.status !== 'ok') assert.fail(`the merged sidecar does not read: ${JSON.stringify(sidecar)}`);
  const registry = await store.registry(document);
  if (registry.status !== 'ok') assert.fail(`the merged registry does not read: ${JSON.stringify(registry.problems)}`);
  return {
    quotes: new Map(sidecar.sidecar.value.quotes.map((q) => [q.id, q.speaker])),
    actors: registry.registry.actors.map((a) => a.id).sort(),
  };
}

/** A repository with the seed document, a first quote, and two annotators' branches. */
async function twoAnnotators(options: {
  driver: boolean;
  a: Array<{ sentence: number; speaker: string }>;
  b: Array<{ sentence: number; speaker: string }>;
  /** Annotator a also removes the first quote (Remove Annotation). */
  aRemovesFirst?: boolean;
}): Promise<{ dir: string; made: Made; removed: string | null }> {
  const made: Made = new Map();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-git-'));
  assert.equal(git(dir, 'init', '-q', '-b', 'main').status, 0);
  fs.copyFileSync(path.join(repoRoot, 'seeds', SEED), path.join(dir, SEED));
  await tag(dir, [{ sentence: 0, speaker: 'Marta Gichko' }], made);
  if (options.driver) {
    const setup = cliRun('git-setup', dir);
    assert.equal(setup.status, 0, setup.stderr);
  }
  commitAll(dir, 'base');
  assert.equal(git(dir, 'checkout', '-q', '-b', 'ann-b').status, 0);
  await tag(dir, options.b, made);
  commitAll(dir, 'annotator b');
  assert.equal(git(dir, 'checkout', '-q', 'main').status, 0);
  const removed = options.aRemovesFirst ? [...made.keys()][0]! : null;
  if (removed) {
    const location = path.join(dir, SEED).split(path.sep).join('/');
    const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml').split(path.sep).join('/'));
    await store.edit(location, null, (sidecar) => assert.ok(sidecar.remove(removed)));
    made.delete(removed);
  }
  await tag(dir, options.a, made);
  commitAll(dir, 'annotator a');
  return { dir, made, removed };
}

describe('merge conflicts with real git', function () {
  this.timeout(60_000);
  const made: string[] = [];
  after(() => {
    for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  });

  const A = [{ sentence: 1, speaker: 'Anna Lee' }, { sentence: 3, speaker: 'NBC News' }];
  const B = [{ sentence: 2, speaker: 'Ben Ode' }, { sentence: 4, speaker: 'Kyiv Post' }];

  it('a conflicted merge of one document by two annotators: resolve loses no annotation and leaves valid files', async () => {
    const { dir, made: expectedQuotes } = await twoAnnotators({ driver: false, a: A, b: B });
    made.push(dir);
    const expectedActors = [...new Set(expectedQuotes.values())].sort();
    assert.equal(expectedQuotes.size, 5);
    assert.equal(expectedActors.length, 5);

    const merge = git(dir, 'merge', '-q', 'ann-b');
    assert.notEqual(merge.status, 0, 'plain git conflicts on the sidecar');
    assert.ok(hasConflictMarkers(fs.readFileSync(path.join(dir, SIDECAR), 'utf8')), 'git left conflict markers in the sidecar');
    const before = cliRun('check', dir);
    assert.match(before.stdout, /\[merge-conflict\]/);
    assert.doesNotMatch(before.stdout, /Implicit keys/);

    const resolve = cliRun('resolve', dir);
    assert.equal(resolve.status, 0, resolve.stdout + resolve.stderr);
    const merged = await readMerged(dir);
    assert.deepEqual(new Map([...merged.quotes].sort()), new Map([...expectedQuotes].sort()), '0 annotations lost, each with its speaker');
    assert.deepEqual(merged.actors, expectedActors, '0 actors lost');
    const after = cliRun('check', dir);
    assert.doesNotMatch(after.stdout, /merge-conflict|merge-disagreement|sidecar-invalid|registry-invalid/);
    commitAll(dir, 'merge, resolved by id');
  });

  it('with the driver installed by git-setup, the same merge is clean and loses nothing', async () => {
    const { dir, made: expectedQuotes } = await twoAnnotators({ driver: true, a: A, b: B });
    made.push(dir);
    const again = cliRun('git-setup', dir);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /already routes/);
    assert.match(again.stdout, /already configured/);
    assert.equal(git(dir, 'status', '--porcelain').out, '', 'git-setup run twice changes nothing');

    const merge = git(dir, 'merge', '-q', '--no-edit', 'ann-b');
    assert.equal(merge.status, 0, merge.out);
    assert.ok(!hasConflictMarkers(fs.readFileSync(path.join(dir, SIDECAR), 'utf8')));
    const merged = await readMerged(dir);
    assert.deepEqual(new Map([...merged.quotes].sort()), new Map([...expectedQuotes].sort()), '0 annotations lost');
    assert.deepEqual(merged.actors, [...new Set(expectedQuotes.values())].sort(), '0 actors lost');
  });

  it('with the driver, a quote one annotator removed stays removed while both annotators\' additions are kept', async () => {
    const { dir, made: expectedQuotes, removed } = await twoAnnotators({ driver: true, a: A, b: B, aRemovesFirst: true });
    made.push(dir);
    const merge = git(dir, 'merge', '-q', '--no-edit', 'ann-b');
    assert.equal(merge.status, 0, merge.out);
    const merged = await readMerged(dir);
    assert.equal(merged.quotes.has(removed!), false, 'the deletion is honoured');
    assert.deepEqual(new Map([...merged.quotes].sort()), new Map([...expectedQuotes].sort()));
  });

  for (const driver of [false, true]) {
    it(`the same quote with two speakers is shown side by side and settled${driver ? ' (with the driver)' : ''}`, async () => {
      const { dir } = await twoAnnotators({ driver, a: [{ sentence: 1, speaker: 'Anna Lee' }], b: [{ sentence: 1, speaker: 'Ben Ode' }] });
      made.push(dir);
      const merge = git(dir, 'merge', '-q', 'ann-b');
      assert.notEqual(merge.status, 0, 'a true disagreement is never merged silently');

      const resolve = cliRun('resolve', dir);
      assert.equal(resolve.status, 1, 'resolve exits 1 while the disagreement remains');
      const label = driver ? 'ours: speaker anna-lee / theirs: speaker ben-ode' : 'ours \\(HEAD\\): speaker anna-lee / theirs \\(ann-b\\): speaker ben-ode';
      assert.match(resolve.stdout, new RegExp(`^${SIDECAR.replace(/\./g, '\\.')}:\\d+: ${label} \\[q-[0-9a-z]{7}\\]\\n$`));
      const sidecarPath = path.join(dir, SIDECAR);
      const marked = fs.readFileSync(sidecarPath, 'utf8');
      assert.equal((await readMerged(dir)).quotes.size, 2, 'the marked file is a valid sidecar');
      assert.match(cliRun('check', dir).stdout, /\[merge-disagreement\]/);

      const listed = listDisagreements(marked);
      assert.ok(listed.ok && listed.disagreements.length === 1);
      const d = listed.disagreements[0]!;
      const settled = settleDisagreements(marked, [{ collection: d.collection, id: d.id, pick: 1 }]);
      assert.ok(settled.ok);
      fs.writeFileSync(sidecarPath, settled.text);
      assert.equal(cliRun('resolve', dir).status, 0);
      assert.equal((await readMerged(dir)).quotes.get(d.id!), 'ben-ode');
      assert.doesNotMatch(cliRun('check', dir).stdout, /merge-/);
      commitAll(dir, 'merge, disagreement settled');
    });
  }
});
