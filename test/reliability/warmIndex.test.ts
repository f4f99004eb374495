// The warm index on a real disk: a start from the persisted cache trusts folder
// mtimes instead of a stat per file. Files are changed, added, deleted and renamed,
// and folders added and removed, between two runs; the warm index must then show
// exactly what a cold index shows, except a file edited in place, which the exact
// pass that follows must fix.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DocumentEntry } from '../../src/core/corpus/corpusIndex';
import { parseCorpusCacheAsync, serializeIndexCacheText, stampPending, type CorpusCache } from '../../src/core/corpus/indexCache';
import { indexFolder, type FolderIndex } from '../../src/node/folderIndex';
import { nodeIndexAccess, readCacheFile, readHeadsInto, writeCacheFile } from '../../src/node/indexCacheFile';
import { toLocation } from '../../src/node/diskCorpus';
import { sidecarNameFor } from '../../src/core/files/sidecar';

const HOUR_AGO = new Date(Date.now() - 3_600_000);

function article(date: string, title: string): string {
  return ` date ${date} Jane Roe10:00, 01.01.24\n\n${title}\n\nThe minister said talks would resume. Officials agreed.\n`;
}

/** Writes files (relative path → text) below root, then dates every file and folder an hour back. */
function makeCorpus(root: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const age = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) age(full);
      fs.utimesSync(full, HOUR_AGO, HOUR_AGO);
    }
  };
  age(root);
  fs.utimesSync(root, HOUR_AGO, HOUR_AGO);
}

let cacheFiles = 0;

/** The cache as the bench saves it: pending records stamped, then written to a file and read back as bytes. */
async function saved(index: FolderIndex): Promise<CorpusCache> {
  const stamped = await stampPending(index.records, nodeIndexAccess().stat, 8);
  const file = path.join(os.tmpdir(), `seed-rel-warm-cache-${process.pid}-${cacheFiles++}.jsonl`);
  try {
    await writeCacheFile(file, serializeIndexCacheText(stamped, { folders: index.folders, sidecarNameFor }));
    const bytes = await readCacheFile(file);
    assert.ok(bytes);
    const cache = await parseCorpusCacheAsync(bytes, async () => undefined);
    assert.ok(cache, 'the saved cache parses');
    return cache;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const sorted = (entries: readonly DocumentEntry[]): DocumentEntry[] => [...entries].sort((a, b) => (a.location < b.location ? -1 : a.location > b.location ? 1 : 0));
const byLocation = (entries: readonly DocumentEntry[]): Map<string, DocumentEntry> => new Map(entries.map((e) => [e.location, e]));

describe('reliability: the warm index trusts folder mtimes', () => {
  let dir: string;
  let root: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-rel-warm-')));
    root = toLocation(path.join(dir, 'corpus'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('after files are changed, added, deleted and renamed and folders added and removed, equals a cold index once the exact pass has run', async () => {
    makeCorpus(root, {
      '2023/01/a.txt': article('2023-01-05', 'Talks Resume In Geneva'),
      '2023/01/b.txt': article('2023-01-06', 'Budget Vote Delayed'),
      '2023/01/c.txt': article('2023-01-07', 'Court Rules On Border'),
      '2023/01/plain.txt': 'Notes for the desk, not an article.\n',
      '2023/02/d.txt': article('2023-02-01', 'Energy Prices Rise'),
      '2023/02/kept.txt': article('2023-02-02', 'Nothing Changes Here'),
      '2022/12/h.txt': article('2022-12-24', 'Winter Aid Arrives'),
      'notes/readme.txt': 'Read me first.\n',
      'notes/draft.txt': article('2021-06-01', 'A Draft Article'),
      '.git/x.txt': article('2020-01-01', 'Never Indexed'),
    });
    const cold = await indexFolder(root, null, { trust: false });
    assert.deepEqual(cold.failed, []);
    assert.equal(cold.entries.length, 7);
    const cache = await saved(cold);

    // While the editor is closed:
    fs.writeFileSync(path.join(root, '2023/01/a.txt'), article('2024-04-04', 'Edited In Place')); // in place: no folder mtime changes
    fs.writeFileSync(path.join(root, '2023/02/f.txt'), article('2023-02-09', 'A New Document')); // added
    fs.rmSync(path.join(root, '2023/01/b.txt')); // deleted
    fs.renameSync(path.join(root, '2023/01/c.txt'), path.join(root, '2023/02/c-moved.txt')); // moved to another folder
    fs.renameSync(path.join(root, '2023/02/d.txt'), path.join(root, '2023/02/d-renamed.txt')); // renamed in its folder
    fs.mkdirSync(path.join(root, '2024/05'), { recursive: true }); // a new folder with a document
    fs.writeFileSync(path.join(root, '2024/05/g.txt'), article('2024-05-05', 'Summit Ends'));
    fs.rmSync(path.join(root, 'notes'), { recursive: true }); // a folder removed with its documents
    fs.rmSync(path.join(root, '2022'), { recursive: true }); // a folder tree removed
    fs.writeFileSync(path.join(root, '2023/01/plain.annotations.yaml'), 'version: 1\ndocument: plain.txt\nquotes: []\nmentions: []\n'); // a sidecar makes a header-less file a document

    const warm = await indexFolder(root, cache, { trust: true });
    const truth = await indexFolder(root, null, { trust: false });
    assert.deepEqual(warm.failed, []);
    // The warm start used the cache: unchanged folders were not read, unchanged files not read (nor stat'ed).
    assert.ok(warm.foldersReused >= 1, `folders taken from the cache: ${warm.foldersReused}`);
    assert.equal(warm.read, 5, 'read: f, c-moved, d-renamed, g, and plain.txt again for its new sidecar');
    assert.equal(warm.reused, 2, 'a.txt and kept.txt from the cache, without a stat');

    const expected = byLocation(truth.entries);
    const got = byLocation(warm.entries);
    assert.deepEqual([...got.keys()].sort(), [...expected.keys()].sort(), 'the same documents: nothing deleted is kept, nothing added is missing');
    for (const [location, entry] of expected) {
      if (location.endsWith('/2023/01/a.txt')) continue;
      assert.deepEqual(got.get(location), entry, location);
    }
    assert.ok(got.get(`${root}/2023/01/plain.txt`), 'the header-less file with a new sidecar is a document');
    // The one thing a folder mtime cannot tell: a file edited in place shows its old entry until the exact pass.
    assert.equal(got.get(`${root}/2023/01/a.txt`)?.title, 'Talks Resume In Geneva');

    const exact = await indexFolder(root, { records: new Map(warm.records.map((r) => [r.location, r])), folders: new Map() }, { trust: false });
    assert.deepEqual(sorted(exact.entries), sorted(truth.entries), 'after the exact pass the index equals a cold one');
    assert.equal(byLocation(exact.entries).get(`${root}/2023/01/a.txt`)?.title, 'Edited In Place');
    assert.equal(exact.reused, 1, 'the exact pass reused kept.txt after a stat (the files just written are too recent to trust)');
  });

  it('with emoji and non-ASCII folders, names and titles, the warm index equals a cold one', async () => {
    makeCorpus(root, {
      'Київ/2024/новини 😀.txt': article('2024-03-01', 'Заголовок 🙂 Про Переговори'),
      'Київ/2024/plain.txt': article('2024-03-02', 'An ASCII Title In A Cyrillic Folder'),
      'café/naïve “quoted”.txt': article('2024-03-03', 'Café Talks — “Quoted” Again'),
      'café/notes.txt': 'Нотатки, не стаття.\n',
      '😀/b.txt': article('2024-03-04', 'Emoji Folder'),
    });
    fs.writeFileSync(path.join(root, 'Київ/2024/plain.annotations.yaml'), 'version: 1\ndocument: plain.txt\nquotes: []\nmentions: []\n');
    fs.utimesSync(path.join(root, 'Київ/2024/plain.annotations.yaml'), HOUR_AGO, HOUR_AGO);
    fs.utimesSync(path.join(root, 'Київ/2024'), HOUR_AGO, HOUR_AGO);
    const cold = await indexFolder(root, null, { trust: false });
    assert.equal(cold.entries.length, 4);
    const cache = await saved(cold);
    const warm = await indexFolder(root, cache, { trust: true });
    assert.equal(warm.read, 0, 'nothing read: every folder and file from the cache');
    assert.equal(warm.foldersRead, 0);
    assert.deepEqual(sorted(warm.entries), sorted(cold.entries));
    assert.equal(byLocation(warm.entries).get(`${root}/Київ/2024/новини 😀.txt`)?.title, 'Заголовок 🙂 Про Переговори');
    assert.deepEqual(warm.records.map((r) => [r.location, r.hasSidecar]).sort(), cold.records.map((r) => [r.location, r.hasSidecar]).sort());
  });

  it('takes an unchanged folder\'s records at once only while they match its files; what does not match is read', async () => {
    makeCorpus(root, {
      '2023/01/a.txt': article('2023-01-05', 'First'),
      '2023/01/b.txt': article('2023-01-06', 'Second'),
      '2023/01/c.txt': article('2023-01-07', 'Third'),
      '2023/01/d.TXT': article('2023-01-08', 'Upper Case'),
      '2023/01/d.txt': 'Notes that share the sidecar of d.TXT.\n',
      '2023/02/orphan.annotations.yaml': 'version: 1\ndocument: orphan.txt\nquotes: []\nmentions: []\n',
      '2023/02/e.txt': article('2023-02-01', 'Fourth'),
      '2023/02/f.txt': article('2023-02-02', 'Fifth'),
      '2023/03/g.txt': article('2023-03-03', 'Sixth'),
    });
    for (const name of ['a', 'd']) fs.writeFileSync(path.join(root, `2023/01/${name}.annotations.yaml`), `version: 1\ndocument: ${name}.txt\nquotes: []\nmentions: []\n`);
    makeCorpus(root, {});
    const cold = await indexFolder(root, null, { trust: false });
    const truth = sorted(cold.entries);
    assert.equal(truth.length, 8, 'a, b, c, d.TXT, e, f, g and d.txt (a document by its sidecar)');
    const cache = await saved(cold);
    const all = await indexFolder(root, cache, { trust: true });
    assert.deepEqual({ read: all.read, reused: all.reused }, { read: 0, reused: 8 }, 'every record taken, the shared sidecar and the orphan checked by name');
    assert.deepEqual(sorted(all.entries), truth);

    // The same cache with one record untrusted, one missing, and two whose sidecar flag is wrong:
    // g's, and that of whichever of d.txt and d.TXT (they share one sidecar) the folder lists last.
    const records = new Map(cache.records);
    const at = (name: string): string => `${root}/2023/${name}`;
    records.delete(at('02/e.txt'));
    records.set(at('02/f.txt'), { ...records.get(at('02/f.txt'))!, mtime: -1 });
    records.set(at('03/g.txt'), { ...records.get(at('03/g.txt'))!, hasSidecar: true });
    const files = cache.folders.get(`${root}/2023/01`)!.files;
    const last = files.indexOf('d.txt') > files.indexOf('d.TXT') ? '01/d.txt' : '01/d.TXT';
    records.set(at(last), { ...records.get(at(last))!, hasSidecar: false });
    const text = serializeIndexCacheText([...records.values()], { folders: cache.folders.values(), sidecarNameFor });
    const damaged = await parseCorpusCacheAsync(text, async () => undefined);
    assert.ok(damaged);
    const warm = await indexFolder(root, damaged, { trust: true });
    assert.equal(warm.foldersRead, 0, 'no folder read: their mtimes are unchanged');
    assert.equal(warm.read, 4, `e (no record), f (untrusted), g (a sidecar it does not have), ${last} (a sidecar it has) are read`);
    assert.equal(warm.reused, 4);
    assert.deepEqual(sorted(warm.entries), truth);
    assert.deepEqual(['03/g.txt', last].map((name) => warm.records.find((r) => r.location === at(name))?.hasSidecar), [false, true]);

    // Folder records written in the order read (no sidecarNameFor): the same result.
    const unordered = await parseCorpusCacheAsync(serializeIndexCacheText(cache.records.values(), { folders: cache.folders.values() }), async () => undefined);
    const plain = await indexFolder(root, unordered, { trust: true });
    assert.deepEqual({ read: plain.read, reused: plain.reused }, { read: 0, reused: 8 });
    assert.deepEqual(sorted(plain.entries), truth);
  });

  it('never trusts a folder or file changed within the racy window, nor a folder holding a link', async () => {
    makeCorpus(root, { '2023/01/a.txt': article('2023-01-05', 'Old Title Here'), '2023/02/b.txt': article('2023-02-05', 'Linked Folder') });
    fs.symlinkSync(path.join(root, '2023/02'), path.join(root, '2023/link'));
    const cold = await indexFolder(root, null, { trust: false });
    const cache = await saved(cold);
    assert.ok(cache.folders.get(`${root}/2023`)!.mtime < 0, 'the folder holding a link (and just changed) is never trusted');
    // A new file and a folder changed "now": the next warm start reads them, whatever their mtime.
    fs.writeFileSync(path.join(root, '2023/01/new.txt'), article('2023-01-09', 'Fresh File'));
    const warm = await indexFolder(root, cache, { trust: true });
    const recent = await saved(warm);
    assert.ok(recent.folders.get(`${root}/2023/01`)!.mtime < 0, 'a folder modified just now is racy');
    assert.ok(byLocation(warm.entries).get(`${root}/2023/01/new.txt`));
    const again = await indexFolder(root, recent, { trust: true });
    assert.ok(again.foldersRead >= 2, 'the racy folders are read again');
    assert.deepEqual(sorted(again.entries), sorted((await indexFolder(root, null, { trust: false })).entries));
  });
});

describe('reliability: head reads in one batch (readHeadsInto)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-rel-heads-')));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const concurrency of [4, 12]) {
    it(`gives each file its own bytes, at most the head, and each failure its own error, whatever the order they finish in (${concurrency} in flight, refilled ${concurrency === 4 ? 'one by one' : 'in bursts'})`, async () => {
      const paths: string[] = [];
      for (let i = 0; i < 40; i++) {
        const p = path.join(dir, `f${i}.txt`);
        // Sizes from empty to beyond the head; each file's bytes name it, so a mix-up shows.
        fs.writeFileSync(p, i === 0 ? '' : `file ${i} 😀 `.repeat(i * 40));
        paths.push(p);
      }
      paths.splice(7, 0, path.join(dir, 'missing.txt'));
      paths.splice(20, 0, dir); // a folder: opens, but cannot be read
      const heads = new Map<number, string>();
      const errors = new Map<number, string>();
      await readHeadsInto(paths, 1000, concurrency, (i, head, error) => {
        assert.ok(!heads.has(i) && !errors.has(i), `file ${i} given once`);
        if (head) heads.set(i, Buffer.from(head).toString('latin1'));
        else errors.set(i, (error as NodeJS.ErrnoException).code ?? String(error));
      });
      assert.deepEqual([...errors].sort((a, b) => a[0] - b[0]), [[7, 'ENOENT'], [20, 'EISDIR']]);
      assert.equal(heads.size, paths.length - 2);
      for (const [i, head] of heads) assert.equal(head, fs.readFileSync(paths[i]!).subarray(0, 1000).toString('latin1'), paths[i]);
    });
  }

  it('rejects with what `each` threw, once the reads in flight are done, and starts no more', async () => {
    const paths = Array.from({ length: 30 }, (_, i) => {
      const p = path.join(dir, `g${i}.txt`);
      fs.writeFileSync(p, `text ${i}`);
      return p;
    });
    let calls = 0;
    await assert.rejects(
      readHeadsInto(paths, 64, 3, () => {
        if (++calls === 5) throw new Error('boom');
      }),
      /boom/,
    );
    assert.ok(calls >= 5 && calls <= 7, `${calls} calls: the ones in flight finish, no new read starts`);
    calls = 0;
    await assert.rejects(
      readHeadsInto(paths, 64, 12, () => {
        if (++calls === 5) throw new Error('boom');
      }),
      /boom/,
    );
    assert.ok(calls >= 5 && calls <= 16, `${calls} calls with 12 in flight: the ones in flight finish, no new read starts`);
    await readHeadsInto([], 64, 3, () => assert.fail('no file, no call'));
  });
});
