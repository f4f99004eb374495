import * as assert from 'node:assert/strict';
import { api, closeAll, deleteOutside, file, openSeed, waitFor, writeOutside } from './util';

suite('Live refresh from changes outside the editor', () => {
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('live'));
  });

  test('a file added, changed and deleted outside VS Code is followed by the index and the tree', async () => {
    const { index, documentsTree } = await api();
    const uri = file('live', 'breaking.txt');
    const location = uri.toString();

    await writeOutside(uri, ' date 2019-07-14 First version\n\nBody.\n');
    await waitFor('the new document in the index', () => index.get(location)?.title === 'First version');
    const years = await Promise.all(((await documentsTree.getChildren()) ?? []).map(async (n) => (await documentsTree.getTreeItem(n)).label));
    assert.ok(years.includes('2019'), `years: ${years.join(', ')}`);

    await writeOutside(uri, ' date 2018-01-02 Second version\n\nBody.\n');
    await waitFor('the changed date and title', () => index.get(location)?.date === '2018-01-02' && index.get(location)?.title === 'Second version');
    const after = await Promise.all(((await documentsTree.getChildren()) ?? []).map(async (n) => (await documentsTree.getTreeItem(n)).label));
    assert.ok(after.includes('2018') && !after.includes('2019'), `years: ${after.join(', ')}`);

    await deleteOutside(uri);
    await waitFor('the document to leave the index', () => !index.get(location));
  });

  test('a sidecar written outside VS Code updates the highlights of an open document', async () => {
    const { highlights } = await api();
    const uri = file('live', 'quoted.txt');
    await writeOutside(uri, ' date 2020-01-01 Quoted\n\nShe said “hello world” today.\n');
    // The absence of a highlight means something only once the document's highlights were drawn.
    let draws = 0;
    const counting = highlights.onDidDraw((drawnIn) => {
      if (drawnIn.toString() === uri.toString()) draws++;
    });
    try {
      await openSeed(uri);
      await waitFor('the highlights of the open document to be drawn', () => draws > 0);
    } finally {
      counting.dispose();
    }
    assert.equal(highlights.drawnRanges(uri).quotes.length, 0, 'no highlight before the sidecar exists');
    const text = ' date 2020-01-01 Quoted\n\nShe said “hello world” today.\n';
    const start = [...text.slice(0, text.indexOf('hello'))].length;
    await writeOutside(file('live', 'quoted.annotations.yaml'), [
      'version: 1',
      'document: quoted.txt',
      'offsetUnit: codepoint',
      'quotes:',
      '  - id: q-outside',
      '    speaker: someone',
      '    cue: said',
      '    direct: true',
      '    anchor:',
      `      start: ${start}`,
      `      end: ${start + 11}`,
      '      exact: "hello world"',
      '      prefix: "She said “"',
      '      suffix: "” today."',
      'mentions: []',
      '',
    ].join('\n'));
    const drawn = await waitFor('the highlight from the new sidecar', () => highlights.drawnRanges(uri).quotes[0]);
    assert.equal(drawn.start.line, 2);
    assert.equal(drawn.start.character, 'She said “'.length);
    assert.equal(drawn.end.character, 'She said “hello world'.length);
  });
});
