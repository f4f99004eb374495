import * as assert from 'node:assert/strict';
import { HEAD_CHARS, entryFromHead, headText, type DocumentEntry } from '../../src/core/corpus/corpusIndex';
import {
  INDEX_CACHE_VERSION,
  RACY_MS,
  canReuse,
  indexFiles,
  makeRecord,
  parseIndexCache,
  parseIndexCacheAsync,
  parseCorpusCacheAsync,
  planReuse,
  serializeIndexCacheAsync,
  serializeIndexCacheText,
  type CacheRecord,
  type IndexFileAccess,
  PENDING,
  stampPending,
} from '../../src/core/corpus/indexCache';

const OLD = Date.UTC(2024, 0, 1);
const NOW = Date.UTC(2024, 5, 1);

function entry(location: string, date: string | null, title = 'A title'): DocumentEntry {
  return { location, date, problem: date ? null : 'no date header', title, headerLine: date ? ` date ${date} Jane Roe10:00, 01.01.24` : 'Notes' };
}

function record(location: string, e: DocumentEntry | null, mtime = OLD, size = 3000, hasSidecar = false): CacheRecord {
  return { location, mtime, size, hasSidecar, entry: e };
}

const sample: CacheRecord[] = [
  record('file:///c/2023/01/a.txt', entry('file:///c/2023/01/a.txt', '2023-01-02', 'Ünïcode “quotes” and\nnew line')),
  record('file:///c/2023/01/b.txt', entry('file:///c/2023/01/b.txt', null), OLD + 0.123, 10, true),
  record('file:///c/2023/02/readme.txt', null, OLD, 5),
  record('/plain/path/x.txt', entry('/plain/path/x.txt', '1999-12-31')),
];

describe('index cache', () => {
  describe('format', () => {
    it('round-trips records, documents and non-documents', () => {
      const text = serializeIndexCacheText(sample);
      const parsed = parseIndexCache(text);
      assert.ok(parsed);
      assert.equal(parsed.size, sample.length);
      for (const r of sample) assert.deepEqual(parsed.get(r.location), r);
    });

    it('round-trips one chunk mixing one-byte and two-byte text, short and empty strings', () => {
      const mixed = [
        record('/c/Київ/новини.txt', entry('/c/Київ/новини.txt', '2024-03-01', 'Заголовок 🙂 with an emoji')),
        record('/c/a.txt', entry('/c/a.txt', '2024-03-02', '')),
        record('/c/b.txt', entry('/c/b.txt', '2024-03-03', 'Short')),
        record('/c/café.txt', entry('/c/café.txt', '2024-03-04', 'Latin-1 only: café, naïve, ÿ')),
        record('/c/c.txt', null),
        record('/c/d.txt', entry('/c/d.txt', null, 'A plain ASCII title, long enough to be a slice')),
      ];
      const parsed = parseIndexCache(serializeIndexCacheText(mixed));
      assert.deepEqual([...parsed!.values()], mixed);
    });

    it('round-trips across many chunks and an empty cache', () => {
      const many = Array.from({ length: 45 }, (_, i) => record(`/c/${i % 7}/f${i}.txt`, i % 3 ? entry(`/c/${i % 7}/f${i}.txt`, '2020-02-29') : null, OLD + i, i));
      const text = serializeIndexCacheText(many, { chunk: 4 });
      assert.equal(text.trimEnd().split('\n').length, 1 + 12 + 1);
      const parsed = parseIndexCache(text);
      assert.deepEqual([...parsed!.values()], many);
      assert.equal(parseIndexCache(serializeIndexCacheText([]))?.size, 0);
    });

    it('parses the text in pieces cut at line ends as it parses the whole text, and refuses pieces cut short', () => {
      const many = Array.from({ length: 9 }, (_, i) => record(`/c/${i % 2}/f${i}.txt`, i % 3 ? entry(`/c/${i % 2}/f${i}.txt`, '2021-05-0' + String(1 + (i % 9)), `Tïtle ${i} 🙂`) : null, OLD + i, i));
      const text = serializeIndexCacheText(many, { chunk: 2 });
      const lines = text.split(/(?<=\n)/);
      assert.ok(lines.length > 3);
      assert.deepEqual([...parseIndexCache(lines)!.values()], many);
      const twoByTwo = lines.flatMap((line, i) => (i % 2 ? [] : [line + (lines[i + 1] ?? '')]));
      assert.deepEqual([...parseIndexCache(twoByTwo)!.values()], many);
      assert.equal(parseIndexCache([...lines.slice(0, -1), lines.at(-1)!.slice(0, -1)]), null, 'the trailer without its line end');
      assert.equal(parseIndexCache([lines[0]!, lines[1]!.slice(0, 10), lines[1]!.slice(10), ...lines.slice(2)]), null, 'a piece not cut at a line end');
      assert.equal(parseIndexCache([...lines, lines[1]!]), null, 'a line after the trailer');
    });

    it('round-trips folder records beside the file records, and refuses a trailer that miscounts them', async () => {
      const folders = [
        { location: '/c', mtime: OLD, folders: ['2023'], files: [] },
        { location: '/c/2023', mtime: -1, folders: [], files: ['a.txt', 'a.annotations.yaml'] },
      ];
      const text = serializeIndexCacheText(sample, { folders, chunk: 1 });
      const parsed = await parseCorpusCacheAsync(text, async () => undefined);
      assert.deepEqual([...parsed!.folders.values()], folders);
      assert.equal(parsed!.records.size, sample.length);
      assert.equal(parseIndexCache(text)?.size, sample.length, 'the records alone, for readers that need no folders');
      assert.equal(await parseCorpusCacheAsync(text.replace('"folders":2', '"folders":3'), async () => undefined), null);
    });

    it('is compact: folders are not repeated', () => {
      const text = serializeIndexCacheText(sample);
      assert.equal(text.split('file:///c/2023/01/').length - 1, 1);
      assert.ok(!text.includes('\n\n'));
    });

    it('parses and serialises in slices with the async helpers', async () => {
      let pauses = 0;
      const pause = async (): Promise<void> => {
        pauses++;
      };
      const text = await serializeIndexCacheAsync(sample, pause, { chunk: 1, salt: 'v1' });
      assert.ok(pauses >= sample.length);
      pauses = 0;
      const parsed = await parseIndexCacheAsync(text, pause, { salt: 'v1' });
      assert.equal(parsed?.size, sample.length);
      assert.equal(pauses, sample.length);
    });

    it('ignores a corrupt, truncated, foreign or other-version cache', () => {
      const text = serializeIndexCacheText(sample, { salt: 'build-1' });
      assert.ok(parseIndexCache(text, { salt: 'build-1' }));
      assert.equal(parseIndexCache(text, { salt: 'build-2' }), null, 'other salt');
      assert.equal(parseIndexCache(text), null, 'no salt');
      assert.equal(parseIndexCache(''), null);
      assert.equal(parseIndexCache('not json\n'), null);
      assert.equal(parseIndexCache('{"kind":"x"}\n'), null);
      assert.equal(parseIndexCache(text.slice(0, text.length - 10), { salt: 'build-1' }), null, 'truncated');
      assert.equal(parseIndexCache(text.slice(0, text.lastIndexOf('{"end"')), { salt: 'build-1' }), null, 'no trailer');
      assert.equal(parseIndexCache(`${text}junk\n`, { salt: 'build-1' }), null, 'trailing junk');
      assert.equal(parseIndexCache(text.replace(`"version":${INDEX_CACHE_VERSION}`, '"version":999'), { salt: 'build-1' }), null);
      assert.equal(parseIndexCache(text.replace(`"head":${HEAD_CHARS}`, '"head":1'), { salt: 'build-1' }), null);
      assert.equal(parseIndexCache(text.replace('"end":4', '"end":3'), { salt: 'build-1' }), null, 'count mismatch');
      assert.equal(parseIndexCache(text.replace('"2023-01-02"', '"2023-1-2"'), { salt: 'build-1' }), null, 'bad date');
      assert.equal(parseIndexCache(text.replace('"i":[', '"i":["x",'), { salt: 'build-1' }), null, 'bad column');
      const flipped = text.replace(/\{"n":/, '{"q":');
      assert.equal(parseIndexCache(flipped, { salt: 'build-1' }), null);
      // Random byte damage never throws.
      for (let i = 0; i < 200; i++) {
        const at = (i * 7919) % text.length;
        const damaged = text.slice(0, at) + String.fromCharCode(32 + (i % 90)) + text.slice(at + 1);
        assert.doesNotThrow(() => parseIndexCache(damaged, { salt: 'build-1' }));
      }
    });
  });

  describe('format, version 3: columns', () => {
    const wide: CacheRecord[] = [
      record('/c/Київ/😀 новини.txt', entry('/c/Київ/😀 новини.txt', '2024-03-01', 'Заголовок 🙂 with an emoji'), OLD + 0.5, 1234, true),
      record('/c/Київ/plain.txt', entry('/c/Київ/plain.txt', '2024-03-02', 'An ASCII title in a Cyrillic folder')),
      record('/c/ascii/naïve.txt', entry('/c/ascii/naïve.txt', null, 'Café “quoted” — dashes')),
      record('/c/ascii/a.txt', entry('/c/ascii/a.txt', '2024-03-03', 'Plain')),
      record('/c/ascii/not-a-seed.txt', null, OLD, 7),
      record('/c/😀/b.txt', entry('/c/😀/b.txt', '2024-03-04', '')),
    ];
    const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

    it('round-trips emoji and non-ASCII titles, names and folders, from the text and from its UTF-8 bytes', () => {
      for (const chunk of [1, 2, 100]) {
        const text = serializeIndexCacheText(wide, { chunk });
        assert.deepEqual([...parseIndexCache(text)!.values()], wide, `text, chunks of ${chunk}`);
        assert.deepEqual([...parseIndexCache(bytesOf(text))!.values()], wide, `bytes, chunks of ${chunk}`);
      }
    });

    it('writes each chunk as columns with ASCII text before any other', () => {
      const text = serializeIndexCacheText(wide);
      const line = text.split('\n')[1]!;
      assert.ok(line.startsWith('{"n":6,"i":['), line.slice(0, 40));
      const firstNonAscii = line.search(/[^\u0000-\u007f]/);
      assert.ok(firstNonAscii > line.indexOf('"A":'), 'the non-ASCII strings come after the ASCII ones');
      assert.equal(line.split('Київ').length - 1, 1, 'a folder is written once per chunk');
      assert.equal(line.split('"2024-03-0').length - 1, 4, 'each date once in its table');
    });

    it('round-trips folder records whose names are joined, and a name holding a slash as a list', async () => {
      const folders = [
        { location: '/c', mtime: OLD, folders: ['Київ', 'ascii', '😀'], files: [] },
        { location: '/c/Київ', mtime: OLD + 0.25, folders: [], files: ['😀 новини.txt', '😀 новини.annotations.yaml', 'plain.txt'] },
        { location: '/c/odd', mtime: -1, folders: [], files: ['a/b.txt', 'c.txt'] },
      ];
      const text = serializeIndexCacheText(wide, { folders });
      const parsed = await parseCorpusCacheAsync(bytesOf(text), async () => undefined);
      assert.deepEqual([...parsed!.folders.values()], folders);
    });

    it('with sidecarNameFor, writes a folder\'s files in the order of its records, each document followed by its sidecar, then the rest', async () => {
      const docs = ['b.txt', 'a.txt', 'c.txt'].map((name) => record(`/c/f/${name}`, entry(`/c/f/${name}`, '2024-01-01')));
      const folders = [{ location: '/c/f', mtime: OLD, folders: [], files: ['a.annotations.yaml', 'orphan.annotations.yaml', 'a.txt', 'c.txt', 'b.txt', 'b.annotations.yaml'] }];
      const sidecarNameFor = (name: string): string => name.replace(/\.txt$/, '.annotations.yaml');
      const ordered = await parseCorpusCacheAsync(serializeIndexCacheText(docs, { folders, sidecarNameFor }), async () => undefined);
      assert.deepEqual(ordered!.folders.get('/c/f')!.files, ['b.txt', 'b.annotations.yaml', 'a.txt', 'a.annotations.yaml', 'c.txt', 'orphan.annotations.yaml']);
      assert.deepEqual(ordered!.recordsIn!('/c/f'), docs, 'the folder\'s records, in the order written');
      assert.equal(ordered!.recordsIn!('/c'), undefined);
      const asListed = await parseCorpusCacheAsync(serializeIndexCacheText(docs, { folders }), async () => undefined);
      assert.deepEqual(asListed!.folders.get('/c/f')!.files, folders[0]!.files);
    });

    it('ignores a cache of the previous version (rows, not columns), and one of this version with rows', () => {
      const v2 = [
        '{"kind":"seed-annotator-index","version":2,"head":8192,"salt":""}',
        '{"d":["/c/"],"r":[[0,"a.txt",1704067200000,3000,2,"2023-01-02",null,"A title"," date 2023-01-02 Jane Roe"]]}',
        '{"end":1,"folders":0}',
        '',
      ].join('\n');
      assert.equal(parseIndexCache(v2), null, 'version 2');
      assert.equal(parseIndexCache(v2.replace('"version":2', `"version":${INDEX_CACHE_VERSION}`)), null, 'rows under this version');
      assert.equal(INDEX_CACHE_VERSION, 3);
    });

    it('ignores a chunk whose columns disagree', () => {
      const text = serializeIndexCacheText(wide, { salt: 's' });
      assert.ok(parseIndexCache(text, { salt: 's' }));
      const damage = (from: RegExp, to: string, why: string): void => {
        const damaged = text.replace(from, to);
        assert.notEqual(damaged, text, `the damage applies: ${why}`);
        assert.equal(parseIndexCache(damaged, { salt: 's' }), null, why);
      };
      damage(/"n":6/, '"n":5', 'a count the columns do not have');
      damage(/"k":\[(-?\d+)/, '"k":[99', 'a name length that does not use up the names');
      damage(/"t":\[(-?\d+)/, '"t":[1', 'a text length that does not use up the texts');
      damage(/"i":\[\d+/, '"i":[9', 'a folder outside the table');
      damage(/"f":\[\d+/, '"f":[7', 'unknown flags');
      damage(/"x":\[-?\d+/, '"x":[9', 'a date outside the table');
      damage(/"p":\[-?\d+/, '"p":[-2', 'a problem outside the table');
      damage(/"m":\[[^,]+/, '"m":["1"', 'an mtime that is not a number');
      damage(/"A":"/, '"A":"x', 'a character more in the texts');
      damage(/"W":"[^"]/, '"W":"', 'a character fewer in the texts');
    });

    it('ignores bytes cut inside a character or inside a line', () => {
      const bytes = bytesOf(serializeIndexCacheText(wide));
      const emoji = bytes.indexOf(0xf0);
      assert.ok(emoji > 0);
      assert.equal(parseIndexCache(bytes.subarray(0, emoji + 2)), null, 'cut inside an emoji');
      assert.equal(parseIndexCache(bytes.subarray(0, bytes.length - 1)), null, 'the trailer without its line end');
      for (let i = 0; i < 200; i++) {
        const damaged = bytes.slice();
        damaged[(i * 7919) % damaged.length] = (i * 37) % 256;
        assert.doesNotThrow(() => parseIndexCache(damaged));
      }
    });
  });

  describe('reuse', () => {
    it('reuses a record only with the same mtime, size and sidecar state', () => {
      const r = record('/c/a.txt', entry('/c/a.txt', '2023-01-02'), OLD, 100, false);
      assert.ok(canReuse(r, { mtime: OLD, size: 100 }, false));
      assert.ok(!canReuse(r, { mtime: OLD + 1, size: 100 }, false));
      assert.ok(!canReuse(r, { mtime: OLD, size: 101 }, false));
      assert.ok(!canReuse(r, { mtime: OLD, size: 100 }, true));
      assert.ok(!canReuse(undefined, { mtime: OLD, size: 100 }, false));
      assert.ok(!canReuse({ ...r, mtime: -1 }, { mtime: -1, size: 100 }, false), 'untrusted record');
    });

    it('plans which files to read', () => {
      const cache = new Map(sample.map((r) => [r.location, r]));
      const listing = [
        { location: 'file:///c/2023/01/a.txt', mtime: OLD, size: 3000 },
        { location: 'file:///c/2023/01/b.txt', mtime: OLD + 0.123, size: 10, hasSidecar: true },
        { location: 'file:///c/2023/02/readme.txt', mtime: OLD + 5, size: 5 },
        { location: 'file:///c/new.txt', mtime: OLD, size: 1 },
        { location: '/plain/path/x.txt', mtime: OLD, size: 3000, hasSidecar: true },
      ];
      const plan = planReuse(listing, cache);
      assert.deepEqual(plan.reuse.map((r) => r.location), ['file:///c/2023/01/a.txt', 'file:///c/2023/01/b.txt']);
      assert.deepEqual(plan.read.map((r) => r.location), ['file:///c/2023/02/readme.txt', 'file:///c/new.txt', '/plain/path/x.txt']);
      assert.equal(planReuse(listing, null).read.length, listing.length);
    });

    it('does not trust a file modified just before it was read', () => {
      const stamp = { location: '/c/a.txt', mtime: NOW - RACY_MS / 2, size: 3 };
      assert.equal(makeRecord(stamp, false, null, NOW).mtime, -1);
      assert.equal(makeRecord({ ...stamp, mtime: NOW - RACY_MS - 1 }, false, null, NOW).mtime, NOW - RACY_MS - 1);
      assert.equal(makeRecord({ ...stamp, mtime: NOW + 60_000 }, false, null, NOW).mtime, -1, 'mtime in the future');
    });
  });

  describe('indexFiles', () => {
    const files = new Map<string, { text: string; mtime: number }>([
      ['/c/a.txt', { text: ' date 2023-01-02 Jane Roe10:00, 02.01.23\n\nFirst sentence here. More.\n', mtime: OLD }],
      ['/c/b.txt', { text: 'just notes\n', mtime: OLD }],
      ['/c/c.txt', { text: 'no header but a sidecar\n', mtime: OLD }],
      ['/c/d.txt', { text: ' date 2023-02-30 Bad Date10:00, 30.02.23\n\nText.\n', mtime: OLD }],
    ]);
    const calls = { stat: 0, read: 0 };
    const access: IndexFileAccess = {
      async stat(location) {
        calls.stat++;
        const f = files.get(location);
        if (!f) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        return { mtime: f.mtime, size: new TextEncoder().encode(f.text).length };
      },
      async readHead(location, bytes) {
        calls.read++;
        const f = files.get(location);
        if (!f) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
        const all = new TextEncoder().encode(f.text);
        return { bytes: all.subarray(0, bytes), mtime: f.mtime, size: all.length };
      },
    };
    const entryOf = (location: string, bytes: Uint8Array, hasSidecar: boolean): DocumentEntry | null =>
      entryFromHead(location, headText(bytes, HEAD_CHARS), { hasSidecar });
    const targets = [
      { location: '/c/a.txt', hasSidecar: false },
      { location: '/c/b.txt', hasSidecar: false },
      { location: '/c/c.txt', hasSidecar: true },
      { location: '/c/d.txt', hasSidecar: false },
      { location: '/c/gone.txt', hasSidecar: false },
    ];

    it('reads everything cold, then only what changed', async () => {
      calls.stat = calls.read = 0;
      const cold = await indexFiles(targets, access, null, { concurrency: 2, entryOf, now: () => NOW });
      assert.deepEqual(cold.entries.map((e) => e.location), ['/c/a.txt', '/c/c.txt', '/c/d.txt']);
      assert.equal(cold.entries[0]!.date, '2023-01-02');
      assert.equal(cold.entries[2]!.date, null);
      assert.deepEqual({ reused: cold.reused, read: cold.read, failed: cold.failed.map((f) => f.location) }, { reused: 0, read: 4, failed: ['/c/gone.txt'] });
      assert.equal(calls.stat, 0, 'a cold read takes its stat from the read');
      assert.equal(cold.records.length, 4);

      const cache = parseIndexCache(serializeIndexCacheText(cold.records))!;
      calls.stat = calls.read = 0;
      const warm = await indexFiles(targets, access, cache, { concurrency: 3, entryOf, now: () => NOW });
      assert.deepEqual(warm.entries, cold.entries);
      assert.deepEqual({ reused: warm.reused, read: warm.read, stat: calls.stat, readCalls: calls.read }, { reused: 4, read: 0, stat: 4, readCalls: 1 }, 'only the vanished file is tried');

      files.set('/c/a.txt', { text: ' date 2023-01-03 Jane Roe10:00, 03.01.23\n\nChanged.\n', mtime: OLD + 1000 });
      const changedTargets = targets.map((t) => (t.location === '/c/b.txt' ? { ...t, hasSidecar: true } : t));
      const third = await indexFiles(changedTargets, access, cache, { concurrency: 3, entryOf, now: () => NOW });
      assert.equal(third.read, 2, 'the changed file and the one that gained a sidecar');
      assert.equal(third.reused, 2);
      assert.equal(third.entries.find((e) => e.location === '/c/a.txt')?.date, '2023-01-03');
      assert.ok(third.entries.find((e) => e.location === '/c/b.txt'), 'a sidecar makes a header-less file a document');
    });

    it('with readHeadWith, makes each entry while the shared buffer holds that file, and takes the stamp it gives', async () => {
      // One buffer for every read, overwritten after each use: an entry made later would see another file's bytes.
      const shared = new Uint8Array(HEAD_CHARS);
      let reads = 0;
      const withBuffer: IndexFileAccess = {
        stat: access.stat,
        readHead: () => Promise.reject(new Error('readHead must not be called when readHeadWith is given')),
        async readHeadWith(location, bytes, use) {
          const f = files.get(location);
          if (!f) throw Object.assign(new Error('gone'), { code: 'ENOENT' });
          const all = new TextEncoder().encode(f.text).subarray(0, bytes);
          shared.set(all);
          reads++;
          const value = use(shared.subarray(0, all.length));
          shared.fill(0x78);
          return { value, mtime: f.mtime, size: all.length };
        },
      };
      const viaBuffer = await indexFiles(targets, withBuffer, null, { concurrency: 3, entryOf, now: () => NOW });
      const viaCopies = await indexFiles(targets, access, null, { concurrency: 3, entryOf, now: () => NOW });
      assert.equal(reads, 4);
      assert.deepEqual(viaBuffer.entries, viaCopies.entries);
      assert.deepEqual(viaBuffer.records, viaCopies.records);
      assert.deepEqual(viaBuffer.failed.map((f) => f.location), ['/c/gone.txt']);
    });

    it('with readHeads, reads every file without a usable record in one batch, each entry made while the shared buffer holds its bytes', async () => {
      const shared = new Uint8Array(HEAD_CHARS);
      const batches: string[][] = [];
      const withBatch: IndexFileAccess = {
        stat: access.stat,
        readHead: () => Promise.reject(new Error('readHead must not be called for a file readHeads can read')),
        async readHeads(locations, bytes, concurrency, each) {
          assert.equal(concurrency, 3);
          batches.push([...locations]);
          // In reverse, as files finish out of order: each result must land on its own file.
          for (let k = locations.length - 1; k >= 0; k--) {
            const f = files.get(locations[k]!);
            if (!f) {
              each(k, null, Object.assign(new Error('gone'), { code: 'ENOENT' }));
              continue;
            }
            const all = new TextEncoder().encode(f.text).subarray(0, bytes);
            shared.set(all);
            each(k, shared.subarray(0, all.length));
            shared.fill(0x78);
          }
        },
      };
      const viaBatch = await indexFiles(targets, withBatch, null, { concurrency: 3, entryOf, now: () => NOW });
      const viaCopies = await indexFiles(targets, access, null, { concurrency: 3, entryOf, now: () => NOW });
      assert.deepEqual(batches, [targets.map((t) => t.location)]);
      assert.deepEqual(viaBatch.entries, viaCopies.entries);
      assert.equal(viaBatch.read, 4);
      assert.deepEqual(viaBatch.failed.map((f) => f.location), ['/c/gone.txt']);
      // No stamp comes with a batch read: every record waits for stampPending, its read time the batch's start.
      assert.deepEqual(viaBatch.records.map((r) => [r.location, r.mtime, r.readAt]), viaCopies.records.map((r) => [r.location, PENDING, NOW]));
      const stamped = await stampPending(viaBatch.records, access.stat, 2);
      assert.deepEqual(stamped, viaCopies.records);

      // With a cache, files whose record matches are stat'ed one by one and reused; only the others go to the batch.
      batches.length = 0;
      const cache = new Map(stamped.filter((r) => r.location !== '/c/d.txt').map((r) => [r.location, r]));
      const exact = await indexFiles(targets, withBatch, cache, { concurrency: 3, entryOf, now: () => NOW });
      assert.deepEqual(batches, [['/c/d.txt', '/c/gone.txt']]);
      assert.deepEqual({ reused: exact.reused, read: exact.read }, { reused: 3, read: 1 });
      assert.deepEqual(exact.entries, viaCopies.entries);
    });

    it('re-reads a racy record every time', async () => {
      const racyNow = OLD + 10;
      const first = await indexFiles(targets.slice(0, 1), access, null, { concurrency: 1, entryOf, now: () => racyNow });
      assert.equal(first.records[0]!.mtime, -1);
      const again = await indexFiles(targets.slice(0, 1), access, new Map(first.records.map((r) => [r.location, r])), { concurrency: 1, entryOf, now: () => NOW });
      assert.equal(again.read, 1);
    });
  });
});

describe('index cache: files read without a stat', () => {
  const text = ' date 2024-01-01 Title here\n\nBody.\n';
  const bytes = new TextEncoder().encode(text);
  const entryOf = (location: string, b: Uint8Array, hasSidecar: boolean) => entryFromHead(location, headText(b, HEAD_CHARS), { hasSidecar });

  it('are recorded as pending, never reusable until stamped', async () => {
    const access = { stat: async () => ({ mtime: 1000, size: bytes.length }), readHead: async () => ({ bytes }) };
    const result = await indexFiles([{ location: '/a.txt', hasSidecar: false }], access, null, { concurrency: 1, entryOf, now: () => 100_000 });
    const [record] = result.records;
    assert.equal(record?.mtime, PENDING);
    assert.equal(result.entries[0]?.title, 'Title here');
    assert.equal(canReuse(record, { mtime: PENDING, size: -1 }, false), false);
  });

  it('are trusted after stamping only when their mtime is older than the read by the racy margin', async () => {
    const pending = { location: '/a.txt', mtime: PENDING, size: -1, hasSidecar: false, entry: null, readAt: 100_000 };
    const old = await stampPending([pending], async () => ({ mtime: 100_000 - RACY_MS - 1, size: 7 }), 4);
    assert.equal(old[0]?.mtime, 100_000 - RACY_MS - 1);
    assert.equal(old[0]?.size, 7);
    assert.ok(canReuse(old[0], { mtime: 100_000 - RACY_MS - 1, size: 7 }, false));
    // Changed after it was read (or just before): the stamp cannot vouch for what was read.
    const changed = await stampPending([pending], async () => ({ mtime: 100_500, size: 9 }), 4);
    assert.equal(changed[0]?.mtime, -1);
    assert.equal(canReuse(changed[0], { mtime: 100_500, size: 9 }, false), false);
    const gone = await stampPending([pending], async () => {
      throw new Error('ENOENT');
    }, 4);
    assert.equal(gone[0]?.mtime, -1);
  });
});
