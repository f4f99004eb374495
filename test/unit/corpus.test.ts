import * as assert from 'node:assert/strict';
import { CorpusIndex, HEAD_CHARS, entryFromHead, splitDate, type DocumentEntry } from '../../src/core/corpus/corpusIndex';
import { SEED_000, SEED_002, readSeed } from './helpers/memoryFiles';

function entry(location: string, date: string | null, title = location): DocumentEntry {
  return { location, date, problem: date ? null : 'no date', title, headerLine: date ? ` date ${date}` : '' };
}

describe('corpus', () => {
  describe('entryFromHead', () => {
    it('reads the seeds', () => {
      const e0 = entryFromHead('/c/000.txt', readSeed(SEED_000).slice(0, HEAD_CHARS));
      assert.deepEqual(e0, {
        location: '/c/000.txt',
        date: '2023-11-04',
        problem: null,
        title: 'Is Ukraine negotiating with the Russian Federation?',
        headerLine: ' date 2023-11-04 Marta Gichko10:09, 04.11.23',
      });
      const e2 = entryFromHead('/c/002.txt', readSeed(SEED_002));
      assert.equal(e2?.date, '2022-11-06');
      assert.equal(e2?.title, 'Biden warns Russia over nuclear threat');
      assert.equal(e2?.headerLine.length, 200);
      assert.ok(e2?.headerLine.startsWith(' date 2022-11-06 The United States government'));
      assert.ok(e2?.headerLine.endsWith('…'));
    });

    it('skips files that are not seeds, unless they have a sidecar', () => {
      assert.equal(entryFromHead('/c/readme.txt', 'Just some notes.\n'), null);
      assert.equal(entryFromHead('/c/empty.txt', ''), null);
      const withSidecar = entryFromHead('/c/notes.txt', 'Just some notes.\r\nMore.', { hasSidecar: true });
      assert.equal(withSidecar?.date, null);
      assert.match(withSidecar!.problem!, /no date header/);
      assert.equal(withSidecar?.headerLine, 'Just some notes.');
    });

    it('keeps an impossible date as a problem, and strips a BOM and CR from the header line', () => {
      const e = entryFromHead('/c/bad.txt', '\uFEFF date 2023-02-30 Lead text.\r\n');
      assert.equal(e?.date, null);
      assert.match(e!.problem!, /impossible date 2023-02-30/);
      assert.equal(e?.headerLine, ' date 2023-02-30 Lead text.');
    });
  });

  describe('splitDate', () => {
    it('splits a date into numbers', () => {
      assert.deepEqual(splitDate('2023-11-04'), [2023, 11, 4]);
      assert.equal(splitDate(null), null);
    });
  });

  describe('CorpusIndex', () => {
    function sample(): CorpusIndex {
      const index = new CorpusIndex();
      index.set(entry('/c/a.txt', '2023-11-04', 'B title'));
      index.set(entry('/c/b.txt', '2023-11-04', 'A title'));
      index.set(entry('/c/c.txt', '2023-11-20'));
      index.set(entry('/c/d.txt', '2023-01-02'));
      index.set(entry('/c/e.txt', '2022-11-06'));
      index.set(entry('/c/sub/f.txt', '2024-02-29'));
      index.set(entry('/c/z.txt', null));
      index.set(entry('/c/sub/y.txt', null));
      return index;
    }

    it('groups years, months and days in both orders', () => {
      const index = sample();
      assert.equal(index.size, 8);
      assert.deepEqual(index.years('oldestFirst'), [2022, 2023, 2024]);
      assert.deepEqual(index.years('newestFirst'), [2024, 2023, 2022]);
      assert.deepEqual(index.months(2023, 'oldestFirst'), [1, 11]);
      assert.deepEqual(index.months(2023, 'newestFirst'), [11, 1]);
      assert.deepEqual(index.days(2023, 11, 'oldestFirst'), [4, 20]);
      assert.deepEqual(index.days(2023, 11, 'newestFirst'), [20, 4]);
      assert.deepEqual(index.months(1999, 'oldestFirst'), []);
      assert.deepEqual(index.days(2023, 5, 'oldestFirst'), []);
    });

    it('lists the documents of a day by title', () => {
      const index = sample();
      assert.deepEqual(index.documentsOn(2023, 11, 4).map((e) => e.location), ['/c/b.txt', '/c/a.txt']);
      assert.deepEqual(index.documentsOn(2023, 11, 5), []);
    });

    it('counts documents per year, month and day', () => {
      const index = sample();
      assert.equal(index.count(2023), 4);
      assert.equal(index.count(2023, 11), 3);
      assert.equal(index.count(2023, 11, 4), 2);
      assert.equal(index.count(2023, 11, 5), 0);
      assert.equal(index.count(2023, 5), 0);
      assert.equal(index.count(1999), 0);
    });

    it('keeps undated documents apart, by location', () => {
      const index = sample();
      assert.deepEqual(index.undatedDocuments().map((e) => e.location), ['/c/sub/y.txt', '/c/z.txt']);
    });

    it('moves a document when its date changes and drops empty groups', () => {
      const index = sample();
      index.set(entry('/c/d.txt', '2023-11-20'));
      assert.deepEqual(index.months(2023, 'oldestFirst'), [11]);
      assert.equal(index.count(2023, 11, 20), 2);
      index.set(entry('/c/e.txt', null));
      assert.deepEqual(index.years('oldestFirst'), [2023, 2024]);
      assert.equal(index.undatedDocuments().length, 3);
      assert.equal(index.size, 8);
    });

    it('deletes a folder prefix but not a sibling with the same prefix', () => {
      const index = sample();
      index.set(entry('/c/subway.txt', '2024-02-29'));
      index.delete('/c/sub');
      assert.equal(index.get('/c/sub/f.txt'), undefined);
      assert.equal(index.get('/c/sub/y.txt'), undefined);
      assert.ok(index.get('/c/subway.txt'));
      assert.equal(index.count(2024), 1);
      assert.deepEqual(index.undatedDocuments().map((e) => e.location), ['/c/z.txt']);
      index.delete('/c/a.txt');
      assert.deepEqual(index.documentsOn(2023, 11, 4).map((e) => e.location), ['/c/b.txt']);
      index.clear();
      assert.equal(index.size, 0);
      assert.deepEqual(index.years('oldestFirst'), []);
    });

    it('fires one event per update, one per batch, none for an unchanged entry', () => {
      const index = new CorpusIndex();
      const events: string[][] = [];
      const subscription = index.onDidChange((changed) => events.push([...changed].sort()));
      index.set(entry('/c/a.txt', '2023-11-04'));
      assert.deepEqual(events, [['/c/a.txt']]);
      index.set(entry('/c/a.txt', '2023-11-04'));
      assert.equal(events.length, 1, 'an identical entry is no change');
      index.batch(() => {
        index.set(entry('/c/b.txt', '2023-11-05'));
        index.batch(() => index.set(entry('/c/c.txt', null)));
        index.delete('/c/a.txt');
      });
      assert.deepEqual(events, [['/c/a.txt'], ['/c/a.txt', '/c/b.txt', '/c/c.txt']]);
      index.batch(() => undefined);
      assert.equal(events.length, 2, 'an empty batch fires nothing');
      subscription.dispose();
      index.set(entry('/c/d.txt', null));
      assert.equal(events.length, 2);
    });

    it('fires the batch event even when the batch throws', () => {
      const index = new CorpusIndex();
      let fired = 0;
      index.onDidChange(() => fired++);
      assert.throws(() => index.batch(() => {
        index.set(entry('/c/a.txt', null));
        throw new Error('boom');
      }), /boom/);
      assert.equal(fired, 1);
    });

    it('sorts by date, then location, undated last', () => {
      const index = sample();
      assert.deepEqual(index.sorted().map((e) => e.location), [
        '/c/e.txt',
        '/c/d.txt',
        '/c/a.txt',
        '/c/b.txt',
        '/c/c.txt',
        '/c/sub/f.txt',
        '/c/sub/y.txt',
        '/c/z.txt',
      ]);
    });
  });
});
