import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, runReporting, waitFor, writeOutside } from './util';

const TEXT = ' date 2023-02-30 Impossible day\n\n😀 He said “this is fine” and left.\n';

suite('Problems panel and broken sidecars', () => {
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('problems'));
  });

  test('checks of an open document appear as diagnostics, positioned in code points', async () => {
    const { diagnostics } = await api();
    const doc = file('problems', 'speakerless.txt');
    await writeOutside(doc, TEXT);
    const start = [...TEXT.slice(0, TEXT.indexOf('this is fine'))].length;
    await writeOutside(file('problems', 'speakerless.annotations.yaml'), [
      'version: 1', 'document: speakerless.txt', 'offsetUnit: codepoint', 'quotes:',
      '  - id: q-nospeaker', '    speaker: null', '    cue: said', '    direct: true', '    anchor:',
      `      start: ${start}`, `      end: ${start + 12}`, '      exact: "this is fine"', '      prefix: ""', '      suffix: ""',
      'mentions: []', '',
    ].join('\n'));
    const editor = await openSeed(doc);
    const list = await waitFor('the diagnostics', () => {
      const d = diagnostics.diagnosticsOf(doc);
      return d.length >= 2 ? d : undefined;
    });
    const byCode = new Map(list.map((d) => [String(d.code), d]));
    assert.equal(byCode.get('date-invalid')?.severity, vscode.DiagnosticSeverity.Error);
    assert.match(byCode.get('date-invalid')!.message, /February 2023 has 28 days/);
    const noSpeaker = byCode.get('quote-no-speaker');
    assert.ok(noSpeaker, `codes: ${[...byCode.keys()].join(', ')}`);
    assert.ok(noSpeaker.range.start.isEqual(find(editor.document, 'this is fine').start), `range ${JSON.stringify(noSpeaker.range)}`);
  });

  test('a malformed sidecar is reported with line and column, tagging is refused, and the file is never overwritten', async () => {
    const { diagnostics } = await api();
    const doc = file('problems', 'broken.txt');
    const sidecarUri = file('problems', 'broken.annotations.yaml');
    await writeOutside(doc, ' date 2023-05-05 Fine date\n\nShe said “quote me” twice.\n');
    const broken = 'version: 1\ndocument: broken.txt\noffsetUnit: codepoint\nquotes:\n  - id: q-1\n    anchor: [unclosed\n';
    await writeOutside(sidecarUri, broken);
    const editor = await openSeed(doc);
    const onSidecar = await waitFor('a diagnostic on the sidecar', () => diagnostics.diagnosticsOf(sidecarUri)[0]);
    assert.equal(onSidecar.code, 'sidecar-invalid');
    assert.ok(onSidecar.range.start.line >= 5, `line ${onSidecar.range.start.line}`);

    const inside = find(editor.document, 'quote me').start;
    editor.selection = new vscode.Selection(inside, inside);
    const { result, reports } = await runReporting([], 'seedAnnotator.tagQuote');
    assert.equal(result, undefined);
    assert.deepEqual(reports.map((r) => r.outcome), ['refused'], `refused with a message: ${JSON.stringify(reports)}`);
    assert.match(reports[0]!.message, /^Nothing was tagged: this document's sidecar cannot be read/);
    assert.equal(await readOutside(sidecarUri), broken, 'the broken sidecar is untouched');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc, 3);
    assert.match(lenses[0]!.command!.title, /Sidecar has errors: fix it to tag/);
    assert.ok(!lenses.some((l) => /Tag quote/.test(l.command?.title ?? '')), 'Tag quote… is not offered where it would be refused');
  });
});
