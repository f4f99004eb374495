// `seed-annotator import` (src/core/exports/importAnnotations.ts and each format's reader), run as a
// real process: every importable format's export, imported into a copy of the corpus without its
// annotations, gives back the same annotations (emoji, a BOM, CRLF and a quote over a line break
// included); a second import adds nothing; a row whose text is wrong is refused and the rest kept.
// The corpus is written here for the test.
import * as assert from 'node:assert/strict';
import { loadRegistrySync } from '../../src/node/diskCorpus';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { importFormats } from '../../src/core/exports/formats';
import { Sidecar, type SidecarData } from '../../src/core/files/sidecar';
import { anchorText } from '../../src/core/text/lineEnds';
import { runCli as run } from './helpers/runCli';


/** Written for this test: flags and emoji before the spans, a quote across a line break. */
const A_TXT = ' date 2024-03-01 Peace 🇺🇦 talks\n\n🙂 Zelensky said: “We will hold,\nand we will win.” Biden agreed.\n\nOfficials said the front would hold.\n';
/** A BOM and CRLF line ends. */
const B_TXT = '\uFEFF date 2024-03-02 Aid 🇪🇺\r\n\r\nThe Kyiv Post reported that “aid 🚚 is coming”, Biden said.\r\n';
const REGISTRY = `version: 1
actors:
  biden: {name: Joe Biden, kind: person, wikidata: Q6279}
  kyiv-post: {name: Kyiv Post, kind: media}
  us-officials: {name: US officials, kind: other}
  zelensky: {name: Volodymyr Zelenskyy, kind: person}
`;

function at(text: string, needle: string): [number, number] {
  const plain = anchorText(text);
  const start = [...plain.slice(0, plain.indexOf(needle))].length;
  return [start, start + [...needle].length];
}

function sidecars(): Record<string, Sidecar> {
  const a = Sidecar.create('a.txt', null);
  const anchor = (text: string, needle: string) => createAnchor(anchorText(text), ...at(text, needle));
  a.addQuote({ id: 'q-1', speaker: 'zelensky', cue: 'said', direct: true, anchor: anchor(A_TXT, 'We will hold,\nand we will win.') });
  a.addQuote({ id: 'q-2', speaker: 'us-officials', cue: 'said', direct: false, anchor: anchor(A_TXT, 'the front would hold') });
  a.addMention({ id: 'm-zel', actor: 'zelensky', anchor: anchor(A_TXT, 'Zelensky') });
  a.addMention({ id: 'm-biden', actor: 'biden', anchor: anchor(A_TXT, 'Biden') });
  const b = Sidecar.create('b.txt', null);
  b.addQuote({ id: 'q-aid', speaker: 'kyiv-post', cue: 'reported', direct: true, anchor: anchor(B_TXT, 'aid 🚚 is coming') });
  b.addQuote({ id: 'q-nobody', speaker: null, cue: null, direct: true, anchor: anchor(B_TXT, 'Biden said') });
  b.addMention({ id: 'm-kp', actor: 'kyiv-post', anchor: anchor(B_TXT, 'Kyiv Post') });
  return { 'news/a': a, b };
}

function makeCorpus(withAnnotations: boolean, withRegistry = true): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-import-'));
  fs.mkdirSync(path.join(dir, 'news'));
  fs.writeFileSync(path.join(dir, 'news', 'a.txt'), A_TXT);
  fs.writeFileSync(path.join(dir, 'b.txt'), B_TXT);
  if (withRegistry) fs.writeFileSync(path.join(dir, 'actors.yaml'), REGISTRY);
  if (withAnnotations) for (const [stem, s] of Object.entries(sidecars())) fs.writeFileSync(path.join(dir, `${stem}.annotations.yaml`), s.toString());
  return dir;
}

/** The annotations of a corpus, as plain data, with speakers and actors given by name. */
function annotations(dir: string): Record<string, { quotes: unknown[]; mentions: unknown[] }> {
  const loaded = loadRegistrySync(dir);
  assert.ok(loaded.ok);
  const own = (id: string): string | undefined => {
    const file = path.join(dir, 'actors', `${id}.yaml`);
    return fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name : undefined;
  };
  const name = (id: string | null): string | null => (id === null ? null : (loaded.registry.get(id)?.name ?? own(id) ?? `missing ${id}`));
  const out: Record<string, { quotes: unknown[]; mentions: unknown[] }> = {};
  for (const stem of ['news/a', 'b']) {
    const file = path.join(dir, `${stem}.annotations.yaml`);
    if (!fs.existsSync(file)) continue;
    const parsed = Sidecar.parse(fs.readFileSync(file, 'utf8'));
    assert.ok(parsed.ok, file);
    const data: SidecarData = parsed.sidecar.value;
    out[stem] = {
      quotes: data.quotes.map((q) => ({ ...q, speaker: name(q.speaker) })),
      mentions: data.mentions.map((m) => ({ ...m, actor: name(m.actor) })),
    };
  }
  return out;
}

describe('import', function () {
  this.timeout(60_000);
  const temps: string[] = [];
  after(() => {
    for (const t of temps) fs.rmSync(t, { recursive: true, force: true });
  });
  const temp = (dir: string): string => {
    temps.push(dir);
    return dir;
  };

  it('offers jsonl, w3c and brat, from the one registry of formats', () => {
    assert.deepEqual(importFormats().map((f) => f.id), ['jsonl', 'w3c', 'brat']);
  });

  for (const [format, args] of [
    ['jsonl', ['--with-mentions']],
    ['w3c', []],
    ['brat', []],
  ] as const) {
    it(`${format}: an export imported into a copy without annotations gives the same annotations; twice adds nothing`, () => {
      const original = temp(makeCorpus(true));
      const out = path.join(temp(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-export-'))), format === 'brat' ? 'collection' : `all.${format}`);
      const exported = run(['export', original, '--format', format, '--output', out, ...args]);
      assert.equal(exported.status, 0, exported.stderr);

      const copy = temp(makeCorpus(false));
      const first = run(['import', copy, '--format', format, out]);
      assert.equal(first.status, 0, first.stderr);
      assert.equal(first.stderr, '');
      assert.match(first.stdout, /^imported 7 annotations into 2 documents \(0 already there, 0 refused\)\n$/);
      assert.deepEqual(annotations(copy), annotations(original));
      assert.equal(fs.readFileSync(path.join(copy, 'actors.yaml'), 'utf8'), REGISTRY, 'no actor added or changed');
      assert.equal(fs.existsSync(path.join(copy, 'actors')), false, 'no actor file added');

      const before = ['news/a', 'b'].map((s) => fs.readFileSync(path.join(copy, `${s}.annotations.yaml`), 'utf8'));
      const second = run(['import', copy, '--format', format, out]);
      assert.equal(second.status, 0, second.stderr);
      assert.match(second.stdout, /^imported 0 annotations into 0 documents \(7 already there, 0 refused\)\n$/);
      assert.deepEqual(['news/a', 'b'].map((s) => fs.readFileSync(path.join(copy, `${s}.annotations.yaml`), 'utf8')), before);
    });

    it(`${format}: into a copy without a registry, the actors are created by name and the annotations match`, () => {
      const original = temp(makeCorpus(true));
      const out = path.join(temp(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-export-'))), format === 'brat' ? 'collection' : `all.${format}`);
      assert.equal(run(['export', original, '--format', format, '--output', out, ...args]).status, 0);
      const copy = temp(makeCorpus(false, false));
      const r = run(['import', copy, '--format', format, out]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /created 4 actors: /);
      assert.deepEqual(annotations(copy), annotations(original));
    });
  }

  it('refuses a row whose text is not the document\'s text, imports the rest, exits 1; new ids and new actors', () => {
    const copy = temp(makeCorpus(false));
    const rows = [
      { type: 'quote', document: 'b.txt', id: 'q-aid', speaker: 'kyiv-post', speakerName: 'Kyiv Post', actorKind: 'media', cue: 'reported', mode: 'direct', text: 'aid 🚚 is coming', start: at(B_TXT, 'aid')[0], end: at(B_TXT, 'aid 🚚 is coming')[1] },
      // One code point off: the emoji counted as two (UTF-16) would give this.
      { type: 'quote', document: 'news/a.txt', speaker: null, speakerName: 'Joe Biden', cue: null, mode: 'indirect', text: 'Biden agreed', start: at(A_TXT, 'Biden agreed')[0] + 1, end: at(A_TXT, 'Biden agreed')[1] + 1 },
      { type: 'quote', document: 'news/a.txt', speaker: null, speakerName: 'Ursula von der Leyen', actorKind: 'person', cue: 'said', mode: 'indirect', text: 'the front would hold', start: at(A_TXT, 'the front would hold')[0], end: at(A_TXT, 'the front would hold')[1] },
      { type: 'mention', document: 'a.txt', actorName: 'Joe Biden', actorKind: 'person', text: 'Biden', start: at(A_TXT, 'Biden')[0], end: at(A_TXT, 'Biden')[1] },
      { type: 'quote', document: 'nowhere.txt', text: 'x', start: 0, end: 1 },
    ];
    const file = path.join(temp(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-rows-'))), 'rows.jsonl');
    fs.writeFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const r = run(['import', copy, '--format', 'jsonl', file]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^imported 3 annotations into 2 documents \(0 already there, 2 refused\); created 1 actor: Ursula von der Leyen\n$/);
    assert.match(r.stderr, /refused rows\.jsonl:2: the text “Biden agreed” is not the text of news\/a\.txt at \d+–\d+ \(“iden agreed\.”\): not imported/);
    assert.match(r.stderr, /refused rows\.jsonl:5: no document nowhere\.txt in the corpus/);
    const got = annotations(copy);
    assert.deepEqual(got['b']!.quotes.map((q) => (q as { id: string }).id), ['q-aid']);
    const a = got['news/a']!;
    assert.equal(a.quotes.length, 1);
    assert.match((a.quotes[0] as { id: string }).id, /^q-[0-9a-z]{7}$/);
    assert.equal((a.quotes[0] as { speaker: string }).speaker, 'Ursula von der Leyen');
    assert.deepEqual(a.mentions.map((m) => (m as { actor: string }).actor), ['Joe Biden']);
    const again = run(['import', copy, '--format', 'jsonl', file]);
    assert.match(again.stdout, /^imported 0 annotations into 0 documents \(3 already there, 2 refused\)\n$/);
  });

  it('reads brat Attribution events (Source, Cue, Content) as quotes, and refuses a span whose text is wrong', () => {
    const copy = temp(makeCorpus(false));
    const [cs, ce] = at(A_TXT, 'the front would hold');
    const [ss, se] = at(A_TXT, 'Officials');
    const [qs, qe] = at(A_TXT, 'said the');
    const ann = [
      `T1\tSource ${ss} ${se}\tOfficials`,
      `T2\tCue ${qs} ${qs + 4}\tsaid`,
      `T3\tContent ${cs} ${ce}\tthe front would hold`,
      'E1\tAttribution:T2 Source:T1 Content:T3',
      `T4\tPerson ${at(A_TXT, 'Biden')[0]} ${at(A_TXT, 'Biden')[1]}\tBiden`,
      `T5\tPerson ${at(A_TXT, 'Zelensky')[0]} ${at(A_TXT, 'Zelensky')[1] - 1}\tZelensky`,
      `T6\tNote ${qe} ${qe + 1}\t `,
    ].join('\n');
    const folder = temp(fs.mkdtempSync(path.join(os.tmpdir(), 'seed-brat-in-')));
    fs.mkdirSync(path.join(folder, 'news'));
    fs.writeFileSync(path.join(folder, 'news', 'a.ann'), `${ann}\n`);
    const r = run(['import', copy, '--format', 'brat', folder]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /refused news\/a\.ann:T5: the text “Zelensky” is not the document's text “Zelensk”/);
    assert.match(r.stderr, /warning: ignored news\/a\.ann:T6: type Note is neither Quote nor an actor type/);
    const a = annotations(copy)['news/a']!;
    assert.deepEqual(a.quotes.map((q) => { const x = q as { speaker: string; cue: string; direct: boolean; anchor: { exact: string } }; return [x.anchor.exact, x.speaker, x.cue, x.direct]; }), [['the front would hold', 'Officials', 'said', false]]);
    // No note names the actor, and "Biden" is not an alias of Joe Biden: a new actor by the words.
    assert.deepEqual(a.mentions.map((m) => (m as { actor: string }).actor), ['Biden']);
    assert.match(r.stdout, /created 2 actors: Officials, Biden\n$/);
  });
});
