// Line ends: anchors, content hashes and sidecars are the same for the LF, CRLF and
// mixed forms of a document (src/core/text/lineEnds.ts). Texts are written for these tests.
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { contentHash } from '../../src/core/anchoring/anchor';
import { checkDocument } from '../../src/core/corpus/checks';
import { bratFormat, readBratAnn, toBratAnn } from '../../src/core/exports/brat';
import { buildWebAnnotations } from '../../src/core/exports/webAnnotation';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import { AnnotationStore } from '../../src/core/files/store';
import { addMention, addQuote, draftMention, draftQuote } from '../../src/core/tagging/tagging';
import { anchorText, DocumentText, LineEndMap, lineEndAttributes, lineEndOf, normalizeLineEnds, withLineEnd } from '../../src/core/text/lineEnds';
import { withMergeAttributes } from '../../src/core/merge/gitAttributes';
import { CodePointMap } from '../../src/core/text/text';
import { MemoryFiles } from './helpers/memoryFiles';

const LF_DOC = ' date 2024-03-01 Lead 🇺🇦 line.\n\nThe minister said: “We hold 😀 the line.”\nA second line.\n\nClosing words.\n';

/** The LF, CRLF and mixed forms of an LF text. */
function forms(lf: string): { name: string; text: string }[] {
  let i = 0;
  return [
    { name: 'LF', text: lf },
    { name: 'CRLF', text: lf.replace(/\n/g, '\r\n') },
    { name: 'mixed', text: lf.replace(/\n/g, () => (i++ % 2 ? '\r\n' : '\n')) },
    { name: 'CRLF with a BOM', text: `\uFEFF${lf.replace(/\n/g, '\r\n')}` },
  ];
}

/** The UTF-16 offset in `stored` of a code-point offset of its LF form: where a user would select the same words. */
function storedOffsetOf(stored: string, lfOffset: number): number {
  let seen = 0;
  let i = stored.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (seen < lfOffset && i < stored.length) {
    if (stored[i] === '\r' && stored[i + 1] === '\n') i += 2;
    else i += stored.codePointAt(i)! > 0xffff ? 2 : 1;
    seen++;
  }
  return i;
}

/**
 * Tags quotes and mentions on a stored text the way the editor does: the
 * selection is in the stored text's UTF-16 offsets, converted at the boundary.
 */
function tagOn(stored: string, spans: ReadonlyArray<{ start: number; end: number; kind: 'quote' | 'mention' }>): Sidecar {
  const withoutBom = stored.replace(/^\uFEFF/, '');
  const bomShift = withoutBom.length === stored.length ? 0 : 1;
  const text = new DocumentText(withoutBom);
  const sidecar = Sidecar.create('doc.txt', contentHash(stored));
  const registry = Registry.create();
  const actor = registry.add('The Minister', 'person');
  for (const s of spans) {
    const span = { start: text.fromStored(storedOffsetOf(stored, s.start) - bomShift), end: text.fromStored(storedOffsetOf(stored, s.end) - bomShift) };
    try {
      if (s.kind === 'quote') addQuote(sidecar, draftQuote(text.text, span), actor.id);
      else addMention(sidecar, registry, draftMention(text.text, span), actor);
    } catch {
      // An empty or duplicate selection is refused alike on every form.
    }
  }
  return sidecar;
}

describe('line ends', () => {
  describe('normalizeLineEnds and anchorText', () => {
    it('reads CRLF and a lone CR as one LF, and drops a BOM', () => {
      assert.equal(normalizeLineEnds('a\r\nb\rc\nd\r\r\ne'), 'a\nb\nc\nd\n\ne');
      assert.equal(anchorText('\uFEFFa\r\nb'), 'a\nb');
      const lf = 'no CR here 😀\n';
      assert.equal(normalizeLineEnds(lf), lf);
    });
  });

  describe('LineEndMap', () => {
    it('maps stored offsets to anchor offsets and back, a CRLF counting one', () => {
      const map = new LineEndMap('ab\r\ncd\ref\r\n');
      assert.equal(map.text, 'ab\ncd\nef\n');
      assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((o) => map.toAnchor(o)), [0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 8, 9]);
      assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((o) => map.toStored(o)), [0, 1, 2, 4, 5, 6, 7, 8, 9, 11]);
      assert.equal(new LineEndMap('plain\n').isIdentity, true);
    });

    it('round-trips every offset that is not inside a CRLF (property)', () => {
      const piece = fc.constantFrom('a', 'Ж', '😀', ' ', '\n', '\r\n', '\r', '“', '🇺🇦');
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
          const stored = pieces.join('');
          const text = new DocumentText(stored);
          assert.equal(text.text, normalizeLineEnds(stored));
          for (let o = 0; o <= text.points.length; o++) {
            const back = text.toStored(o);
            assert.equal(text.fromStored(back), o);
            assert.notEqual(stored[back - 1] === '\r' && stored[back] === '\n', true, `offset ${o} maps inside a CRLF`);
          }
        }),
      );
    });
  });

  describe('the same annotations on LF, CRLF and mixed forms', () => {
    it('give byte-identical sidecars, the same content hash, and no problem on any form', () => {
      const spans = [
        { kind: 'quote' as const, start: [...LF_DOC].indexOf('W'), end: [...LF_DOC].indexOf('”') },
        { kind: 'mention' as const, start: [...LF_DOC].indexOf('m'), end: [...LF_DOC].indexOf('m') + 'minister'.length },
      ];
      const [lf, ...others] = forms(LF_DOC).map((f) => ({ ...f, sidecar: tagOn(f.text, spans) }));
      assert.equal(lf!.sidecar.value.quotes.length, 1);
      assert.equal(lf!.sidecar.value.quotes[0]!.anchor.exact, 'We hold 😀 the line.');
      for (const f of others) {
        assert.equal(f.sidecar.toString(), lf!.sidecar.toString(), f.name);
        assert.equal(contentHash(f.text), contentHash(LF_DOC), f.name);
      }
      for (const f of forms(LF_DOC)) {
        const problems = checkDocument({ location: '/c/doc.txt', text: f.text, sidecar: { status: 'ok', sidecar: lf!.sidecar, location: '/c/doc.annotations.yaml' }, registry: null });
        assert.deepEqual(problems.map((p) => p.code), [], f.name);
      }
    });

    it('give identical sidecars for generated documents with emoji (property)', function () {
      this.timeout(30_000);
      const word = fc.constantFrom('minister', 'said', 'Kyiv', 'Київ', '😀', '🇺🇦', 'we', 'hold', '“line”', 'talks.');
      const line = fc.array(word, { minLength: 1, maxLength: 8 }).map((ws) => ws.join(' '));
      const doc = fc.array(line, { minLength: 1, maxLength: 8 }).map((ls) => ` date 2024-03-01 Lead.\n\n${ls.join('\n')}\n`);
      const spanOf = (length: number) =>
        fc.tuple(fc.nat({ max: length }), fc.nat({ max: length }), fc.constantFrom('quote' as const, 'mention' as const)).map(([a, b, kind]) => ({ start: Math.min(a, b), end: Math.max(a, b), kind }));
      fc.assert(
        fc.property(
          doc.chain((lf) => fc.tuple(fc.constant(lf), fc.array(spanOf([...lf].length), { maxLength: 6 }))),
          ([lfText, spans]) => {
            const expected = tagOn(lfText, spans).toString();
            for (const f of forms(lfText)) assert.equal(tagOn(f.text, spans).toString(), expected, f.name);
          },
        ),
        { numRuns: 80 },
      );
    });
  });

  describe('exports', () => {
    const cp = (needle: string): number => [...LF_DOC.slice(0, LF_DOC.indexOf(needle))].length;
    const sidecar = tagOn(LF_DOC, [{ kind: 'quote', start: cp('We hold'), end: cp('second line.') + 'second line.'.length }]);

    it('brat offsets re-find the text in the CRLF file brat reads', () => {
      for (const f of forms(LF_DOC)) {
        const { ann, skipped } = toBratAnn(f.text, sidecar, null);
        assert.deepEqual(skipped, [], f.name);
        assert.notEqual(ann, '', f.name);
        assert.deepEqual(readBratAnn(f.text, ann).problems, [], f.name);
        const [, spans] = ann.split('\t');
        const first = Number(spans!.split(' ')[1]);
        assert.equal([...f.text].slice(first, first + 2).join(''), 'We', f.name);
        // And back: brat's file offsets become the sidecar's again.
        const imported = bratFormat.import!([{ path: 'doc.ann', text: ann }], { textOf: () => f.text });
        assert.deepEqual(imported.refused, [], f.name);
        const quote = sidecar.value.quotes[0]!.anchor;
        assert.deepEqual(imported.annotations.map((a) => [a.start, a.end, a.text]), [[quote.start, quote.end, quote.exact]], f.name);
      }
    });

    it('W3C selectors state anchor-text offsets: the same for every form, re-found in the anchor text', () => {
      const built = forms(LF_DOC).map((f) => buildWebAnnotations([{ path: 'doc.txt', text: f.text, sidecar }], null));
      for (const b of built) assert.deepEqual(b, built[0]);
      const [quote, position] = built[0]!.annotations[0]!.target.selector;
      assert.equal(new CodePointMap(anchorText(forms(LF_DOC)[1]!.text)).slice(position.start, position.end), quote.exact);
      assert.match(quote.exact, /line\.”\nA second line\./);
    });
  });

  describe('sidecar and registry files keep their line ends', () => {
    it('a sidecar and a registry git checked out as CRLF are written back all CRLF; LF ones stay LF', async () => {
      const files = new MemoryFiles();
      const store = new AnnotationStore(files, () => '/c/actors.yaml');
      const doc = LF_DOC.replace(/\n/g, '\r\n');
      const lfSidecar = tagOn(LF_DOC, [{ kind: 'mention', start: 17, end: 21 }]).toString();
      files.put('/c/doc.txt', doc);
      files.put('/c/doc.annotations.yaml', withLineEnd(lfSidecar, '\r\n'));
      const registry = Registry.create();
      registry.add('The Minister', 'person');
      files.put('/c/actors/the-minister.yaml', withLineEnd(registry.toString(), '\r\n'));
      files.put('/c/lf.txt', LF_DOC);
      const state = await store.sidecar('/c/doc.txt');
      assert.equal(state.status, 'ok');
      await store.edit('/c/doc.txt', contentHash(doc), (sc, reg) => {
        const actor = reg.add('Second Speaker', 'person');
        addQuote(sc, draftQuote(anchorText(doc), { start: [...LF_DOC].indexOf('W'), end: [...LF_DOC].indexOf('”') }), actor.id);
      });
      await store.edit('/c/lf.txt', contentHash(LF_DOC), (sc, reg) => {
        addMention(sc, reg, draftMention(LF_DOC, { start: 17, end: 21 }), reg.actors[0]!);
      });
      for (const [location, lineEnd] of [['/c/doc.annotations.yaml', '\r\n'], ['/c/actors/the-minister.yaml', '\r\n'], ['/c/lf.annotations.yaml', '\n']] as const) {
        const text = files.text(location)!;
        assert.equal(lineEndOf(text), lineEnd, location);
        assert.equal(text.split('\n').length - 1, lineEnd === '\r\n' ? text.split('\r\n').length - 1 : text.split('\n').length - 1, `${location}: one style, no mix`);
        if (lineEnd === '\n') assert.ok(!text.includes('\r'), location);
      }
      assert.match(files.text('/c/doc.annotations.yaml')!, /Second Speaker|q-/);
      assert.equal(Sidecar.parse(files.text('/c/doc.annotations.yaml')!).ok, true);
    });

    it('a sidecar without lineEnds (written on LF) reads as the LF rule; an unknown rule is refused', () => {
      const withKey = tagOn(LF_DOC, [{ kind: 'mention', start: 17, end: 21 }]).toString();
      assert.match(withKey, /\nlineEnds: lf\n/);
      const without = Sidecar.parse(withKey.replace('lineEnds: lf\n', ''));
      assert.ok(without.ok);
      assert.equal(without.sidecar.value.lineEnds, 'lf');
      const odd = Sidecar.parse(withKey.replace('lineEnds: lf', 'lineEnds: crlf'));
      assert.ok(!odd.ok);
      assert.match(odd.problems[0]!.message, /unknown line-end rule "crlf"/);
    });

    it('gives git-setup the rules that keep sidecars and actor files LF and leave documents alone', () => {
      const rules = lineEndAttributes();
      assert.ok(rules.includes('*.annotations.yaml text eol=lf'));
      assert.ok(rules.includes('actors.yaml text eol=lf'));
      assert.ok(rules.every((r) => !r.includes('.txt')));
      const { text } = withMergeAttributes('*.txt -text\n');
      for (const rule of rules) assert.ok(text.split('\n').includes(rule), `git-setup writes ${rule}`);
      assert.ok(text.startsWith('*.txt -text\n'), 'what the user wrote about documents stays');
      assert.equal(text.split('\n').filter((l) => l.includes('.txt')).length, 1);
    });
  });
});
