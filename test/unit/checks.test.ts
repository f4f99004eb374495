// The corpus checks (src/core/corpus/checks.ts): each check fires on a crafted case, stays quiet on a
// clean one, and positions its problem in the right file, line and column (code points).
import * as assert from 'node:assert/strict';
import { createAnchor, type Anchor } from '../../src/core/anchoring/anchor';
import {
  checkDocument,
  checkOrphanSidecar,
  checkRegistry,
  formatProblem,
  headerOf,
  PROBLEM_CODES,
  type DocumentCheckInput,
  type Problem,
} from '../../src/core/corpus/checks';
import { documentLocationForSidecar } from '../../src/core/files/store';
import { parseSeed } from '../../src/core/format/format';
import { anchorText } from '../../src/core/text/lineEnds';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

const DOC = '/corpus/a/doc.txt';
const SIDECAR = '/corpus/a/doc.annotations.yaml';

// Line 3 starts with two astral emoji, so UTF-16 columns and code-point columns differ by 2.
const TEXT = ' date 2023-11-04 Marta Gichko10:09, 04.11.23\n\n😀😀 Putin said “no deal” twice, “no deal”.\n';
const LINE3 = TEXT.indexOf('😀'); // UTF-16 offset of line 3 (no astral characters before it)

/** Code-point offset of the `nth` occurrence of `needle` in TEXT. */
function at(needle: string, nth = 0, text = TEXT): number {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `${needle} not found`);
  return [...text.slice(0, i)].length;
}

function anchorOf(needle: string, nth = 0, text = TEXT): Anchor {
  const start = at(needle, nth, text);
  return createAnchor(text, start, start + [...needle].length);
}

function registry(): Registry {
  const loaded = Registry.parse('version: 1\nactors:\n  putin:\n    name: Vladimir Putin\n    kind: person\n');
  assert.ok(loaded.ok);
  return loaded.registry;
}

function sidecarWith(build: (s: Sidecar) => void, document = 'doc.txt'): Sidecar {
  const s = Sidecar.create(document, null);
  build(s);
  return s;
}

function run(sidecar: Sidecar | null, overrides: Partial<DocumentCheckInput> = {}): Problem[] {
  return checkDocument({
    location: DOC,
    text: TEXT,
    sidecar: sidecar ? { status: 'ok', sidecar, location: SIDECAR } : { status: 'missing', location: SIDECAR },
    registry: registry(),
    registryName: 'actors.yaml',
    ...overrides,
  });
}

const brief = (p: Problem): string => `${p.location === DOC ? 'doc' : p.location === SIDECAR ? 'sidecar' : p.location}:${p.line}:${p.column} ${p.severity} ${p.code}`;

describe('checks', () => {
  it('reports nothing for a clean document and sidecar', () => {
    const clean = sidecarWith((s) => {
      s.addQuote({ id: 'q-1', speaker: 'putin', cue: 'said', direct: true, anchor: anchorOf('no deal') });
      s.addQuote({ id: 'q-2', speaker: 'putin', cue: 'said', direct: true, anchor: anchorOf('no deal', 1) });
      s.addMention({ id: 'm-1', actor: 'putin', anchor: anchorOf('Putin') });
    });
    assert.deepEqual(run(clean), []);
    assert.deepEqual(run(null), []);
  });

  it('exposes stable codes', () => {
    assert.deepEqual([...PROBLEM_CODES], [
      'date-missing', 'date-invalid', 'quote-no-speaker', 'unknown-actor', 'overlap', 'anchor-mismatch',
      'sidecar-orphan', 'sidecar-invalid', 'registry-invalid', 'file-unreadable', 'merge-conflict', 'merge-disagreement',
    ]);
  });

  describe('date-missing / date-invalid', () => {
    it('reports a missing header on line 1, column 1', () => {
      const problems = run(null, { text: 'Just a note.\n\nNo header here.\n' });
      assert.deepEqual(problems.map(brief), ['doc:1:1 error date-missing']);
      assert.match(problems[0]!.message, /no date header/);
      assert.equal(problems[0]!.endColumn, 13);
    });

    it('reports an empty document as missing its date', () => {
      assert.deepEqual(run(null, { text: '' }).map(brief), ['doc:1:1 error date-missing']);
    });

    it('positions an impossible date on its token', () => {
      const problems = run(null, { text: ' date 2023-02-30 Lead.\n' });
      assert.deepEqual(problems.map(brief), ['doc:1:7 error date-invalid']);
      assert.equal(problems[0]!.message, 'impossible date 2023-02-30: February 2023 has 28 days');
      assert.equal(problems[0]!.endColumn, 17);
    });

    it('positions a malformed date after a BOM without counting it', () => {
      const problems = run(null, { text: '\uFEFF date 4.11.2023 Lead.\r\n' });
      assert.deepEqual(problems.map(brief), ['doc:1:7 error date-invalid']);
      assert.match(problems[0]!.message, /malformed date/);
    });

    it('accepts a valid date, a leap day included', () => {
      assert.deepEqual(run(null, { text: ' date 2024-02-29 Lead.\n' }), []);
    });
  });

  describe('quote-no-speaker', () => {
    it('fires on a quote without a speaker, at the quote, in code points', () => {
      const s = sidecarWith((x) => x.addQuote({ id: 'q-1', speaker: null, cue: 'said', direct: true, anchor: anchorOf('no deal') }));
      const problems = run(s);
      assert.deepEqual(problems.map(brief), ['doc:3:16 warning quote-no-speaker']);
      // UTF-16 would say column 18: two emoji are two code points but four code units.
      assert.equal(TEXT.slice(LINE3).indexOf('no deal') + 1, 18);
      assert.equal(problems[0]!.endLine, 3);
      assert.equal(problems[0]!.endColumn, 23);
      assert.equal(problems[0]!.annotationId, 'q-1');
    });
  });

  describe('unknown-actor', () => {
    it('fires on a speaker and on a mention actor missing from the registry', () => {
      const s = sidecarWith((x) => {
        x.addQuote({ id: 'q-1', speaker: 'kremlin', cue: 'said', direct: true, anchor: anchorOf('no deal', 1) });
        x.addMention({ id: 'm-1', actor: 'putin-v', anchor: anchorOf('Putin') });
      });
      const problems = run(s);
      assert.deepEqual(problems.map(brief), ['doc:3:4 error unknown-actor', 'doc:3:33 error unknown-actor']);
      assert.equal(problems[0]!.message, 'mention m-1: actor “putin-v” is not in actors.yaml');
      assert.equal(problems[1]!.message, 'quote q-1: speaker “kremlin” is not in actors.yaml');
    });

    it('is not checked when the registry cannot be read', () => {
      const s = sidecarWith((x) => x.addMention({ id: 'm-1', actor: 'putin-v', anchor: anchorOf('Putin') }));
      assert.deepEqual(run(s, { registry: null }), []);
    });
  });

  describe('overlap', () => {
    it('fires on a duplicate and on an overlap of the same kind, at the later one', () => {
      const start = at('no deal');
      const s = sidecarWith((x) => {
        x.addQuote({ id: 'q-1', speaker: 'putin', cue: 'said', direct: true, anchor: anchorOf('no deal') });
        x.addQuote({ id: 'q-2', speaker: 'putin', cue: 'said', direct: true, anchor: anchorOf('no deal') });
        x.addMention({ id: 'm-1', actor: 'putin', anchor: createAnchor(TEXT, at('Putin'), at('Putin') + 5) });
        x.addMention({ id: 'm-2', actor: 'putin', anchor: createAnchor(TEXT, at('Putin') + 2, at('Putin') + 10) });
      });
      const problems = run(s);
      assert.deepEqual(problems.map(brief), ['doc:3:6 warning overlap', 'doc:3:16 warning overlap']);
      assert.equal(problems[0]!.message, `mention m-2 overlaps mention m-1 (${at('Putin') + 2}–${at('Putin') + 10} and ${at('Putin')}–${at('Putin') + 5})`);
      assert.equal(problems[1]!.message, `quote q-2 duplicates quote q-1 (same span ${start}–${start + 7})`);
      assert.equal(problems[1]!.annotationId, 'q-2');
    });

    it('does not fire on a quote and a mention that overlap (different kinds)', () => {
      const s = sidecarWith((x) => {
        x.addQuote({ id: 'q-1', speaker: 'putin', cue: 'said', direct: false, anchor: createAnchor(TEXT, at('Putin'), at('twice')) });
        x.addMention({ id: 'm-1', actor: 'putin', anchor: anchorOf('Putin') });
      });
      assert.deepEqual(run(s), []);
    });
  });

  describe('anchor-mismatch', () => {
    it('fires when the exact text is no longer at the offsets', () => {
      const moved = { ...anchorOf('no deal', 1), start: at('no deal', 1) - 1, end: at('no deal', 1) + 6 };
      const s = sidecarWith((x) => x.addQuote({ id: 'q-1', speaker: 'putin', cue: 'said', direct: true, anchor: moved }));
      const problems = run(s);
      assert.deepEqual(problems.map(brief), ['doc:3:32 error anchor-mismatch']);
      assert.equal(problems[0]!.message, `quote q-1: expected “no deal” at ${moved.start}–${moved.end} but found ““no dea”`);
    });

    it('fires when the anchor runs past the end of the document, positioned at the end', () => {
      const s = sidecarWith((x) => x.addMention({ id: 'm-1', actor: 'putin', anchor: { start: 500, end: 505, exact: 'Putin', prefix: '', suffix: '' } }));
      const problems = run(s);
      assert.deepEqual(problems.map(brief), ['doc:4:1 error anchor-mismatch']);
      assert.match(problems[0]!.message, /found the end of the document/);
    });
  });

  describe('sidecar-orphan', () => {
    it('fires on a sidecar whose document is missing, on line 1 of the sidecar', () => {
      const s = Sidecar.create('gone.txt', null);
      const problems = checkOrphanSidecar({ location: '/corpus/a/gone.annotations.yaml', documentExists: false, sidecar: { status: 'ok', sidecar: s } });
      assert.deepEqual(problems.map(brief), ['/corpus/a/gone.annotations.yaml:1:1 error sidecar-orphan']);
      assert.equal(problems[0]!.message, 'orphan sidecar: its document gone.txt is missing');
    });

    it('does not fire when the document exists', () => {
      assert.deepEqual(checkOrphanSidecar({ location: SIDECAR, documentExists: true }), []);
    });

    it('also reports a document field that climbs out of the folder, on its line', () => {
      const text = 'version: 1\noffsetUnit: codepoint\ndocument: ../../etc/passwd\nquotes: []\nmentions: []\n';
      const loaded = Sidecar.parse(text);
      assert.ok(loaded.ok);
      const problems = checkOrphanSidecar({ location: '/corpus/a/x.annotations.yaml', documentExists: false, sidecar: { status: 'ok', sidecar: loaded.sidecar }, sidecarText: text });
      assert.deepEqual(problems.map(brief), ['/corpus/a/x.annotations.yaml:1:1 error sidecar-orphan', '/corpus/a/x.annotations.yaml:3:1 error sidecar-orphan']);
      assert.match(problems[1]!.message, /points outside the sidecar's folder/);
    });

    it('fires on a document field that does not match the file name, and on one that points outside', () => {
      const wrong = sidecarWith(() => undefined, 'other.txt');
      const text = '# comment\nversion: 1\ndocument: other.txt\n';
      assert.deepEqual(run(wrong, { sidecarText: text }).map(brief), ['sidecar:3:1 warning sidecar-orphan']);
      for (const name of ['../doc.txt', '/etc/passwd', 'C:\\doc.txt', 'file:///doc.txt', './doc.txt']) {
        const problems = run(sidecarWith(() => undefined, name));
        assert.deepEqual(problems.map(brief), ['sidecar:1:1 error sidecar-orphan'], name);
        assert.match(problems[0]!.message, /outside/);
      }
    });

    it('maps a sidecar to the document beside it', () => {
      assert.equal(documentLocationForSidecar('/c/x/a.b.annotations.yaml'), '/c/x/a.b.txt');
    });
  });

  describe('sidecar-invalid / registry-invalid', () => {
    it('reports sidecar problems on the sidecar with their line and column', () => {
      const text = 'version: 1\ndocument: doc.txt\noffsetUnit: utf16\nquotes: oops\n';
      const loaded = Sidecar.parse(text);
      assert.ok(!loaded.ok);
      const problems = run(null, { sidecar: { status: 'broken', problems: loaded.problems, location: SIDECAR }, sidecarText: text });
      assert.deepEqual(problems.map(brief), ['sidecar:3:13 error sidecar-invalid', 'sidecar:4:9 error sidecar-invalid']);
      assert.match(problems[0]!.message, /^sidecar: unknown offset unit "utf16"/);
    });

    it('reports YAML syntax errors, columns in code points', () => {
      const text = 'version: 1\ndocument: "😀😀" x: [\n';
      const loaded = Sidecar.parse(text);
      assert.ok(!loaded.ok);
      const problems = run(null, { sidecar: { status: 'broken', problems: loaded.problems, location: SIDECAR }, sidecarText: text });
      assert.ok(problems.length > 0);
      assert.ok(problems.every((p) => p.code === 'sidecar-invalid' && p.location === SIDECAR));
      // The parser counts UTF-16 units: "Unexpected scalar token" after the two emoji is at unit 18, code point 16.
      const scalar = loaded.problems.findIndex((p) => /Unexpected scalar/.test(p.message));
      assert.ok(scalar >= 0);
      assert.equal(loaded.problems[scalar]!.column, 18);
      assert.equal(problems[scalar]!.line, 2);
      assert.equal(problems[scalar]!.column, 16);
    });

    it('reports registry problems on the registry', () => {
      const text = 'version: 1\nactors:\n  putin:\n    name: Vladimir Putin\n    kind: tsar\n';
      const loaded = Registry.parse(text);
      assert.ok(!loaded.ok);
      const problems = checkRegistry('/corpus/actors.yaml', loaded.problems, text);
      assert.deepEqual(problems.map(brief), ['/corpus/actors.yaml:5:11 error registry-invalid']);
      assert.match(problems[0]!.message, /kind must be person/);
    });
  });

  it('formats a problem as path:line:col: severity: message [code]', () => {
    const [p] = run(null, { text: ' date 2023-02-30\n' });
    assert.equal(formatProblem(p!, 'seeds/x.txt'), 'seeds/x.txt:1:7: error: impossible date 2023-02-30: February 2023 has 28 days [date-invalid]');
  });

  it('sorts problems by line and column', () => {
    const s = sidecarWith((x) => {
      x.addQuote({ id: 'q-2', speaker: null, cue: null, direct: true, anchor: anchorOf('no deal', 1) });
      x.addQuote({ id: 'q-1', speaker: 'nobody', cue: null, direct: true, anchor: anchorOf('no deal') });
    });
    const problems = run(s, { text: TEXT.replace('2023-11-04', '2023-13-01') });
    assert.deepEqual(problems.map(brief), ['doc:1:7 error date-invalid', 'doc:3:16 error unknown-actor', 'doc:3:33 warning quote-no-speaker']);
  });
});

describe('checks: the header read from the first line alone', () => {
  // Texts written for this test: valid, impossible and missing dates, a lead on the header line,
  // a byline, emoji before the date, blank and empty first lines, CRLF, a BOM, NUL bytes after the header.
  const texts = [
    ' date 2023-11-04\n\nThe council met on Tuesday.\n',
    ' date 2023-13-01 The lead sits on the header line.\n\nMore.\n',
    'date 2024-02-30\nNo leading space.',
    ' date 2021-05-05 By Ana Ruiz\n\n“We will,” she said.\n',
    ' date 🙂 2023-11-04\n\nbody\n',
    ' date \n\nbody',
    'Just a title\n\nNo header here.\n',
    '\n date 2023-11-04\n',
    '',
    '\n',
    ' date 2023-11-04\r\n\r\nWindows line ends.\r\n',
    '\ufeff date 2023-11-04\n\nA byte-order mark.\n',
    ' date 2023-11-04\n\nA NUL \u0000 in the body.\n',
    ' date 2023-11-04',
    ' date 2023-11-04 By 😀 Ana Ruiz 10:00\n\n“Yes,” she said.\n',
    ' date 2023-13-01 😀 a lead “quoted” 😀\n\nbody\n',
    ' date 2023-11-04 😀😀 Title only',
  ];
  for (const raw of texts) {
    it(`finds what parseSeed finds for ${JSON.stringify(raw.slice(0, 24))}`, () => {
      const text = anchorText(raw);
      const whole = parseSeed(text);
      const head = headerOf(text);
      assert.deepEqual(head.header, whole.header);
      assert.equal(head.problem, whole.problem);
    });
  }
});

