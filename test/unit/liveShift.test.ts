import * as assert from 'node:assert/strict';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { shiftAnchors } from '../../src/core/anchoring/reanchor';

// A short text written for these tests.
const TEXT = '😀 She said: “We will not give up.” Then she left.';

function quote(): ReturnType<typeof createAnchor> {
  const start = [...TEXT.slice(0, TEXT.indexOf('We will'))].length;
  return createAnchor(TEXT, start, start + 'We will not give up.'.length);
}

function insert(at: number, text: string): { next: string; change: { start: number; end: number; text: string } } {
  const points = [...TEXT];
  return { next: [...points.slice(0, at), text, ...points.slice(at)].join(''), change: { start: at, end: at, text } };
}

describe('live shifting at the inner edge of a quotation', () => {
  it('typing just before the closing mark extends the quote', () => {
    const a = quote();
    const { next, change } = insert(a.end, ' Ever');
    const [shifted] = shiftAnchors([a], [change], next);
    assert.equal(shifted?.exact, 'We will not give up. Ever');
    assert.equal(shifted?.start, a.start);
  });

  it('typing just after the opening mark extends the quote', () => {
    const a = quote();
    const { next, change } = insert(a.start, 'And ');
    const [shifted] = shiftAnchors([a], [change], next);
    assert.equal(shifted?.exact, 'And We will not give up.');
  });

  it('typing after the closing mark or before an unquoted span does not', () => {
    const a = quote();
    const after = insert(a.end + 1, '!');
    assert.equal(shiftAnchors([a], [after.change], after.next)[0]?.exact, 'We will not give up.');
    const plain = createAnchor(TEXT, [...TEXT].indexOf('T'), [...TEXT].indexOf('T') + 4);
    const end = insert(plain.end, ' x');
    assert.equal(shiftAnchors([plain], [end.change], end.next)[0]?.exact, 'Then');
    // (A letter glued to its last word continues that word: the span takes the whole word, see reanchor.test.ts.)
  });
});
