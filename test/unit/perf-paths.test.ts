// The fast paths taken for performance give exactly what the general code gives:
// summarizeSeed and entryFromBytes against parseSeed and entryFromHead(headText),
// quotations against the original string-based scan, dirty flags against text
// comparisons, the store's reuse of parsed files against fresh reads, and the
// corpus index's folder map against a full scan. No timing here: see npm run bench.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as fc from 'fast-check';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { CorpusIndex, entryFromBytes, entryFromHead, headText, HEAD_CHARS, inSlices, type DocumentEntry } from '../../src/core/corpus/corpusIndex';
import { parseSeed, summarizeSeed } from '../../src/core/format/format';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { AnnotationStore, sidecarLocationFor } from '../../src/core/files/store';
import { addQuote, draftQuote } from '../../src/core/tagging/tagging';
import { MemoryFiles, SEEDS_DIR, SEED_000, readSeed, spanOf } from './helpers/memoryFiles';
import { seededRandom } from '../helpers/random';

const encoder = new TextEncoder();


const WORDS = 'government minister officials talks agreement border security council forces region analysts report économie Київ влада “quoted” «cité» „zitiert“ "straight" U.S. Mr. Dr. e.g. 2024 3.5'.split(' ');
const NAMES = ['Anna Kovalenko', 'Marta Gichko', 'Ivan Müller', 'Олена Петренко', 'Li Chen'];

/** Documents shaped like the bench corpus (dated, malformed, undated, not a seed), with varied paragraphs. */
function generatedDocuments(count: number, seed: number): string[] {
  const r = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = r();
    const eol = r() < 0.15 ? '\r\n' : '\n';
    let text = r() < 0.05 ? '\uFEFF' : '';
    if (roll < 0.6) text += ` date 2023-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')} ${pick(NAMES)}10:09, 04.11.23`;
    else if (roll < 0.7) text += ` date 2023-02-30 ${cap(words(6))}. ${cap(words(5))}.`;
    else if (roll < 0.8) text += ` date sometime ${pick(NAMES)}`;
    else if (roll < 0.85) text += `\tdate 2020-02-29`;
    else if (roll < 0.9) text += `Notes for the desk: ${words(8)}.`;
    else text += ` date 2019-13-01 ${cap(words(3))}`;
    text += eol + eol;
    const paragraphs = 1 + Math.floor(r() * 8);
    for (let p = 0; p < paragraphs; p++) {
      const kind = r();
      if (kind < 0.25) text += cap(words(2 + Math.floor(r() * 5))); // a subheading, perhaps
      else if (kind < 0.3) text += `${' '.repeat(Math.floor(r() * 3))}${cap(words(3))}:`; // ends with a colon: not a subheading
      else if (kind < 0.35) text += `${cap(words(40))}${eol}${words(10)}.`; // two lines
      else text += `${cap(words(10 + Math.floor(r() * 40)))}. ${cap(words(5))}${r() < 0.5 ? '.' : ''}`;
      text += r() < 0.1 ? `${eol} \t${eol}` : eol + eol;
    }
    docs.push(text);
  }
  return docs;
}

/** Hand-picked awkward heads. */
const EDGE_CASES: string[] = [
  '',
  // Line ends that are not LF or CRLF: a CR doubled before an LF, and a lone CR (old Mac files).
  ' date 2024-01-01\r\r\n\nHeading\n\nBody text.',
  ' date 2024-01-01 Lead sentence here.\r\r\n\r\r\nBody.',
  ' date 2024-01-01\rTitle\r\rBody 😀 text.',
  ' date 2024-01-01\n\nHeading\rSecond line\n\nBody.',
  '\uFEFF',
  '\uFEFF\uFEFF date 2024-01-01 Lead text. More.',
  ' date 2024-01-01',
  ' date 2024-01-01\n',
  ' date 2024-01-01 Marta Gichko10:09, 04.11.23',
  ' date 2024-01-01 Marta Gichko10:09, 04.11.23\n\nA heading here\n\nBody text. More text.',
  ' date 2024-01-01 A lead on the header line. Then more.\n\nA heading here',
  ' date 2024-01-01\n\n\u00a0A paragraph led by a no-break space\n\nAnother heading',
  ' date 2024-01-01\n\nA paragraph ending in a no-break space\u00a0\n\nAnother heading',
  ' date 2024-01-01\n\n\u3000\n\nA heading after an ideographic-space line',
  ' date 2024-01-01\n\n\u2028\u2029\n\nA heading after separators',
  ' date 2024-01-01\n\n\uFEFF\n\nA heading after a BOM line',
  ' date 2024-01-01\r\n\r\nA CRLF heading\r\n\r\nBody. Body.\r\n',
  ' date 2024-01-01\n\n\u0000binary',
  'date 2024-01-01 no leading space\n\nHeading',
  ' date\t2024-01-01\tTabbed\n\nHeading',
  ' date 2024-01-01\n\nНовини про переговори у Києві та інших містах країни сьогодні\n\nТекст. Ще текст.',
  ` date 2024-01-01\n\n${'Дуже довгий заголовок '.repeat(5).trim()}\n\nТекст.`,
  ` date 2024-01-01\n\n${'Emoji 😀 heading '.repeat(4).trim()}\n\nText.`,
  ' date 2024-01-01\n\n“A quote that opens, “nests” and closes,” she said.\n\n«Cité» et „zitiert“ and "straight" and " lone',
  ' date 2024-01-01\n\nLine one\nline two of the same paragraph\n\nHeading',
  ' date 2024-01-01\n\n   \n\t\n\nHeading after blank-ish lines   ',
  'Not a seed at all\n\nHeading',
  '\n\n\nHeading only after blank lines',
];

/** Heads that the byte path reads without decoding (ASCII header lines and subheadings), and their neighbours. */
const ASCII_CASES: string[] = [
  // Header lines in ASCII, read on the bytes: bylines that do and do not match, dates valid and not.
  ...[
    'Anna Smith110:09, 04.11.23',
    'Anna Smith 1:09,4.1.2023',
    '10:09, 04.11.23',
    ' \t 1:09, 04.11.23',
    'A 10:09, 04.11.23 \t ',
    'Ann12:3, 04.11.23',
    'Ann12:345, 04.11.23',
    'Ann10:09, 004.11.23',
    'Ann10:09, 04.111.23',
    'Ann10:09, 04.11.23456',
    'Ann10:09, 04.11.2',
    'Ann10:09 04.11.23',
    'Ann10:09,\t\t4.11.23',
    'Ann:09, 04.11.23',
    'A lead on the line ending 10:09, 04.11.23. More',
  ].flatMap((rest) => [` date 2024-01-01 ${rest}`, ` date 2024-01-01 ${rest}\n\nlower case body, then. A Heading`, ` date 2024-01-01 ${rest}\r\n\r\nBody text. More.`]),
  ...['2024-02-29', '2023-02-29', '0000-01-01', '2024-00-10', '2024-13-10', '2024-04-31', '2024-1-10', '2024-01-01x', '2024-01-01\u00a0', '2024/01/01', '１２３４-01-01']
    .flatMap((date) => [` date ${date}`, ` date ${date} Lead. More\n\nHeading`, `\tdate\t\t${date}\t\n\nHeading`, `  date ${date}\n\nHeading`, ` date  ${date}  \n\nHeading`]),
  ' date 2024-01-01\r\r\n\nHeading',
  ' date 2024-01-01 A\rB\n\nHeading',
  ' date 2024-01-01 A\u000bB\n\nHeading',
  ' date 2024-01-01 Müller10:09, 04.11.23\n\nHeading',
  ' date 2024-01-01 ✓ «Lead» „zitiert“ and emoji 😀. More\n\nHeading',
  // Subheadings in ASCII, read on the bytes, and their neighbours in other scripts.
  ...[
    'Ends with a quote."',
    'Ends with a quote?"',
    'Ends. "Then"',
    'Sentence. Then more',
    'Sentence.  Then more',
    'Sentence.\tThen more',
    'Sentence.\u000bThen more',
    'Sentence!\fthen more',
    'Ask? Who knows',
    'Ask? who knows',
    'Ends on a capital. X',
    'OneWord',
    'Two  spaces',
    'Tab\tinside',
    'Lone\rCR inside',
    '9 lives here',
    'lower case start',
    '"Quoted start" here',
    'Mid!Upper case',
    'Ends with a colon:',
    'Ends with a semicolon;',
    'Ends with an ellipsis…',
    'Ends with guillemets.»',
    `${'Word '.repeat(20)}Last`,
    `${'Word '.repeat(19)}Last`,
    'Ünïcode heading here',
    'Emoji 😀 heading',
    'Київ heading',
    'A\u0001control heading',
  ].flatMap((heading) => [` date 2024-01-01\n\n${heading}\n\nBody. Body.`, ` date 2024-01-01 Ann10:09, 04.11.23\r\n\r\nFirst prose here. Second.\r\n\r\n${heading}\r\n`, `\uFEFF date 2024-01-01\n\n  ${heading}  \n`]),
];

function allSeeds(): string[] {
  return fs
    .readdirSync(SEEDS_DIR)
    .filter((n) => n.endsWith('.txt'))
    .map((n) => readSeed(n));
}

function summaryOfParse(text: string): { date: string | null; problem: string | null; title: string } {
  const parsed = parseSeed(text);
  return { date: parsed.header?.date ?? null, problem: parsed.problem, title: parsed.title };
}

/** entryFromBytes must equal entryFromHead over headText, for both sidecar flags. */
function assertSameEntry(bytes: Uint8Array, limit: number, label: string): void {
  for (const hasSidecar of [false, true]) {
    const expected = entryFromHead('/c/doc.txt', headText(bytes, limit), { hasSidecar });
    const actual = entryFromBytes('/c/doc.txt', bytes, limit, { hasSidecar });
    assert.deepEqual(actual, expected, `${label} (hasSidecar ${hasSidecar})`);
  }
}

describe('perf paths: the fast paths give what the general code gives', function () {
  // Thousands of comparisons: on a loaded machine they take seconds (no timing is asserted).
  this.timeout(30_000);
  describe('summarizeSeed ≡ parseSeed (date, problem, title)', () => {
    it('on the seeds', () => {
      for (const text of allSeeds()) assert.deepEqual(summarizeSeed(text), summaryOfParse(text));
    });

    it('on generated documents and awkward heads', () => {
      for (const text of [...generatedDocuments(400, 1), ...EDGE_CASES]) assert.deepEqual(summarizeSeed(text), summaryOfParse(text), JSON.stringify(text.slice(0, 80)));
    });

    it('on random text', () => {
      const piece = fc.constantFrom(' date 2024-01-01 ', 'date ', '\n', '\n\n', '\r\n', '\r', '\r\r\n', ' ', '\t', '\u00a0', '\u2028', '\uFEFF', 'Word', 'word', '. ', ': ', '“', '”', '"', '«', '»', 'Ж', '😀', 'Mr.', 'A');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
          const text = pieces.join('');
          assert.deepEqual(summarizeSeed(text), summaryOfParse(text));
        }),
        { seed: 7, numRuns: 500 },
      );
    });
  });

  describe('entryFromBytes ≡ entryFromHead(headText(bytes))', () => {
    it('on the seeds and generated documents, whole and cut at many limits (mid-character too)', () => {
      const texts = [...allSeeds(), ...generatedDocuments(300, 2), ...EDGE_CASES, ...ASCII_CASES];
      for (const text of texts) {
        const bytes = encoder.encode(text);
        assertSameEntry(bytes, HEAD_CHARS, 'whole');
        for (const limit of [1, 3, 17, 64, 65, 200, 301, 1024]) {
          const cut = bytes.subarray(0, limit);
          assertSameEntry(cut, limit, `cut at ${limit}: ${JSON.stringify(text.slice(0, 40))}`);
        }
      }
    });

    it('on random ASCII header lines and paragraphs (read on the bytes)', () => {
      const headerPiece = fc.constantFrom(' ', '\t', 'date', ' date ', '2024-02-29', '2023-02-29', '2024-01-01', 'Ann', 'Smith', '1', '10', '09', ':', ',', '.', '04.11.23', '10:09, ', 'x', 'Lead. ', 'More');
      const bodyPiece = fc.constantFrom('\n', '\n\n', '\r\n', '\r', '\r\r\n', ' ', '\t', '\u000b', 'Word', 'word', '. ', '! ', '? ', ': ', ';', '"', 'A', '9', 'Mr.', 'U.S.', 'é', '“', '»', '😀');
      fc.assert(
        fc.property(fc.array(headerPiece, { maxLength: 14 }), fc.array(bodyPiece, { maxLength: 50 }), (header, body) => {
          const text = `${header.join('')}\n${body.join('')}`;
          assertSameEntry(encoder.encode(text), HEAD_CHARS, JSON.stringify(text));
        }),
        { seed: 13, numRuns: 3000 },
      );
    });

    it('on invalid UTF-8 and random bytes', () => {
      const byte = fc.oneof(
        fc.constantFrom(0x0a, 0x0d, 0x20, 0x09, 0xc2, 0xa0, 0xe2, 0x80, 0x9c, 0xa8, 0xe3, 0xef, 0xbb, 0xbf, 0xf0, 0x9f, 0xff, 0x41, 0x2e),
        fc.integer({ min: 0, max: 255 }),
      );
      const header = fc.constantFrom('', ' date 2024-01-01 ', ' date 2024-01-01\n\n', '\uFEFF date 2024-02-30 A lead. ', 'date x\n');
      fc.assert(
        fc.property(header, fc.array(byte, { maxLength: 300 }), fc.integer({ min: 1, max: 400 }), (head, tail, limit) => {
          const bytes = new Uint8Array([...encoder.encode(head), ...tail]).subarray(0, limit);
          assertSameEntry(bytes, limit, JSON.stringify([...bytes]));
        }),
        { seed: 11, numRuns: 1000 },
      );
    });
  });

  it('finds the same quotations as the original string-based scan', () => {
    const closers: Record<string, string> = { '“': '”', '"': '"”', '«': '»', '„': '“”' };
    /** The scan as it was before it compared char codes. */
    const reference = (text: string): Array<[string, string, string | null]> => {
      const found: Array<[string, string, string | null]> = [];
      let open = -1;
      let mark = '';
      for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (open < 0) {
          if (!(c in closers)) continue;
          if (c === '"' && (i + 1 >= text.length || /\s/.test(text[i + 1]!))) continue;
          open = i;
          mark = c;
        } else if (closers[mark]!.includes(c) && i > open + 1) {
          found.push([text.slice(open + 1, i), mark, c]);
          open = -1;
        }
      }
      if (open >= 0 && open + 1 < text.length) found.push([text.slice(open + 1), mark, null]);
      return found;
    };
    for (const text of [...allSeeds(), ...generatedDocuments(200, 3), ...EDGE_CASES]) {
      const parsed = parseSeed(text);
      const expected = parsed.paragraphs.flatMap((p) => reference(p.text));
      assert.deepEqual(parsed.quotations.map((q) => [q.text, q.open, q.close]), expected);
    }
  });

  describe('dirty flags', () => {
    const registryFiles = (): Array<{ id: string; text: string }> => {
      const r = Registry.create();
      r.add('Anna Kovalenko', 'person', ['A. Kovalenko']);
      r.add('Red Cross', 'organisation');
      r.setWikidata('red-cross', 'Q1');
      return r.allFiles().map((f) => ({ id: f.actor!, text: f.text }));
    };
    const fresh = (): Registry => {
      const loaded = Registry.load({ legacy: null, actors: registryFiles() });
      if (!loaded.ok) throw new Error('setup');
      return loaded.registry;
    };

    it('a registry read or created is clean; every change makes it dirty; a no-op leaves it clean', () => {
      assert.equal(Registry.create().dirty, false);
      assert.equal(fresh().dirty, false);
      const changes: Array<[string, (r: Registry) => unknown, boolean]> = [
        ['add', (r) => r.add('Li Chen', 'person'), true],
        ['addAlias new', (r) => r.addAlias('anna-kovalenko', 'Anya'), true],
        ['addAlias known', (r) => r.addAlias('anna-kovalenko', 'a. kovalenko'), false],
        ['setKind other', (r) => r.setKind('red-cross', 'other'), true],
        ['setKind same', (r) => r.setKind('red-cross', 'organisation'), false],
        ['setWikidata new', (r) => r.setWikidata('anna-kovalenko', 'Q5'), true],
        ['setWikidata same', (r) => r.setWikidata('red-cross', 'Q1'), false],
        ['setWikidata remove', (r) => r.setWikidata('red-cross', null), true],
        ['setWikidata remove absent', (r) => r.setWikidata('anna-kovalenko', null), false],
        ['rename', (r) => r.rename('red-cross', 'ICRC'), true],
        ['merge', (r) => r.merge('red-cross', 'anna-kovalenko'), true],
      ];
      for (const [name, change, changes_] of changes) {
        const r = fresh();
        const before = JSON.stringify(r.allFiles());
        change(r);
        assert.equal(r.dirty, changes_, name);
        assert.equal(JSON.stringify(r.allFiles()) !== before, changes_, `${name}: the text changes exactly when dirty`);
        r.markClean();
        assert.equal(r.dirty, false);
      }
    });

    it('a sidecar read or created is clean; every change makes it dirty; a no-op leaves it clean', () => {
      const text = readSeed(SEED_000);
      const base = Sidecar.create('doc.txt', 'h1');
      addQuote(base, draftQuote(text, spanOf(text, 'peace formula')), 'anna');
      base.addMention({ id: 'm-1', actor: 'anna', anchor: createAnchor(text, 10, 20) });
      const yaml = base.toString();
      const fresh = (): Sidecar => {
        const loaded = Sidecar.parse(yaml);
        if (!loaded.ok) throw new Error('setup');
        return loaded.sidecar;
      };
      assert.equal(Sidecar.create('x.txt', null).dirty, false);
      assert.equal(fresh().dirty, false);
      const changes: Array<[string, (s: Sidecar) => unknown, boolean]> = [
        ['addQuote', (s) => addQuote(s, draftQuote(text, spanOf(text, 'behind closed doors')), null), true],
        ['addMention', (s) => s.addMention({ id: 'm-2', actor: 'x', anchor: createAnchor(text, 30, 40) }), true],
        ['remove', (s) => s.remove('m-1'), true],
        ['remove absent', (s) => s.remove('nope'), false],
        ['setAnchor', (s) => s.setAnchor('m-1', createAnchor(text, 11, 20)), true],
        ['setAnchor same', (s) => s.setAnchor('m-1', createAnchor(text, 10, 20)), false],
        ['renameActor', (s) => s.renameActor('anna', 'anna-k'), true],
        ['renameActor unused', (s) => s.renameActor('nobody', 'x'), false],
        ['setContentHash', (s) => s.setContentHash('h2'), true],
        ['setContentHash same', (s) => s.setContentHash('h1'), false],
      ];
      for (const [name, change, changes_] of changes) {
        const s = fresh();
        const before = s.toString();
        change(s);
        assert.equal(s.dirty, changes_, name);
        assert.equal(s.toString() !== before, changes_, `${name}: the text changes exactly when dirty`);
      }
    });
  });

  describe('store: reuse of parsed files', () => {
    const DOC = `/corpus/news/${SEED_000}`;
    const REGISTRY = '/corpus/actors.yaml';
    const TEXT = readSeed(SEED_000);
    const setup = (): { files: MemoryFiles; store: AnnotationStore } => {
      const files = new MemoryFiles();
      return { files, store: new AnnotationStore(files, () => REGISTRY) };
    };
    const quote = (needle: string) => (sidecar: Sidecar) => addQuote(sidecar, draftQuote(TEXT, spanOf(TEXT, needle)), null);

    it('keeps the parsed registry while its bytes are unchanged, and reads a hand edit', async () => {
      const { files, store } = setup();
      await store.edit(DOC, null, (sidecar, registry) => {
        registry.add('Anna Kovalenko', 'person');
        quote('peace formula')(sidecar);
      });
      const first = await store.registryAt(REGISTRY);
      await store.edit(DOC, null, quote('behind closed doors'));
      const second = await store.registryAt(REGISTRY);
      assert.ok(first.status === 'ok' && second.status === 'ok');
      assert.equal(second.registry, first.registry, 'same bytes: the same parsed registry');
      const anna = REGISTRY.replace(/actors\.yaml$/, 'actors/anna-kovalenko.yaml');
      files.put(anna, `${files.text(anna)!}# a hand-written comment\n`);
      await store.edit(DOC, null, (_sidecar, registry) => registry.addAlias('anna-kovalenko', 'Anya'));
      assert.match(files.text(anna)!, /# a hand-written comment/, 'the hand edit survives');
      assert.match(files.text(anna)!, /Anya/);
    });

    it('never reuses a registry changed outside an edit: the file is read again', async () => {
      const { files, store } = setup();
      await store.edit(DOC, null, (_s, registry) => registry.add('Anna Kovalenko', 'person'));
      const state = await store.registryAt(REGISTRY);
      assert.ok(state.status === 'ok');
      state.registry.add('Stray Actor', 'person'); // changed in memory, never written
      await store.edit(DOC, null, quote('peace formula'));
      await store.edit(DOC, null, (_s, registry) => registry.addAlias('anna-kovalenko', 'Anya'));
      assert.equal(files.text(REGISTRY.replace(/actors\.yaml$/, 'actors/stray-actor.yaml')), null);
      assert.match(files.text(REGISTRY.replace(/actors\.yaml$/, 'actors/anna-kovalenko.yaml'))!, /Anya/);
    });

    it('writes only the files an edit changed', async () => {
      const { files, store } = setup();
      await store.edit(DOC, null, (sidecar, registry) => {
        registry.add('Anna Kovalenko', 'person');
        quote('peace formula')(sidecar);
      });
      files.writes.length = 0;
      await store.edit(DOC, null, quote('behind closed doors'));
      assert.deepEqual(files.writes, [sidecarLocationFor(DOC)]);
      files.writes.length = 0;
      await store.edit(DOC, null, (_s, registry) => registry.setKind('anna-kovalenko', 'person'));
      assert.deepEqual(files.writes, [], 'a no-op edit writes nothing');
    });

    it('a failed edit leaves the cached sidecar as the file holds it', async () => {
      const { files, store } = setup();
      await store.edit(DOC, null, quote('peace formula'));
      const onDisk = files.text(sidecarLocationFor(DOC));
      await assert.rejects(
        store.edit(DOC, null, (sidecar) => {
          quote('behind closed doors')(sidecar);
          throw new Error('the edit fails after changing the sidecar');
        }),
      );
      assert.equal(files.text(sidecarLocationFor(DOC)), onDisk);
      const state = store.peekSidecar(DOC);
      assert.ok(state?.status === 'ok');
      assert.equal(state.sidecar.value.quotes.length, 1);
      assert.equal(state.sidecar.toString(), onDisk);
      await store.edit(DOC, null, quote('behind closed doors'));
      assert.equal(Sidecar.parse(files.text(sidecarLocationFor(DOC))!).ok, true);
      const after = store.peekSidecar(DOC);
      assert.ok(after?.status === 'ok');
      assert.equal(after.sidecar.value.quotes.length, 2);
    });

    it('reads a sidecar changed by hand since the last edit', async () => {
      const { files, store } = setup();
      await store.edit(DOC, null, quote('peace formula'));
      files.put(sidecarLocationFor(DOC), `${files.text(sidecarLocationFor(DOC))!}# kept\n`);
      await store.edit(DOC, null, quote('behind closed doors'));
      assert.match(files.text(sidecarLocationFor(DOC))!, /# kept/);
    });
  });

  describe('corpus index', () => {
    const entry = (location: string, date: string | null): DocumentEntry => ({ location, date, problem: date ? null : 'no date', title: location.slice(-12), headerLine: '' });

    it('deletes folders and misses exactly as a scan of every entry would', () => {
      const folders = ['/c', '/c/a', '/c/a/b', '/c/ab', '/c/a/b/c', 'file:///w', 'file:///w/x', '/c/a//d'];
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...folders), fc.integer({ min: 0, max: 9 }), fc.boolean()), { maxLength: 60 }), fc.array(fc.constantFrom(...folders, '/c/', '/c/a/', '/', '/nope', '/c/a/b/c/1.txt'), { maxLength: 6 }), (docs, deletes) => {
          const index = new CorpusIndex();
          const reference = new Map<string, DocumentEntry>();
          for (const [folder, n, dated] of docs) {
            const e = entry(`${folder}/${n}.txt`, dated ? `2024-0${1 + (n % 9)}-1${n % 9}` : null);
            index.set(e);
            reference.set(e.location, e);
          }
          for (const target of deletes) {
            index.delete(target);
            if (reference.has(target)) reference.delete(target);
            else {
              const prefix = target.endsWith('/') ? target : `${target}/`;
              for (const key of [...reference.keys()]) if (key.startsWith(prefix)) reference.delete(key);
            }
            assert.deepEqual([...index.all()].map((e) => e.location).sort(), [...reference.keys()].sort(), `after delete ${target}`);
            const undated = [...reference.values()].filter((e) => !e.date).map((e) => e.location).sort();
            assert.deepEqual(index.undatedDocuments().map((e) => e.location), undated);
          }
        }),
        { seed: 3, numRuns: 300 },
      );
    });

    it('keeps undatedDocuments sorted and current through sets, replacements and deletes', () => {
      const index = new CorpusIndex();
      index.set(entry('/c/b.txt', null));
      index.set(entry('/c/a.txt', null));
      assert.deepEqual(index.undatedDocuments().map((e) => e.location), ['/c/a.txt', '/c/b.txt']);
      index.undatedDocuments().pop(); // a caller's copy: the index is not changed
      assert.equal(index.undatedDocuments().length, 2);
      index.set(entry('/c/a.txt', '2024-01-01'));
      assert.deepEqual(index.undatedDocuments().map((e) => e.location), ['/c/b.txt']);
      index.set(entry('/c/0.txt', null));
      index.delete('/c/b.txt');
      assert.deepEqual(index.undatedDocuments().map((e) => e.location), ['/c/0.txt']);
      index.clear();
      assert.deepEqual(index.undatedDocuments(), []);
    });

    it('inSlices runs every step, in batches, yielding between them', async () => {
      const index = new CorpusIndex();
      const events: number[] = [];
      index.onDidChange((changed) => events.push(changed.size));
      let clock = 0;
      let pauses = 0;
      const entries = Array.from({ length: 2000 }, (_, i) => entry(`/c/${Math.floor(i / 200)}/${i}.txt`, null));
      // A clock that advances 1 ms per read, and it is read every 64 steps: a slice is 8 × 64 steps.
      await inSlices(index, entries.length, (i) => index.set(entries[i]!), async () => void pauses++, () => clock++);
      assert.equal(index.size, 2000);
      assert.equal(pauses, 3, 'yields between slices');
      assert.equal(events.length, pauses + 1, 'one change event per slice');
      assert.equal(events.reduce((a, b) => a + b, 0), 2000);
      index.delete('/c/3');
      assert.equal(index.size, 1800);
    });
  });
});
