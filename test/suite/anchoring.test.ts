import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { contentHash, createAnchor } from '../../src/core/anchoring/anchor';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, waitFor, writeOutside } from './util';

const P1 = 'The minister said “we will rebuild the bridge before winter” at the briefing.';
const P2 = 'Her deputy added that “the budget is already approved by parliament” on Tuesday.';
const P3 = 'Critics warned of “a repeat of last year’s delays” in a statement.';
const ORIGINAL = [' date 2024-03-03 Bridge plans', '', '🌉 ' + P1, '', P2, '', P3, ''].join('\n');

interface OnDisk {
  contentHash: string;
  quotes: Array<{ id: string; anchor: { start: number; end: number; exact: string } }>;
}

function cp(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return [...text.slice(0, at)].length;
}

suite('Anchors that survive edits', () => {
  let round = 0;
  let doc = file('anchoring', 'bridge-0.txt');
  let sidecarUri = file('anchoring', 'bridge-0.annotations.yaml');
  const quotes = ['we will rebuild the bridge before winter', 'the budget is already approved by parliament', 'a repeat of last year’s delays'];
  const onDisk = async (): Promise<OnDisk> => parse(await readOutside(sidecarUri)) as OnDisk;

  /** A fresh document and sidecar for each test, so that no test sees another's pending writes. */
  async function reset(): Promise<void> {
    await closeAll();
    round++;
    doc = file('anchoring', `bridge-${round}.txt`);
    sidecarUri = file('anchoring', `bridge-${round}.annotations.yaml`);
    await writeOutside(doc, ORIGINAL);
    const { store, index } = await api();
    await waitFor('the document in the index', () => index.get(doc.toString()));
    await store.edit(doc.toString(), null, (sidecar) => {
      for (const [i, q] of quotes.entries()) {
        const start = cp(ORIGINAL, q);
        sidecar.addQuote({ id: `q-${i}`, speaker: null, cue: null, direct: true, anchor: createAnchor(ORIGINAL, start, start + [...q].length) });
      }
    });
  }

  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('anchoring'));
  });

  test('edits in the editor shift the highlights live; saving writes the new offsets', async () => {
    await reset();
    const { highlights } = await api();
    const editor = await openSeed(doc);
    await waitFor('the first highlights', () => highlights.drawnRanges(doc).quotes.length === 3);
    const before = (await onDisk()).quotes.map((q) => q.anchor.start);
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'BREAKING: '));
    await waitFor('the highlight to move with the text', () => highlights.drawnRanges(doc).quotes.some((r) => r.isEqual(find(editor.document, quotes[0]!))));
    // Fix a word inside the second quote: the quote follows the edit.
    const word = find(editor.document, 'already');
    await editor.edit((b) => b.replace(word, 'now'));
    await waitFor('the edited quote to stay highlighted', () => highlights.drawnRanges(doc).quotes.some((r) => r.isEqual(find(editor.document, 'the budget is now approved by parliament'))));
    assert.deepEqual((await onDisk()).quotes.map((q) => q.anchor.start), before, 'nothing is written before the save');
    await editor.document.save();
    const text = editor.document.getText();
    const saved = await waitFor('the sidecar to follow the save', async () => {
      const s = await onDisk();
      return s.quotes[0]!.anchor.start === cp(text, quotes[0]!) ? s : undefined;
    });
    assert.equal(saved.quotes[1]!.anchor.exact, 'the budget is now approved by parliament');
    assert.equal(saved.quotes[1]!.anchor.start, cp(text, 'the budget is now'));
    assert.equal(saved.quotes[2]!.anchor.start, cp(text, quotes[2]!));
  });

  test('a change from outside (as git pull would make) moves the anchors, and a vanished quote goes to review', async () => {
    await reset();
    const { highlights, anchors, reviews, documentsTree } = await api();
    const editor = await openSeed(doc);
    await waitFor('the first highlights', () => highlights.drawnRanges(doc).quotes.length === 3);
    const pulled = [' date 2024-03-03 Bridge plans', '', 'An editor’s note was added at the top.', '', '🌉 ' + P1, '', 'Critics warned of “a repeat of last year’s delays” in a statement.', ''].join('\n');
    await writeOutside(doc, pulled);
    await waitFor('the editor to reload the file', () => editor.document.getText() === pulled);
    const moved = await waitFor('the sidecar to follow', async () => {
      const s = await onDisk();
      return s.quotes.find((q) => q.id === 'q-0')?.anchor.start === cp(pulled, quotes[0]!) ? s : undefined;
    });
    assert.equal(moved.quotes.find((q) => q.id === 'q-2')?.anchor.start, cp(pulled, quotes[2]!));
    const describeDrawn = (): string => JSON.stringify(highlights.drawnRanges(doc).quotes.map((r) => [r.start.line, r.start.character, r.end.line, r.end.character]));
    await waitFor(`the highlights to follow (drawn ${describeDrawn()}, want ${JSON.stringify(find(editor.document, quotes[2]!))})`, () => highlights.drawnRanges(doc).quotes.length === 2 && highlights.drawnRanges(doc).quotes.some((r) => r.isEqual(find(editor.document, quotes[2]!))));

    const item = await waitFor('the deleted quote in the review queue', () => anchors.review.get(doc.toString(), 'q-1'));
    assert.equal(item.proposal, null);
    const roots = await Promise.all(((await documentsTree.getChildren()) ?? []).map(async (n) => (await documentsTree.getTreeItem(n)).label));
    assert.equal(roots[0], 'Needs review');
    const diagnostic = await waitFor('a review diagnostic', () => reviews.diagnosticsOf(doc).find((d) => d.code === 'anchor-review'));
    assert.match(diagnostic.message, /no longer in the document/);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc, diagnostic.range);
    const del = actions.find((a) => a.title.startsWith('Delete'));
    assert.ok(del?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(del.command.command, ...(del.command.arguments ?? []));
    assert.deepEqual((await onDisk()).quotes.map((q) => q.id), ['q-0', 'q-2']);
    await waitFor('the review queue to empty', () => anchors.review.size === 0);
  });

  test('a lightly edited quote outside the editor is proposed, and Accept applies the proposal', async () => {
    await reset();
    const { anchors, reviews } = await api();
    const editor = await openSeed(doc);
    // Most of the quote and all its context rewritten: found, but not with enough confidence to move silently.
    const rewritten = ORIGINAL.replace('Her deputy added that “the budget is already approved by parliament” on Tuesday.', 'On Tuesday, a spokesman said “the budget was approved by parliament last week” already.');
    await writeOutside(doc, rewritten);
    const item = await waitFor('a review item with a proposal', () => anchors.review.get(doc.toString(), 'q-1'));
    if (!item.proposal) {
      // Not even a plausible place: then it must be offered for relocation or deletion instead.
      const d = await waitFor('a diagnostic', () => reviews.diagnosticsOf(doc)[0]);
      assert.match(d.message, /no longer in the document/);
      return;
    }
    assert.ok(item.proposal.confidence < 0.8);
    await waitFor('the editor to show the new text', () => editor.document.getText() === rewritten);
    const proposalStart = [...rewritten].slice(0, item.proposal.start).join('').length;
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc, editor.document.positionAt(proposalStart + 2));
    const hoverText = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(hoverText, /Was:[\s\S]*already approved[\s\S]*Now:/);
    await vscode.commands.executeCommand('seedAnnotator.review.accept', doc.toString(), 'q-1');
    const s = await onDisk();
    const q1 = s.quotes.find((q) => q.id === 'q-1')!;
    assert.equal(q1.anchor.start, item.proposal.start);
    assert.equal(anchors.review.has(doc.toString(), 'q-1'), false);
  });

  test('a closed document changed on disk is re-anchored', async () => {
    await reset();
    await closeAll();
    const pulled = ORIGINAL.replace('🌉 ', '🌉🌉 Update: ');
    await writeOutside(doc, pulled);
    await waitFor('the sidecar to follow the closed document', async () => {
      const s = await onDisk();
      return s.quotes.every((q, i) => q.anchor.start === cp(pulled, quotes[i]!));
    }, 15000);
  });

  test('a name respelled by typing: the mention takes the whole new name, and the save records it', async () => {
    await reset();
    const { store, highlights } = await api();
    const NAMED = ' date 2024-03-04 Evening address\n\nIn his evening address, President Zelensky thanked the partners.\n';
    await writeOutside(doc, NAMED);
    await store.edit(doc.toString(), null, (sidecar) => {
      for (const a of sidecar.annotations) sidecar.remove(a.id);
      const start = cp(NAMED, 'Zelensky');
      sidecar.addMention({ id: 'm-0', actor: 'zelensky', anchor: createAnchor(NAMED, start, start + 'Zelensky'.length) });
    });
    const editor = await openSeed(doc);
    await waitFor('the mention highlighted', () => highlights.drawnRanges(doc).mentions.length === 1);
    const end = find(editor.document, 'Zelensky').end;
    editor.selection = new vscode.Selection(end, end);
    await vscode.commands.executeCommand('type', { text: 'y' });
    await waitFor('the mention to cover the whole new name', () => highlights.drawnRanges(doc).mentions.some((r) => r.isEqual(find(editor.document, 'Zelenskyy'))));
    await editor.document.save();
    const saved = await waitFor('the save to record the new name', async () => {
      const s = parse(await readOutside(sidecarUri)) as { mentions: Array<{ anchor: { start: number; end: number; exact: string } }> };
      return s.mentions[0]?.anchor.exact === 'Zelenskyy' ? s : undefined;
    });
    assert.equal(saved.mentions[0]!.anchor.end - saved.mentions[0]!.anchor.start, 'Zelenskyy'.length);
  });

  test('each anchor is verified when a document opens, even when the contentHash matches (a merge put one quote 12 characters off)', async () => {
    await reset();
    const { store } = await api();
    const corrected = ORIGINAL.replace('Bridge plans', 'Bridge plans for 2024');
    assert.equal(corrected.length - ORIGINAL.length, 9);
    const merged = corrected.replace('Her deputy', 'Her new deputy');
    await writeOutside(doc, merged);
    await waitFor('the change on disk to be followed', async () => (await onDisk()).contentHash === contentHash(merged), 15000);
    // As a merge leaves it: the hash matches the merged text, but q-1 has the offsets of the text it was tagged in.
    const stale = createAnchor(ORIGINAL, cp(ORIGINAL, quotes[1]!), cp(ORIGINAL, quotes[1]!) + [...quotes[1]!].length);
    await store.edit(doc.toString(), null, (sidecar) => {
      sidecar.setAnchor('q-1', stale);
    });
    const before = await onDisk();
    assert.equal(before.contentHash, contentHash(merged));
    assert.equal(before.quotes.find((q) => q.id === 'q-1')!.anchor.start, stale.start);
    assert.notEqual(stale.start, cp(merged, quotes[1]!));
    await openSeed(doc);
    await waitFor('the misplaced quote to be re-anchored', async () => (await onDisk()).quotes.find((q) => q.id === 'q-1')?.anchor.start === cp(merged, quotes[1]!), 15000);
  });

  test('a sidecar edited by hand while the document has unsaved edits is merged by id on save, comments kept', async () => {
    await reset();
    const editor = await openSeed(doc);
    const { highlights } = await api();
    await waitFor('the first highlights', () => highlights.drawnRanges(doc).quotes.length === 3);
    await editor.edit((b) => b.insert(new vscode.Position(2, 0), 'UPDATED: '));
    // By hand (or git checkout) meanwhile: a comment, an unknown key, q-2 removed.
    const handText = (await readOutside(sidecarUri))
      .replace('quotes:', '# checked by the desk editor\nreviewedBy: desk\nquotes:')
      .replace(/ {2}- \{ id: q-2,[^\n]*\n/, '');
    await writeOutside(sidecarUri, handText);
    await waitFor('the hand edit to be read', async () => {
      const { store } = await api();
      const state = await store.sidecar(doc.toString());
      return state.status === 'ok' && !state.sidecar.has('q-2');
    });
    await editor.document.save();
    const text = editor.document.getText();
    const saved = await waitFor('the save to write the shifted offsets', async () => {
      const raw = await readOutside(sidecarUri);
      const s = parse(raw) as OnDisk & { reviewedBy?: string };
      return s.quotes.find((q) => q.id === 'q-0')?.anchor.start === cp(text, quotes[0]!) ? { raw, s } : undefined;
    });
    assert.match(saved.raw, /# checked by the desk editor/);
    assert.equal(saved.s.reviewedBy, 'desk');
    assert.deepEqual(saved.s.quotes.map((q) => q.id), ['q-0', 'q-1'], 'the quote removed by hand stays removed');
    assert.equal(saved.s.quotes[1]!.anchor.start, cp(text, quotes[1]!));
  });

  test('typing at a quote’s closing mark survives a re-read of the sidecar for another quote’s change, and the save records both', async () => {
    await reset();
    const editor = await openSeed(doc);
    const { highlights, store } = await api();
    await waitFor('the first highlights', () => highlights.drawnRanges(doc).quotes.length === 3);
    await editor.edit((b) => b.insert(find(editor.document, quotes[0]!).end, ' at last'));
    const longer = `${quotes[0]!} at last`;
    await waitFor('the quote to take the typed words', () => highlights.drawnRanges(doc).quotes.some((r) => r.isEqual(find(editor.document, longer))));
    // Another quote changes in the sidecar (a colleague's edit, or Edit Annotation) before the document is saved:
    // the tracker reads the sidecar again, where the first quote still has its old, shorter span.
    let draws = 0;
    const counting = highlights.onDidDraw((drawnIn) => {
      if (drawnIn.toString() === doc.toString()) draws++;
    });
    try {
      await store.edit(doc.toString(), null, (sidecar) => {
        sidecar.update('q-1', { cue: 'added' });
      });
      await waitFor('the highlights drawn again after the re-read', () => draws > 0);
      // The re-read is asynchronous: give it the time of a few more draws before looking.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      counting.dispose();
    }
    assert.ok(highlights.drawnRanges(doc).quotes.some((r) => r.isEqual(find(editor.document, longer))), 'the typed words stay in the quote after the re-read');
    await editor.document.save();
    const saved = await waitFor('the save to record the longer quote', async () => {
      const s = (await onDisk()) as OnDisk & { quotes: Array<{ cue?: string }> };
      return s.quotes[0]!.anchor.exact === longer ? s : undefined;
    });
    assert.equal(saved.quotes[1]!.cue, 'added', 'the other quote’s change is kept');
  });
});
