import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { suggestQuotes } from '../../src/core/tagging/suggest';
import { winkAnalysis } from '../../src/nlp/winkAnalysis';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, runPicking, waitFor, writeOutside } from './util';

const TEXT = [
  ' date 2024-07-07 Harbour news',
  '',
  '⚓ Harbour master Lena Vogt said “the new quay opens in May” during the visit.',
  '',
  '“We expect more ships,” the mayor Karl Brandt told reporters.',
  '',
  'Swimmers ignored the “no swimming” sign near the pier.',
  '',
].join('\n');

interface OnDisk {
  quotes: Array<{ speaker: string; cue: string | null; direct: boolean; anchor: { exact: string } }>;
}

suite('Quote suggestions', () => {
  const doc = file('suggest', 'harbour.txt');
  const sidecarUri = file('suggest', 'harbour.annotations.yaml');

  suiteSetup(async () => {
    await api();
    await writeOutside(doc, TEXT);
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('suggest'));
  });

  test('a long document is suggested in the worker while the extension host keeps running', async function () {
    // The first run of the session starts the worker and loads the language model in it.
    this.timeout(120_000);
    const { suggestions } = await api();
    const long = file('suggest', 'long.txt');
    const paragraphs = [' date 2024-07-08 Harbour log'];
    for (let i = 0; i < 400; i++) paragraphs.push(`⚓ “Quay ${i} opens in May,” harbour master Lena Vogt said. She added that ${i} ferries were ready, and the mayor told reporters: “We expect ${i} ships.”`);
    const text = `${paragraphs.join('\n\n')}\n`;
    await writeOutside(long, text);
    // Opened with suggestions off, so that the window measured below holds the suggestion run alone.
    const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seedAnnotator');
    await settings().update('suggestions.enabled', false, vscode.ConfigurationTarget.Global);
    const firstLoad = !suggestions.runsInWorker;
    // The longest gap between two ticks of a 5 ms timer: how long the host's thread was held.
    let longest = 0;
    let last = performance.now();
    let ticks: ReturnType<typeof setInterval> | undefined;
    try {
      const drawnEmpty = new Promise<void>((resolve) => {
        const listener = suggestions.onDidUpdate((uri) => {
          if (uri.toString() !== long.toString()) return;
          listener.dispose();
          resolve();
        });
      });
      await openSeed(long);
      await drawnEmpty;
      last = performance.now();
      ticks = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last - 5);
        last = now;
      }, 5);
      await settings().update('suggestions.enabled', undefined, vscode.ConfigurationTarget.Global);
      await waitFor('the suggestions of the long document', () => suggestions.suggestionsOf(long).length >= 800, 100_000);
    } finally {
      clearInterval(ticks);
      await settings().update('suggestions.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.equal(suggestions.runsInWorker, true, 'the suggestions were found in the worker, off the extension host thread');
    assert.ok(suggestions.suggestionsOf(long).some((s) => s.speaker?.name === 'Lena Vogt'));
    // For comparison, the same run on the host's thread (this test bundle's own model: its first load included, as before the worker).
    const t0 = performance.now();
    const here = suggestQuotes(text, { analyser: winkAnalysis });
    const inThreadMs = performance.now() - t0;
    assert.equal(suggestions.suggestionsOf(long).length, here.length);
    // The figures go to the report (speed is the bench's business, not asserted here).
    this.test!.title += ` [${text.length} characters, ${firstLoad ? 'first load included' : 'model already loaded'}: longest host stall ${Math.round(longest)} ms; the same run on the host's thread ${Math.round(inThreadMs)} ms]`;
    // Closed, so that its runs do not share the worker with the next tests'.
    await vscode.window.showTextDocument(long, { preview: false });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  test('quotes next to a cue verb are suggested with their speaker; a scare quote is not', async function () {
    // The first run starts the suggestion worker, which loads the language model.
    this.timeout(60_000);
    const { suggestions } = await api();
    await openSeed(doc);
    const found = await waitFor('the suggestions', () => {
      const s = suggestions.suggestionsOf(doc);
      return s.length >= 2 ? s : undefined;
    }, 45_000);
    assert.equal(suggestions.runsInWorker, true, 'the suggestions were found in the worker, off the extension host thread');
    const texts = found.map((s) => [...TEXT].slice(s.span.start, s.span.end).join(''));
    // A direct quote's suggested span holds its marks; tagging it records the words inside them.
    assert.ok(texts.includes('“the new quay opens in May”'), texts.join(' | '));
    assert.ok(texts.some((t) => t.startsWith('“We expect more ships')), texts.join(' | '));
    assert.ok(!texts.some((t) => t.includes('no swimming')), 'a scare quote without a cue is not suggested');
    const quay = found.find((s) => [...TEXT].slice(s.span.start, s.span.end).join('') === '“the new quay opens in May”');
    assert.equal(quay?.speaker?.name, 'Lena Vogt');
  });

  test('the quick fix tags the suggestion with its speaker', async () => {
    const editor = await openSeed(doc);
    const range = find(editor.document, 'quay opens');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc, range);
    const fix = actions.find((a) => a.title === 'Tag as quote by Lena Vogt');
    assert.ok(fix?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    const onDisk = parse(await readOutside(sidecarUri)) as OnDisk;
    assert.deepEqual(onDisk.quotes.map((q) => [q.anchor.exact, q.speaker, q.cue, q.direct]), [['the new quay opens in May', 'lena-vogt', 'said', true]]);
    const { suggestions } = await api();
    await waitFor('the tagged suggestion to disappear', () => !suggestions.suggestionsOf(doc).some((s) => s.span.start === [...TEXT.slice(0, TEXT.indexOf('“the new quay'))].length));
  });

  test('Review Quote Suggestions walks the rest; accepting tags each one', async () => {
    await openSeed(doc);
    const tagged = await runPicking<number>(['Accept: quote by Karl Brandt'], 'seedAnnotator.reviewSuggestions');
    assert.equal(tagged, 1);
    const onDisk = parse(await readOutside(sidecarUri)) as OnDisk;
    const ships = onDisk.quotes.find((q) => q.anchor.exact.startsWith('We expect more ships'));
    assert.ok(ships, JSON.stringify(onDisk.quotes));
    assert.equal(ships.speaker, 'karl-brandt');
    assert.equal(ships.cue, 'told');
  });
});
