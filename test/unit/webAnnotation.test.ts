// The W3C Web Annotation export (src/core/exports/webAnnotation.ts): a fixed expected output for a small
// document with astral characters (a flag and an emoji) before its spans, then a validation of the
// model's required fields and of the selectors against the text, on the fixture and on seeds/.
import * as assert from 'node:assert/strict';
import { readSeedRegistry } from './helpers/memoryFiles';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { stripBom } from '../../src/core/text/text';
import {
  annotationIri, buildWebAnnotations, iriPath, serializeWebAnnotations, type WebAnnotation,
} from '../../src/core/exports/webAnnotation';

const repoRoot = path.resolve(__dirname, '../../..');

/** Code points:  0 " date…", 23–24 the flag, 33 🙂, 35 Zelensky, 51–81 the quote (a line break at 64), 83 Biden, 113–133. */
export const FIXTURE_TEXT =
  ' date 2024-03-01 Peace 🇺🇦 talks\n\n🙂 Zelensky said: “We will hold,\nand we will win.” Biden agreed.\n\nOfficials said the front would hold.\n';

export function fixtureRegistry(): Registry {
  const r = Registry.parse(`version: 1
actors:
  biden:
    name: Joe Biden
    kind: person
    wikidata: Q6279
  us-officials:
    name: US officials
    kind: other
  zelensky:
    name: Volodymyr Zelenskyy
    kind: person
    aliases: [Zelensky]
    wikidata: Q3874799
`);
  if (!r.ok) throw new Error('bad registry');
  return r.registry;
}

export function fixtureSidecar(text = FIXTURE_TEXT): Sidecar {
  const plain = stripBom(text);
  const sidecar = Sidecar.create('peace talks.txt', null);
  sidecar.addQuote({ id: 'q-1', speaker: 'zelensky', cue: 'said', direct: true, anchor: createAnchor(plain, 51, 81) });
  sidecar.addQuote({ id: 'q-2', speaker: 'us-officials', cue: 'said', direct: false, anchor: createAnchor(plain, 113, 133) });
  sidecar.addMention({ id: 'm-zel', actor: 'zelensky', anchor: createAnchor(plain, 35, 43) });
  sidecar.addMention({ id: 'm-biden', actor: 'biden', anchor: createAnchor(plain, 83, 88) });
  return sidecar;
}

const body = (purpose: string, value: string): object => ({ type: 'TextualBody', purpose, value });
const wikidata = (q: string): object => ({ type: 'SpecificResource', purpose: 'identifying', source: `http://www.wikidata.org/entity/${q}` });
const target = (exact: string, prefix: string, suffix: string, start: number, end: number): object => ({
  source: '2024/peace%20talks.txt',
  selector: [
    { type: 'TextQuoteSelector', exact, prefix, suffix },
    { type: 'TextPositionSelector', start, end },
  ],
});
const base = (id: string, motivation: string): object => ({
  '@context': 'http://www.w3.org/ns/anno.jsonld',
  id: `urn:seed-annotator:2024/peace%20talks.txt#${id}`,
  type: 'Annotation',
  motivation,
});

/** Written out by hand from the code-point positions above (prefix and suffix: 32 code points, the flag counting 2). */
const EXPECTED = [
  {
    ...base('m-zel', 'identifying'),
    body: [body('tagging', 'mention'), body('identifying', 'Volodymyr Zelenskyy'), wikidata('Q3874799'), body('describing', 'actor: zelensky'), body('describing', 'kind: person')],
    target: target('Zelensky', 'te 2024-03-01 Peace 🇺🇦 talks\n\n🙂 ', ' said: “We will hold,\nand we wil', 35, 43),
  },
  {
    ...base('q-1', 'tagging'),
    body: [body('tagging', 'quote'), body('identifying', 'Volodymyr Zelenskyy'), wikidata('Q3874799'), body('describing', 'actor: zelensky'), body('describing', 'cue: said'), body('describing', 'mode: direct')],
    target: target('We will hold,\nand we will win.', 'ace 🇺🇦 talks\n\n🙂 Zelensky said: “', '” Biden agreed.\n\nOfficials said ', 51, 81),
  },
  {
    ...base('m-biden', 'identifying'),
    body: [body('tagging', 'mention'), body('identifying', 'Joe Biden'), wikidata('Q6279'), body('describing', 'actor: biden'), body('describing', 'kind: person')],
    target: target('Biden', 'We will hold,\nand we will win.” ', ' agreed.\n\nOfficials said the fro', 83, 88),
  },
  {
    ...base('q-2', 'tagging'),
    body: [body('tagging', 'quote'), body('identifying', 'US officials'), body('describing', 'actor: us-officials'), body('describing', 'cue: said'), body('describing', 'mode: indirect')],
    target: target('the front would hold', '” Biden agreed.\n\nOfficials said ', '.\n', 113, 133),
  },
];

/** Checks one parsed annotation against the model and the document text; returns the problems. */
export function validateWebAnnotation(a: unknown, texts: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  const x = a as Record<string, unknown>;
  if (x['@context'] !== 'http://www.w3.org/ns/anno.jsonld') problems.push('@context');
  if (typeof x['id'] !== 'string' || !/^urn:seed-annotator:\S+#\S+$/.test(x['id'])) problems.push('id');
  if (x['type'] !== 'Annotation') problems.push('type');
  if (!Array.isArray(x['body']) || x['body'].length === 0) problems.push('body');
  for (const b of (x['body'] as Array<Record<string, unknown>>) ?? []) {
    if (b['type'] === 'TextualBody' && typeof b['value'] !== 'string') problems.push('TextualBody value');
    if (b['type'] === 'SpecificResource' && !/^http:\/\/www\.wikidata\.org\/entity\/Q\d+$/.test(String(b['source']))) problems.push('SpecificResource source');
  }
  const t = x['target'] as Record<string, unknown> | undefined;
  if (!t || typeof t['source'] !== 'string' || !Array.isArray(t['selector'])) return [...problems, 'target'];
  const text = texts.get(decodeURIComponent(t['source']));
  if (text === undefined) return [...problems, `unknown source ${t['source']}`];
  const chars = [...stripBom(text)];
  const selectors = t['selector'] as Array<Record<string, unknown>>;
  const quote = selectors.find((s) => s['type'] === 'TextQuoteSelector');
  const position = selectors.find((s) => s['type'] === 'TextPositionSelector');
  if (!quote || typeof quote['exact'] !== 'string') return [...problems, 'TextQuoteSelector exact'];
  if (!position || !Number.isInteger(position['start']) || !Number.isInteger(position['end']) || (position['start'] as number) > (position['end'] as number)) {
    return [...problems, 'TextPositionSelector start/end'];
  }
  const start = position['start'] as number;
  const end = position['end'] as number;
  if (chars.slice(start, end).join('') !== quote['exact']) problems.push(`position ${start}–${end} does not hold “${quote['exact']}”`);
  // The quote selector alone finds the same place: prefix + exact + suffix occurs exactly there.
  const prefix = String(quote['prefix'] ?? '');
  const suffix = String(quote['suffix'] ?? '');
  const whole = chars.join('');
  const needle = prefix + (quote['exact'] as string) + suffix;
  const at = whole.indexOf(needle);
  if (at < 0) problems.push('TextQuoteSelector not found');
  else if ([...whole.slice(0, at)].length + [...prefix].length !== start) problems.push('TextQuoteSelector finds another place');
  else if (whole.indexOf(needle, at + 1) >= 0 && prefix.length >= 32) problems.push('TextQuoteSelector is ambiguous');
  return problems;
}

describe('webAnnotation', () => {
  it('exports the fixture exactly as written out by hand', () => {
    const { annotations, skipped } = buildWebAnnotations(
      [{ path: '2024/peace talks.txt', text: FIXTURE_TEXT, sidecar: fixtureSidecar() }],
      fixtureRegistry(),
    );
    assert.deepEqual(skipped, []);
    assert.deepEqual(JSON.parse(serializeWebAnnotations(annotations)), EXPECTED);
  });

  it('is deterministic: no time stamp unless one is passed, same text for the same input', () => {
    const docs = [{ path: '2024/peace talks.txt', text: FIXTURE_TEXT, sidecar: fixtureSidecar() }];
    const a = serializeWebAnnotations(buildWebAnnotations(docs, fixtureRegistry()).annotations);
    const b = serializeWebAnnotations(buildWebAnnotations([...docs].reverse(), fixtureRegistry()).annotations);
    assert.equal(a, b);
    assert.ok(!a.includes('created'));
    assert.ok(a.endsWith(']\n'));
    const stamped = buildWebAnnotations(docs, fixtureRegistry(), { created: '2024-03-02T10:00:00Z' }).annotations;
    assert.ok(stamped.every((x) => x.created === '2024-03-02T10:00:00Z'));
  });

  it('counts code points with a BOM: the same offsets as without it', () => {
    const withBom = `\uFEFF${FIXTURE_TEXT}`;
    const { annotations } = buildWebAnnotations([{ path: '2024/peace talks.txt', text: withBom, sidecar: fixtureSidecar(withBom) }], fixtureRegistry());
    assert.deepEqual(JSON.parse(serializeWebAnnotations(annotations)), EXPECTED);
  });

  it('validates: required fields, and selectors that re-find the text after an emoji', () => {
    const json = serializeWebAnnotations(buildWebAnnotations([{ path: '2024/peace talks.txt', text: FIXTURE_TEXT, sidecar: fixtureSidecar() }], fixtureRegistry()).annotations);
    const parsed = JSON.parse(json) as unknown[];
    const texts = new Map([['2024/peace talks.txt', FIXTURE_TEXT]]);
    for (const a of parsed) assert.deepEqual(validateWebAnnotation(a, texts), [], JSON.stringify(a));
    // In UTF-16 the quote would start at 54, not 51: the export must not count code units.
    assert.equal(FIXTURE_TEXT.indexOf('We will hold'), 54);
  });

  it('skips an annotation whose anchor no longer holds, and exports recorded anchors without text', () => {
    const changed = FIXTURE_TEXT.replace('Biden', 'Obama');
    const { annotations, skipped } = buildWebAnnotations([{ path: 'a.txt', text: changed, sidecar: fixtureSidecar() }], fixtureRegistry());
    assert.equal(annotations.length, 3);
    assert.match(skipped[0]!, /^a\.txt: m-biden: its anchor no longer matches/);
    const blind = buildWebAnnotations([{ path: 'a.txt', text: null, sidecar: fixtureSidecar() }], null).annotations;
    assert.equal(blind.length, 4);
    assert.deepEqual(blind[0]!.body, [body('tagging', 'mention'), body('identifying', 'zelensky'), body('describing', 'actor: zelensky')]);
  });

  it('escapes what an IRI may not hold in ids and sources', () => {
    assert.equal(iriPath('notes/b c#1?.txt'), 'notes/b%20c%231%3F.txt');
    assert.equal(iriPath('київ/новини.txt'), 'київ/новини.txt');
    assert.equal(annotationIri('a b.txt', 'q-1'), 'urn:seed-annotator:a%20b.txt#q-1');
  });

  it('exports the real seeds, and every annotation validates', () => {
    const seedsDir = path.join(repoRoot, 'seeds');
    const reg = { registry: readSeedRegistry() };
    const docs = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).map((f) => {
      const sc = Sidecar.parse(fs.readFileSync(path.join(seedsDir, f.replace(/\.txt$/, '.annotations.yaml')), 'utf8'));
      assert.ok(sc.ok);
      return { path: f, text: fs.readFileSync(path.join(seedsDir, f), 'utf8'), sidecar: sc.sidecar };
    });
    const { annotations, skipped } = buildWebAnnotations(docs, reg.registry);
    assert.deepEqual(skipped, []);
    const total = docs.reduce((n, d) => n + d.sidecar.value.quotes.length + d.sidecar.value.mentions.length, 0);
    assert.equal(annotations.length, total);
    const parsed = JSON.parse(serializeWebAnnotations(annotations)) as WebAnnotation[];
    const texts = new Map(docs.map((d) => [d.path, d.text]));
    for (const a of parsed) assert.deepEqual(validateWebAnnotation(a, texts), [], a.id);
    assert.equal(new Set(parsed.map((a) => a.id)).size, parsed.length, 'ids are unique');
  });
});
