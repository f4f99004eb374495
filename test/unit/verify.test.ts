import * as assert from 'node:assert/strict';
import { contentHash, createAnchor, type Anchor } from '../../src/core/anchoring/anchor';
import { CONFIDENCE_THRESHOLD, type AnchorMatch } from '../../src/core/anchoring/reanchor';
import { appliedAnchor, classifyMatch, verifyAnchors } from '../../src/core/anchoring/verify';
import { CodePointMap } from '../../src/core/text/text';

// A short text written for these tests, with an emoji before the quote so code points and UTF-16 differ.
const TEXT = '🎙 The minister said: “we will hold the line” on Monday.';
const points = new CodePointMap(TEXT);

function anchorOn(text: string, needle: string): Anchor {
  const map = new CodePointMap(text);
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `${needle} not in text`);
  return createAnchor(map, map.toCodePoint(i), map.toCodePoint(i + needle.length));
}

const recorded = anchorOn(TEXT, 'we will hold the line');
const match = (over: Partial<AnchorMatch>): AnchorMatch => ({ status: 'moved', start: recorded.start, end: recorded.end, confidence: 1, exact: recorded.exact, ...over });

describe('verify: what becomes of an anchor', () => {
  it('classifies a match by the threshold, whatever its layer', () => {
    assert.equal(classifyMatch(points, recorded, match({ status: 'exact' })).status, 'exact');
    assert.equal(classifyMatch(points, recorded, match({ status: 'fuzzy', confidence: CONFIDENCE_THRESHOLD })).status, 'exact');
    assert.equal(classifyMatch(points, recorded, match({ start: recorded.start + 3, end: recorded.end, exact: 'will hold the line' })).status, 'moved');
    assert.equal(classifyMatch(points, recorded, match({ status: 'fuzzy', confidence: CONFIDENCE_THRESHOLD - 0.01 })).status, 'review');
    assert.equal(classifyMatch(points, recorded, match({ status: 'exact', confidence: 0 })).status, 'gone');
    assert.equal(classifyMatch(points, recorded, match({ status: 'orphan' })).status, 'gone');
  });

  it('applies a match only when it passes the threshold, and then with its context from the text', () => {
    const moved = appliedAnchor(points, match({ start: recorded.start + 3, exact: 'will hold the line' }));
    assert.ok(moved);
    assert.equal(moved.exact, 'will hold the line');
    assert.equal(moved.start, recorded.start + 3);
    assert.ok(moved.prefix.endsWith('“we '), moved.prefix);
    assert.equal(appliedAnchor(points, match({ status: 'fuzzy', confidence: CONFIDENCE_THRESHOLD - 0.01 })), null);
    assert.equal(appliedAnchor(points, match({ status: 'orphan' })), null);
  });

  it('verifies every anchor on its own, even when the contentHash matches', () => {
    const edited = TEXT.replace('Monday', 'Tuesday');
    const wrong = { ...recorded, start: recorded.start + 1, end: recorded.end + 1 };
    const [outcome] = verifyAnchors(TEXT, [wrong], contentHash(TEXT));
    assert.equal(outcome!.status, 'moved');
    assert.equal(outcome!.anchor?.start, recorded.start);
    // Two anchors are never placed confidently on one span: the second goes to review.
    assert.deepEqual(verifyAnchors(TEXT, [recorded, wrong], contentHash(TEXT)).map((o) => o.status), ['exact', 'review']);
    assert.equal(verifyAnchors(edited, [recorded], contentHash(TEXT))[0]!.status, 'exact');
    assert.equal(verifyAnchors('🎙 Nothing of it is left here at all, not one word.', [recorded], contentHash(TEXT))[0]!.status, 'gone');
  });
  it('writes no stale prefix or suffix when the text comes back after neighbours were re-anchored on an intermediate text (issue 18, item 4)', () => {
    const original = '🗞 Kuleba met Borrell in Kyiv on Friday, and the two men spoke about grain exports and air defence for the winter.';
    const intermediate = original.replace('on Friday, and', 'on Friday 😀, and');
    const anchors = [anchorOn(original, 'Borrell'), anchorOn(original, 'grain exports')];
    // Re-anchored on the intermediate text: their offsets, prefixes and suffixes now come from it.
    const onIntermediate = verifyAnchors(intermediate, anchors, contentHash(original));
    const kept = onIntermediate.map((o, i) => {
      assert.ok(o.anchor, `re-found on the intermediate text: ${JSON.stringify(o.match)}`);
      assert.ok(o.changed, 'what is recorded on the intermediate text is written');
      return o.anchor ?? anchors[i]!;
    });
    assert.ok(kept.some((a) => a.suffix.includes('😀') || a.prefix.includes('😀')), 'the intermediate text reached a recorded context');
    // The original text comes back (git checkout): every anchor to record has its context from it.
    const back = verifyAnchors(original, kept, contentHash(intermediate));
    back.forEach((o, i) => {
      assert.ok(o.status === 'exact' || o.status === 'moved', `re-found: ${JSON.stringify(o.match)}`);
      assert.deepEqual(o.anchor, anchors[i], 'the anchor to record is the original one, its prefix and suffix read from the text');
      assert.equal(o.changed, kept[i]!.prefix !== anchors[i]!.prefix || kept[i]!.suffix !== anchors[i]!.suffix || kept[i]!.start !== anchors[i]!.start);
    });
    assert.ok(back.some((o) => o.changed), 'a stale context is written back');
  });
});
