// Property-based fuzzing with fast-check (fixed seed, so a failure replays): the seed
// parser, the sidecar and registry loaders and the CLI never throw outside their error
// type and never hang, whatever the input.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { parseSeed } from '../../src/core/format/format';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

const SEED = 424242;
const repoRoot = path.resolve(__dirname, '../../..');
const cli = path.join(repoRoot, 'dist', 'cli.js');

const VALID_SIDECAR = `# hand comment
version: 1
document: a.txt
offsetUnit: codepoint
contentHash: null
quotes:
  - id: q-1
    speaker: putin
    cue: said
    direct: true
    anchor:
      start: 10
      end: 17
      exact: "no deal"
      prefix: "said: “"
      suffix: "”."
mentions:
  - id: m-1
    actor: putin
    anchor: {start: 0, end: 5, exact: Putin, prefix: "", suffix: " said"}
`;

const VALID_REGISTRY = `version: 1
actors:
  putin:
    name: Vladimir Putin
    kind: person
    aliases: [Putin, "Mr Putin"]
    wikidata: Q7747
  un: {name: United Nations, kind: organisation}
`;

/** Pieces that make text interesting to a seed parser. */
const seedPieces = fc.constantFrom(
  ' date ', 'date', '2024-02-29', '2023-02-30', '0000-01-01', '\n', '\r\n', '\r', '\n\n', '\u0000', '\uFEFF', '“', '”', '"', '«', '»', '„',
  'said', ': ', '. ', 'Mr. ', '\uD800', '\uDC00', '😀', '\u2028', '\t', ' ', 'A', 'Zelensky10:09, 04.11.23',
);
const seedText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.oneof(fc.constantFrom('\uD800', '\uDFFF', '\r', '\n', '\u0000'), fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 1 })), maxLength: 200 }),
  fc.array(seedPieces, { maxLength: 60 }).map((p) => p.join('')),
  fc.array(seedPieces, { maxLength: 40 }).map((p) => ` date 2024-01-01 ${p.join('')}`),
);

/** Mutations of a valid YAML file: delete, duplicate, insert or replace a slice. */
function mutated(base: string): fc.Arbitrary<string> {
  const junk = fc.oneof(
    fc.constantFrom('&a ', '*a', '[', ']', '{', '}', ': ', '- ', '? ', '\t', '"', "'", '#', '!!binary ', '!!js/function ', '<<: *a', '\n  ', '\n', '|', '>', '%YAML 1.1\n', '---\n', '...\n', '\uFEFF', '\u0000', '~', 'null', '-1', '1e400', '0x10', '.nan'),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 20 }), insert: junk, kind: fc.constantFrom('delete', 'insert', 'replace', 'duplicate') });
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let text = base;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      const end = Math.min(text.length, at + e.length);
      if (e.kind === 'delete') text = text.slice(0, at) + text.slice(end);
      else if (e.kind === 'insert') text = text.slice(0, at) + e.insert + text.slice(at);
      else if (e.kind === 'replace') text = text.slice(0, at) + e.insert + text.slice(end);
      else text = text.slice(0, end) + text.slice(at, end) + text.slice(end);
    }
    return text;
  });
}

function checkLoad(result: { ok: boolean; problems?: readonly { line: number; column: number; message: string }[] }): void {
  if (result.ok) return;
  assert.ok(result.problems && result.problems.length > 0, 'a refusal names a problem');
  for (const p of result.problems) {
    assert.ok(Number.isInteger(p.line) && p.line >= 1, `line ${p.line}`);
    assert.ok(Number.isInteger(p.column) && p.column >= 1, `column ${p.column}`);
    assert.equal(typeof p.message, 'string');
    assert.ok(p.message.length > 0);
  }
}

describe('fuzz', function () {
  this.timeout(60_000);

  it('parseSeed never throws, and its spans stay inside the text (arbitrary strings, lone surrogates, CR/LF mixes, NULs)', () => {
    fc.assert(
      fc.property(seedText, (text) => {
        const parsed = parseSeed(text);
        assert.ok(parsed.length >= 0 && parsed.length <= text.length);
        assert.equal(typeof parsed.title, 'string');
        for (const p of parsed.paragraphs) assert.ok(p.start >= 0 && p.start <= p.end && p.end <= parsed.length, JSON.stringify(p));
        for (const q of parsed.quotations) assert.ok(q.start <= q.inner.start && q.inner.end <= q.end && q.end <= parsed.length);
        if (parsed.header) assert.ok(parsed.header.dateSpan.end <= parsed.length);
      }),
      { seed: SEED, numRuns: 800 },
    );
  });

  it('Sidecar.parse never throws: arbitrary strings and mutated valid sidecars', () => {
    assert.ok(Sidecar.parse(VALID_SIDECAR).ok);
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mutated(VALID_SIDECAR)), (text) => {
        const result = Sidecar.parse(text);
        checkLoad(result);
        if (result.ok) {
          accepted++;
          // What is accepted round-trips: written back, it reads the same.
          const again = Sidecar.parse(result.sidecar.toString());
          assert.ok(again.ok, 'an accepted sidecar, written back, is accepted');
          assert.deepEqual(again.sidecar.value, result.sidecar.value);
        }
      }),
      { seed: SEED, numRuns: 800 },
    );
    console.log(`      800 sidecar inputs, ${accepted} accepted, the rest refused with a positioned problem`);
  });

  it('Registry.parse never throws: arbitrary strings and mutated valid registries', () => {
    assert.ok(Registry.parse(VALID_REGISTRY).ok);
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mutated(VALID_REGISTRY)), (text) => {
        const result = Registry.parse(text);
        checkLoad(result);
        if (result.ok) {
          const again = Registry.parse(result.registry.toString());
          assert.ok(again.ok);
          assert.deepEqual(again.registry.actors, result.registry.actors);
        }
      }),
      { seed: SEED, numRuns: 600 },
    );
  });

  it('the CLI exits 0, 1 or 2 without a stack trace on 20 random small corpora', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-fuzz-cli-'));
    const file = fc.record({
      name: fc.constantFrom('a.txt', 'b.txt', 'sub/c.txt', 'a.annotations.yaml', 'b.annotations.yaml', 'sub/c.annotations.yaml', 'actors.yaml', 'x.TXT', 'sub/deep/d.txt'),
      content: fc.oneof(seedText, mutated(VALID_SIDECAR), mutated(VALID_REGISTRY), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1'))),
    });
    const commands = fc.constantFrom(['index'], ['index', '--json'], ['check'], ['export', '--format', 'csv'], ['export', '--format', 'jsonl']);
    let runs = 0;
    const statuses = new Map<number, number>();
    fc.assert(
      fc.property(fc.array(file, { maxLength: 6 }), commands, (files, command) => {
        const dir = path.join(base, String(runs++));
        fs.mkdirSync(dir, { recursive: true });
        for (const f of files) {
          fs.mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
          fs.writeFileSync(path.join(dir, f.name), f.content);
        }
        const args = [command[0]!, dir, ...command.slice(1)];
        const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 20_000 });
        assert.ok(!r.error, `${args.join(' ')}: ${String(r.error)}`);
        assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${args.join(' ')} exited ${r.status}: ${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\n\s+at .*:\d+:\d+/, `${args.join(' ')}: stack trace in ${r.stderr}`);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
      }),
      { seed: SEED, numRuns: 20 },
    );
    console.log(`      ${runs} CLI runs, exit codes ${JSON.stringify(Object.fromEntries(statuses))}`);
    fs.rmSync(base, { recursive: true, force: true });
  });
});
