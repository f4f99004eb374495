// `seed-annotator reanchor`, run as a real process (dist/cli.js) on a folder whose
// documents were edited outside the editor. The texts are short ones written for this test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash, createAnchor, type Anchor } from '../../src/core/anchoring/anchor';
import { Sidecar } from '../../src/core/files/sidecar';
import { CodePointMap } from '../../src/core/text/text';
import { runCli } from './helpers/runCli';

const run = runCli;

const MOVED = [
  ' date 2024-03-01 Talks resume',
  '',
  'The talks resumed on Monday in Geneva after a pause of two weeks 🇺🇦.',
  '',
  'Officials said the next round would focus on grain and energy.',
  '',
  'Zelensky said “we are ready to talk about everything except our land” in his evening address.',
  '',
].join('\n');

const GONE = ' date 2024-03-02 Short note\n\nThe mayor said “the bridge will reopen in May” on Friday.\n\nResidents welcomed the news.\n';

function anchorOn(text: string, needle: string): Anchor {
  const points = new CodePointMap(text);
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return createAnchor(points, points.toCodePoint(i), points.toCodePoint(i + needle.length));
}

/** Writes a document and its sidecar (quotes and mentions anchored in `text`), then replaces the document by `edited`. */
function writeDocument(dir: string, name: string, text: string, quotes: string[], mentions: string[], edited: string, hashOf = text): void {
  fs.writeFileSync(path.join(dir, `${name}.txt`), edited);
  const yaml = [
    'version: 1',
    `document: ${name}.txt`,
    'offsetUnit: codepoint',
    `contentHash: "${contentHash(hashOf)}"`,
    'quotes:',
    ...quotes.flatMap((q, i) => [`  - id: q${i}`, '    speaker: null', '    cue: said', '    direct: true', ...anchorYaml(anchorOn(text, q))]),
    'mentions:',
    ...mentions.flatMap((m, i) => [`  - id: m${i}`, '    actor: zelensky', ...anchorYaml(anchorOn(text, m))]),
    '',
  ].join('\n');
  assert.ok(Sidecar.parse(yaml).ok, 'the test sidecar parses');
  fs.writeFileSync(path.join(dir, `${name}.annotations.yaml`), yaml);
}

function anchorYaml(a: Anchor): string[] {
  return ['    anchor:', `      start: ${a.start}`, `      end: ${a.end}`, `      exact: ${JSON.stringify(a.exact)}`, `      prefix: ${JSON.stringify(a.prefix)}`, `      suffix: ${JSON.stringify(a.suffix)}`];
}

function sidecarOf(dir: string, name: string): Sidecar {
  const parsed = Sidecar.parse(fs.readFileSync(path.join(dir, `${name}.annotations.yaml`), 'utf8'));
  assert.ok(parsed.ok);
  return parsed.sidecar;
}

describe('seed-annotator reanchor', function () {
  this.timeout(60_000);
  let dir: string;
  // The last paragraph moved to the top, as in a corrected article pasted over the old one.
  const paragraphs = MOVED.split('\n\n');
  const edited = [paragraphs[0], paragraphs[3]!.replace(/\n$/, ''), paragraphs[1], paragraphs[2]].join('\n\n') + '\n';
  // A name respelled in another document.
  const NAMED = ' date 2024-03-04 Evening address\n\nIn his evening address, President Zelensky thanked the partners for the new air defence systems.\n';
  const respelled = NAMED.replace('Zelensky', 'Zelenskyy');

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-reanchor-'));
    fs.writeFileSync(path.join(dir, 'actors.yaml'), 'version: 1\nactors:\n  zelensky:\n    name: Volodymyr Zelensky\n    kind: person\n');
    writeDocument(dir, 'moved', MOVED, ['we are ready to talk about everything except our land', 'the next round would focus on grain and energy'], ['Zelensky'], edited);
    writeDocument(dir, 'named', NAMED, [], ['Zelensky'], respelled);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the confident moves, covering the whole respelled name, and exits 0 when nothing needs review', () => {
    const r = run(['reanchor', dir, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines.map((l) => [l.document, l.id, l.kind, l.status]).sort(), [
      ['moved.txt', 'm0', 'mention', 'moved'],
      ['moved.txt', 'q0', 'quote', 'moved'],
      ['moved.txt', 'q1', 'quote', 'moved'],
      ['named.txt', 'm0', 'mention', 'moved'],
    ]);
    const sidecar = sidecarOf(dir, 'moved');
    const points = new CodePointMap(fs.readFileSync(path.join(dir, 'moved.txt'), 'utf8'));
    for (const a of sidecar.annotations) assert.equal(points.slice(a.anchor.start, a.anchor.end), a.anchor.exact);
    assert.deepEqual(sidecar.annotations.map((a) => a.anchor.exact).sort(), ['Zelensky', 'the next round would focus on grain and energy', 'we are ready to talk about everything except our land']);
    assert.equal(sidecar.value.contentHash, contentHash(edited));
    // The mention covers the whole new name.
    const name = sidecarOf(dir, 'named').annotations[0]!.anchor;
    assert.equal(name.exact, 'Zelenskyy');
    assert.equal(new CodePointMap(respelled).slice(name.start, name.end), 'Zelenskyy');
    // Run again: everything is in place.
    const again = run(['reanchor', dir, '--json']);
    assert.equal(again.status, 0);
    assert.ok(again.stdout.trim().split('\n').every((l) => (JSON.parse(l) as { status: string }).status === 'exact'));
  });

  it('leaves deleted text to review (exit 1), and --dry-run writes nothing', () => {
    writeDocument(dir, 'gone', GONE, ['the bridge will reopen in May'], [], GONE.replace('The mayor said “the bridge will reopen in May” on Friday.\n\n', ''));
    const before = fs.readFileSync(path.join(dir, 'moved.annotations.yaml'), 'utf8');
    const dry = run(['reanchor', dir, '--dry-run']);
    assert.equal(dry.status, 1);
    assert.match(dry.stdout, /gone\.txt: quote q0 “the bridge will reopen in May”: needs review/);
    assert.match(dry.stdout, /named\.txt: mention m0 “Zelensky”: would move to/);
    assert.equal(fs.readFileSync(path.join(dir, 'moved.annotations.yaml'), 'utf8'), before);
    const r = run(['reanchor', dir, '--json']);
    assert.equal(r.status, 1);
    const gone = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.document === 'gone.txt')!;
    assert.ok(gone.status === 'review' || gone.status === 'gone', String(gone.status));
    assert.equal(sidecarOf(dir, 'gone').annotations[0]!.anchor.exact, 'the bridge will reopen in May', 'left as recorded');
    assert.notEqual(fs.readFileSync(path.join(dir, 'moved.annotations.yaml'), 'utf8'), before, 'the confident moves are written');
  });

  it('verifies each anchor even when the contentHash matches (a merge put one quote 12 characters off)', () => {
    const text = ' date 2024-03-03 Corrected\n\nThe goverment met the exporters. Its spokesman said on Tuesday that “exports will resume next month” after talks.\n';
    const corrected = text.replace('The goverment met', 'The government met on Monday,');
    assert.equal(corrected.length - text.length, 12);
    // The sidecar's hash is the corrected text's, but the quote was added on the other branch, in the old text.
    writeDocument(dir, 'merged', text, ['exports will resume next month'], [], corrected, corrected);
    const r = run(['reanchor', dir, '--json']);
    assert.equal(r.status, 0, r.stderr);
    const line = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.document === 'merged.txt')!;
    assert.equal(line.status, 'moved');
    const a = sidecarOf(dir, 'merged').annotations[0]!.anchor;
    assert.equal(new CodePointMap(corrected).slice(a.start, a.end), 'exports will resume next month');
    assert.equal(a.start, anchorOn(corrected, 'exports will resume next month').start);
  });

  it('exits 2 on bad usage', () => {
    assert.equal(run(['reanchor']).status, 2);
    assert.equal(run(['reanchor', dir, '--format', 'csv']).status, 2);
  });
});
