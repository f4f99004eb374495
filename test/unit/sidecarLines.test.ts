// The line reader of sidecars (src/core/files/sidecarLines.ts) against the YAML parser:
// on the layout the extension writes it must read exactly what the parser reads, and
// anything else must go to the parser, problems and all.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { Sidecar } from '../../src/core/files/sidecar';
import { readSidecarLines } from '../../src/core/files/sidecarLines';
import { MAX_YAML_BYTES } from '../../src/core/files/yamlFile';

const TEXT = ' date 2023-01-01 Jane Roe10:00\n\n“Talks: \\ "resume", # now” — she said.\tTab 😀 here, ok.\n\nA second paragraph.\n';

/** A sidecar as the extension writes it. */
function written(strings: { cue?: string | null; creator?: string; speaker?: string | null; name?: string } = {}, crlf = false): string {
  const s = Sidecar.create(strings.name ?? 'a.txt', 'fnv1a:0123456789abcdef:42');
  if (strings.creator !== undefined) s.provenance = { creator: strings.creator, created: '2026-11-30T07:40:12Z' };
  s.addQuote({ id: 'q-0000001', speaker: strings.speaker === undefined ? 'jane-roe' : strings.speaker, cue: strings.cue === undefined ? 'told reporters' : strings.cue, direct: true, anchor: createAnchor(TEXT, 33, 60) });
  s.addQuote({ id: 'q-0000002', speaker: null, cue: null, direct: false, anchor: createAnchor(TEXT, 2, 10) });
  s.addMention({ id: 'm-0000001', actor: 'jane-roe', anchor: createAnchor(TEXT, 17, 25) });
  s.addMention({ id: 'm-0000002', actor: 'müller-ivanova', anchor: createAnchor(TEXT, 70, 80) });
  const text = s.toString();
  return crlf ? text.replace(/\n/g, '\r\n') : text;
}

/** Both readers' results, compared: the same ok, the same data, the same problems, the same text when written back. */
function assertSame(text: string): void {
  const fast = Sidecar.parse(text);
  const full = Sidecar.parseYaml(text);
  assert.equal(fast.ok, full.ok, text);
  if (fast.ok && full.ok) {
    assert.deepEqual(fast.sidecar.value, full.sidecar.value, text);
    assert.equal(fast.sidecar.toString(), full.sidecar.toString());
  } else if (!fast.ok && !full.ok) {
    assert.deepEqual(fast.problems, full.problems);
  }
}

describe('sidecar line reader', function () {
  this.timeout(30_000); // every case is also parsed by the YAML library, seconds on a loaded machine
  it('reads a sidecar as the extension writes it exactly as the YAML parser does (emoji, escapes, quotes, #, colons, provenance, CRLF)', () => {
    const cases = [
      written(),
      written({ creator: 'Marta Gichko' }),
      written({ cue: null, speaker: null }),
      written({ cue: 'said: “yes”' }),
      written({ cue: '123' }),
      written({ cue: 'true' }),
      written({ cue: 'null' }),
      written({ cue: '1.5' }),
      written({ cue: '# not a comment' }),
      written({ cue: 'a, b' }),
      written({ name: 'my file #1: draft.txt' }),
      written({}, true),
      Sidecar.create('empty.txt', null).toString(),
    ];
    for (const text of cases) {
      assert.ok(readSidecarLines(text, MAX_YAML_BYTES), `the line reader takes the extension's layout:\n${text}`);
      assertSame(text);
    }
    // A plain scalar with marks the line reader does not take goes to the parser, with the same result.
    const unusual = written({ creator: 'O\'Brien "the" Reporter \\ 😀' });
    assert.equal(readSidecarLines(unusual, MAX_YAML_BYTES), null);
    assertSame(unusual);
  });

  it('leaves everything else to the YAML parser, which reads it as before', () => {
    const base = written({ creator: 'Marta Gichko' });
    const entry = base.split('\n').find((l) => l.startsWith('  - { id: q-0000001'))!;
    const variants: Record<string, string> = {
      'block layout': 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\n  - id: q-1\n    speaker: x\n    anchor:\n      start: 1\n      end: 2\n      exact: "a"\n      prefix: ""\n      suffix: ""\nmentions:\n',
      'a comment after an entry': base.replace(entry, `${entry} # checked`),
      'conflict markers': base.replace(entry, `<<<<<<< HEAD\n${entry}\n=======\n${entry.replace('jane-roe', 'john-doe')}\n>>>>>>> theirs`),
      'an unknown key': base.replace('speaker: jane-roe', 'speaker: jane-roe, note: checked'),
      'alternatives left by a merge': base.replace('cue: told reporters', 'cue: told reporters, alternatives: [{ speaker: john-doe }]'),
      'a duplicate id': base.replace('id: q-0000002', 'id: q-0000001'),
      'a tab': base.replace('cue: told reporters', 'cue:\ttold reporters'),
      'a float start': base.replace('start: 33', 'start: 33.0'),
      'a negative start': base.replace('start: 33', 'start: -33'),
      'end before start': base.replace('end: 60', 'end: 3'),
      'a speaker that is a number': base.replace('speaker: jane-roe', 'speaker: 12'),
      'a null direct': base.replace('direct: true', 'direct: null'),
      'a map as speaker': base.replace('speaker: jane-roe', 'speaker: { start: 1 }'),
      'an anchor key in the entry': base.replace('speaker: jane-roe', 'speaker: jane-roe, start: 3'),
      'an entry key in the anchor': base.replace('start: 33', 'id: q-9, start: 33'),
      'a speaker in a mention': base.replace('actor: jane-roe', 'actor: jane-roe, speaker: john-doe'),
      'version 2': base.replace('version: 1', 'version: 2'),
      'a byte offset unit': base.replace('offsetUnit: codepoint', 'offsetUnit: utf16'),
      'a YAML-only escape': base.replace('exact: "', 'exact: "\\x41'),
      'an escaped line break': base.replace('exact: "', 'exact: "\\\n'),
      'an indented comment': base.replace(entry, `  # checked\n${entry}`),
      'entries after quotes: []': base.replace('quotes:\n', 'quotes: []\n'),
      'a duplicate key': base.replace('version: 1', 'version: 1\nversion: 1'),
      'an entry without an id': base.replace('id: q-0000002, ', ''),
      'a mention without an actor': base.replace('actor: jane-roe, ', ''),
      'an empty file': '',
      'a list at the top': '- a\n- b\n',
      'a byte-order mark': `\ufeff${base}`,
      'trailing spaces': base.replace(entry, `${entry}  `),
      'an alias': base.replace('speaker: jane-roe', 'speaker: &s jane-roe').replace('actor: jane-roe', 'actor: *s'),
    };
    for (const [name, text] of Object.entries(variants)) {
      assert.equal(readSidecarLines(text, MAX_YAML_BYTES), null, `${name}: not taken by the line reader`);
      assertSame(text);
    }
  });

  it('a sidecar read line by line is edited and written exactly as one read by the parser', () => {
    const text = written({ creator: 'Marta Gichko' });
    const edit = (s: Sidecar): string => {
      s.addQuote({ id: 'q-0000003', speaker: 'x', cue: 'said', direct: true, anchor: createAnchor(TEXT, 40, 50) });
      s.update('q-0000001', { speaker: 'someone' });
      s.remove('m-0000001');
      s.setContentHash('fnv1a:ffff:9');
      return s.toString();
    };
    const fast = Sidecar.parse(text);
    const full = Sidecar.parseYaml(text);
    assert.ok(fast.ok && full.ok);
    assert.equal(edit(fast.sidecar), edit(full.sidecar));
    assert.deepEqual(fast.sidecar.value, full.sidecar.value);
  });

  it('an annotation added to a sidecar read line by line (one more line, no parse) is written exactly as an edit of the parsed document writes it', () => {
    const withComment = written().replace('\n  - { id: q-0000001', '\n  # checked by hand\n  - { id: q-0000001');
    const bases = [written(), written({ creator: 'Marta Gichko', cue: 'said: “yes”' }), written({}, true), Sidecar.create('empty.txt', null).toString(), withComment];
    // Before, between and after the entries, on the same start as one, and into an empty list; emoji in the text.
    const spans: Array<[number, number]> = [[0, 1], [2, 9], [2, 10], [2, 11], [20, 30], [33, 59], [33, 61], [62, 75], [84, 90]];
    for (const base of bases) {
      for (const [start, end] of spans) {
        const add = (s: Sidecar): string => {
          s.provenance = { creator: 'Ann Ode', created: '2026-11-30T17:20:00Z' };
          s.addQuote({ id: 'q-new0001', speaker: 'lena-ortiz', cue: 'said', direct: true, anchor: createAnchor(TEXT, start, end) });
          s.addMention({ id: 'm-new0001', actor: 'müller-ivanova', anchor: createAnchor(TEXT, start, end) });
          return s.toString();
        };
        const fast = Sidecar.parse(base);
        const full = Sidecar.parseYaml(base);
        assert.ok(fast.ok && full.ok);
        const text = add(fast.sidecar);
        assert.equal(text, add(full.sidecar), `${start}-${end} in\n${base}`);
        assert.deepEqual(fast.sidecar.value, full.sidecar.value);
        // The text is still the layout, and then edited by the parser like any other.
        if (!base.includes('\r') && base !== withComment) assert.ok(readSidecarLines(text, MAX_YAML_BYTES), text);
        fast.sidecar.remove('q-new0001');
        full.sidecar.remove('q-new0001');
        assert.equal(fast.sidecar.toString(), full.sidecar.toString());
      }
    }
  });

  it('whatever one character is changed to, either reads what the parser reads or leaves it to the parser', function () {
    this.timeout(120_000); // each run the line reader takes is parsed by the YAML library too
    const base = written({ creator: 'Marta Gichko', cue: 'said: “yes”' });
    const alphabet = [' ', ':', ',', '{', '}', '"', '\\', '#', '\n', '\t', '-', '0', '9', '.', 'a', '&', '*', '!', '|', '>', "'", '[', ']', '\r', '😀', '\u2028'];
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.constantFrom(...alphabet), fc.boolean(), (at, ch, insert) => {
        const text = base.slice(0, at) + ch + base.slice(insert ? at : at + 1);
        const lines = readSidecarLines(text, MAX_YAML_BYTES);
        if (lines === null) return;
        const full = Sidecar.parseYaml(text);
        assert.ok(full.ok, `the line reader read what the parser refuses:\n${text}`);
        assert.deepEqual(lines, full.sidecar.value, text);
      }),
      { numRuns: 800, seed: 14 },
    );
  });
});
