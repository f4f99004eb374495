import * as assert from 'node:assert/strict';
import {
  TITLE_MAX,
  dateProblem,
  firstSentence,
  formatLongDate,
  looksLikeSeed,
  monthName,
  parseSeed,
  truncate,
  type SeedDocument,
} from '../../src/core/format/format';
import { CodePointMap, stripBom } from '../../src/core/text/text';
import { SEED_000, SEED_002, readSeed } from './helpers/memoryFiles';

/** Checks every span of a parsed document against the text it came from. */
function assertSpansSliceText(raw: string, doc: SeedDocument): void {
  const map = new CodePointMap(stripBom(raw));
  assert.equal(doc.length, map.length);
  for (const p of doc.paragraphs) assert.equal(map.slice(p.start, p.end), p.text, `paragraph at ${p.start}`);
  for (const q of doc.quotations) {
    assert.equal(map.slice(q.inner.start, q.inner.end), q.text, `quotation at ${q.start}`);
    assert.equal(map.slice(q.start, q.inner.start), q.open);
    if (q.close !== null) {
      assert.equal(q.inner.end + 1, q.end);
      assert.equal(map.slice(q.inner.end, q.end), q.close);
    } else {
      assert.equal(q.inner.end, q.end);
    }
  }
  if (doc.header) {
    assert.equal(map.slice(doc.header.dateSpan.start, doc.header.dateSpan.end), doc.header.dateText);
    assert.equal(map.slice(doc.header.restSpan.start, doc.header.restSpan.end), doc.header.rest);
  }
}

describe('format', () => {
  describe('seed 000 (byline header)', () => {
    const raw = readSeed(SEED_000);
    const doc = parseSeed(raw);

    it('reads the header date and the byline', () => {
      assert.ok(doc.header);
      assert.equal(doc.problem, null);
      assert.equal(doc.header.dateText, '2023-11-04');
      assert.equal(doc.header.date, '2023-11-04');
      assert.equal(doc.header.problem, null);
      assert.deepEqual(doc.header.byline, { author: 'Marta Gichko', time: '10:09', stamp: '04.11.23' });
      assert.equal(doc.header.rest, 'Marta Gichko10:09, 04.11.23');
      // " date " is six code points, then the ten-character date, a space and the byline.
      assert.deepEqual(doc.header.dateSpan, { start: 6, end: 16 });
      assert.deepEqual(doc.header.restSpan, { start: 17, end: 44 });
      assert.equal(doc.hasBom, false);
      assert.equal(doc.eol, '\n');
    });

    it('has no lead paragraph (the header holds a byline) and one subheading', () => {
      const kinds = doc.paragraphs.map((p) => p.kind);
      assert.deepEqual(kinds, ['body', 'body', 'body', 'body', 'body', 'body', 'body', 'body', 'subheading', 'body', 'body']);
      assert.equal(doc.paragraphs[0]!.text, 'These discussions are informal for now, but their urgency will increase over the next few months.');
      assert.equal(doc.paragraphs[8]!.text, 'Is Ukraine negotiating with the Russian Federation?');
      assert.ok(doc.paragraphs[10]!.text.startsWith('At the same time, the odious ex-adviser'));
      assert.ok(doc.paragraphs[10]!.text.endsWith('massive attacks on infrastructure.'));
    });

    it('takes the subheading as the title', () => {
      assert.equal(doc.title, 'Is Ukraine negotiating with the Russian Federation?');
    });

    it('finds exactly the two quotations with their inner text', () => {
      assert.deepEqual(
        doc.quotations.map((q) => [q.open, q.text, q.close]),
        [
          ['“', 'behind closed doors', '”'],
          ['“', 'peace formula', '”'],
        ],
      );
      const i = raw.indexOf('“behind closed doors”');
      assert.equal(doc.quotations[0]!.start, i); // the seed is all BMP: code points = UTF-16 units
      assert.equal(doc.quotations[0]!.inner.start, i + 1);
      assert.equal(doc.quotations[0]!.end, i + '“behind closed doors”'.length);
    });

    it('gives spans that slice back to their text', () => {
      assertSpansSliceText(raw, doc);
      assert.equal(doc.length, [...raw].length);
    });
  });

  describe('seed 002 (lead text on the header line)', () => {
    const raw = readSeed(SEED_002);
    const doc = parseSeed(raw);

    it('reads the date and the lead text', () => {
      assert.ok(doc.header);
      assert.equal(doc.header.date, '2022-11-06');
      assert.equal(doc.header.byline, null);
      assert.ok(doc.header.rest.startsWith('The United States government is engaging in private discussions'));
      assert.ok(doc.header.rest.endsWith('to show openness to continue negotiation with Russia.'));
      const lead = doc.paragraphs[0]!;
      assert.equal(lead.kind, 'lead');
      assert.equal(lead.text, doc.header.rest);
      assert.equal(lead.start, 17);
      assert.deepEqual(doc.header.restSpan, { start: lead.start, end: lead.end });
    });

    it('classifies the paragraphs', () => {
      assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['lead', 'body', 'body', 'subheading', 'body', 'body']);
      assert.equal(doc.paragraphs[3]!.text, 'Biden warns Russia over nuclear threat');
    });

    it('takes the subheading as the title', () => {
      assert.equal(doc.title, 'Biden warns Russia over nuclear threat');
    });

    it('finds every quotation, including the one opened with a straight mark and closed with a curly one', () => {
      assert.deepEqual(
        doc.quotations.map((q) => [q.open, q.text, q.close]),
        [
          ['“', 'familiar with the discussions', '”'],
          ['“', 'Ukraine fatigue is a real thing for some of our partners.', '”'],
          ['“', 'The Kremlin has demonstrated its unwillingness to seriously engage in negotiations since even before it launched its full-scale invasion of Ukraine,', '”'],
          ['“', 'incredibly serious mistake', '”'],
          ['“', 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon,', '”'],
          ['"', 'He (Putin) does not know what dignity and honesty are. Therefore, we are ready for a dialogue with Russia, but with another president of Russia.', '”'],
        ],
      );
    });

    it('does not take apostrophes for quotation marks', () => {
      assert.ok(raw.includes('Russia’s') && raw.includes("Ukraine's"));
      assert.ok(doc.quotations.every((q) => q.open !== '’' && q.open !== "'"));
    });

    it('gives spans that slice back to their text; the last quotation ends the file', () => {
      assertSpansSliceText(raw, doc);
      const last = doc.quotations[doc.quotations.length - 1]!;
      assert.equal(last.end, doc.length);
      assert.ok(!raw.endsWith('\n'));
    });
  });

  describe('offsets', () => {
    it('counts code points: an emoji before a quotation shifts it by one, not two', () => {
      const raw = ' date 2024-01-02 x\n\n😀 “hi there” she said.';
      const doc = parseSeed(raw);
      assert.equal(doc.quotations.length, 1);
      const q = doc.quotations[0]!;
      const expectedInnerStart = [...raw].indexOf('h'); // 23: the emoji is one code point
      assert.equal(expectedInnerStart, 23);
      assert.notEqual(raw.indexOf('hi there'), expectedInnerStart); // UTF-16 would say 24
      assert.deepEqual(q.inner, { start: 23, end: 31 });
      assert.deepEqual({ start: q.start, end: q.end }, { start: 22, end: 32 });
      assert.equal(q.text, 'hi there');
      assert.equal(doc.length, raw.length - 1);
      assertSpansSliceText(raw, doc);
    });

    it('does not count a byte-order mark', () => {
      const raw = '\uFEFF date 2023-11-04 Marta Gichko10:09, 04.11.23\n\n“Hi,” she said.';
      const doc = parseSeed(raw);
      assert.equal(doc.hasBom, true);
      assert.equal(doc.header?.date, '2023-11-04');
      assert.deepEqual(doc.header?.dateSpan, { start: 6, end: 16 });
      assert.equal(doc.header?.byline?.author, 'Marta Gichko');
      assert.deepEqual(doc.quotations[0]!.inner, { start: 47, end: 50 });
      assert.equal(doc.quotations[0]!.text, 'Hi,');
      assert.equal(doc.length, raw.length - 1);
      assertSpansSliceText(raw, doc);
    });

    it('counts every line end of a CRLF document as one LF, as on the LF copy', () => {
      const lf = ' date 2023-11-04 Lead text here.\n\nShe said “yes” today.\nSecond line “more”.\n\nHeading Here\n';
      const raw = lf.replace(/\n/g, '\r\n');
      const doc = parseSeed(raw);
      assert.equal(doc.eol, '\r\n');
      assert.equal(doc.header?.rest, 'Lead text here.');
      assert.deepEqual(doc.header?.restSpan, { start: 17, end: 32 });
      assert.deepEqual(
        doc.paragraphs.map((p) => [p.kind, p.start, p.end]),
        [
          ['lead', 17, 32],
          ['body', 34, 75],
          ['subheading', 77, 89],
        ],
      );
      assert.equal(doc.paragraphs[1]!.text, 'She said “yes” today.\nSecond line “more”.');
      assert.deepEqual(doc.quotations.map((q) => [q.inner.start, q.inner.end, q.text]), [
        [44, 47, 'yes'],
        [69, 73, 'more'],
      ]);
      assert.equal(doc.title, 'Heading Here');
      const { eol: _eol, ...rest } = doc;
      const { eol: _lfEol, ...lfRest } = parseSeed(lf);
      assert.deepEqual(rest, lfRest);
      assertSpansSliceText(lf, doc);
    });
  });

  describe('dates', () => {
    const cases: Array<[string, boolean]> = [
      ['2023-02-30', false],
      ['2023-02-28', true],
      ['2023-13-01', false],
      ['2023-00-10', false],
      ['2023-04-31', false],
      ['2023-12-31', true],
      ['2023-01-00', false],
      ['2024-02-29', true],
      ['2023-02-29', false],
      ['1900-02-29', false],
      ['2000-02-29', true],
      ['0000-01-01', false],
    ];
    for (const [date, valid] of cases) {
      it(`${date} is ${valid ? 'a real date' : 'impossible'}`, () => {
        const problem = dateProblem(date);
        if (valid) assert.equal(problem, null);
        else assert.match(problem ?? '', /^impossible date/);
        const doc = parseSeed(` date ${date} Some lead text.`);
        assert.ok(doc.header, 'a header is still recognised');
        assert.equal(doc.header.dateText, date);
        assert.equal(doc.header.date, valid ? date : null);
        assert.equal(doc.problem === null, valid);
      });
    }

    it('explains why a date is impossible', () => {
      assert.match(dateProblem('2023-02-30')!, /February 2023 has 28 days/);
      assert.match(dateProblem('1900-02-29')!, /February 1900 has 28 days/);
      assert.match(dateProblem('2023-13-01')!, /no month 13/);
    });

    for (const bad of ['2023-1-5', '2023/11/04', '04.11.2023', 'tomorrow', '20231104', '2023-11-04x']) {
      it(`rejects the malformed date “${bad}”`, () => {
        assert.match(dateProblem(bad)!, /^malformed date/);
        const doc = parseSeed(` date ${bad} Lead.`);
        assert.equal(doc.header?.dateText, bad);
        assert.equal(doc.header?.date, null);
        assert.match(doc.problem!, /malformed date/);
      });
    }

    it('formats long dates', () => {
      assert.equal(formatLongDate('2023-11-04'), 'Saturday, 4 November 2023');
      assert.equal(formatLongDate('2022-11-06'), 'Sunday, 6 November 2022');
      assert.equal(formatLongDate('2024-02-29'), 'Thursday, 29 February 2024');
      assert.equal(formatLongDate('2000-01-01'), 'Saturday, 1 January 2000');
    });

    it('names months', () => {
      assert.equal(monthName(1), 'January');
      assert.equal(monthName(11), 'November');
      assert.equal(monthName(13), '13');
    });
  });

  describe('documents that are not (quite) seeds', () => {
    it('reports a missing header and still finds paragraphs', () => {
      const doc = parseSeed('Hello world. More text.\n\nSecond paragraph “with a quote”.');
      assert.equal(doc.header, null);
      assert.match(doc.problem!, /no date header/);
      assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['body', 'body']);
      assert.equal(doc.title, 'Hello world.');
      assert.equal(doc.quotations[0]!.text, 'with a quote');
    });

    it('does not take a later line starting with "date" for a header', () => {
      const doc = parseSeed('Intro line.\n\ndate 2024-01-01 not a header\n');
      assert.equal(doc.header, null);
      assert.match(doc.problem!, /no date header/);
      const seed = parseSeed(' date 2023-11-04 x\n\ndate 2024-01-01 not a header either\n');
      assert.equal(seed.header?.date, '2023-11-04');
      assert.equal(seed.paragraphs[1]!.text, 'date 2024-01-01 not a header either');
      assert.equal(seed.paragraphs[1]!.kind, 'body');
      assert.equal(parseSeed('\n date 2023-11-04 x').header, null);
    });

    it('handles an empty file and a file holding only a byte-order mark', () => {
      for (const raw of ['', '\uFEFF']) {
        const doc = parseSeed(raw);
        assert.equal(doc.header, null);
        assert.match(doc.problem!, /empty/);
        assert.deepEqual(doc.paragraphs, []);
        assert.deepEqual(doc.quotations, []);
        assert.equal(doc.length, 0);
        assert.equal(doc.hasBom, raw.length === 1);
      }
    });

    it('refuses binary content (NUL bytes) without throwing', () => {
      const raw = ' date 2023-11-04 x\n\n\u0000\u0001\u0002“binary”\uFFFD';
      const doc = parseSeed(raw);
      assert.equal(doc.header, null);
      assert.match(doc.problem!, /NUL/);
      assert.deepEqual(doc.paragraphs, []);
      assert.deepEqual(doc.quotations, []);
      assert.equal(doc.length, raw.length);
    });

    it('accepts a header with a date only', () => {
      const doc = parseSeed(' date 2023-11-04\n\nBody text.');
      assert.equal(doc.header?.date, '2023-11-04');
      assert.equal(doc.header?.rest, '');
      assert.deepEqual(doc.paragraphs.map((p) => p.kind), ['body']);
      assert.equal(doc.title, 'Body text.');
    });
  });

  describe('quotation marks', () => {
    it('pairs «…» and „…“', () => {
      const raw = ' date 2023-11-04 x\n\nEr sagte „Guten Tag“ und «bonjour» dann.';
      const doc = parseSeed(raw);
      assert.deepEqual(doc.quotations.map((q) => [q.open, q.text, q.close]), [
        ['„', 'Guten Tag', '“'],
        ['«', 'bonjour', '»'],
      ]);
      assertSpansSliceText(raw, doc);
    });

    it('pairs straight marks and ignores a straight mark followed by a space', () => {
      const doc = parseSeed(' date 2023-11-04 x\n\nHe is 6" tall and said "fine" twice.');
      assert.deepEqual(doc.quotations.map((q) => q.text), ['fine']);
    });

    it('runs an unclosed quotation to the end of its paragraph, not beyond', () => {
      const raw = ' date 2023-11-04 x\n\nShe said “this runs on\nacross a line.\n\nNext paragraph “closed” here.';
      const doc = parseSeed(raw);
      assert.equal(doc.quotations.length, 2);
      const [open, closed] = doc.quotations;
      assert.equal(open!.close, null);
      assert.equal(open!.text, 'this runs on\nacross a line.');
      assert.equal(open!.end, doc.paragraphs[1]!.end);
      assert.equal(closed!.text, 'closed');
      assert.equal(closed!.close, '”');
      assertSpansSliceText(raw, doc);
    });
  });

  describe('robustness', () => {
    it('parses a 100,000-character line', () => {
      const words = 'word '.repeat(20_000);
      const raw = ` date 2024-01-02 ${words}\n\nAfter “quoted” text.`;
      assert.ok(raw.length > 100_000);
      const doc = parseSeed(raw);
      assert.equal(doc.header?.date, '2024-01-02');
      assert.equal(doc.paragraphs[0]!.kind, 'lead');
      assert.equal(doc.paragraphs[0]!.text, words.trimEnd());
      assert.ok(doc.title.length <= TITLE_MAX);
      assert.ok(doc.title.endsWith('…'));
      assert.deepEqual(doc.quotations.map((q) => q.text), ['quoted']);
    });

    it('parses a 100,000-character body line of abbreviations and quotes', () => {
      const line = 'U.S. “A.” '.repeat(10_000);
      const doc = parseSeed(` date 2024-01-02 x\n\n${line}`);
      assert.equal(doc.paragraphs.length, 2);
      assert.equal(doc.quotations.length, 10_000);
      assert.ok(doc.quotations.every((q) => q.text === 'A.'));
    });
  });

  describe('looksLikeSeed', () => {
    it('recognises header lines', () => {
      assert.equal(looksLikeSeed(' date 2023-11-04 x'), true);
      assert.equal(looksLikeSeed('date 2023-11-04'), true);
      assert.equal(looksLikeSeed('\uFEFF date 2023-02-30'), true);
      assert.equal(looksLikeSeed('\tdate\t2023'), true);
      assert.equal(looksLikeSeed('  date 2023-11-04'), false);
      assert.equal(looksLikeSeed('dated 2023-11-04'), false);
      assert.equal(looksLikeSeed('Intro\n date 2023-11-04'), false);
      assert.equal(looksLikeSeed(''), false);
    });
  });

  describe('firstSentence and truncate', () => {
    it('does not end a sentence at an abbreviation', () => {
      assert.equal(firstSentence('Mr. Smith met U.S. officials in Kyiv. Then he left.'), 'Mr. Smith met U.S. officials in Kyiv.');
      assert.equal(firstSentence('Dr. Who? Yes.'), 'Dr. Who?');
      assert.equal(firstSentence('U.S. President Joe Biden warned Russia. It listened.'), 'U.S. President Joe Biden warned Russia.');
    });

    it('keeps a closing quotation mark with the sentence and flattens lines', () => {
      assert.equal(firstSentence('He said “Go.” Then he left.'), 'He said “Go.”');
      assert.equal(firstSentence('One\nline  here. Two.'), 'One line here.');
      assert.equal(firstSentence('No sentence end here'), 'No sentence end here');
      assert.equal(firstSentence('Ends with 3.5 million. Next'), 'Ends with 3.5 million.');
    });

    it('truncates at a word with an ellipsis', () => {
      assert.equal(truncate('short', 10), 'short');
      const cut = truncate('alpha beta gamma delta epsilon', 20);
      assert.ok(cut.length <= 20);
      assert.equal(cut, 'alpha beta gamma…');
    });
  });
});
