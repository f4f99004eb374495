import * as assert from 'node:assert/strict';
import { findMentionCandidates, registeredNameAt, untaggedMentions } from '../../src/core/tagging/mentions';

// Short texts written for these tests.
const DONALD = { name: 'Donald Trump', aliases: ['Trump'] };
const TEXT = [
  '😀 Donald Trump spoke first. Melania Trump did not attend, and Mrs. Trump sent a note.',
  'Later, Trump said the Trump Tower plan was over. But Trump added more. The president. Trump left.',
].join('\n');

describe('Tag All Mentions candidates', () => {
  const found = findMentionCandidates(TEXT, DONALD, ['Melania Trump']);
  const at = (words: string, n = 0): (typeof found)[number] => found.filter((c) => c.context.includes(words))[n]!;

  it('checks the full name and a surname standing alone', () => {
    const checked = found.filter((c) => c.checked).map((c) => c.words);
    assert.deepEqual(checked, ['Donald Trump', 'Trump', 'Trump', 'Trump']);
  });

  it('leaves a surname with another given name or a title unchecked, with the reason', () => {
    const unchecked = found.filter((c) => !c.checked).map((c) => c.reason);
    assert.deepEqual(unchecked, ['another actor: “Melania Trump”', 'title attached: “Mrs. Trump”', 'part of a longer name: “Trump Tower”']);
    assert.ok(at('Melania'));
  });

  it('counts offsets in code points (after an emoji)', () => {
    const first = found[0]!;
    assert.equal([...TEXT].slice(first.start, first.end).join(''), 'Donald Trump');
  });

  it('a cursor in part of a registered full name gives the full name', () => {
    const offset = [...TEXT.slice(0, TEXT.indexOf('Trump spoke'))].length + 2;
    const span = registeredNameAt(TEXT, offset, ['Donald Trump', 'Trump', 'Melania Trump']);
    assert.ok(span);
    assert.equal([...TEXT].slice(span.start, span.end).join(''), 'Donald Trump');
    const line2 = [...TEXT.slice(0, TEXT.indexOf('Trump said'))].length + 1;
    const alone = registeredNameAt(TEXT, line2, ['Donald Trump', 'Trump']);
    assert.equal([...TEXT].slice(alone!.start, alone!.end).join(''), 'Trump');
    assert.equal(registeredNameAt(TEXT, 3, ['Nobody Here']), undefined);
  });
});

describe('Tag All Mentions: what is offered', () => {
  const donald = { id: 'donald-trump', ...DONALD };
  const melania = { id: 'melania-trump', name: 'Melania Trump', aliases: [] };

  it('leaves out places a mention already tags, and tells other actors apart by their registered names', () => {
    const all = untaggedMentions(TEXT, donald, [donald, melania], []);
    assert.deepEqual(all.map((c) => [c.words, c.checked]), findMentionCandidates(TEXT, DONALD, ['Melania Trump']).map((c) => [c.words, c.checked]));
    assert.ok(all.some((c) => c.reason === 'another actor: “Melania Trump”'), 'Melania Trump is another registered actor');
    const first = all[0]!;
    const rest = untaggedMentions(TEXT, donald, [donald, melania], [{ anchor: { start: first.start + 2, end: first.start + 4 } }]);
    assert.equal(rest.length, all.length - 1);
    assert.ok(!rest.some((c) => c.start === first.start));
    const touching = untaggedMentions(TEXT, donald, [donald, melania], [{ anchor: { start: first.end, end: first.end + 3 } }]);
    assert.equal(touching.length, all.length, 'a mention that only touches the place leaves it offered');
  });

  it('does not count the actor itself as another actor', () => {
    const alone = untaggedMentions(TEXT, donald, [donald], []);
    assert.ok(alone.some((c) => c.reason === 'another given name attached: “Melania Trump”'));
    assert.ok(!alone.some((c) => c.reason?.startsWith('another actor')));
  });
});
