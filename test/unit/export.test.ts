// The quote export (src/core/exports/quoteTable.ts): RFC 4180 CSV and JSON Lines, checked against
// output written out by hand, and the rows built from index entries, sidecars and the registry.
import * as assert from 'node:assert/strict';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { exportTargetProblem } from '../../src/core/exports/exportFormats';
import { buildQuoteRows, csvField, exportQuotes, QUOTE_COLUMNS, type QuoteRow } from '../../src/core/exports/quoteTable';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

const ROWS: QuoteRow[] = [
  {
    date: '2023-11-04', document: 'seeds/a.txt', id: 'q-1', speaker: 'zelensky', speakerName: 'Volodymyr Zelensky',
    actorKind: 'person', cue: 'said', mode: 'direct', text: 'We will not trade, ever.', start: 10, end: 34,
  },
  {
    date: '2023-11-04', document: 'seeds/a.txt', id: 'q-2', speaker: 'nbc-news', speakerName: 'NBC News',
    actorKind: 'media', cue: 'according to', mode: 'indirect', text: 'a "quiet" nudge', start: 40, end: 55,
  },
  {
    date: null, document: 'notes/b c.txt', id: 'q-3', speaker: null, speakerName: null,
    actorKind: null, cue: null, mode: 'direct', text: 'line one\r\nline two 🇺🇦\nthree', start: 0, end: 27,
  },
];

describe('export', () => {
  it('writes RFC 4180 CSV: header, CRLF, quoted fields only where needed, doubled quotes', () => {
    const expected =
      'date,document,id,speaker,speakerName,actorKind,cue,mode,text,start,end\r\n' +
      '2023-11-04,seeds/a.txt,q-1,zelensky,Volodymyr Zelensky,person,said,direct,"We will not trade, ever.",10,34\r\n' +
      '2023-11-04,seeds/a.txt,q-2,nbc-news,NBC News,media,according to,indirect,"a ""quiet"" nudge",40,55\r\n' +
      ',notes/b c.txt,q-3,,,,,direct,"line one\r\nline two 🇺🇦\nthree",0,27\r\n';
    assert.equal(exportQuotes(ROWS, 'csv'), expected);
  });

  it('writes only the header for no rows', () => {
    assert.equal(exportQuotes([], 'csv'), `${QUOTE_COLUMNS.join(',')}\r\n`);
    assert.equal(exportQuotes([], 'jsonl'), '');
  });

  it('quotes a field with a comma, a quote, CR or LF, and nothing else', () => {
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('a\rb'), '"a\rb"');
    assert.equal(csvField('a\nb'), '"a\nb"');
    assert.equal(csvField('😀 plain; text'), '😀 plain; text');
    assert.equal(csvField(''), '');
    assert.equal(csvField(null), '');
    assert.equal(csvField(42), '42');
  });

  it('writes JSON Lines that parse back to the rows, keys in column order', () => {
    const out = exportQuotes(ROWS, 'jsonl');
    assert.equal(
      out.split('\n')[0],
      '{"type":"quote","date":"2023-11-04","document":"seeds/a.txt","id":"q-1","speaker":"zelensky","speakerName":"Volodymyr Zelensky","actorKind":"person","cue":"said","mode":"direct","text":"We will not trade, ever.","start":10,"end":34}',
    );
    assert.equal(
      out.split('\n')[2],
      '{"type":"quote","date":null,"document":"notes/b c.txt","id":"q-3","speaker":null,"speakerName":null,"actorKind":null,"cue":null,"mode":"direct","text":"line one\\r\\nline two 🇺🇦\\nthree","start":0,"end":27}',
    );
    assert.ok(out.endsWith('}\n'));
    const lines = out.split('\n').filter(Boolean);
    assert.equal(lines.length, 3);
    assert.deepEqual(lines.map((l) => JSON.parse(l)), ROWS.map((r) => ({ type: 'quote', ...r })));
  });

  it('escapes U+2028 and U+2029 in JSON Lines so that no line splits', () => {
    const row = { ...ROWS[0]!, text: 'a\u2028b\u2029c' };
    const out = exportQuotes([row], 'jsonl');
    assert.ok(!/[\u2028\u2029]/.test(out));
    assert.equal(JSON.parse(out).text, 'a\u2028b\u2029c');
  });

  it('builds rows from entries, sidecars and the registry, ordered by date (undated last), document, start', () => {
    const text = ' date 2023-11-04 Lead.\n\n😀 Putin said “no deal”, then “maybe”.\n';
    const span = (needle: string) => {
      const i = [...text.slice(0, text.indexOf(needle))].length;
      return createAnchor(text, i, i + [...needle].length);
    };
    const s1 = Sidecar.create('a.txt', null);
    s1.addQuote({ id: 'q-late', speaker: 'putin', cue: null, direct: false, anchor: span('maybe') });
    s1.addQuote({ id: 'q-early', speaker: 'putin', cue: 'said', direct: true, anchor: span('no deal') });
    const s2 = Sidecar.create('b.txt', null);
    s2.addQuote({ id: 'q-x', speaker: 'ghost', cue: 'said', direct: true, anchor: span('no deal') });
    const s3 = Sidecar.create('c.txt', null);
    s3.addQuote({ id: 'q-u', speaker: null, cue: null, direct: true, anchor: span('Putin') });
    const loaded = Registry.parse('version: 1\nactors:\n  putin:\n    name: Vladimir Putin\n    kind: person\n');
    assert.ok(loaded.ok);
    const rows = buildQuoteRows(
      [
        { date: null, path: 'undated.txt', sidecar: s3 },
        { date: '2023-11-04', path: 'z/b.txt', sidecar: s2 },
        { date: '2023-11-04', path: 'a.txt', sidecar: s1 },
        { date: '2001-01-01', path: 'old.txt', sidecar: null },
      ],
      loaded.registry,
    );
    const noDeal = [...text.slice(0, text.indexOf('no deal'))].length;
    assert.equal(noDeal, 38); // the emoji is one code point
    assert.deepEqual(
      rows.map((r) => [r.date, r.document, r.id, r.speaker, r.speakerName, r.actorKind, r.cue, r.mode, r.text, r.start, r.end]),
      [
        ['2023-11-04', 'a.txt', 'q-early', 'putin', 'Vladimir Putin', 'person', 'said', 'direct', 'no deal', 38, 45],
        ['2023-11-04', 'a.txt', 'q-late', 'putin', 'Vladimir Putin', 'person', null, 'indirect', 'maybe', 54, 59],
        ['2023-11-04', 'z/b.txt', 'q-x', 'ghost', null, null, 'said', 'direct', 'no deal', 38, 45],
        [null, 'undated.txt', 'q-u', null, null, null, null, 'direct', 'Putin', 26, 31],
      ],
    );
    assert.equal(buildQuoteRows([{ date: '2023-11-04', path: 'a.txt', sidecar: s1 }], null)[0]!.speakerName, null);
  });
});

describe('export targets (exportTargetProblem)', () => {
  const corpus = { root: '/c/corpus', registryLocation: '/c/corpus/actors.yaml', documents: ['/c/corpus/a.txt', '/c/corpus/news/b.txt'] };
  const file = { target: 'file' as const, label: 'CSV' };
  const folder = { target: 'folder' as const, label: 'brat standoff' };

  it('lets a file export go anywhere but over a document, its sidecar or the registry', () => {
    assert.equal(exportTargetProblem(file, '/home/me/Downloads/quotes.csv', corpus), null);
    assert.equal(exportTargetProblem(file, '/c/corpus/quotes.csv', corpus), null, 'a new file the user chose');
    assert.match(exportTargetProblem(file, '/c/corpus/news/b.txt', corpus)!, /^Nothing was exported: \/c\/corpus\/news\/b\.txt is a document of the corpus.* Choose another file\.$/);
    assert.match(exportTargetProblem(file, '/c/corpus/news/b.annotations.yaml', corpus)!, /is a sidecar of the corpus/);
    assert.match(exportTargetProblem(file, '/c/corpus/actors.yaml', corpus)!, /is the corpus's actor registry/);
  });

  it('sends a folder export to a new folder outside the corpus, never one that holds its documents', () => {
    assert.equal(exportTargetProblem(folder, '/home/me/Downloads/corpus-brat', corpus), null);
    assert.equal(exportTargetProblem(folder, '/c/corpus-brat', corpus), null, 'a sibling whose name starts like the corpus');
    for (const inside of ['/c/corpus', '/c/corpus/', '/c/corpus/brat', '/c/corpus/news/out']) {
      assert.match(exportTargetProblem(folder, inside, corpus)!, /goes to a new folder outside the corpus/, inside);
    }
    assert.match(exportTargetProblem(folder, '/c', corpus)!, /^Nothing was exported: \/c holds the corpus's documents\. Choose a new folder for the brat standoff export\.$/);
  });
});
