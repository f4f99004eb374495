import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readBratAnn } from '../../src/core/exports/brat';
import { api, readOutside, SEED_002 } from './util';

suite('Export Quotes from the palette', () => {
  const out = path.join(os.tmpdir(), `seed-export-${process.pid}-${Date.now()}`);

  test('W3C Web Annotation JSON-LD with both selectors, re-finding the text', async () => {
    await api();
    const target = path.join(out, 'quotes.jsonld');
    const written = await vscode.commands.executeCommand<string[]>('seedAnnotator.exportQuotes', 'w3c', target);
    assert.deepEqual(written, [target]);
    const annotations = JSON.parse(await readOutside(vscode.Uri.file(target))) as Array<{ type: string; target: { source: string; selector: Array<{ type: string; exact?: string; start?: number; end?: number }> } }>;
    assert.ok(annotations.length > 10);
    const text = [...(await readOutside(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, SEED_002)))];
    const fromSeed = annotations.filter((a) => a.target.source === SEED_002);
    assert.ok(fromSeed.length > 0);
    for (const a of fromSeed) {
      assert.equal(a.type, 'Annotation');
      const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector');
      const position = a.target.selector.find((s) => s.type === 'TextPositionSelector');
      assert.equal(text.slice(position!.start, position!.end).join(''), quote!.exact);
    }
  });

  test('brat standoff beside copies of the documents, read back by a brat reader', async () => {
    const folder = path.join(out, 'brat');
    const written = await vscode.commands.executeCommand<string[]>('seedAnnotator.exportQuotes', 'brat', folder);
    const ann = written.find((f) => f.endsWith('002_ee4912a3b61f8db2.ann'));
    assert.ok(ann, written.join(', '));
    const text = await readOutside(vscode.Uri.file(path.join(folder, SEED_002)));
    const parsed = readBratAnn(text, await readOutside(vscode.Uri.file(ann)));
    assert.deepEqual(parsed.problems, []);
    assert.ok(parsed.textBounds.some((t) => t.type === 'Quote'));
    assert.ok(parsed.relations.some((r) => r.type === 'Speaker'));
  });

  test('CSV rows for every quote', async () => {
    const target = path.join(out, 'quotes.csv');
    await vscode.commands.executeCommand('seedAnnotator.exportQuotes', 'csv', target);
    const csv = await readOutside(vscode.Uri.file(target));
    assert.match(csv.split('\r\n')[0]!, /^date,document,id,speaker/);
    assert.match(csv, /Ukraine fatigue is a real thing for some of our partners\./);
  });
});
