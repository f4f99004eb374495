import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { createAnchor } from '../../src/core/anchoring/anchor';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, runPicking, SEED_000, SEED_002, waitFor, writeOutside } from './util';

interface QuoteOnDisk {
  id: string;
  anchor: { start: number; end: number; exact: string; prefix: string; suffix: string };
}

/** The sidecar names of the two seeds. */
const sidecarOf = (name: string): string => name.replace(/\.txt$/, '.annotations.yaml');

suite('Line ends: a CRLF checkout of an LF-annotated corpus', () => {
  const folder = 'crlf-checkout';
  const lf = new Map<string, string>();
  const sidecarBytes = new Map<string, string>();

  suiteSetup(async () => {
    await api();
    // What Git for Windows checks out: documents in CRLF, sidecars as committed (LF).
    for (const name of [SEED_000, SEED_002]) {
      const text = await readOutside(file(name));
      lf.set(name, text);
      const sidecar = await readOutside(file(sidecarOf(name)));
      sidecarBytes.set(name, sidecar);
      await writeOutside(file(folder, sidecarOf(name)), sidecar);
      await writeOutside(file(folder, name), text.replace(/\n/g, '\r\n'));
    }
    const { index } = await api();
    await waitFor('the CRLF copies in the index', () => index.get(file(folder, SEED_002).toString()));
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file(folder));
  });

  test('highlights sit on their words, nothing goes to review, and no sidecar byte changes', async () => {
    const { highlights, anchors } = await api();
    for (const name of [SEED_000, SEED_002]) {
      const uri = file(folder, name);
      const editor = await openSeed(uri);
      assert.equal(editor.document.eol, vscode.EndOfLine.CRLF, `${name} is CRLF in the editor`);
      const onDisk = parse(sidecarBytes.get(name)!) as { quotes: QuoteOnDisk[]; mentions: QuoteOnDisk[] };
      const drawn = await waitFor(`${name}: every highlight drawn`, () => {
        const d = highlights.drawnRanges(uri);
        return d.quotes.length === onDisk.quotes.length && d.mentions.length === onDisk.mentions.length && d;
      });
      const shown = (ranges: readonly vscode.Range[]): string[] => ranges.map((r) => editor.document.getText(r).replace(/\r\n/g, '\n')).sort();
      assert.deepEqual(shown(drawn.quotes), onDisk.quotes.map((q) => q.anchor.exact).sort(), `${name}: quote highlights cover their words`);
      assert.deepEqual(shown(drawn.mentions), onDisk.mentions.map((m) => m.anchor.exact).sort(), `${name}: mention highlights cover their words`);
      assert.deepEqual(anchors.review.itemsOf(uri.toString()), [], `${name}: nothing under review`);
      assert.equal(await readOutside(file(folder, sidecarOf(name))), sidecarBytes.get(name), `${name}: sidecar unchanged`);
    }
  });

  test('a quote tagged on the CRLF copy gets the offsets of the LF form', async () => {
    const uri = file(folder, SEED_002);
    const editor = await openSeed(uri);
    const words = "The decree, which was adopted by Ukraine's National Security and Defense Council";
    const range = find(editor.document, words);
    editor.selection = new vscode.Selection(range.start, range.end);
    const id = await runPicking<string>([{ type: 'Joe Biden', label: 'Joe Biden' }], 'seedAnnotator.tagQuote');
    assert.match(id, /^q-/);
    const onDisk = parse(await readOutside(file(folder, sidecarOf(SEED_002)))) as { quotes: QuoteOnDisk[]; lineEnds?: string };
    const added = onDisk.quotes.find((q) => q.id === id);
    assert.ok(added, `${id} is in the sidecar`);
    const text = lf.get(SEED_002)!;
    const start = [...text.slice(0, text.indexOf(words))].length;
    assert.deepEqual(added.anchor, createAnchor(text, start, start + [...words].length));
    assert.ok(!(await readOutside(file(folder, sidecarOf(SEED_002)))).includes('\r'), 'the sidecar stays LF');
  });
});
