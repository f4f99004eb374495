// The CLI's caches on a real disk: `index` and `check` keep what they found, by
// each file's mtime and size, in the user's cache folder. Files are changed,
// added, deleted and renamed, folders added and removed, a sidecar edited and an
// actor added between two runs; the cached run must then print exactly what a
// run without a cache prints, and must have read again only what changed.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash, createAnchor } from '../../src/core/anchoring/anchor';
import { Sidecar, sidecarNameFor } from '../../src/core/files/sidecar';
import { run } from '../../src/cli/main';
import { CliCache } from '../../src/node/cliCache';
import { checkScannedCorpus, diskStore, scanCorpus } from '../../src/node/diskCorpus';

const HOUR_AGO = new Date(Date.now() - 3_600_000);

function article(date: string, title: string, speaker = 'Jane Roe'): string {
  return ` date ${date} Jane Roe10:00, 01.01.24\n\n${title}\n\n“The talks will resume next week,” ${speaker} said. Officials agreed.\n`;
}

/** A sidecar with one quote of the article's quotation, by `speaker`, and one mention. */
function sidecarFor(name: string, text: string, speaker: string, actor = 'jane-roe'): string {
  const sidecar = Sidecar.create(name, contentHash(text));
  const start = [...text].indexOf('“') + 1;
  const quoted = 'The talks will resume next week';
  sidecar.addQuote({ id: 'q-0000001', speaker, cue: 'said', direct: true, anchor: createAnchor(text, start, start + [...quoted].length) });
  const at = [...text].indexOf('J', start);
  sidecar.addMention({ id: 'm-0000001', actor, anchor: createAnchor(text, at, at + 8) });
  return sidecar.toString();
}

const REGISTRY = 'version: 1\nactors:\n  jane-roe:\n    name: "Jane Roe"\n    kind: person\n';

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

/** A document and its sidecar. */
function annotated(root: string, rel: string, date: string, title: string, speaker: string): void {
  const text = article(date, title);
  write(root, rel, text);
  write(root, path.join(path.dirname(rel), sidecarNameFor(path.basename(rel))), sidecarFor(path.basename(rel), text, speaker));
}

/** Dates every file and folder below root an hour back: old enough for the cache to trust. */
function age(root: string): void {
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      fs.utimesSync(full, HOUR_AGO, HOUR_AGO);
    }
  };
  walk(root);
  fs.utimesSync(root, HOUR_AGO, HOUR_AGO);
}

async function cli(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const status = await run(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  return { status, stdout, stderr };
}

describe('reliability: the CLI caches index and check results', () => {
  let dir: string;
  let root: string;
  let before: string | undefined;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-rel-clicache-')));
    root = path.join(dir, 'corpus');
    before = process.env['SEED_ANNOTATOR_CACHE_DIR'];
    process.env['SEED_ANNOTATOR_CACHE_DIR'] = path.join(dir, 'cache');
  });
  afterEach(() => {
    if (before === undefined) delete process.env['SEED_ANNOTATOR_CACHE_DIR'];
    else process.env['SEED_ANNOTATOR_CACHE_DIR'] = before;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('after files are changed, added, deleted and renamed, folders added and removed, a sidecar edited and an actor added, prints what an uncached run prints', async () => {
    write(root, 'actors.yaml', REGISTRY);
    annotated(root, '2023/01/a.txt', '2023-01-05', 'Talks Resume In Geneva', 'jane-roe');
    annotated(root, '2023/01/b.txt', '2023-01-06', 'Budget Vote Delayed', 'john-doe'); // an unknown actor: an error until john-doe is added
    annotated(root, '2023/01/c.txt', '2023-01-07', 'Court Rules On Border', 'jane-roe');
    annotated(root, '2023/02/d.txt', '2023-02-01', 'Energy Prices Rise', 'jane-roe');
    annotated(root, '2023/02/kept.txt', '2023-02-02', 'Nothing Changes Here', 'jane-roe');
    write(root, '2023/02/plain.txt', 'Notes for the desk, not an article.\n');
    annotated(root, '2022/12/h.txt', '2022-12-24', 'Winter Aid Arrives', 'jane-roe');
    write(root, 'notes/draft.txt', article('2023-02-30', 'An Impossible Date'));
    age(root);

    const first = { index: await cli(['index', root]), json: await cli(['index', root, '--json']), check: await cli(['check', root]) };
    assert.equal(first.check.status, 1, first.check.stdout);
    assert.match(first.check.stdout, /b\.txt:.*speaker “john-doe” is not in actors\.yaml/);
    assert.match(first.check.stdout, /draft\.txt:1:7: error: .*2023-02-30/);
    const cache = CliCache.forFolder(root, true)!;
    assert.equal((await cache.loadIndex())?.size, 8, 'the index cache holds every .txt file');
    assert.equal((await cache.loadCheck())?.records.size, 7, 'the check cache holds every document');
    // Unchanged, the second run reads nothing again and prints the same.
    const warmScan = await scanCorpus(root, { cache: await cache.loadIndex() });
    assert.equal(warmScan.reused, 8);
    assert.equal((await checkScannedCorpus(warmScan, { cache: (await cache.loadCheck())?.records ?? null })).reused, 7);
    assert.deepEqual(await cli(['check', root]), first.check);
    assert.deepEqual(await cli(['index', root, '--json']), first.json);

    // Between two runs:
    write(root, '2023/01/a.txt', article('2024-04-04', 'Edited In Place')); // in place: its quote no longer holds
    write(root, '2023/02/f.txt', article('2023-02-09', 'A New Document')); // added, no sidecar
    fs.rmSync(path.join(root, '2023/01/c.txt')); // deleted: its sidecar is an orphan now
    fs.renameSync(path.join(root, '2023/02/d.txt'), path.join(root, '2023/02/d-renamed.txt')); // renamed without its sidecar
    annotated(root, '2024/05/g.txt', '2024-05-05', 'Summit Ends', 'nobody-known'); // a new folder
    fs.rmSync(path.join(root, '2022'), { recursive: true }); // a folder removed with its documents
    fs.rmSync(path.join(root, 'notes'), { recursive: true });
    write(root, '2023/02/kept.annotations.yaml', sidecarFor('kept.txt', article('2023-02-02', 'Nothing Changes Here'), 'jane-roe', 'someone-else')); // sidecar edited
    write(root, 'actors.yaml', `${REGISTRY}  john-doe:\n    name: "John Doe"\n    kind: person\n`); // b.txt's speaker becomes known
    write(root, '2023/02/plain.annotations.yaml', 'version: 1\ndocument: plain.txt\noffsetUnit: codepoint\nquotes:\nmentions:\n'); // a sidecar makes a header-less file a document

    for (const args of [['check', root], ['index', root], ['index', root, '--json']]) {
      const uncached = await cli([...args, '--no-cache']);
      const cached = await cli(args);
      assert.deepEqual(cached, uncached, `${args.join(' ')}: the cached run prints what an uncached one prints`);
      assert.deepEqual(await cli(args), uncached, `${args.join(' ')}: and so does the run after it`);
    }
    const check = (await cli(['check', root])).stdout;
    assert.doesNotMatch(check, /john-doe/, 'the actor added to the registry is known');
    assert.doesNotMatch(check, /2022|notes\/|draft/, 'nothing from the removed folders');
    assert.match(check, /2023\/01\/a\.txt:.*anchor-mismatch|2023\/01\/a\.txt:.*does not match/, check);
    assert.match(check, /c\.annotations\.yaml:1:1: error: orphan sidecar/);
    assert.match(check, /d\.annotations\.yaml:1:1: error: orphan sidecar/);
    assert.match(check, /g\.txt:.*“nobody-known” is not in actors\.yaml/);
    assert.match(check, /kept\.txt:.*“someone-else” is not in actors\.yaml/);
    const index = JSON.parse((await cli(['index', root, '--json'])).stdout) as Array<{ path: string; title: string }>;
    assert.deepEqual(index.map((e) => e.path).sort(), ['2023/01/a.txt', '2023/01/b.txt', '2023/02/d-renamed.txt', '2023/02/f.txt', '2023/02/kept.txt', '2023/02/plain.txt', '2024/05/g.txt']);
    assert.equal(index.find((e) => e.path === '2023/01/a.txt')?.title, 'Edited In Place');

    // The files just written are too recent to trust: they are read again; the others keep their records.
    const scan = await scanCorpus(root, { cache: await cache.loadIndex() });
    assert.equal(scan.reused, 4, 'b.txt, kept.txt, plain.txt and d-renamed.txt (a rename keeps the mtime) keep their index records');
  });

  it('reads the registry only when its files changed since the cached check, and prints what an uncached run prints when they did', async () => {
    write(root, 'actors.yaml', `${REGISTRY}  john-doe:\n    name: "John Doe"\n    kind: person\n`);
    annotated(root, '2023/01/a.txt', '2023-01-05', 'Talks Resume In Geneva', 'jane-roe');
    annotated(root, '2023/01/b.txt', '2023-01-06', 'Budget Vote Delayed', 'john-doe');
    annotated(root, '2023/01/c.txt', '2023-01-07', 'Court Rules On Border', 'anna-berg'); // unknown until her actor file is added
    age(root);
    const cache = CliCache.forFolder(root, true)!;
    const registryReads = async (): Promise<number> => {
      const store = diskStore(path.join(root, 'actors.yaml'));
      const load = store.loadRegistryFile.bind(store);
      let reads = 0;
      store.loadRegistryFile = (location) => (reads++, load(location));
      const loaded = await cache.loadCheck();
      await checkScannedCorpus(await scanCorpus(root, { cache: await cache.loadIndex() }), { cache: loaded?.records ?? null, registryCache: loaded?.registry ?? null, store });
      return reads;
    };
    const same = async (what: string): Promise<string> => {
      const uncached = await cli(['check', root, '--no-cache']);
      assert.deepEqual(await cli(['check', root]), uncached, `${what}: the cached run prints what an uncached one prints`);
      assert.deepEqual(await cli(['check', root]), uncached, `${what}: and so does the run after it`);
      return uncached.stdout;
    };
    /** Dates a registry file back, to another time than the last: old enough to trust, and a stamp of its own. */
    let minutes = 50;
    const settle = (rel: string): void => {
      const when = new Date(Date.now() - (minutes -= 5) * 60_000);
      fs.utimesSync(path.join(root, rel), when, when);
    };

    assert.match(await same('first'), /c\.txt:.*“anna-berg” is not in actors\.yaml/);
    assert.equal((await cache.loadCheck())?.registry?.problems.length, 0, 'the registry stamp is kept, with its problems (none)');
    assert.equal(await registryReads(), 0, 'unchanged: the registry is not read');

    // An actor a sidecar names is removed from actors.yaml.
    write(root, 'actors.yaml', REGISTRY);
    settle('actors.yaml');
    assert.match(await same('an actor removed'), /b\.txt:.*“john-doe” is not in actors\.yaml/);
    assert.equal(await registryReads(), 0, 'unchanged since that run');

    // The same size, another mtime: the actor is back under an id of the same length.
    write(root, 'actors.yaml', `${REGISTRY}  john-doe:\n    name: "John Doe"\n    kind: person\n`);
    settle('actors.yaml');
    assert.doesNotMatch(await same('the actor back'), /john-doe/);

    // An actor's own file is added in the actor folder beside actors.yaml.
    write(root, 'actors/anna-berg.yaml', 'name: Anna Berg\nkind: person\n');
    settle('actors/anna-berg.yaml');
    settle('actors');
    assert.doesNotMatch(await same('an actor file added'), /anna-berg/);
    assert.equal(await registryReads(), 0, 'unchanged since that run');

    // A registry that no longer parses is reported from the cache as from the file.
    write(root, 'actors/anna-berg.yaml', 'name: [Anna Berg\n');
    settle('actors/anna-berg.yaml');
    assert.match(await same('an actor file broken'), /anna-berg\.yaml:.*error/);
    assert.equal(await registryReads(), 0, 'unchanged since that run');
    assert.match((await cli(['check', root])).stdout, /anna-berg\.yaml:.*error/, 'its problems are printed from the cache');

    // Changed just now: not trusted, so the registry is read again on every run until it settles.
    write(root, 'actors/anna-berg.yaml', 'name: Anna Berg\nkind: person\n');
    await same('an actor file changed just now');
    assert.equal(await registryReads(), 1, 'a registry changed within two seconds is read again');
  });

  it('reads the same with synchronous calls (the CLI) as through the thread pool: entries, stamps, problems', async () => {
    write(root, 'actors.yaml', REGISTRY);
    annotated(root, '2023/01/a.txt', '2023-01-05', 'Talks Resume In Geneva 🙂', 'jane-roe');
    annotated(root, '2023/01/b.txt', '2023-01-06', 'Budget Vote Delayed', 'john-doe');
    write(root, '2023/02/plain.txt', 'Notes for the desk, not an article.\n');
    write(root, '2023/02/long.txt', `${article('2023-02-03', 'A Long One')}${'More words in a long paragraph. '.repeat(600)}\n`);
    write(root, 'notes/draft.txt', article('2023-02-30', 'An Impossible Date'));
    write(root, 'notes/orphan.annotations.yaml', sidecarFor('orphan.txt', article('2023-01-01', 'Gone'), 'jane-roe'));
    age(root);
    const runBoth = async (blocking: boolean): Promise<unknown> => {
      const scan = await scanCorpus(root, { cache: null, blocking });
      const check = await checkScannedCorpus(scan, { cache: null, blocking });
      return { entries: scan.index.sorted(), records: scan.records.map((r) => [r.location, r.mtime, r.size, r.hasSidecar]).sort(), sidecars: scan.sidecars, problems: check.problems, records2: check.records.length };
    };
    const pooled = await runBoth(false);
    assert.deepEqual(await runBoth(true), pooled);
    const scan = await scanCorpus(root, { cache: null, blocking: true });
    assert.equal(scan.index.size, 4);
    for (const r of scan.records) assert.deepEqual([r.mtime, r.size], [fs.statSync(r.location).mtimeMs, fs.statSync(r.location).size], `${r.location} stamped from its descriptor`);
  });

  it('never trusts a file changed within two seconds of being read, and stores nothing in the corpus', async () => {
    write(root, 'actors.yaml', REGISTRY);
    annotated(root, 'a.txt', '2023-01-05', 'Fresh Article', 'jane-roe');
    const first = await cli(['check', root]);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const cache = CliCache.forFolder(root, true)!;
    assert.equal((await cache.loadCheck())?.records.size ?? 0, 0, 'a file written just now is not recorded');
    assert.equal([...(await cache.loadIndex())!.values()].filter((r) => r.mtime >= 0).length, 0, 'nor trusted in the index cache');
    // Edited within the same second, with the same size: still seen.
    write(root, 'a.txt', article('2023-01-05', 'Fresh Article').replace('talks', 'tolks'));
    assert.match((await cli(['check', root])).stdout, /anchor|does not match/i);
    assert.deepEqual(fs.readdirSync(root).sort(), ['a.annotations.yaml', 'a.txt', 'actors.yaml'], 'nothing written in the corpus');
  });
});
