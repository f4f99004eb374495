import * as assert from 'node:assert/strict';
import { CONTEXT_LENGTH, anchorHolds, contains, contentHash, contentHashMatches, createAnchor, overlaps, recordedLength } from '../../src/core/anchoring/anchor';
import { CodePointMap } from '../../src/core/text/text';
import { SEED_000, SEED_002, readSeed, spanOf } from './helpers/memoryFiles';

describe('anchor', () => {
  describe('createAnchor', () => {
    const text = `${'a'.repeat(50)}TARGET${'b'.repeat(50)}`;

    it('keeps CONTEXT_LENGTH code points of context on each side', () => {
      assert.equal(CONTEXT_LENGTH, 32);
      const anchor = createAnchor(text, 50, 56);
      assert.deepEqual(anchor, { start: 50, end: 56, exact: 'TARGET', prefix: 'a'.repeat(32), suffix: 'b'.repeat(32) });
    });

    it('cuts the context at the edges of the text', () => {
      const atStart = createAnchor(text, 0, 3);
      assert.equal(atStart.prefix, '');
      assert.equal(atStart.exact, 'aaa');
      assert.equal(atStart.suffix.length, 32);
      const atEnd = createAnchor(text, text.length - 2, text.length);
      assert.equal(atEnd.suffix, '');
      assert.equal(atEnd.exact, 'bb');
      assert.equal(atEnd.prefix, 'b'.repeat(32)); // code points 72..104 all lie after TARGET (50..56)
      const near = createAnchor('xyTARGETz', 2, 8);
      assert.deepEqual(near, { start: 2, end: 8, exact: 'TARGET', prefix: 'xy', suffix: 'z' });
      const whole = createAnchor('abc', 0, 3);
      assert.deepEqual(whole, { start: 0, end: 3, exact: 'abc', prefix: '', suffix: '' });
    });

    it('clamps offsets to the text and orders reversed ones', () => {
      assert.deepEqual(createAnchor('abcdef', 4, 2), { start: 2, end: 4, exact: 'cd', prefix: 'ab', suffix: 'ef' });
      assert.deepEqual(createAnchor('abcdef', -3, 99), { start: 0, end: 6, exact: 'abcdef', prefix: '', suffix: '' });
    });

    it('counts context and offsets in code points with emoji', () => {
      const emoji = '😀'.repeat(40);
      const t = `${emoji}“hi”${emoji}`;
      const anchor = createAnchor(t, 41, 43);
      assert.equal(anchor.exact, 'hi');
      assert.equal(anchor.prefix, `${'😀'.repeat(31)}“`);
      assert.equal([...anchor.prefix].length, 32);
      assert.equal(anchor.suffix, `”${'😀'.repeat(31)}`);
      assert.ok(anchorHolds(new CodePointMap(t), anchor));
      // Never splits a surrogate pair.
      for (const s of [anchor.prefix, anchor.suffix]) assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(s));
    });

    it('accepts a CodePointMap', () => {
      const s000 = readSeed(SEED_000);
      const span = spanOf(s000, 'peace formula');
      assert.deepEqual(createAnchor(new CodePointMap(s000), span.start, span.end), createAnchor(s000, span.start, span.end));
      assert.equal(createAnchor(s000, span.start, span.end).prefix, 'According to him, the basis of the “'.slice(-32));
    });
  });

  describe('anchorHolds', () => {
    it('is true while the exact text is at the offsets, false after an edit before it', () => {
      const s002 = readSeed(SEED_002);
      const span = spanOf(s002, 'incredibly serious mistake');
      const anchor = createAnchor(s002, span.start, span.end);
      assert.equal(anchorHolds(new CodePointMap(s002), anchor), true);
      assert.equal(anchorHolds(new CodePointMap(`X${s002}`), anchor), false);
      // An astral character before the span moves it by one code point.
      const edited = s002.replace('Last week', '😀Last week');
      assert.equal(anchorHolds(new CodePointMap(edited), anchor), false);
      assert.equal(anchorHolds(new CodePointMap(edited), { ...anchor, start: anchor.start + 1, end: anchor.end + 1 }), true);
    });

    it('is false when the text became shorter than the anchor', () => {
      const anchor = createAnchor('hello world', 6, 11);
      assert.equal(anchorHolds(new CodePointMap('hello'), anchor), false);
      assert.equal(anchorHolds(new CodePointMap('hello world'), anchor), true);
    });
  });

  describe('overlaps and contains', () => {
    it('overlaps when at least one code point is shared', () => {
      assert.equal(overlaps({ start: 0, end: 5 }, { start: 4, end: 8 }), true);
      assert.equal(overlaps({ start: 0, end: 5 }, { start: 5, end: 8 }), false);
      assert.equal(overlaps({ start: 2, end: 3 }, { start: 0, end: 9 }), true);
      assert.equal(overlaps({ start: 6, end: 9 }, { start: 0, end: 5 }), false);
    });

    it('contains includes both ends', () => {
      assert.equal(contains({ start: 2, end: 5 }, 2), true);
      assert.equal(contains({ start: 2, end: 5 }, 5), true);
      assert.equal(contains({ start: 2, end: 5 }, 1), false);
      assert.equal(contains({ start: 2, end: 5 }, 6), false);
    });
  });

  describe('contentHash', () => {
    it('keeps the values sidecars already hold, and has the documented shape', () => {
      // Pinned when the format was fixed: a changed hash function would make every committed sidecar look stale
      // (a text without emoji keeps its hash; one with emoji gets its length in code points, see below).
      assert.equal(contentHash(''), 'fnv1a:811c9dc55ad1e806:0');
      assert.equal(contentHash('She said: “we will hold”'), 'fnv1a:8c20cfa4408403af:24');
      const s000 = readSeed(SEED_000);
      assert.match(contentHash(s000), /^fnv1a:[0-9a-f]{16}:\d+$/);
      assert.ok(contentHash(s000).endsWith(`:${s000.length}`));
    });

    it('counts the length in code points (an emoji is one), and still matches a hash written with the length in UTF-16 units', () => {
      const text = 'She said: “we will hold” 😀';
      assert.equal(contentHash(text), 'fnv1a:5bfb06d9864186a7:26');
      assert.equal(recordedLength(contentHash(`${text}🇺🇦`)), 28);
      assert.ok(contentHashMatches('fnv1a:5bfb06d9864186a7:26', text));
      assert.ok(contentHashMatches('fnv1a:5bfb06d9864186a7:27', text)); // as sidecars written before hold it
      assert.ok(!contentHashMatches('fnv1a:5bfb06d9864186a7:25', text));
      assert.ok(!contentHashMatches('fnv1a:5bfb06d9864186a7:27', `${text}!`));
      assert.ok(!contentHashMatches(null, text));
    });

    it('is the same for CRLF and LF line ends', () => {
      assert.equal(contentHash('a\r\nb'), contentHash('a\nb'));
      assert.notEqual(contentHash('a\r\nb'), contentHash('a b'));
    });

    it('gives back the recorded length (code points of the anchor text), or nothing for no hash', () => {
      assert.equal(recordedLength(contentHash('She said: “we will hold” 😀')), 26);
      assert.equal(recordedLength(contentHash('a\r\nb')), 3);
      assert.equal(recordedLength(contentHash('')), 0);
      assert.equal(recordedLength(null), undefined);
      assert.equal(recordedLength(undefined), undefined);
      assert.equal(recordedLength('fnv1a:811c9dc55ad1e806'), undefined);
    });

    it('differs for different texts, even of the same length', () => {
      const seen = new Set<string>();
      const texts = ['', 'a', 'b', 'ab', 'ba', 'abc', 'acb', readSeed(SEED_000), readSeed(SEED_002), readSeed(SEED_000).replace('Marta', 'Marte')];
      for (const t of texts) seen.add(contentHash(t));
      assert.equal(seen.size, texts.length);
      for (let i = 0; i < 1000; i++) seen.add(contentHash(`line ${i}`));
      assert.equal(seen.size, texts.length + 1000);
    });
  });
});
