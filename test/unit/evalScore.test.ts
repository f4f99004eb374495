// The matching rule of `npm run eval` (scripts/evalScore.ts), on records written here.
import * as assert from 'node:assert/strict';
import { goldSpeakerNames, matchDocument, prf, sameCue, sameSpeaker, type GoldAttribution } from '../../scripts/evalScore';
import type { SuggestionRecord } from '../../src/core/tagging/suggestRecords';

function gold(content: Array<[number, number]>, speaker = 'Jane Roe'): GoldAttribution {
  return { document: 'a.txt', content, direct: true, cue: [[40, 44]], cueText: 'said', speakerNames: [speaker], pronoun: false };
}
function sug(start: number, end: number, speaker: string | null = 'Roe', cue: [number, number] | null = [40, 44]): SuggestionRecord {
  return { document: 'a.txt', start, end, text: '', direct: true, cue: cue ? 'said' : null, cueStart: cue?.[0] ?? null, cueEnd: cue?.[1] ?? null, speaker, actor: null, confidence: 0.5 };
}

describe('eval matching rule', () => {
  it('matches when the overlap covers at least half of the gold content, counting its fragments', () => {
    assert.equal(matchDocument([gold([[0, 20]])], [sug(10, 30)]).score.matched, 1);
    assert.equal(matchDocument([gold([[0, 20]])], [sug(11, 30)]).score.matched, 0);
    // An interrupted quote: two fragments of 10; a suggestion over the first only covers half.
    assert.equal(matchDocument([gold([[0, 10], [30, 40]])], [sug(0, 10)]).score.matched, 1);
    assert.equal(matchDocument([gold([[0, 10], [30, 40]])], [sug(2, 10)]).score.matched, 0);
  });

  it('is one-to-one: a second suggestion over the same content is wrong', () => {
    const r = matchDocument([gold([[0, 20]])], [sug(0, 20), sug(0, 15)]);
    assert.equal(r.score.matched, 1);
    assert.equal(r.wrong.length, 1);
    assert.deepEqual(prf(r.score), { p: 0.5, r: 1, f: 2 / 3 });
  });

  it('judges the speaker by a shared word other than titles, and the cue by overlap', () => {
    const r = matchDocument([gold([[0, 20]], 'Sen. Jane Roe')], [sug(0, 20, 'Jane Roe', [50, 54])]);
    assert.equal(r.score.speakerRight, 1);
    assert.equal(r.score.cueRight, 0);
    assert.ok(!sameSpeaker('President Obama', 'President Trump'));
    assert.ok(sameSpeaker('a State Department spokesperson', 'the State Department spokesperson'));
    assert.ok(sameCue('said in a statement', 'said'));
    assert.ok(!sameCue('wrote', 'said'));
  });

  it('judges a source with no name by all its words, and the same description as right', () => {
    assert.ok(sameSpeaker('the governor', 'the governor'));
    assert.ok(sameSpeaker('the governor', 'Governor Ellen Price'));
    assert.ok(!sameSpeaker('the governor', 'the mayor'));
    assert.ok(!sameSpeaker('the county governor', 'the governor'));
  });

  it('judges a pronoun source by its coreference chain only when the chain holds a name', () => {
    const base = { sourceText: 'she', sourcePronoun: true };
    assert.deepEqual(goldSpeakerNames({ ...base, sourceCorefRepresentative: 'Mayor Ellen Price', sourceCorefNames: ['Ellen', 'Price'] }), ['Mayor Ellen Price', 'Ellen Price']);
    assert.deepEqual(goldSpeakerNames({ ...base, sourceCorefRepresentative: 'the retired teacher', sourceCorefNames: null }), []);
    assert.deepEqual(goldSpeakerNames({ sourceText: 'Ellen Price', sourcePronoun: false, sourceCorefRepresentative: null, sourceCorefNames: null }), ['Ellen Price']);
  });
});
