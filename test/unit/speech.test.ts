import * as assert from 'node:assert/strict';
import { DEFAULT_CUE_VERBS, findCue, isDirectSpeech, trimQuoteSpan } from '../../src/core/tagging/speech';
import { CodePointMap } from '../../src/core/text/text';
import { SEED_000, SEED_002, readSeed, spanOf } from './helpers/memoryFiles';

describe('speech', () => {
  describe('findCue on the seeds', () => {
    const s000 = readSeed(SEED_000);
    const s002 = readSeed(SEED_002);

    it('finds “said” before a paraphrase (two American officials said that …)', () => {
      const span = spanOf(s000, 'the Biden administration has no indication that Russian dictator Vladimir Putin is ready to negotiate with Ukraine');
      const cue = findCue(s000, span);
      assert.ok(cue);
      assert.equal(cue.verb, 'said');
      // "said that " stands right before the span.
      assert.deepEqual({ start: cue.start, end: cue.end }, { start: span.start - 10, end: span.start - 6 });
      assert.equal(new CodePointMap(s000).slice(cue.start, cue.end), 'said');
    });

    it('finds Kuleba’s “previously stated”, not the “According to him” of the next sentence', () => {
      const paraphrase = spanOf(s000, 'Ukraine is not conducting any negotiations “behind closed doors” with Russia');
      assert.equal(findCue(s000, paraphrase)?.verb, 'stated');
      const quote = spanOf(s000, 'behind closed doors');
      const cue = findCue(s000, quote);
      assert.equal(cue?.verb, 'stated');
      assert.equal(new CodePointMap(s000).slice(cue!.start, cue!.end), 'stated');
    });

    it('finds “according to” in the sentence of the quote', () => {
      const cue = findCue(s000, spanOf(s000, 'peace formula'));
      assert.equal(cue?.verb, 'according to');
      assert.equal(new CodePointMap(s000).slice(cue!.start, cue!.end), 'According to');
    });

    it('finds “told” after a quote (the US President told journalists)', () => {
      const span = spanOf(s002, 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon,');
      const cue = findCue(s002, span);
      assert.equal(cue?.verb, 'told');
      const after = s002.slice(span.end, s002.indexOf('told', span.end));
      assert.equal(after, '” the US President ');
      assert.equal(cue!.start, span.end + after.length);
    });

    it('finds “added” after a quote (the unnamed spokesperson added)', () => {
      const span = spanOf(s002, 'The Kremlin has demonstrated its unwillingness');
      const quote = { start: span.start, end: spanOf(s002, 'invasion of Ukraine,').end };
      assert.equal(findCue(s002, quote)?.verb, 'added');
    });

    it('finds “told” before a quote (told the Post:) and “asserted” before the straight-quoted one', () => {
      assert.equal(findCue(s002, spanOf(s002, 'Ukraine fatigue is a real thing for some of our partners.'))?.verb, 'told');
      assert.equal(findCue(s002, spanOf(s002, 'He (Putin) does not know'))?.verb, 'asserted');
    });
  });

  describe('findCue limits', () => {
    it('finds nothing when the nearest cue is far away', () => {
      const text = `He said this. ${'Filler words without verbs. '.repeat(6)}“A quote here.”`;
      const span = spanOf(text, 'A quote here.');
      assert.ok(span.start - 'He said'.length > 120);
      assert.equal(findCue(text, span), null);
      // The same cue close by is found.
      const near = 'He said this. “A quote here.”';
      assert.equal(findCue(near, spanOf(near, 'A quote here.'))?.verb, 'said');
    });

    it('does not look into another paragraph', () => {
      const before = 'The minister said so.\n\n“A quote here.”';
      assert.equal(findCue(before, spanOf(before, 'A quote here.')), null);
      const after = '“A quote here.”\n\nThe minister said so.';
      assert.equal(findCue(after, spanOf(after, 'A quote here.')), null);
      const crlf = 'The minister said so.\r\n\r\n“A quote here.”';
      assert.equal(findCue(crlf, spanOf(crlf, 'A quote here.')), null);
      const sameParagraph = 'The minister said so.\n“A quote here.”';
      assert.equal(findCue(sameParagraph, spanOf(sameParagraph, 'A quote here.'))?.verb, 'said');
    });

    it('still takes a cue from the neighbouring sentence when there is no other', () => {
      const text = 'He said it. The team won the match.';
      assert.equal(findCue(text, spanOf(text, 'The team won the match'))?.verb, 'said');
      // …but a cue in the same sentence wins even when it is farther away.
      const both = 'The coach said that the team won. According to the press, it was luck.';
      const cue = findCue(both, spanOf(both, 'the team won'));
      assert.equal(cue?.verb, 'said');
    });

    it('never takes a verb inside the quote', () => {
      const text = '“They said no,” she argued.';
      assert.equal(findCue(text, spanOf(text, 'They said no,'))?.verb, 'argued');
    });

    it('matches whole words only', () => {
      const text = 'It went unsaid and untold: “a quote” indeed.';
      assert.equal(findCue(text, spanOf(text, 'a quote')), null);
    });

    it('does not match the end of a word cut by the search window', () => {
      // "unsaid" ends where the 120-code-point window before the quote begins.
      const filler = "x".repeat(114);
      const text = `unsaid ${filler}“q”`;
      const span = spanOf(text, 'q');
      assert.equal(span.start - 120, 2); // the window starts at the "s" of "unsaid"
      assert.equal(findCue(text, span), null);
    });

    it('uses a custom verb list, case-insensitively', () => {
      const text = 'The minister Blurted out: “we will win”.';
      const span = spanOf(text, 'we will win');
      assert.equal(findCue(text, span), null);
      assert.equal(findCue(text, span, ['blurted'])?.verb, 'blurted');
      assert.equal(findCue(text, span, ['  ', '']), null);
      assert.ok(!DEFAULT_CUE_VERBS.includes('blurted'));
    });

    it('finds “according to”, also across a line break', () => {
      const text = 'According to the ministry, the talks failed.';
      const cue = findCue(text, spanOf(text, 'the talks failed'));
      assert.deepEqual(cue, { verb: 'according to', start: 0, end: 12 });
      const broken = 'Talks failed, according\n to the ministry.';
      assert.equal(findCue(broken, spanOf(broken, 'Talks failed'))?.verb, 'according to');
    });

    it('prefers the nearer of two cues and counts code points', () => {
      const text = '😀 She said: “yes”, he added.';
      const span = spanOf(text, 'yes');
      assert.equal(span.start, 13);
      const cue = findCue(text, span);
      // "said" ends 3 code points before the span; "added" starts 6 after it.
      assert.deepEqual(cue, { verb: 'said', start: 6, end: 10 });
    });
  });

  describe('isDirectSpeech', () => {
    const text = 'He said “we are ready” and then left. He said they were ready.';
    it('is true for a selection that includes the marks', () => {
      assert.equal(isDirectSpeech(text, spanOf(text, '“we are ready”')), true);
      assert.equal(isDirectSpeech(text, spanOf(text, ' “we are ready” ')), true);
    });
    it('is true for a selection of the words between the marks', () => {
      assert.equal(isDirectSpeech(text, spanOf(text, 'we are ready')), true);
    });
    it('is false for a paraphrase, true for a part of a quotation', () => {
      assert.equal(isDirectSpeech(text, spanOf(text, 'they were ready')), false);
      assert.equal(isDirectSpeech(text, spanOf(text, 'we are')), true);
      assert.equal(isDirectSpeech(text, spanOf(text, 'ready” and then')), false);
    });
    it('never takes a cue from a name: "States" in "United States"', () => {
      const t = 'The United States “will not negotiate under fire” in Geneva.';
      assert.equal(findCue(t, spanOf(t, 'will not negotiate under fire')), null);
    });
    it('accepts other marks and a quote that ends the text', () => {
      const german = 'Er sagte „ja“';
      assert.equal(isDirectSpeech(german, spanOf(german, 'ja')), true);
      const unclosed = 'She said “and more';
      assert.equal(isDirectSpeech(unclosed, spanOf(unclosed, 'and more')), true);
    });
  });

  describe('trimQuoteSpan', () => {
    it('trims white space and a pair of marks', () => {
      const text = 'a  “hello there”  b';
      const trimmed = trimQuoteSpan(text, spanOf(text, '  “hello there”  '));
      assert.deepEqual(trimmed, spanOf(text, 'hello there'));
    });
    it('trims a lone opening mark', () => {
      const text = 'x “hello there';
      assert.deepEqual(trimQuoteSpan(text, spanOf(text, '“hello')), spanOf(text, 'hello'));
    });
    it('leaves plain words alone and works in code points', () => {
      const text = '😀 “hi”';
      assert.deepEqual(trimQuoteSpan(text, { start: 2, end: 6 }), { start: 3, end: 5 });
      assert.deepEqual(trimQuoteSpan(text, { start: 3, end: 5 }), { start: 3, end: 5 });
      assert.deepEqual(trimQuoteSpan('   ', { start: 0, end: 3 }), { start: 3, end: 3 });
    });
    it('trims the mixed straight-open, curly-close marks of seed 002', () => {
      const s002 = readSeed(SEED_002);
      const withMarks = spanOf(s002, '"He (Putin) does not know what dignity and honesty are. Therefore, we are ready for a dialogue with Russia, but with another president of Russia.”');
      const trimmed = trimQuoteSpan(s002, withMarks);
      assert.deepEqual(trimmed, { start: withMarks.start + 1, end: withMarks.end - 1 });
    });
  });
});
