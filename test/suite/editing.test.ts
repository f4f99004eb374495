import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, runPicking, waitFor, writeOutside } from './util';

// Short texts written for these tests.
const P1 = '🌉 The minister said “we will rebuild the bridge before winter” at the briefing.';
const P2 = 'Her deputy added that “the budget is approved” on Tuesday.';
const ORIGINAL = [' date 2024-03-03 Bridge plans', '', P1, '', P2, ''].join('\n');
const QUOTES = ['we will rebuild the bridge before winter', 'the budget is approved'];

interface OnDisk {
  quotes: Array<{ id: string; speaker: string | null; direct: boolean; anchor: { start: number; end: number; exact: string } }>;
}

function cp(text: string, needle: string): number {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  return [...text.slice(0, at)].length;
}

suite('Editing annotations', () => {
  let round = 0;
  let doc = file('editing', 'e-0.txt');
  let sidecarUri = file('editing', 'e-0.annotations.yaml');
  const onDisk = async (): Promise<OnDisk> => parse(await readOutside(sidecarUri)) as OnDisk;

  async function reset(): Promise<vscode.TextEditor> {
    await closeAll();
    round++;
    doc = file('editing', `e-${round}.txt`);
    sidecarUri = file('editing', `e-${round}.annotations.yaml`);
    await writeOutside(doc, ORIGINAL);
    const { store, index, highlights } = await api();
    await waitFor('the document in the index', () => index.get(doc.toString()));
    await store.edit(doc.toString(), null, (sidecar) => {
      for (const [i, q] of QUOTES.entries()) {
        const start = cp(ORIGINAL, q);
        sidecar.addQuote({ id: `q-${i}`, speaker: null, cue: null, direct: true, anchor: createAnchor(ORIGINAL, start, start + [...q].length) });
      }
    });
    const editor = await openSeed(doc);
    await waitFor('the highlights', () => highlights.drawnRanges(doc).quotes.length === 2);
    return editor;
  }

  /** Rewrites the second quote's words outside the editor (as a pull would); resolves with its review warning. */
  async function loseSecondQuote(editor: vscode.TextEditor): Promise<vscode.Diagnostic> {
    const { reviews } = await api();
    const changed = ORIGINAL.replace('“the budget is approved”', 'that spending was cut');
    await writeOutside(doc, changed);
    const warning = await waitFor('the review warning', () => reviews.diagnosticsOf(doc)[0]);
    await waitFor('the editor to reload', () => editor.document.getText() === changed);
    return warning;
  }

  suiteSetup(async function () {
    // The first scan of a busy machine can take a while.
    this.timeout(60000);
    await api();
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('editing'));
  });

  test('typing just before the closing quotation mark extends the quote', async () => {
    const editor = await reset();
    const { highlights } = await api();
    const end = find(editor.document, 'before winter').end;
    await editor.edit((b) => b.insert(end, ' at last'));
    await waitFor('the highlight to take the typed words', () => highlights.drawnRanges(doc).quotes.some((r) => r.isEqual(find(editor.document, 'we will rebuild the bridge before winter at last'))));
  });

  test('a vanished quote is warned about where it was; Relocate works from any selection, the tree item and the palette', async () => {
    const editor = await reset();
    const { anchors } = await api();
    const warning = await loseSecondQuote(editor);
    assert.ok(warning.range.start.line >= 4, `the warning sits where the quote was (line ${warning.range.start.line + 1}), not on line 1`);
    // A selection elsewhere (not touching the warning) is offered the relocation.
    const target = find(editor.document, 'the briefing');
    editor.selection = new vscode.Selection(target.start, target.end);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc, editor.selection);
    const relocate = actions.find((a) => /Relocate .*the budget is approved.* to the selection/.test(a.title));
    assert.ok(relocate, actions.map((a) => a.title).join(' | '));
    // From the palette: the command asks which annotation (one here: accepted) and takes the selection.
    await runPicking([/the budget is approved/], 'seedAnnotator.review.relocate');
    assert.equal(anchors.review.itemsOf(doc.toString()).length, 0, 'nothing is left under review');
    const q = (await onDisk()).quotes.find((x) => x.id === 'q-1')!;
    assert.equal(q.anchor.exact, 'the briefing');
    // The relocation is one undoable step.
    await vscode.commands.executeCommand('seedAnnotator.undo');
    assert.equal((await onDisk()).quotes.find((x) => x.id === 'q-1')!.anchor.exact, 'the budget is approved');
  });

  test('from the Needs review tree item, Relocate takes the selection in its document', async () => {
    const editor = await reset();
    const { anchors } = await api();
    await loseSecondQuote(editor);
    const target = find(editor.document, 'spending');
    editor.selection = new vscode.Selection(target.start, target.end);
    await vscode.commands.executeCommand('seedAnnotator.review.relocate', { type: 'reviewItem', key: 'k', document: doc.toString(), id: 'q-1' });
    assert.equal(anchors.review.itemsOf(doc.toString()).length, 0);
    assert.equal((await onDisk()).quotes.find((x) => x.id === 'q-1')!.anchor.exact, 'spending');
  });

  test('when the text comes back from outside while the document is open, the warning goes at once', async () => {
    const editor = await reset();
    const { reviews, anchors } = await api();
    await loseSecondQuote(editor);
    // As `git checkout` of the original would.
    await writeOutside(doc, ORIGINAL);
    await waitFor('the editor to reload the original', () => editor.document.getText() === ORIGINAL);
    await waitFor('the warning to go', () => reviews.diagnosticsOf(doc).length === 0 && anchors.review.itemsOf(doc.toString()).length === 0);
    const q = (await onDisk()).quotes.find((x) => x.id === 'q-1')!;
    assert.equal(q.anchor.exact, 'the budget is approved');
  });

  test('Tag Actor in part of a registered name takes the full name; Tag All Mentions leaves other Kowalskis unchecked', async function () {
    // Three QuickPicks answered through the runner's page.
    this.timeout(60_000);
    await closeAll();
    const text = ' date 2024-03-04 Family\n\n😀 Dana Kowalski spoke. Mira Kowalski did not, and Mrs. Kowalski left. Later, Kowalski said no.\n';
    const page = file('editing', 'names.txt');
    await writeOutside(page, text);
    const { store, index } = await api();
    await waitFor('the document in the index', () => index.get(page.toString()));
    const registry = file('actors.yaml').toString();
    await store.editRegistry(registry, (r) => {
      r.add('Dana Kowalski', 'person', ['Kowalski']);
      r.add('Mira Kowalski', 'person');
    });
    const editor = await openSeed(page);
    const inSurname = find(editor.document, 'Kowalski spoke').start.translate(0, 3);
    editor.selection = new vscode.Selection(inSurname, inSurname);
    await runPicking([{ label: 'Dana Kowalski', active: true }], 'seedAnnotator.tagActor');
    const sidecar = async (): Promise<{ mentions: Array<{ actor: string; anchor: { exact: string } }> }> => parse(await readOutside(file('editing', 'names.annotations.yaml')));
    assert.deepEqual((await sidecar()).mentions.map((m) => [m.actor, m.anchor.exact]), [['dana-kowalski', 'Dana Kowalski']]);
    // Tag All Mentions from the actor's item: only the surname standing alone is checked; Enter tags just that.
    const tagged = await runPicking<number>(['This document', { label: /Kowalski said/, checked: true }], 'seedAnnotator.tagAllMentions', { type: 'actor', key: 'k', registry, id: 'dana-kowalski' });
    assert.equal(tagged, 1);
    assert.deepEqual((await sidecar()).mentions.map((m) => m.anchor.exact), ['Dana Kowalski', 'Kowalski']);
    const last = (await sidecar()).mentions[1]!;
    assert.ok(text.indexOf('Kowalski said') > 0 && last.anchor.exact === 'Kowalski');
    await store.editRegistry(registry, (r) => {
      r.remove('dana-kowalski');
      r.remove('mira-kowalski');
    });
  });

  test('the Problems panel lists problems of documents and sidecars that were never opened, and follows file changes', async () => {
    await closeAll();
    const closed = file('editing', 'closed', 'impossible.txt');
    const orphan = file('editing', 'closed', 'gone.annotations.yaml');
    await writeOutside(closed, ' date 2023-02-30 Never opened\n\nBody.\n');
    await writeOutside(orphan, 'version: 1\ndocument: gone.txt\noffsetUnit: codepoint\nquotes: []\nmentions: []\n');
    const codes = (uri: vscode.Uri): string[] => vscode.languages.getDiagnostics(uri).map((d) => String(d.code));
    await waitFor('the impossible date of a closed document in Problems', () => codes(closed).includes('date-invalid'), 20000);
    await waitFor('the orphaned sidecar in Problems', () => codes(orphan).includes('sidecar-orphan'), 20000);
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === closed.toString()), 'the document was never opened');
    // Only what changed is checked again: the date is fixed on disk, and its problem goes.
    await writeOutside(closed, ' date 2023-02-28 Never opened\n\nBody.\n');
    await waitFor('the fixed date to leave Problems', () => !codes(closed).includes('date-invalid'), 20000);
    await deleteOutside(orphan);
    await waitFor('the deleted orphan to leave Problems', () => codes(orphan).length === 0, 20000);
  });
});
