import * as assert from 'node:assert/strict';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { Sidecar, newAnnotationId, sidecarNameFor, type QuoteRecord, type SidecarLoad } from '../../src/core/files/sidecar';
import { MAX_YAML_BYTES, MAX_YAML_DEPTH } from '../../src/core/files/yamlFile';
import { fnv1a36 } from '../../src/core/text/hash';

const TEXT = 'He said “hello there” and she said “bye”. 😀 Then “more” came.';

function quote(id: string, start: number, end: number, extra: Partial<QuoteRecord> = {}): QuoteRecord {
  return { id, speaker: null, cue: null, direct: true, anchor: createAnchor(TEXT, start, end), ...extra };
}

function parseOk(text: string): Sidecar {
  const loaded = Sidecar.parse(text);
  if (!loaded.ok) assert.fail(`expected the sidecar to parse: ${JSON.stringify(loaded.problems)}`);
  return loaded.sidecar;
}

function problemsOf(loaded: SidecarLoad): Array<{ message: string; line: number; column: number }> {
  assert.equal(loaded.ok, false, 'expected the sidecar to be refused');
  return loaded.ok ? [] : [...loaded.problems];
}

const VALID = `# Reviewed by hand; keep this comment.
version: 1
document: a.txt
offsetUnit: codepoint
contentHash: null
reviewer: alice # who checked it
quotes:
  # the first quote, checked twice
  - id: q-first
    speaker: joe
    cue: said
    direct: true
    note: keep me
    anchor:
      start: 9
      end: 20
      exact: "hello there"
      prefix: "He said “"
      suffix: "” and she said “bye”. 😀 Then “m"
mentions: []
`;

/** A valid sidecar with `line` inserted into the first quote's entry (after its id). */
function withQuoteLines(lines: string): string {
  return `version: 1
document: a.txt
offsetUnit: codepoint
quotes:
  - id: q-1
${lines}
`;
}

describe('sidecar', () => {
  describe('round trip', () => {
    it('create → add → toString → parse gives the same data', () => {
      const sidecar = Sidecar.create('a.txt', 'fnv1a:0011223344556677:10');
      sidecar.addQuote(quote('q-b', 35, 38, { speaker: 'joe', cue: 'said' }));
      sidecar.addQuote(quote('q-a', 9, 20, { direct: false }));
      sidecar.addMention({ id: 'm-a', actor: 'joe', anchor: createAnchor(TEXT, 0, 2) });
      const text = sidecar.toString();
      const again = parseOk(text);
      assert.deepEqual(again.value, sidecar.value);
      assert.equal(again.value.document, 'a.txt');
      assert.equal(again.value.contentHash, 'fnv1a:0011223344556677:10');
      assert.deepEqual(again.value.quotes.map((q) => q.id), ['q-a', 'q-b']);
      assert.equal(again.value.quotes[0]!.anchor.exact, 'hello there');
      assert.equal(again.value.quotes[0]!.direct, false);
      assert.equal(again.value.quotes[1]!.speaker, 'joe');
      assert.equal(again.value.mentions[0]!.anchor.exact, 'He');
      assert.equal(again.toString(), text);
      assert.match(text, /^# Seed Annotator sidecar for a\.txt/);
    });

    it('keeps emoji, line breaks and quotes in anchor text exactly', () => {
      const sidecar = Sidecar.create('a.txt', null);
      const text = 'line one\n  "straight" and \\ back\t😀 “end”';
      const anchor = createAnchor(text, 0, [...text].length);
      sidecar.addQuote({ id: 'q-1', speaker: null, cue: null, direct: false, anchor });
      const again = parseOk(sidecar.toString());
      assert.equal(again.value.quotes[0]!.anchor.exact, text);
    });

    it('keeps quotes in offset order in the data and in the file', () => {
      const sidecar = Sidecar.create('a.txt', null);
      sidecar.addQuote(quote('q-late', 48, 52));
      sidecar.addQuote(quote('q-early', 9, 20));
      sidecar.addQuote(quote('q-long', 35, 40));
      sidecar.addQuote(quote('q-short', 35, 38));
      const order = ['q-early', 'q-short', 'q-long', 'q-late'];
      assert.deepEqual(sidecar.value.quotes.map((q) => q.id), order);
      const text = sidecar.toString();
      const positions = order.map((id) => text.indexOf(`id: ${id}`));
      assert.ok(positions.every((p) => p >= 0));
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'file order follows the offsets');
      assert.deepEqual(sidecar.annotations.map((a) => a.id), order);
    });

    it('writes an empty list as `quotes:` and each entry on one line, so that adding the first entry changes no line', () => {
      const created = Sidecar.create('a.txt', null).toString();
      assert.match(created, /\nquotes:\n\n# Mentions: [^\n]*\n# [^\n]*\n# [^\n]*\nmentions:\n$/);
      const empty = parseOk(created);
      empty.addQuote(quote('q-1', 9, 20));
      empty.addMention({ id: 'm-1', actor: 'joe', anchor: createAnchor(TEXT, 0, 2) });
      const text = empty.toString();
      assert.match(text, /\nquotes:\n {2}- \{ id: q-1, speaker: [^\n]*\}\n\n(?:# [^\n]*\n){3}mentions:\n {2}- \{ id: m-1, actor: joe, anchor: \{ start: 0, end: 2, [^\n]*\} \}\n$/);
      // Every line of the empty sidecar is still there, unchanged: the first entries only add lines.
      const lines = new Set(text.split('\n'));
      for (const line of created.split('\n')) assert.ok(lines.has(line), line);
      // Removing the last entries writes the empty sidecar again, byte for byte.
      empty.remove('q-1');
      empty.remove('m-1');
      assert.equal(empty.toString(), created);
    });

    it('converts a sidecar of the first layout to one line per entry, keeping comments; twice changes nothing', () => {
      const old = 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  # checked by Ann\n  - id: q-1\n    speaker: joe # sure\n    cue: said\n    direct: true\n    anchor:\n      start: 9\n      end: 20\n      exact: "x"\n      prefix: ""\n      suffix: "\\n"\nmentions: []\n';
      const sidecar = parseOk(old);
      const before = sidecar.value;
      assert.equal(sidecar.toLineLayout(), true);
      const text = sidecar.toString();
      assert.equal(text, 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  # checked by Ann\n  # sure\n  - { id: q-1, speaker: joe, cue: said, direct: true, anchor: { start: 9, end: 20, exact: "x", prefix: "", suffix: "\\n" } }\n\n# Mentions: every place an actor is named, one a line.\n# These comment lines keep changes to the quotes and to the mentions\n# apart when git merges; leave them in place.\nmentions:\n');
      assert.deepEqual(parseOk(text).value, before);
      const again = parseOk(text);
      assert.equal(again.toLineLayout(), false);
      assert.equal(again.toString(), text);
    });

    it('stamps provenance on new entries that carry none', () => {
      const sidecar = Sidecar.create('a.txt', null);
      sidecar.provenance = { creator: 'Ann Lee', created: '2026-11-30T07:40:12Z' };
      sidecar.addQuote(quote('q-1', 9, 20));
      sidecar.addMention({ id: 'm-1', actor: 'joe', anchor: createAnchor(TEXT, 0, 2), creator: 'Importer', created: '2025-01-01T00:00:00Z' });
      const again = parseOk(sidecar.toString()).value;
      assert.deepEqual([again.quotes[0]?.creator, again.quotes[0]?.created], ['Ann Lee', '2026-11-30T07:40:12Z']);
      assert.deepEqual([again.mentions[0]?.creator, again.mentions[0]?.created], ['Importer', '2025-01-01T00:00:00Z']);
      assert.match(sidecar.toString(), /, creator: Ann Lee, created: 2026-11-30T07:40:12Z \}\n/);
    });

    it('refuses a second annotation with the same id', () => {
      const sidecar = Sidecar.create('a.txt', null);
      sidecar.addQuote(quote('q-1', 9, 20));
      assert.throws(() => sidecar.addMention({ id: 'q-1', actor: 'x', anchor: createAnchor(TEXT, 0, 2) }), /already exists/);
      assert.equal(sidecar.value.mentions.length, 0);
    });
  });

  describe('hand edits survive', () => {
    it('keeps comments and unknown keys through add, remove and setAnchor', () => {
      const sidecar = parseOk(VALID);
      assert.deepEqual(sidecar.value.quotes.map((q) => q.id), ['q-first']);
      sidecar.addQuote(quote('q-2', 35, 38));
      sidecar.addQuote(quote('q-3', 48, 52));
      sidecar.addMention({ id: 'm-1', actor: 'joe', anchor: createAnchor(TEXT, 0, 2) });
      assert.equal(sidecar.remove('q-2'), true);
      assert.equal(sidecar.remove('nope'), false);
      assert.equal(sidecar.setAnchor('q-first', createAnchor(TEXT, 10, 20)), true);
      assert.equal(sidecar.setAnchor('nope', createAnchor(TEXT, 10, 20)), false);
      const text = sidecar.toString();
      for (const kept of ['# Reviewed by hand; keep this comment.', 'reviewer: alice # who checked it', '# the first quote, checked twice', 'note: keep me']) {
        assert.ok(text.includes(kept), `${kept} is kept in:\n${text}`);
      }
      assert.ok(!text.includes('q-2'));
      const again = parseOk(text);
      assert.deepEqual(again.value.quotes.map((q) => [q.id, q.anchor.start, q.anchor.exact]), [
        ['q-first', 10, 'ello there'],
        ['q-3', 48, createAnchor(TEXT, 48, 52).exact],
      ]);
      assert.deepEqual(again.value.mentions.map((m) => m.id), ['m-1']);
    });

    it('moves an entry to its new place in the file when its anchor moves past another', () => {
      const sidecar = parseOk(VALID);
      sidecar.addQuote(quote('q-2', 35, 38));
      sidecar.setAnchor('q-first', createAnchor(TEXT, 48, 52));
      assert.deepEqual(sidecar.value.quotes.map((q) => q.id), ['q-2', 'q-first']);
      const text = sidecar.toString();
      assert.ok(text.indexOf('id: q-2') < text.indexOf('id: q-first'), text);
      assert.ok(text.includes('note: keep me'));
      assert.ok(text.includes('# the first quote, checked twice'));
      assert.deepEqual(parseOk(text).value.quotes.map((q) => q.id), ['q-2', 'q-first']);
    });

    it('renames actors and sets the content hash', () => {
      const sidecar = parseOk(VALID);
      sidecar.addMention({ id: 'm-1', actor: 'joe', anchor: createAnchor(TEXT, 0, 2) });
      assert.equal(sidecar.renameActor('joe', 'joe-biden'), 2);
      sidecar.setContentHash('fnv1a:ffffffffffffffff:3');
      const again = parseOk(sidecar.toString());
      assert.equal(again.value.quotes[0]!.speaker, 'joe-biden');
      assert.equal(again.value.mentions[0]!.actor, 'joe-biden');
      assert.equal(again.value.contentHash, 'fnv1a:ffffffffffffffff:3');
      assert.ok(again.toString().includes('reviewer: alice'));
    });
  });

  describe('malformed sidecars', () => {
    it('reports bad YAML syntax with its line and column', () => {
      const problems = problemsOf(Sidecar.parse('version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes: x: y\n'));
      assert.equal(problems.length, 1);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [4, 9]);
      assert.match(problems[0]!.message, /nested mappings/i);
    });

    it('reports duplicate keys', () => {
      const problems = problemsOf(Sidecar.parse('version: 1\ndocument: a.txt\nversion: 1\n'));
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [3, 1]);
      assert.match(problems[0]!.message, /unique/);
    });

    it('reports wrong types where they are', () => {
      const problems = problemsOf(Sidecar.parse('version: "1"\ndocument: 5\noffsetUnit: codepoint\nquotes: {}\nmentions: 7\n'));
      assert.deepEqual(problems.map((p) => [p.line, p.column]), [[1, 10], [2, 11], [4, 9], [5, 11]]);
      assert.match(problems[0]!.message, /version/);
      assert.match(problems[1]!.message, /document/);
      assert.match(problems[2]!.message, /quotes must be a list/);
      assert.match(problems[3]!.message, /mentions must be a list/);
    });

    it('reports a wrongly typed field of a quote', () => {
      const lines = '    direct: "yes"\n    anchor: { start: 0, end: 2, exact: He, prefix: "", suffix: "" }';
      const problems = problemsOf(Sidecar.parse(withQuoteLines(lines)));
      assert.equal(problems.length, 1);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [6, 13]);
      assert.match(problems[0]!.message, /q-1: direct must be true or false/);
    });

    it('reports a duplicate id at the second one', () => {
      const anchor = '    anchor: { start: 0, end: 2, exact: He, prefix: "", suffix: "" }';
      const text = `version: 1
document: a.txt
offsetUnit: codepoint
quotes:
  - id: q-1
${anchor}
mentions:
  - id: m-1
    actor: joe
${anchor}
  - id: q-1
    actor: joe
${anchor}
`;
      const problems = problemsOf(Sidecar.parse(text));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /duplicate id q-1/);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [11, 9]);
    });

    it('refuses the offset unit utf16', () => {
      const problems = problemsOf(Sidecar.parse('version: 1\ndocument: a.txt\noffsetUnit: utf16\nquotes: []\nmentions: []\n'));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /unknown offset unit "utf16"/);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [3, 13]);
    });

    it('reports missing anchor fields', () => {
      const noExact = problemsOf(Sidecar.parse(withQuoteLines('    anchor:\n      start: 1\n      end: 3\n')));
      assert.equal(noExact.length, 1);
      assert.match(noExact[0]!.message, /q-1: anchor exact, prefix and suffix must be text/);
      assert.deepEqual([noExact[0]!.line, noExact[0]!.column], [7, 7]);

      const noStart = problemsOf(Sidecar.parse(withQuoteLines('    anchor:\n      end: 3\n      exact: ab\n')));
      assert.match(noStart[0]!.message, /anchor start must be a whole number/);
      assert.deepEqual([noStart[0]!.line, noStart[0]!.column], [7, 7]);

      const backwards = problemsOf(Sidecar.parse(withQuoteLines('    anchor:\n      start: 5\n      end: 3\n      exact: ab\n')));
      assert.match(backwards[0]!.message, /anchor end must be a whole number ≥ start/);
      assert.deepEqual([backwards[0]!.line, backwards[0]!.column], [8, 12]);

      const noAnchor = problemsOf(Sidecar.parse(withQuoteLines('    speaker: joe\n')));
      assert.match(noAnchor[0]!.message, /q-1: anchor must be a mapping/);
      assert.deepEqual([noAnchor[0]!.line, noAnchor[0]!.column], [5, 5]);

      const noId = problemsOf(Sidecar.parse('version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  - speaker: joe\n'));
      assert.match(noId[0]!.message, /quote without an id/);
      assert.deepEqual([noId[0]!.line, noId[0]!.column], [5, 5]);
    });

    it('refuses version 2', () => {
      const problems = problemsOf(Sidecar.parse('version: 2\ndocument: a.txt\noffsetUnit: codepoint\n'));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /unsupported sidecar version 2/);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [1, 10]);
    });

    it('refuses a list at the top level', () => {
      const problems = problemsOf(Sidecar.parse('# a list\n- version: 1\n- document: a.txt\n'));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /must be a mapping/);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [2, 1]);
    });

    it('refuses an empty file and a file of comments', () => {
      for (const text of ['', '\n\n', '# nothing here\n']) {
        const problems = problemsOf(Sidecar.parse(text));
        assert.equal(problems.length, 1);
        assert.match(problems[0]!.message, /empty/);
        assert.deepEqual([problems[0]!.line, problems[0]!.column], [1, 1]);
      }
    });
  });

  describe('hostile YAML', () => {
    it('rejects a billion-laughs alias bomb with a clear message', () => {
      const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      const names = 'abcdefghi';
      for (let i = 1; i < names.length; i++) {
        const prev = names[i - 1]!;
        levels.push(`${names[i]}: &${names[i]} [${Array(9).fill(`*${prev}`).join(',')}]`);
      }
      const problems = problemsOf(Sidecar.parse(`${levels.join('\n')}\n`));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /alias/i);
      assert.match(problems[0]!.message, /rejected/);
    });

    it('rejects 100-level-deep block nesting', () => {
      let text = '';
      for (let i = 0; i < 100; i++) text += `${'  '.repeat(i)}k${i}:\n`;
      text += `${'  '.repeat(100)}leaf\n`;
      const problems = problemsOf(Sidecar.parse(text));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /nesting is \d+ levels deep; the limit is 64/);
      assert.ok(MAX_YAML_DEPTH < 100);
    });

    it('rejects 100-level-deep flow nesting', () => {
      const text = `version: 1\nquotes: ${'['.repeat(100)}${']'.repeat(100)}\n`;
      const problems = problemsOf(Sidecar.parse(text));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /nesting is 100 levels deep/);
    });

    it('accepts a bracket-heavy exact text inside quotes', () => {
      const sidecar = Sidecar.create('a.txt', null);
      const text = `${'['.repeat(80)}{x}`;
      sidecar.addQuote({ id: 'q-1', speaker: null, cue: null, direct: false, anchor: createAnchor(text, 0, text.length) });
      assert.equal(parseOk(sidecar.toString()).value.quotes[0]!.anchor.exact, text);
    });

    it('reads back a sidecar it wrote whose exact text has escaped quotes and many brackets', () => {
      const sidecar = Sidecar.create('a.txt', null);
      const text = `He said "${'['.repeat(70)}" and 'more'`;
      sidecar.addQuote({ id: 'q-1', speaker: null, cue: null, direct: false, anchor: createAnchor(text, 0, text.length) });
      assert.ok(sidecar.toString().includes('\\"['), 'the straight quote is escaped in the file');
      assert.equal(parseOk(sidecar.toString()).value.quotes[0]!.anchor.exact, text);
      // Real nesting after an escaped quote is still counted.
      const nested = `version: 1\nx: "a\\"b"\ny: ${'['.repeat(100)}${']'.repeat(100)}\n`;
      assert.match(problemsOf(Sidecar.parse(nested))[0]!.message, /nesting is 100 levels deep/);
    });

    it('rejects a text larger than 8 MB before parsing it', () => {
      // Parsed, this would be refused for its version; too large, it is refused for its size alone.
      const text = `version: 2\n# ${'x'.repeat(MAX_YAML_BYTES)}\n`;
      const problems = problemsOf(Sidecar.parse(text));
      assert.equal(problems.length, 1);
      assert.match(problems[0]!.message, /too large/);
      assert.deepEqual([problems[0]!.line, problems[0]!.column], [1, 1]);
    });
  });

  describe('names and ids', () => {
    it('names the sidecar after the document', () => {
      assert.equal(sidecarNameFor('000_ce07b70b4b1d5ccc.txt'), '000_ce07b70b4b1d5ccc.annotations.yaml');
      assert.equal(sidecarNameFor('a.b.txt'), 'a.b.annotations.yaml');
      assert.equal(sidecarNameFor('README'), 'README.annotations.yaml');
      assert.equal(sidecarNameFor('.hidden'), '.hidden.annotations.yaml');
    });

    it('makes stable, prefixed ids', () => {
      const anchor = createAnchor(TEXT, 9, 20);
      const id = newAnnotationId('quote', anchor, () => false);
      assert.match(id, /^q-[0-9a-z]{7}$/);
      assert.equal(newAnnotationId('quote', anchor, () => false), id);
      assert.match(newAnnotationId('mention', anchor, () => false), /^m-[0-9a-z]{7}$/);
      assert.notEqual(newAnnotationId('quote', createAnchor(TEXT, 10, 20), () => false), id);
    });

    it('gives the ids it always gave (FNV-1a; sidecars and merges compare them)', () => {
      const anchor = createAnchor(TEXT, 9, 20);
      assert.equal(newAnnotationId('quote', anchor, () => false), 'q-1hn4dsk');
      // The next salt when the first id is taken.
      assert.equal(newAnnotationId('mention', anchor, (id) => id === 'm-1hn4dsk'), 'm-0f5c5pl');
      assert.equal(fnv1a36('a'), (0xe40c292c).toString(36), 'the FNV-1a test vector of "a"');
    });

    it('never returns a taken id', () => {
      const anchor = createAnchor(TEXT, 9, 20);
      const taken = new Set<string>();
      for (let i = 0; i < 500; i++) {
        const id = newAnnotationId('quote', anchor, (candidate) => taken.has(candidate));
        assert.ok(!taken.has(id));
        taken.add(id);
      }
      assert.equal(taken.size, 500);
    });
  });
});

describe('sidecar: what "accept both" of a git merge leaves', () => {
  it('reads an identical copy of an entry as one annotation, and writes it once', () => {
    const sidecar = Sidecar.create('a.txt', null);
    sidecar.addMention({ id: 'm-1', actor: 'joe', anchor: { start: 0, end: 2, exact: 'ab', prefix: '', suffix: '' } });
    const line = sidecar.toString().split('\n').find((l) => l.includes('id: m-1'))!;
    const doubled = sidecar.toString().replace(line, `${line}\n${line}`);
    const loaded = Sidecar.parse(doubled);
    assert.ok(loaded.ok, JSON.stringify(loaded.ok ? '' : loaded.problems));
    if (!loaded.ok) return;
    assert.equal(loaded.sidecar.value.mentions.length, 1);
    assert.equal(loaded.sidecar.toString(), sidecar.toString());
    // Two different versions under one id stay a problem: a disagreement to settle, never picked silently.
    assert.equal(Sidecar.parse(doubled.replace(`${line}\n`, `${line.replace('actor: joe', 'actor: ann')}\n`)).ok, false);
  });
});
