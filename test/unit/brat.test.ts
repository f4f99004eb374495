// The brat standoff export (src/core/exports/brat.ts): a fixed expected .ann for a small document with astral
// characters before its spans and a quote across a line break (written as two fragments), the same
// with a BOM (brat counts it), and the reader that re-finds every span, on the fixture and on seeds/.
import * as assert from 'node:assert/strict';
import { readSeedRegistry } from './helpers/memoryFiles';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { bratFragments, readBratAnn, toBratAnn } from '../../src/core/exports/brat';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { CodePointMap, stripBom } from '../../src/core/text/text';

const repoRoot = path.resolve(__dirname, '../../..');

/** Code points: 23–24 the flag, 33 🙂, 35 Zelensky, 51–81 the quote (a line break at 64), 83 Biden, 113–133. */
const TEXT =
  ' date 2024-03-01 Peace 🇺🇦 talks\n\n🙂 Zelensky said: “We will hold,\nand we will win.” Biden agreed.\n\nOfficials said the front would hold.\n';

function registry(): Registry {
  const r = Registry.parse(`version: 1
actors:
  biden: {name: Joe Biden, kind: person, wikidata: Q6279}
  us-officials: {name: US officials, kind: other}
  zelensky: {name: Volodymyr Zelenskyy, kind: person, wikidata: Q3874799}
  kyiv-post: {name: Kyiv Post, kind: media}
`);
  if (!r.ok) throw new Error('bad registry');
  return r.registry;
}

function sidecar(text = TEXT): Sidecar {
  const plain = stripBom(text);
  const s = Sidecar.create('a.txt', null);
  s.addQuote({ id: 'q-1', speaker: 'zelensky', cue: 'said', direct: true, anchor: createAnchor(plain, 51, 81) });
  s.addQuote({ id: 'q-2', speaker: 'us-officials', cue: 'said', direct: false, anchor: createAnchor(plain, 113, 133) });
  s.addMention({ id: 'm-zel', actor: 'zelensky', anchor: createAnchor(plain, 35, 43) });
  s.addMention({ id: 'm-biden', actor: 'biden', anchor: createAnchor(plain, 83, 88) });
  return s;
}

/** Written out by hand: T ids in text order, then relations, attributes and notes. */
const EXPECTED = [
  'T1\tPerson 35 43\tZelensky',
  'T2\tQuote 51 64;65 81\tWe will hold, and we will win.',
  'T3\tPerson 83 88\tBiden',
  'T4\tQuote 113 133\tthe front would hold',
  'R1\tSpeaker Arg1:T2 Arg2:T1',
  'A1\tDirect T2',
  '#1\tAnnotatorNotes T1\tid: m-zel; actor: zelensky; wikidata: Q3874799; name: Volodymyr Zelenskyy',
  '#2\tAnnotatorNotes T2\tid: q-1; cue: said',
  '#3\tAnnotatorNotes T3\tid: m-biden; actor: biden; wikidata: Q6279; name: Joe Biden',
  '#4\tAnnotatorNotes T4\tid: q-2; cue: said; speaker: US officials (us-officials)',
  '',
].join('\n');

/** Every span of the .ann re-found in the text, and nothing wrong: what brat itself would check. */
function assertValid(text: string, ann: string): ReturnType<typeof readBratAnn> {
  const read = readBratAnn(text, ann);
  assert.deepEqual(read.problems, []);
  const chars = [...text];
  for (const tb of read.textBounds) {
    assert.equal(tb.fragments.map(([s, e]) => chars.slice(s, e).join('')).join(' '), tb.text, tb.id);
    for (const [s, e] of tb.fragments) assert.ok(!/[\r\n\u2028\u2029\u0085]/.test(chars.slice(s, e).join('')), `${tb.id}: no line break`);
  }
  return read;
}

describe('brat', () => {
  it('exports the fixture exactly as written out by hand', () => {
    const { ann, skipped } = toBratAnn(TEXT, sidecar(), registry());
    assert.deepEqual(skipped, []);
    assert.equal(ann, EXPECTED);
  });

  it('shifts every offset by one for a document with a BOM, as brat counts it', () => {
    const withBom = `\uFEFF${TEXT}`;
    const { ann } = toBratAnn(withBom, sidecar(withBom), registry());
    const shifted = EXPECTED.replace(/(\t\S+ )([\d ;]+)(\t)/g, (_m, a: string, spans: string, c: string) => a + spans.replace(/\d+/g, (n) => String(Number(n) + 1)) + c);
    assert.ok(shifted.includes('T2\tQuote 52 65;66 82\t'));
    assert.equal(ann, shifted);
    assertValid(withBom, ann);
  });

  it('reads its own output back: every span equals the document text at its offsets', () => {
    const read = assertValid(TEXT, toBratAnn(TEXT, sidecar(), registry()).ann);
    assert.deepEqual(read.textBounds.map((t) => t.type), ['Person', 'Quote', 'Person', 'Quote']);
    assert.deepEqual(read.relations, [{ id: 'R1', type: 'Speaker', arg1: 'T2', arg2: 'T1' }]);
    assert.deepEqual(read.attributes, [{ id: 'A1', type: 'Direct', target: 'T2', value: null }]);
    assert.equal(read.notes.length, 4);
  });

  it('splits at CRLF, CR and U+2028, trimming white space at the break, and drops empty fragments', () => {
    const text = 'one two  \r\n  three\rfour\u2028\n\nfive';
    const points = new CodePointMap(text);
    const fragments = bratFragments(points, 0, points.length);
    assert.deepEqual(fragments.map(([s, e]) => points.slice(s, e)), ['one two', 'three', 'four', 'five']);
    const sc = Sidecar.create('x.txt', null);
    // The sidecar counts each line end as one LF; brat counts the file's CR too.
    const anchorText = 'one two  \n  three\nfour\u2028\n\nfive';
    sc.addQuote({ id: 'q', speaker: null, cue: null, direct: false, anchor: createAnchor(anchorText, 0, [...anchorText].length) });
    const { ann } = toBratAnn(text, sc, null);
    assert.equal(ann, 'T1\tQuote 0 7;13 18;19 23;26 30\tone two three four five\n#1\tAnnotatorNotes T1\tid: q\n');
    assertValid(text, ann);
  });

  it('reports what brat would refuse', () => {
    const bad = [
      'T1\tQuote 0 5\tdate!', // wrong text
      'T2\tQuote 51 81\tWe will hold,\nand', // a line break inside the span (the line is cut, too)
      'T3\tPerson 35 43;43 50\tZelensky  said: ', // fragments touch
      'R1\tSpeaker Arg1:T9 Arg2:T1',
      'T1\tPerson 35 43\tZelensky',
    ].join('\n');
    const problems = readBratAnn(TEXT, bad).problems.join('\n');
    for (const p of [/T1: text “date!” does not match/, /T2: fragment 51 81 holds a line break/, /T3: fragments overlap or touch/, /R1: argument T9/, /duplicate id T1/]) {
      assert.match(problems, p);
    }
  });

  it('notes the speaker when no mention of it exists, ignores mentions inside the quote, picks the nearest', () => {
    const text = ' date 2024-01-01\n\nBiden said: “Biden is fine.” Later Biden said: “Fine.”\n';
    const sc = Sidecar.create('x.txt', null);
    const at = (s: string, from = 0): number => [...text.slice(0, text.indexOf(s, from))].length;
    const inner1 = at('Biden is fine');
    sc.addQuote({ id: 'q-a', speaker: 'biden', cue: 'said', direct: true, anchor: createAnchor(text, inner1, inner1 + 14) });
    const inner2 = at('Fine.”');
    sc.addQuote({ id: 'q-b', speaker: 'biden', cue: 'said', direct: true, anchor: createAnchor(text, inner2, inner2 + 5) });
    sc.addQuote({ id: 'q-c', speaker: 'kyiv-post', cue: null, direct: true, anchor: createAnchor(text, inner2, inner2 + 4) });
    for (const [id, s] of [['m-1', at('Biden said')], ['m-2', inner1], ['m-3', at('Biden said', inner1 + 20)]] as const) {
      sc.addMention({ id, actor: 'biden', anchor: createAnchor(text, s, s + 5) });
    }
    const read = assertValid(text, toBratAnn(text, sc, registry()).ann);
    const tOf = (start: number, end: number): string => read.textBounds.find((t) => t.fragments[0]![0] === start && t.fragments[0]![1] === end)!.id;
    assert.deepEqual(read.relations.map((r) => [r.arg1, r.arg2]), [
      [tOf(inner1, inner1 + 14), tOf(at('Biden said'), at('Biden said') + 5)],
      [tOf(inner2, inner2 + 5), tOf(at('Biden said', inner1 + 20), at('Biden said', inner1 + 20) + 5)],
    ]);
    assert.ok(read.notes.some((n) => n.text === 'id: q-c; speaker: Kyiv Post (kyiv-post)'));
  });

  it('skips an annotation whose anchor no longer holds', () => {
    const { ann, skipped } = toBratAnn(TEXT.replace('Biden', 'Obama'), sidecar(), registry());
    assert.match(skipped.join('\n'), /^m-biden: its anchor no longer matches/);
    assert.ok(!ann.includes('Obama'));
  });

  it('exports the real seeds, and the reader re-finds every span', () => {
    const seedsDir = path.join(repoRoot, 'seeds');
    const reg = { registry: readSeedRegistry() };
    for (const f of fs.readdirSync(seedsDir).filter((x) => x.endsWith('.txt'))) {
      const text = fs.readFileSync(path.join(seedsDir, f), 'utf8');
      const sc = Sidecar.parse(fs.readFileSync(path.join(seedsDir, f.replace(/\.txt$/, '.annotations.yaml')), 'utf8'));
      assert.ok(sc.ok);
      const { ann, skipped } = toBratAnn(text, sc.sidecar, reg.registry);
      assert.deepEqual(skipped, [], f);
      const read = assertValid(text, ann);
      assert.equal(read.textBounds.length, sc.sidecar.value.quotes.length + sc.sidecar.value.mentions.length, f);
      assert.equal(read.textBounds.filter((t) => t.type === 'Quote').length, sc.sidecar.value.quotes.length);
      assert.equal(read.attributes.length, sc.sidecar.value.quotes.filter((q) => q.direct).length);
      // Every quote's speaker is linked to a mention or named in a note.
      const quotesT = read.textBounds.filter((t) => t.type === 'Quote').map((t) => t.id);
      for (const t of quotesT) {
        assert.ok(read.relations.some((r) => r.arg1 === t) || read.notes.some((n) => n.target === t && n.text.includes('speaker: ')), `${f} ${t}`);
      }
    }
  });
});
