import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, runAcceptingPicks, waitFor, writeOutside } from './util';

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

  test('quotes next to a cue verb are suggested with their speaker; a scare quote is not', async () => {
    const { suggestions } = await api();
    await openSeed(doc);
    const found = await waitFor('the suggestions', () => {
      const s = suggestions.suggestionsOf(doc);
      return s.length >= 2 ? s : undefined;
    });
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
    const tagged = await runAcceptingPicks<number>('seedAnnotator.reviewSuggestions');
    assert.equal(tagged, 1);
    const onDisk = parse(await readOutside(sidecarUri)) as OnDisk;
    const ships = onDisk.quotes.find((q) => q.anchor.exact.startsWith('We expect more ships'));
    assert.ok(ships, JSON.stringify(onDisk.quotes));
    assert.equal(ships.speaker, 'karl-brandt');
    assert.equal(ships.cue, 'told');
  });
});
