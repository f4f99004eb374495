import * as assert from 'node:assert/strict';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { parseSeed } from '../../src/core/format/format';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';
import {
  TagError,
  addMention,
  addQuote,
  allAnchorsHold,
  annotationsAt,
  draftMention,
  draftQuote,
  overlappingPairs,
  parseActorKind,
} from '../../src/core/tagging/tagging';
import { SEED_000, SEED_002, readSeed, spanOf } from './helpers/memoryFiles';

const s000 = readSeed(SEED_000);
const s002 = readSeed(SEED_002);

describe('tagging', () => {
  describe('draftQuote', () => {
    it('trims the marks of a selection that includes them and marks it direct', () => {
      const draft = draftQuote(s000, spanOf(s000, '“behind closed doors”'));
      assert.deepEqual(draft.span, spanOf(s000, 'behind closed doors'));
      assert.equal(draft.anchor.exact, 'behind closed doors');
      assert.equal(draft.direct, true);
      assert.equal(draft.cue, 'stated');
    });

    it('marks a selection of the words inside the marks direct', () => {
      const draft = draftQuote(s002, spanOf(s002, 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon,'));
      assert.equal(draft.direct, true);
      assert.equal(draft.cue, 'told');
      assert.ok(draft.anchor.prefix.endsWith('“'));
      assert.ok(draft.anchor.suffix.startsWith('” the US President told'));
    });

    it('trims the mixed straight and curly marks of the last quotation of seed 002', () => {
      const withMarks = spanOf(s002, '"He (Putin) does not know');
      const selection = { start: withMarks.start, end: [...s002].length };
      const draft = draftQuote(s002, selection);
      assert.equal(draft.direct, true);
      assert.equal(draft.anchor.exact, 'He (Putin) does not know what dignity and honesty are. Therefore, we are ready for a dialogue with Russia, but with another president of Russia.');
      assert.equal(draft.cue, 'asserted');
    });

    it('marks a paraphrase indirect and finds its cue', () => {
      const draft = draftQuote(s000, spanOf(s000, 'the Biden administration has no indication that Russian dictator Vladimir Putin is ready to negotiate with Ukraine'));
      assert.equal(draft.direct, false);
      assert.equal(draft.cue, 'said');
      assert.equal(draft.anchor.exact, 'the Biden administration has no indication that Russian dictator Vladimir Putin is ready to negotiate with Ukraine');
    });

    it('uses configured cue words in place of the language list', () => {
      const draft = draftQuote(s000, spanOf(s000, 'the Biden administration has no indication'), { cueWordsByLanguage: { en: ['hopes'] } });
      assert.equal(draft.cue, 'hopes');
    });

    it('takes the whole quotation under an empty selection', () => {
      const inner = spanOf(s000, 'peace formula');
      for (const cursor of [inner.start + 3, inner.start - 1, inner.end + 1]) {
        const draft = draftQuote(s000, { start: cursor, end: cursor });
        assert.deepEqual(draft.span, inner, `cursor at ${cursor}`);
        assert.equal(draft.direct, true);
        assert.equal(draft.cue, 'according to');
      }
      const parsed = parseSeed(s000);
      assert.deepEqual(draftQuote(s000, { start: inner.start, end: inner.start }, { parsed }).span, inner);
    });

    it('counts code points for an empty selection after an emoji', () => {
      const text = ' date 2024-01-02 x\n\n😀 “hi there” she said.';
      const draft = draftQuote(text, { start: 25, end: 25 });
      assert.deepEqual(draft.span, { start: 23, end: 31 });
      assert.equal(draft.anchor.exact, 'hi there');
      assert.equal(draft.cue, 'said');
    });

    it('refuses an empty selection outside any quotation', () => {
      const cursor = spanOf(s000, 'Representatives').start;
      assert.throws(() => draftQuote(s000, { start: cursor, end: cursor }), TagError);
      assert.throws(() => draftQuote(s000, { start: cursor, end: cursor }), /put the cursor inside quotation marks/);
    });

    it('refuses a selection of white space or marks only', () => {
      assert.throws(() => draftQuote('a   b', { start: 1, end: 4 }), (e: unknown) => e instanceof TagError && /no words/.test(e.message));
      assert.throws(() => draftQuote('a “” b', { start: 2, end: 4 }), TagError);
    });
  });

  describe('addQuote', () => {
    it('adds a quote and refuses the exact same span again', () => {
      const sidecar = Sidecar.create(SEED_000, null);
      const draft = draftQuote(s000, spanOf(s000, 'behind closed doors'));
      const quote = addQuote(sidecar, draft, 'kuleba');
      assert.match(quote.id, /^q-/);
      assert.equal(quote.speaker, 'kuleba');
      assert.equal(quote.cue, 'stated');
      assert.deepEqual(sidecar.value.quotes, [quote]);
      assert.throws(() => addQuote(sidecar, draftQuote(s000, spanOf(s000, '“behind closed doors”')), null), (e: unknown) => e instanceof TagError && e.message.includes(quote.id));
      assert.equal(sidecar.value.quotes.length, 1);
      // A different span is fine, even when it overlaps.
      addQuote(sidecar, draftQuote(s000, spanOf(s000, 'behind closed')), null);
      assert.equal(sidecar.value.quotes.length, 2);
    });
  });

  describe('draftMention and addMention', () => {
    it('trims white space and punctuation from a mention', () => {
      const text = 'Said (Dmytro Kuleba, “the minister”).';
      const m = draftMention(text, spanOf(text, '(Dmytro Kuleba, '));
      assert.deepEqual(m.span, spanOf(text, 'Dmytro Kuleba'));
      assert.equal(m.anchor.exact, 'Dmytro Kuleba');
      assert.equal(draftMention(text, spanOf(text, '“the minister”).')).anchor.exact, 'the minister');
      assert.throws(() => draftMention(text, spanOf(text, ').')), TagError);
    });

    it('adds an alias when the wording differs, and not when it is the same', () => {
      const sidecar = Sidecar.create(SEED_002, null);
      const registry = Registry.create();
      const biden = registry.add('Joe Biden', 'person');
      const same = addMention(sidecar, registry, draftMention(s002, spanOf(s002, 'Joe Biden')), biden);
      assert.equal(same.aliasAdded, false);
      assert.equal(same.mention.actor, 'joe-biden');
      const other = addMention(sidecar, registry, draftMention(s002, spanOf(s002, 'US President Joe')), biden);
      assert.equal(other.aliasAdded, true);
      assert.deepEqual(registry.get('joe-biden')?.aliases, ['US President Joe']);
      const casing = addMention(sidecar, registry, draftMention(s002, spanOf(s002, 'the US President')), biden);
      assert.equal(casing.aliasAdded, true);
      assert.equal(sidecar.value.mentions.length, 3);
      assert.throws(() => addMention(sidecar, registry, draftMention(s002, spanOf(s002, 'Joe Biden')), biden), TagError);
    });
  });

  describe('annotationsAt and overlappingPairs', () => {
    const sidecar = Sidecar.create(SEED_002, null);
    const quoteSpan = spanOf(s002, 'Let me just say: Russia would be making');
    const russia = spanOf(s002, 'Russia would');
    const q1 = addQuote(sidecar, draftQuote(s002, quoteSpan), null);
    const q2 = addQuote(sidecar, draftQuote(s002, spanOf(s002, 'just say: Russia')), null);
    const q3 = addQuote(sidecar, draftQuote(s002, spanOf(s002, 'be making an incredibly')), null);
    const m1 = addMention(sidecar, Registry.create(), { anchor: createAnchor(s002, russia.start, russia.start + 6) }, { id: 'russia', name: 'Russia', kind: 'country', aliases: [], wikidata: null }).mention;

    it('lists the annotations under an offset, innermost first', () => {
      assert.deepEqual(annotationsAt(sidecar.annotations, russia.start + 2).map((a) => a.id), [m1.id, q2.id, q1.id]);
      assert.deepEqual(annotationsAt(sidecar.annotations, quoteSpan.start).map((a) => a.id), [q1.id]);
      assert.deepEqual(annotationsAt(sidecar.annotations, 0), []);
      assert.deepEqual(annotationsAt(sidecar.annotations, quoteSpan.end).map((a) => [a.id, a.kind]), [[q3.id, 'quote'], [q1.id, 'quote']]);
    });

    it('pairs overlapping annotations of the same kind only', () => {
      const pairs = overlappingPairs(sidecar).map(([a, b]) => [a, b].sort().join(' '));
      assert.deepEqual(pairs.sort(), [[q1.id, q2.id].sort().join(' '), [q1.id, q3.id].sort().join(' ')].sort());
    });

    it('checks that every anchor still holds', () => {
      assert.equal(allAnchorsHold(sidecar, s002), true);
      assert.equal(allAnchorsHold(sidecar, s002.replace('Last week', 'Last  week')), false);
    });
  });

  describe('parseActorKind', () => {
    it('reads kinds typed by a user', () => {
      assert.equal(parseActorKind(' Person '), 'person');
      assert.equal(parseActorKind('organization'), 'organisation');
      assert.equal(parseActorKind('media'), 'media');
      assert.equal(parseActorKind('human'), null);
    });
  });
});
