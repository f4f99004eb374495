// Reliability of the annotation store and the writer on a real disk: a writer killed
// mid-write, concurrent tags, hand edits between operations, malformed and hostile
// files, paths that lead out of the corpus, and strange documents in the parser and CLI.
// Annotations are hours of human work: none may be lost, half-written or clobbered.
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseSeed } from '../../src/core/format/format';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { AnnotationStore } from '../../src/core/files/store';
import { addMention, addQuote, draftMention, draftQuote, TagError } from '../../src/core/tagging/tagging';
import { OutsideCorpusError, UnreadableFileError } from '../../src/core/errors';
import { MAX_YAML_BYTES } from '../../src/core/files/yamlFile';
import { headText } from '../../src/core/corpus/corpusIndex';
import { checkCorpus, diskStore, loadCorpus, scanCorpus } from '../../src/node/diskCorpus';
import { nodeFiles, readHead, removeStaleTemps, writeFileAtomic } from '../../src/node/nodeFiles';
import { nodeFilesInside } from '../../src/node/guard';
import { killWriterScript } from './helpers/killWriter';
import { spanOf } from '../unit/helpers/memoryFiles';
import { seededRandom } from '../helpers/random';

const repoRoot = path.resolve(__dirname, '../../..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

function tempDir(prefix: string): string {
  return fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `seed-rel-${prefix}-`)));
}


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** An article with `n` quotes, each by its own speaker: “This is quote number i.” */
function article(n: number, title = 'Reliability'): string {
  const lines = [` date 2024-03-01 ${title}`, ''];
  for (let i = 0; i < n; i++) lines.push(`Speaker ${i} said: “This is quote number ${i}.”`, '');
  return lines.join('\n');
}

function quoteSpan(text: string, i: number): { start: number; end: number } {
  return spanOf(text, `This is quote number ${i}.`);
}

/** A valid sidecar of about `bytes` bytes whose quotes all say `word`. */
function bigSidecar(word: string, bytes: number): string {
  const exact = `${word} `.repeat(60).trim();
  const head = `# Sidecar for doc.txt (${word})\nversion: 1\ndocument: doc.txt\noffsetUnit: codepoint\ncontentHash: null\nquotes:\n`;
  const entry = (i: number): string =>
    `  - id: q-${word}-${i}\n    speaker: someone\n    cue: said\n    direct: true\n    anchor:\n      start: ${i * 1000}\n      end: ${i * 1000 + exact.length}\n      exact: "${exact}"\n      prefix: "He said: “"\n      suffix: "” and left."\n`;
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const e = entry(i);
    parts.push(e);
    size += e.length;
  }
  parts.push('mentions: []\n');
  return parts.join('');
}

function tempsIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));
}

function loaded(text: string): Sidecar {
  const r = Sidecar.parse(text);
  if (!r.ok) assert.fail(`sidecar does not parse: ${JSON.stringify(r.problems[0])}`);
  return r.sidecar;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  return assert.fail('expected a rejection');
}

describe('reliability: a writer killed while writing', function () {
  // About 10 s on an idle two-core machine; more when the machine is busy.
  this.timeout(120_000);
  const LANES = 2;
  // 100 kill points by default; SEED_KILL_POINTS=200 for a longer run.
  const KILLS_PER_LANE = Math.max(1, Math.ceil(Number(process.env['SEED_KILL_POINTS'] ?? 100) / LANES));
  const SEED = 20240301;

  it(`leaves exactly the old or the new sidecar at ${LANES * KILLS_PER_LANE} random SIGKILL points, and stale temp files are swept`, async () => {
    // On tmpfs when there is one: fsync there does not wait for the rest of the machine's
    // disk traffic, so a kill lands within a write quickly. What is tested is the rename,
    // which is atomic on every Linux file system (a reader or a kill never sees half a file).
    const shm = '/dev/shm';
    const work = fs.existsSync(shm) && fs.statSync(shm).isDirectory() ? fs.realpathSync(fs.mkdtempSync(path.join(shm, 'seed-rel-kill-'))) : tempDir('kill');
    const versions = path.join(work, 'versions');
    fs.mkdirSync(versions);
    const A = Buffer.from(bigSidecar('old', 200_000));
    const B = Buffer.from(bigSidecar('new', 210_000));
    assert.ok(A.length >= 200_000 && B.length >= 200_000);
    loaded(A.toString());
    loaded(B.toString());
    fs.writeFileSync(path.join(versions, 'a.yaml'), A);
    fs.writeFileSync(path.join(versions, 'b.yaml'), B);
    const script = killWriterScript(work);

    // How long one write takes here, to spread the kill points over several writes.
    const probe = path.join(work, 'probe.annotations.yaml');
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 5; i++) await writeFileAtomic(probe, i % 2 ? B : A);
    const writeMs = Number(process.hrtime.bigint() - t0) / 5e6;

    const random = seededRandom(SEED);
    const began = Date.now();
    const outcomes = { old: 0, new: 0, tempLeft: 0 };
    let tried = 0;
    const lane = async (n: number): Promise<string> => {
      const dir = path.join(work, `lane${n}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'doc.txt'), article(1));
      const target = path.join(dir, 'doc.annotations.yaml');
      fs.writeFileSync(target, A);
      const start = (): { child: ReturnType<typeof spawn>; exited: Promise<NodeJS.Signals | null>; stderr: () => string } => {
        const child = spawn(process.execPath, [script, target, path.join(versions, 'a.yaml'), path.join(versions, 'b.yaml'), '--wait'], { stdio: ['pipe', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
        return { child, exited, stderr: () => stderr };
      };
      // A few writers start up ahead (each waits for its own "go"), so that node's start-up
      // time overlaps the kills instead of adding up.
      const pool: Array<ReturnType<typeof start>> = [];
      let started = 0;
      const topUp = (): void => {
        while (pool.length < 4 && started < KILLS_PER_LANE) {
          pool.push(start());
          started++;
        }
      };
      try {
        for (let k = 0; k < KILLS_PER_LANE; k++) {
          const delay = random() * (4 * writeMs + 4);
          topUp();
          const { child, exited, stderr } = pool.shift()!;
          const ready = new Promise<void>((resolve, reject) => {
            child.stdout!.once('data', () => resolve());
            void exited.then(() => reject(new Error(`the writer exited before it was killed: ${stderr()}`)));
          });
          child.stdin!.write('go\n');
          await ready;
          topUp();
          await sleep(delay);
          child.kill('SIGKILL');
          assert.equal(await exited, 'SIGKILL', `the writer was killed (${stderr()})`);
          tried++;
          const bytes = fs.readFileSync(target);
          const which = bytes.equals(A) ? 'old' : bytes.equals(B) ? 'new' : null;
          assert.ok(which, `kill point ${k} of lane ${n} (${delay.toFixed(1)} ms): the sidecar is ${bytes.length} bytes, neither version`);
          outcomes[which]++;
          loaded(bytes.toString());
          if (tempsIn(dir).length > 0) outcomes.tempLeft++;
        }
      } finally {
        // On a failure, the writers still waiting for their "go" are not left behind.
        for (const waiting of pool) waiting.child.kill('SIGKILL');
      }
      return dir;
    };
    const dirs = await Promise.all(Array.from({ length: LANES }, (_, n) => lane(n)));

    // Leftover temp files are never taken for the sidecar: not by the scan, not by the store.
    let stale = 0;
    for (const dir of dirs) {
      const scan = await scanCorpus(dir);
      assert.deepEqual(scan.sidecars, [path.join(dir, 'doc.annotations.yaml')]);
      assert.equal(scan.index.size, 1);
      const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
      const state = await store.sidecar(path.join(dir, 'doc.txt'));
      assert.equal(state.status, 'ok');
      stale += tempsIn(dir).length;
    }

    // They accumulate (one per kill mid-write); the writer sweeps those older than a minute.
    const dir = dirs[0]!;
    const target = path.join(dir, 'doc.annotations.yaml');
    const leftovers = tempsIn(dir);
    const old = new Date(Date.now() - 5 * 60_000);
    for (const name of leftovers) fs.utimesSync(path.join(dir, name), old, old);
    const fresh = `.doc.annotations.yaml.${process.pid}.zzzz.0.tmp`;
    const other = '.other.annotations.yaml.1.a.0.tmp';
    fs.writeFileSync(path.join(dir, fresh), 'a write in progress');
    fs.writeFileSync(path.join(dir, other), 'another file’s temp');
    fs.utimesSync(path.join(dir, other), old, old);
    await writeFileAtomic(target, A); // first write to this target in this process: sweeps
    assert.deepEqual(tempsIn(dir).sort(), [fresh, other].sort(), 'stale temps of this sidecar removed; fresh ones and other files kept');
    assert.ok(fs.readFileSync(target).equals(A));
    assert.equal(await removeStaleTemps(target), 0, 'at most one sweep a minute');

    console.log(
      `      kill points tried: ${tried} (seed ${SEED}, in ${work.split('/')[1]}, one write ≈ ${writeMs.toFixed(1)} ms, ${((Date.now() - began) / 1000).toFixed(1)} s): old version ${outcomes.old}, new version ${outcomes.new}, partial 0; ` +
        `killed mid-write (temp left) ${outcomes.tempLeft}; ${stale} temp files accumulated, ${leftovers.length} swept from lane 0 once stale`,
    );
    assert.equal(tried, LANES * KILLS_PER_LANE);
    assert.ok(outcomes.old > 0 && outcomes.new > 0, 'kills landed on both sides of a rename');
    fs.rmSync(work, { recursive: true, force: true });
  });
});

describe('reliability: concurrent tags', function () {
  this.timeout(60_000);

  it('persists 50 tags fired at once on one document', async () => {
    const dir = tempDir('conc1');
    const doc = path.join(dir, 'one.txt');
    const text = article(50);
    fs.writeFileSync(doc, text);
    const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
    const fired = Array.from({ length: 50 }, (_, i) =>
      store.edit(doc, null, (sidecar, registry) => {
        const speaker = registry.findByName(`Speaker ${i}`) ?? registry.add(`Speaker ${i}`, 'person');
        return addQuote(sidecar, draftQuote(text, quoteSpan(text, i)), speaker.id).id;
      }),
    );
    const ids = await Promise.all(fired);
    const onDisk = loaded(fs.readFileSync(path.join(dir, 'one.annotations.yaml'), 'utf8'));
    const registry = (await diskStore(path.join(dir, 'actors.yaml')).loadRegistryFile(path.join(dir, 'actors.yaml'))) as { status: string; value: Registry };
    assert.equal(registry.status, 'ok');
    console.log(`      persisted ${onDisk.value.quotes.length}/${fired.length} (one document), ${registry.value.actors.length}/50 actors`);
    assert.deepEqual(onDisk.value.quotes.map((q) => q.id).sort(), [...ids].sort());
    assert.equal(registry.value.actors.length, 50);
    assert.deepEqual(tempsIn(dir), []);
  });

  it('persists 50 tags fired at once across five documents sharing one registry', async () => {
    const dir = tempDir('conc5');
    const docs = Array.from({ length: 5 }, (_, d) => path.join(dir, `doc${d}.txt`));
    const text = article(10);
    for (const doc of docs) fs.writeFileSync(doc, text);
    const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
    const fired: Promise<string>[] = [];
    for (let i = 0; i < 10; i++) {
      for (const [d, doc] of docs.entries()) {
        fired.push(
          i % 2 === 0
            ? store.edit(doc, null, (sidecar, registry) => addQuote(sidecar, draftQuote(text, quoteSpan(text, i)), (registry.findByName(`Speaker ${i}`) ?? registry.add(`Speaker ${i}`, 'person')).id).id)
            : store.edit(doc, null, (sidecar, registry) => {
                const actor = registry.findByName(`Speaker ${i}`) ?? registry.add(`Speaker ${i}`, 'person');
                return addMention(sidecar, registry, draftMention(text, spanOf(text, `Speaker ${i} `)), actor).mention.id;
              }),
        );
        void d;
      }
    }
    await Promise.all(fired);
    let persisted = 0;
    for (const doc of docs) {
      const s = loaded(fs.readFileSync(doc.replace(/\.txt$/, '.annotations.yaml'), 'utf8'));
      assert.equal(s.value.quotes.length, 5);
      assert.equal(s.value.mentions.length, 5);
      persisted += s.annotations.length;
    }
    console.log(`      persisted ${persisted}/${fired.length} (five documents)`);
    assert.equal(persisted, fired.length);
    const registry = await diskStore(path.join(dir, 'actors.yaml')).loadRegistryFile(path.join(dir, 'actors.yaml'));
    assert.ok(registry.status === 'ok' && registry.value.actors.length === 10);
  });
});

describe('reliability: hand edits between store operations', () => {
  const HAND_EDITED = (ids: readonly string[]): string => `# Reviewed by Alice on 2024-03-02: keep this comment.
version: 1
document: hand.txt
offsetUnit: codepoint
contentHash: null
reviewer: alice # an unknown key, kept
quotes:
  # the first quote, checked by hand
  - id: ${ids[0]}
    speaker: speaker-0
    cue: said
    direct: true
    note: double-checked against the print edition
    anchor:
      start: ${0}
      end: ${0}
      exact: ""
      prefix: ""
      suffix: ""
mentions: []
`;

  it('keeps hand-written comments and unknown keys, and never writes back a stale copy', async () => {
    const dir = tempDir('hand');
    const doc = path.join(dir, 'hand.txt');
    const sidecarPath = path.join(dir, 'hand.annotations.yaml');
    const text = article(4);
    fs.writeFileSync(doc, text);
    const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
    const tag = (i: number): Promise<string> => store.edit(doc, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, i)), (r.findByName(`Speaker ${i}`) ?? r.add(`Speaker ${i}`, 'person')).id).id);
    const q0 = await tag(0);
    const q1 = await tag(1);
    assert.equal((await store.sidecar(doc)).status, 'ok'); // cached now, with q0 and q1

    // A hand edit: a comment, an unknown key, a note on q0, and q1 deleted.
    const draft0 = draftQuote(text, quoteSpan(text, 0));
    const hand = HAND_EDITED([q0]).replace('start: 0\n      end: 0\n      exact: ""', `start: ${draft0.anchor.start}\n      end: ${draft0.anchor.end}\n      exact: ${JSON.stringify(draft0.anchor.exact)}`);
    fs.writeFileSync(sidecarPath, hand);
    const q2 = await tag(2);
    let onDisk = fs.readFileSync(sidecarPath, 'utf8');
    assert.match(onDisk, /^# Reviewed by Alice on 2024-03-02: keep this comment\./);
    assert.match(onDisk, /reviewer: alice # an unknown key, kept/);
    assert.match(onDisk, /# the first quote, checked by hand/);
    assert.match(onDisk, /note: double-checked against the print edition/);
    assert.deepEqual(loaded(onDisk).value.quotes.map((q) => q.id).sort(), [q0, q2].sort(), 'q1, deleted by hand, is not resurrected from the cache');

    // Replaced as by `git checkout`: an older version with q1 only (and its own comment).
    const checkout = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
    fs.rmSync(sidecarPath);
    await checkout.edit(doc, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 1)), r.findByName('Speaker 1')!.id));
    const older = `# from git\n${fs.readFileSync(sidecarPath, 'utf8')}`;
    fs.writeFileSync(sidecarPath, older);
    const q3 = await tag(3);
    onDisk = fs.readFileSync(sidecarPath, 'utf8');
    assert.match(onDisk, /^# from git/);
    assert.doesNotMatch(onDisk, /Reviewed by Alice/, 'the stale pre-checkout copy is not written back');
    assert.deepEqual(loaded(onDisk).value.quotes.map((q) => q.id).sort(), [q1, q3].sort());

    // Removing an id that a hand edit already removed is refused, by id, and writes nothing.
    fs.writeFileSync(sidecarPath, older);
    const before = fs.readFileSync(sidecarPath);
    const error = await rejection(
      store.edit(doc, null, (s) => {
        if (!s.remove(q0)) throw new TagError(`Annotation ${q0} was already removed.`);
      }),
    );
    assert.ok(error instanceof TagError, String(error));
    assert.ok(fs.readFileSync(sidecarPath).equals(before));
    assert.deepEqual(tempsIn(dir), []);
  });
});

/** Malformed sidecars: text, the line and column of the first problem, and what it says. */
const MALFORMED_SIDECARS: ReadonlyArray<{ name: string; text: string; line: number; column?: number; message: RegExp }> = [
  { name: 'bad YAML (unclosed flow)', text: 'version: 1\ndocument: a.txt\nquotes: [\n  {id: q-1\n', line: 5, message: /./ },
  { name: 'bad YAML (tab indentation)', text: 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n\t- id: q\n', line: 5, message: /tab|indent/i },
  { name: 'duplicate key', text: 'version: 1\ndocument: a.txt\ndocument: b.txt\noffsetUnit: codepoint\n', line: 3, message: /unique|duplicate/i },
  { name: 'a list, not a mapping', text: '- version: 1\n', line: 1, message: /mapping/ },
  { name: 'quotes is a string', text: 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes: none\n', line: 4, column: 9, message: /quotes must be a list/ },
  { name: 'start is text', text: 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  - id: q-1\n    anchor: {start: "ten", end: 12, exact: x}\n', line: 6, message: /start must be a whole number/ },
  { name: 'end before start', text: 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  - id: q-1\n    anchor: {start: 10, end: 2, exact: x}\n', line: 6, message: /end must be a whole number ≥ start/ },
  { name: 'direct is "yes please"', text: 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  - id: q-1\n    direct: yes please\n    anchor: {start: 1, end: 2, exact: x}\n', line: 6, message: /direct must be true or false/ },
  { name: 'duplicate ids', text: 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  - id: q-1\n    anchor: {start: 1, end: 2, exact: x}\nmentions:\n  - id: q-1\n    actor: a\n    anchor: {start: 1, end: 2, exact: x}\n', line: 8, column: 9, message: /duplicate id q-1/ },
  { name: 'unknown offset unit', text: 'version: 1\ndocument: a.txt\noffsetUnit: utf16\nquotes: []\n', line: 3, column: 13, message: /unknown offset unit "utf16"/ },
  { name: 'version 2', text: 'version: 2\ndocument: a.txt\noffsetUnit: codepoint\n', line: 1, column: 10, message: /unsupported sidecar version 2/ },
  { name: 'empty file', text: '', line: 1, message: /empty/ },
  { name: 'only a comment', text: '# nothing here\n', line: 1, message: /empty/ },
  { name: 'a BOM and a bad key', text: '\uFEFFversion: 1\ndocument: [a.txt]\noffsetUnit: codepoint\n', line: 2, message: /document must be/ },
];

const MALFORMED_REGISTRIES: ReadonlyArray<{ name: string; text: string; line: number; message: RegExp }> = [
  { name: 'bad YAML', text: 'version: 1\nactors:\n  putin: {name: "Vladimir Putin\n', line: 4, message: /./ },
  { name: 'actors is a list', text: 'version: 1\nactors:\n  - putin\n', line: 3, message: /actors must be a mapping/ },
  { name: 'wrong kind', text: 'version: 1\nactors:\n  putin:\n    name: Vladimir Putin\n    kind: president\n', line: 5, message: /kind must be/ },
  { name: 'duplicate actor id', text: 'version: 1\nactors:\n  putin:\n    name: A\n    kind: person\n  putin:\n    name: B\n    kind: person\n', line: 6, message: /unique|duplicate/i },
  { name: 'aliases not a list', text: 'version: 1\nactors:\n  putin:\n    name: A\n    kind: person\n    aliases: Vova\n', line: 6, message: /aliases must be a list/ },
  { name: 'bad wikidata', text: 'version: 1\nactors:\n  putin:\n    name: A\n    kind: person\n    wikidata: 7747\n', line: 6, message: /wikidata/ },
  { name: 'version 3', text: 'version: 3\nactors: {}\n', line: 1, message: /unsupported registry version 3/ },
];

describe('reliability: malformed sidecars and registries', () => {
  it(`refuses ${MALFORMED_SIDECARS.length} malformed sidecars with a line and column; tagging is refused and the file bytes are unchanged`, async () => {
    const dir = tempDir('malformed');
    const text = article(1);
    for (const [i, bad] of MALFORMED_SIDECARS.entries()) {
      const parsed = Sidecar.parse(bad.text);
      assert.ok(!parsed.ok, `${bad.name}: refused`);
      const first = parsed.problems[0]!;
      assert.equal(first.line, bad.line, `${bad.name}: line of ${JSON.stringify(parsed.problems)}`);
      if (bad.column !== undefined) assert.equal(first.column, bad.column, `${bad.name}: column`);
      assert.ok(first.column >= 1);
      assert.match(first.message, bad.message, bad.name);

      const doc = path.join(dir, `m${i}.txt`);
      fs.writeFileSync(doc, text);
      const sidecarPath = path.join(dir, `m${i}.annotations.yaml`);
      fs.writeFileSync(sidecarPath, bad.text);
      const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
      const error = await rejection(store.edit(doc, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 0)), r.add('Speaker 0', 'person').id)));
      assert.ok(error instanceof UnreadableFileError, `${bad.name}: ${String(error)}`);
      assert.match(error.message, new RegExp(`^Nothing was written: the sidecar cannot be read \\(line ${bad.line}, column \\d+`), bad.name);
      assert.equal(fs.readFileSync(sidecarPath, 'utf8'), bad.text, `${bad.name}: bytes unchanged`);
      assert.ok(!fs.existsSync(path.join(dir, 'actors.yaml')), `${bad.name}: the registry was not written either`);
    }
    assert.deepEqual(tempsIn(dir), []);
  });

  it(`refuses ${MALFORMED_REGISTRIES.length} malformed registries with a line and column; tagging is refused and nothing is written`, async () => {
    const dir = tempDir('malformed-reg');
    const text = article(1);
    for (const [i, bad] of MALFORMED_REGISTRIES.entries()) {
      const parsed = Registry.parse(bad.text);
      assert.ok(!parsed.ok, `${bad.name}: refused`);
      assert.equal(parsed.problems[0]!.line, bad.line, `${bad.name}: ${JSON.stringify(parsed.problems)}`);
      assert.match(parsed.problems[0]!.message, bad.message, bad.name);

      const sub = path.join(dir, `r${i}`);
      fs.mkdirSync(sub);
      const doc = path.join(sub, 'doc.txt');
      fs.writeFileSync(doc, text);
      const registryPath = path.join(sub, 'actors.yaml');
      fs.writeFileSync(registryPath, bad.text);
      const store = new AnnotationStore(nodeFiles, () => registryPath);
      const error = await rejection(store.edit(doc, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 0)), r.add('Speaker 0', 'person').id)));
      assert.ok(error instanceof UnreadableFileError, `${bad.name}: ${String(error)}`);
      assert.match(error.message, /^Nothing was written: the actor registry cannot be read \(line \d+, column \d+.*\(actors\.yaml\)$/);
      assert.equal(fs.readFileSync(registryPath, 'utf8'), bad.text, `${bad.name}: bytes unchanged`);
      assert.ok(!fs.existsSync(path.join(sub, 'doc.annotations.yaml')), `${bad.name}: no sidecar written`);
    }
  });
});

/** Hostile YAML: each must be refused quickly, with a clear message, in bounded memory. */
function hostileInputs(): Array<{ name: string; text: string; message: RegExp }> {
  const laughs = ['version: 1', 'document: a.txt', 'offsetUnit: codepoint', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) laughs.push(`a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(',')}]`);
  laughs.push('quotes: *a9');
  const regLaughs = ['version: 1', 'x0: &x0 [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]'];
  for (let i = 1; i <= 9; i++) regLaughs.push(`x${i}: &x${i} [${Array.from({ length: 10 }, () => `*x${i - 1}`).join(',')}]`);
  regLaughs.push('actors: {bomb: {name: Bomb, kind: other, aliases: *x9}}');
  const blockMap = Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' leaf\n';
  const line = 'version: 1 # padding padding padding padding padding padding padding padding padding padding\n';
  return [
    { name: 'alias bomb (billion laughs, 9^9) in a sidecar', text: laughs.join('\n'), message: /alias/i },
    { name: 'alias bomb (billion laughs, 10^10) in a registry', text: regLaughs.join('\n'), message: /alias/i },
    { name: '10,000-level flow nesting [[[[…', text: `quotes: ${'['.repeat(10_000)}${']'.repeat(10_000)}`, message: /nesting is 10000 levels deep; the limit is 64/ },
    { name: '10,000-level flow mappings {a: {a: …', text: `quotes: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}`, message: /nesting is 10000 levels deep/ },
    { name: '10,000-level flow nesting behind a plain scalar with a quote ([a\', [[[…)', text: `quotes: [a', ${'['.repeat(10_000)}${']'.repeat(10_001)}`, message: /nesting is 10001 levels deep/ },
    { name: '10,000-level block nesting (- - - …)', text: `quotes:\n  ${'- '.repeat(10_000)}x\n`, message: /nesting is \d+ levels deep; the limit is 64/ },
    { name: '10,000-level explicit keys (? ? ? …)', text: `${'? '.repeat(10_000)}x\n`, message: /nesting is \d+ levels deep; the limit is 64/ },
    { name: '3,000-level block mappings by indentation', text: blockMap, message: /nesting is \d+ levels deep; the limit is 64/ },
    { name: '50 MB sidecar', text: line.repeat(Math.ceil((50 * 1024 * 1024) / line.length)), message: /too large to be a sidecar \(50 MB; the limit is 8 MB\)/ },
  ];
}

describe('reliability: hostile YAML', function () {
  this.timeout(30_000);

  it('refuses alias bombs, 10,000-level nesting and a 50 MB sidecar with a clear error, in bounded memory (parse, registry, store)', async () => {
    const dir = tempDir('hostile');
    const text = article(1);
    const lines: string[] = [];
    for (const [i, hostile] of hostileInputs().entries()) {
      const heapBefore = process.memoryUsage().heapUsed;
      const started = Date.now();
      const asSidecar = Sidecar.parse(hostile.text);
      const asRegistry = Registry.parse(hostile.text);
      const ms = Date.now() - started;
      const heapDelta = process.memoryUsage().heapUsed - heapBefore;
      assert.ok(!asSidecar.ok, `${hostile.name}: refused as a sidecar`);
      assert.ok(!asRegistry.ok, `${hostile.name}: refused as a registry`);
      assert.match(asSidecar.problems[0]!.message, hostile.message, hostile.name);
      assert.ok(asSidecar.problems[0]!.line >= 1 && asSidecar.problems[0]!.column >= 1);
      assert.ok(heapDelta < 200 * 1024 * 1024, `${hostile.name}: heap grew by ${Math.round(heapDelta / 1048576)} MB`);
      lines.push(`${hostile.name}: ${ms} ms, heap ${heapDelta >= 0 ? '+' : ''}${Math.round(heapDelta / 1048576)} MB — ${asSidecar.problems[0]!.message.slice(0, 70)}`);

      // Through the store on a real disk: refused with the problem, nothing written.
      const sub = path.join(dir, `h${i}`);
      fs.mkdirSync(sub);
      fs.writeFileSync(path.join(sub, 'doc.txt'), text);
      fs.writeFileSync(path.join(sub, 'doc.annotations.yaml'), hostile.text);
      const store = new AnnotationStore(nodeFiles, () => path.join(sub, 'actors.yaml'));
      const error = await rejection(store.edit(path.join(sub, 'doc.txt'), null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 0)), r.add('Speaker 0', 'person').id)));
      assert.ok(error instanceof UnreadableFileError, `${hostile.name}: ${String(error)}`);
      assert.equal(fs.statSync(path.join(sub, 'doc.annotations.yaml')).size, Buffer.byteLength(hostile.text), `${hostile.name}: unchanged`);
      assert.equal(fs.readdirSync(sub).length, 2, `${hostile.name}: nothing else written`);
    }
    for (const l of lines) console.log(`      ${l}`);
    assert.ok(MAX_YAML_BYTES < 50 * 1024 * 1024);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('reliability: paths out of the corpus', function () {
  this.timeout(20_000);

  /** Records every file opened or read through fs.promises while `run` runs. */
  async function recordingReads<T>(run: () => Promise<T>): Promise<{ result: T; opened: string[] }> {
    const opened: string[] = [];
    const p = fs.promises as unknown as Record<string, (...args: unknown[]) => unknown>;
    const originals = { readFile: p.readFile!, open: p.open! };
    p.readFile = (file: unknown, ...rest: unknown[]) => {
      opened.push(String(file));
      return originals.readFile.call(fs.promises, file, ...rest);
    };
    p.open = (file: unknown, ...rest: unknown[]) => {
      opened.push(String(file));
      return originals.open.call(fs.promises, file, ...rest);
    };
    try {
      return { result: await run(), opened };
    } finally {
      p.readFile = originals.readFile;
      p.open = originals.open;
    }
  }

  function corpusWithEscapes(): { root: string; outside: string } {
    const base = tempDir('paths');
    const root = path.join(base, 'corpus');
    const outside = path.join(base, 'outside');
    fs.mkdirSync(path.join(root, 'news'), { recursive: true });
    fs.mkdirSync(outside);
    fs.writeFileSync(path.join(outside, 'secret.txt'), ' date 2020-01-01 SECRET outside the corpus\n\nroot:x:0:0:root:/root:/bin/bash\n');
    fs.writeFileSync(path.join(outside, 'secret.annotations.yaml'), 'version: 1\ndocument: secret.txt\noffsetUnit: codepoint\nquotes: []\nmentions: []\n# SECRET sidecar\n');
    const text = article(1);
    const sidecarNaming = (document: string): string => `version: 1\ndocument: ${JSON.stringify(document)}\noffsetUnit: codepoint\ncontentHash: null\nquotes: []\nmentions: []\n`;
    fs.writeFileSync(path.join(root, 'news', 'dotdot.txt'), text);
    fs.writeFileSync(path.join(root, 'news', 'dotdot.annotations.yaml'), sidecarNaming('../../etc/passwd'));
    fs.writeFileSync(path.join(root, 'news', 'absolute.txt'), text);
    fs.writeFileSync(path.join(root, 'news', 'absolute.annotations.yaml'), sidecarNaming(path.join(outside, 'secret.txt')));
    fs.writeFileSync(path.join(root, 'news', 'linked.txt'), text);
    fs.symlinkSync(path.join(outside, 'secret.annotations.yaml'), path.join(root, 'news', 'linked.annotations.yaml'));
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'news', 'link-to-secret.txt'));
    fs.symlinkSync(outside, path.join(root, 'escape'));
    return { root, outside };
  }

  it('reports document: ../../etc/passwd and absolute paths as problems, and never opens anything outside the root (scan, check)', async () => {
    const { root, outside } = corpusWithEscapes();
    const { result: problems, opened } = await recordingReads(async () => checkCorpus(await loadCorpus(await scanCorpus(root))));
    const outsideReads = opened.filter((f) => !path.resolve(f).startsWith(root + path.sep) || f.includes('linked.annotations') || f.includes('escape'));
    assert.deepEqual(outsideReads, [], 'nothing outside the root (nor through a link out of it) is opened');
    const messages = problems.map((p) => `${path.relative(root, p.location)}: ${p.message}`);
    assert.ok(messages.some((m) => /^news\/dotdot\.annotations\.yaml: document “\.\.\/\.\.\/etc\/passwd” points outside/.test(m)), messages.join('\n'));
    assert.ok(messages.some((m) => /^news\/absolute\.annotations\.yaml: document “\/.*” points outside/.test(m)), messages.join('\n'));
    assert.ok(!messages.some((m) => /SECRET|secret/.test(m.split(': ')[0]!)), 'nothing from outside is listed');
    const scan = await scanCorpus(root);
    assert.ok(![...scan.index.all()].some((e) => /secret|escape|link-to/.test(e.location)), 'links out of the root are not indexed');
    assert.ok(!scan.sidecars.some((s) => s.includes('linked.annotations')), 'a sidecar linking out of the root is not read');
    void outside;
  });

  it('the CLI reports them too, exits 1, and prints nothing from outside', () => {
    const { root } = corpusWithEscapes();
    const r = spawnSync(process.execPath, [cli, 'check', root], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /news\/dotdot\.annotations\.yaml:2:1: error: document “\.\.\/\.\.\/etc\/passwd” points outside the sidecar's folder/);
    assert.match(r.stdout, /news\/absolute\.annotations\.yaml:2:1: error: document “\/.*” points outside/);
    assert.doesNotMatch(r.stdout + r.stderr, /SECRET|root:x:0|escape\//);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    const index = spawnSync(process.execPath, [cli, 'index', root, '--json'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(index.status, 0);
    assert.doesNotMatch(index.stdout, /SECRET|secret|escape/);
  });

  it('the store refuses to write outside the root: a document outside, a folder linked out, a sidecar linked out', async () => {
    const { root, outside } = corpusWithEscapes();
    const files = nodeFilesInside(root);
    const text = article(1);
    const snapshot = (): string => fs.readdirSync(outside).map((n) => `${n}:${fs.readFileSync(path.join(outside, n), 'utf8')}`).join('|');
    const before = snapshot();
    const tag = (doc: string, registry = path.join(root, 'actors.yaml')): Promise<unknown> =>
      new AnnotationStore(files, () => registry).edit(doc, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 0)), r.add('Speaker 0', 'person').id));

    fs.writeFileSync(path.join(outside, 'plain.txt'), text);
    const cases: Array<[string, () => Promise<unknown>]> = [
      ['a document outside the root', () => tag(path.join(outside, 'plain.txt'), path.join(outside, 'actors.yaml'))],
      ['a registry outside the root', () => tag(path.join(root, 'news', 'dotdot.txt'), path.join(outside, 'actors.yaml'))],
      ['a document in a folder linked out of the root', () => tag(path.join(root, 'escape', 'plain.txt'))],
      ['a sidecar that is a link out of the root', () => tag(path.join(root, 'news', 'linked.txt'))],
      ['a ../ location', () => tag(path.join(root, 'news', '..', '..', 'outside', 'plain.txt'))],
    ];
    for (const [name, attempt] of cases) {
      const error = await rejection(attempt());
      assert.ok(error instanceof OutsideCorpusError, `${name}: ${String(error)}`);
      assert.match(error.message, /outside|link/, name);
      // What happened and what to do first; the file's name only after (a collapsed notification shows the start).
      assert.match(error.message, /^Nothing was written: /, name);
    }
    assert.equal(snapshot().replace(/plain\.txt:[^|]*\|?/, ''), before.replace(/plain\.txt:[^|]*\|?/, ''), 'nothing outside was written');
    assert.ok(fs.lstatSync(path.join(root, 'news', 'linked.annotations.yaml')).isSymbolicLink(), 'the link is left alone');
    assert.ok(!fs.existsSync(path.join(root, 'actors.yaml')), 'no registry written by the refused edits');

    // Inside the root, tagging works (the document field naming ../../etc/passwd is kept, never followed).
    await tag(path.join(root, 'news', 'dotdot.txt'));
    assert.equal(loaded(fs.readFileSync(path.join(root, 'news', 'dotdot.annotations.yaml'), 'utf8')).value.quotes.length, 1);
  });
});

describe('reliability: strange documents in the parser, the scan and the CLI', function () {
  this.timeout(30_000);

  function strangeCorpus(): { root: string; big: string } {
    const root = tempDir('strange');
    const random = seededRandom(7);
    const put = (name: string, data: string | Buffer): void => fs.writeFileSync(path.join(root, name), data);
    put('binary.txt', Buffer.from(Array.from({ length: 65_536 }, () => Math.floor(random() * 256))));
    put('binary-header.txt', Buffer.concat([Buffer.from(' date 2024-01-01 '), Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256)))]));
    put('latin1.txt', Buffer.from(' date 2024-01-02 Caf\xe9 cr\xe8me\n\nLe ministre a d\xe9clar\xe9: \xabNous ne c\xe9derons pas.\xbb\n', 'latin1'));
    put('nul.txt', ' date 2024-01-03 With NULs\n\nText\u0000with\u0000NULs.\n');
    put('bom.txt', '\uFEFF date 2024-01-04 With a BOM\n\nHe said “yes”.\n');
    put('crlf.txt', ' date 2024-01-05 CRLF\r\n\r\nShe said “no”.\r\n');
    put('empty.txt', '');
    put('feb30.txt', ' date 2023-02-30 Impossible\n\nText.\n');
    put('longline.txt', ` date 2024-01-06 ${'x'.repeat(100_000)}\n\n${'word '.repeat(20_000)}\n\n“${'quoted '.repeat(15_000)}”\n`);
    put('header-only-long.txt', ` date 2024-01-07${' y'.repeat(60_000)}`);
    const para = 'Officials said “the talks will go on” and added that nothing was decided yet. '.repeat(20) + '\n\n';
    const big = path.join(root, 'big.txt');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, ' date 2024-01-08 A 50 MB article\n\n');
    const chunk = Buffer.from(para.repeat(Math.ceil((1024 * 1024) / para.length)));
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    fs.mkdirSync(path.join(root, 'loops'));
    fs.symlinkSync('..', path.join(root, 'loops', 'up'));
    fs.symlinkSync('self', path.join(root, 'loops', 'self'));
    fs.symlinkSync('b', path.join(root, 'loops', 'a.txt'));
    fs.symlinkSync('a.txt', path.join(root, 'loops', 'b'));
    fs.symlinkSync('nowhere.txt', path.join(root, 'dangling.txt'));
    fs.mkdirSync(path.join(root, 'folder.txt'));
    return { root, big };
  }

  it('parses every strange document without throwing: binary, latin-1, NULs, BOM, CRLF, empty, impossible date, 100,000-character lines', () => {
    const { root } = strangeCorpus();
    const results: string[] = [];
    for (const name of fs.readdirSync(root).filter((n) => n.endsWith('.txt') && n !== 'big.txt')) {
      const file = path.join(root, name);
      if (!fs.lstatSync(file).isFile()) continue;
      const text = new TextDecoder('utf-8').decode(fs.readFileSync(file));
      const parsed = parseSeed(text);
      assert.ok(parsed.length >= 0);
      results.push(`${name}: ${parsed.header?.date ?? parsed.problem}`);
    }
    const byName = Object.fromEntries(results.map((r) => [r.slice(0, r.indexOf(': ')), r.slice(r.indexOf(': ') + 2)]));
    assert.equal(byName['bom.txt'], '2024-01-04');
    assert.equal(byName['crlf.txt'], '2024-01-05');
    assert.equal(byName['latin1.txt'], '2024-01-02');
    assert.equal(byName['longline.txt'], '2024-01-06');
    assert.match(byName['nul.txt']!, /NUL bytes/);
    assert.match(byName['empty.txt']!, /empty document/);
    assert.match(byName['feb30.txt']!, /impossible date 2023-02-30/);
    assert.match(byName['binary.txt']!, /no date header|NUL/);
    // The 50 MB document: the scanner parses its head only.
    const head = headText(fs.readFileSync(path.join(root, 'big.txt')).subarray(0, 8192), 8192);
    assert.equal(parseSeed(head).header?.date, '2024-01-08');
  });

  it('scans and checks a folder of them (symlink loops, a file deleted between listing and reading, a 50 MB document) without stalling', async () => {
    const { root } = strangeCorpus();
    // A file deleted between listing and reading: delete it right after readdir lists it.
    const p = fs.promises as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const readdir = p.readdir!;
    fs.writeFileSync(path.join(root, 'vanishing.txt'), ' date 2024-01-09 Here and gone\n');
    fs.writeFileSync(path.join(root, 'vanishing.annotations.yaml'), 'version: 1\ndocument: vanishing.txt\noffsetUnit: codepoint\nquotes: []\nmentions: []\n');
    p.readdir = async (...args: unknown[]) => {
      const listed = await readdir.apply(fs.promises, args);
      if (String(args[0]) === root) {
        fs.rmSync(path.join(root, 'vanishing.txt'), { force: true });
        fs.rmSync(path.join(root, 'vanishing.annotations.yaml'), { force: true });
      }
      return listed;
    };
    let scan;
    try {
      scan = await scanCorpus(root);
    } finally {
      p.readdir = readdir;
    }
    const names = [...scan.index.all()].map((e) => path.relative(root, e.location)).sort();
    assert.deepEqual(names.filter((n) => !n.startsWith('binary')), ['bom.txt', 'crlf.txt', 'feb30.txt', 'header-only-long.txt', 'latin1.txt', 'longline.txt', 'big.txt', 'nul.txt'].sort());
    assert.deepEqual(scan.errors, [], 'a vanished file, a folder named .txt and dangling links are not errors');
    const problems = await checkCorpus(await loadCorpus(scan));
    assert.ok(problems.some((p2) => p2.code === 'date-invalid' && p2.location.endsWith('feb30.txt')));

    const started = Date.now();
    for (const args of [['index', root], ['index', root, '--json'], ['check', root], ['export', root, '--format', 'csv']]) {
      const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });
      assert.ok(r.status === 0 || r.status === 1, `${args.join(' ')}: exit ${r.status} ${r.stderr}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`);
    }
    console.log(`      CLI index/check/export on the strange folder (50 MB document, loops, binary): ${Date.now() - started} ms`);
    const head = await readHead(path.join(root, 'big.txt'), 64);
    assert.match(Buffer.from(head).toString(), /^ date 2024-01-08/);
  });

  it('a sidecar that cannot be written (read-only folder, or a folder in its place when running as root) makes tagging fail and changes nothing', async () => {
    const dir = tempDir('readonly');
    const text = article(1);
    const doc = path.join(dir, 'doc.txt');
    fs.writeFileSync(doc, text);
    const store = new AnnotationStore(nodeFiles, () => path.join(dir, 'actors.yaml'));
    await store.edit(doc, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 0)), r.add('Speaker 0', 'person').id));
    const sidecarPath = path.join(dir, 'doc.annotations.yaml');
    const before = fs.readFileSync(sidecarPath);
    // chmod does not stop root: probe, and fall back to a folder where the sidecar should be.
    fs.chmodSync(dir, 0o555);
    let chmodWorks = false;
    try {
      fs.writeFileSync(path.join(dir, '.probe'), 'x');
      fs.rmSync(path.join(dir, '.probe'));
    } catch {
      chmodWorks = true;
    }
    if (chmodWorks) {
      const error = await rejection(store.edit(doc, null, (s) => s.remove(s.value.quotes[0]!.id)));
      assert.match(String((error as NodeJS.ErrnoException).code ?? error), /EACCES|EPERM|EROFS/);
      fs.chmodSync(dir, 0o755);
      assert.ok(fs.readFileSync(sidecarPath).equals(before));
    } else {
      fs.chmodSync(dir, 0o755);
      const other = path.join(dir, 'other.txt');
      fs.writeFileSync(other, text);
      fs.mkdirSync(path.join(dir, 'other.annotations.yaml'));
      fs.writeFileSync(path.join(dir, 'other.annotations.yaml', 'keep'), 'inside the folder');
      const error = await rejection(store.edit(other, null, (s, r) => addQuote(s, draftQuote(text, quoteSpan(text, 0)), r.findByName('Speaker 0')!.id)));
      assert.ok(error instanceof UnreadableFileError, String(error));
      assert.match(error.message, /^Nothing was written: the sidecar cannot be read \(line 1, column 1: cannot read the file: EISDIR/);
      assert.equal(fs.readFileSync(path.join(dir, 'other.annotations.yaml', 'keep'), 'utf8'), 'inside the folder');
    }
    assert.deepEqual(tempsIn(dir), []);
    console.log(`      read-only: ${chmodWorks ? 'chmod 555 on the folder' : 'running as root, chmod does not stop writes: a folder in the sidecar’s place'}`);
  });
});
