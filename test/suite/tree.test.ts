import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import type { DocumentsNode } from '../../src/vscode/documentsTree';
import { host } from '../../src/node/extensionHost';
import { SIDECAR_SUFFIX } from '../../src/core/files/sidecar';
import type { IndexTarget } from '../../src/core/corpus/indexCache';
import { addWalked } from '../../src/vscode/workspaceCorpus';
import { api, deleteOutside, file, readOutside, SEED_000, SEED_002, waitFor, writeOutside } from './util';

type Tree = vscode.TreeDataProvider<DocumentsNode>;

async function labels(tree: Tree, parent?: DocumentsNode): Promise<string[]> {
  const children = (await tree.getChildren(parent)) ?? [];
  return Promise.all(children.map(async (c) => labelOf(await tree.getTreeItem(c))));
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

/** What the Needs review group holds, for a failure's message. */
async function underReview(tree: Tree): Promise<string> {
  for (const c of (await tree.getChildren()) ?? []) {
    const item = await tree.getTreeItem(c);
    if (labelOf(item) !== 'Needs review') continue;
    const items = await Promise.all(((await tree.getChildren(c)) ?? []).map(async (r) => {
      const i = await tree.getTreeItem(r);
      return `${labelOf(i)} (${String(i.description ?? '')})`;
    }));
    return `under review: ${items.join(' | ')}`;
  }
  return 'nothing under review';
}

async function child(tree: Tree, parent: DocumentsNode | undefined, label: string): Promise<DocumentsNode> {
  for (const c of (await tree.getChildren(parent)) ?? []) {
    if (labelOf(await tree.getTreeItem(c)) === label) return c;
  }
  assert.fail(`no child “${label}” under ${parent ? JSON.stringify(parent) : 'the root'}; have ${(await labels(tree, parent)).join(' | ')}`);
}

async function setOrder(order: 'newestFirst' | 'oldestFirst'): Promise<void> {
  await vscode.commands.executeCommand(order === 'newestFirst' ? 'seedAnnotator.sortNewestFirst' : 'seedAnnotator.sortOldestFirst');
  await waitFor(`sort order ${order}`, () => vscode.workspace.getConfiguration('seedAnnotator').get('documents.sortOrder') === order);
}

/** Counts entries of a list in the sidecar text, independently of the extension's parser. */
function countEntries(yaml: string, section: 'quotes' | 'mentions'): number {
  const list = (parse(yaml) as Record<string, unknown[] | null>)[section];
  return Array.isArray(list) ? list.length : 0;
}

suite('Documents tree', () => {
  test('a multi-root workspace: both folders are indexed, each with its own registry', async () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 2, 'the test window opens two workspace folders');
    const { index, store } = await api();
    const harbour = vscode.Uri.joinPath(folders[1]!.uri, 'desk', 'harbour-strike.txt');
    const entry = await waitFor('the second root’s document', () => index.get(harbour.toString()));
    assert.equal(entry.date, '2023-11-04');
    assert.equal(entry.title, 'Harbour strike ends');
    const quoteAt = (await vscode.workspace.openTextDocument(harbour)).getText().indexOf('We have a deal');
    await store.edit(harbour.toString(), null, (sidecar, registry) => {
      const actor = registry.add('Marek Nowak', 'person');
      sidecar.addQuote({ id: 'q-harbour', speaker: actor.id, cue: 'said', direct: true, anchor: { start: quoteAt, end: quoteAt + 14, exact: 'We have a deal', prefix: '', suffix: '' } });
    });
    const secondRegistry = await readOutside(vscode.Uri.joinPath(folders[1]!.uri, 'actors', 'marek-nowak.yaml'));
    assert.match(secondRegistry, /^name: Marek Nowak\n/);
    await assert.rejects(readOutside(file('actors', 'marek-nowak.yaml')), 'the first root’s registry is untouched');
  });

  let tree: Tree;
  suiteSetup(async () => {
    tree = (await api()).documentsTree;
  });
  suiteTeardown(async () => {
    await setOrder('newestFirst');
  });

  test('the seeds are grouped year › month › day, newest first by default', async () => {
    await setOrder('newestFirst');
    const years = await labels(tree);
    assert.deepEqual(years.slice(0, 2), ['2023', '2022'], await underReview(tree));
    const y2023 = await child(tree, undefined, '2023');
    assert.deepEqual(await labels(tree, y2023), ['November']);
    const nov = await child(tree, y2023, 'November');
    assert.deepEqual(await labels(tree, nov), ['Saturday, 4 November 2023']);
    const day = await child(tree, nov, 'Saturday, 4 November 2023');
    // The second workspace folder has an article of the same day: one tree for both roots.
    assert.deepEqual(await labels(tree, day), ['Harbour strike ends', 'Is Ukraine negotiating with the Russian Federation?']);
    const y2022 = await child(tree, undefined, '2022');
    const day2 = await child(tree, await child(tree, y2022, 'November'), 'Sunday, 6 November 2022');
    assert.deepEqual(await labels(tree, day2), ['Biden warns Russia over nuclear threat']);
  });

  test('the toggle puts the oldest first', async () => {
    await setOrder('oldestFirst');
    const years = await labels(tree);
    assert.deepEqual(years.slice(0, 2), ['2022', '2023']);
    await setOrder('newestFirst');
    assert.deepEqual((await labels(tree)).slice(0, 2), ['2023', '2022']);
  });

  test('a document item has the file name and annotation counts as description, and a tooltip', async () => {
    const day = await child(tree, await child(tree, await child(tree, undefined, '2022'), 'November'), 'Sunday, 6 November 2022');
    const [doc] = (await tree.getChildren(day)) ?? [];
    assert.ok(doc);
    const sidecar = await readOutside(file(SEED_002.replace('.txt', '.annotations.yaml')));
    const quotes = countEntries(sidecar, 'quotes');
    assert.ok(quotes > 0, 'the seed sidecar has quotes');
    const item = await waitFor('the counts in the description', async () => {
      const it = await tree.getTreeItem(doc);
      return String(it.description).includes('quote') ? it : undefined;
    });
    assert.match(String(item.description), new RegExp(`^${SEED_002.replace('.', '\\.')} · ${quotes} quotes · \\d+ actors$`));
    const tooltip = item.tooltip as vscode.MarkdownString;
    assert.match(tooltip.value, /Sunday, 6 November 2022/);
    assert.match(tooltip.value, /002\\_ee4912a3b61f8db2\\\.txt|002_ee4912a3b61f8db2\.txt/);
    assert.match(tooltip.value, / date 2022-11-06 The United States government/);
    assert.equal(item.command?.command, 'vscode.open');
    assert.equal((item.command?.arguments?.[0] as vscode.Uri).toString(), file(SEED_002).toString());
  });

  test('a generated corpus with nested folders and undated files', async () => {
    const docs: Array<[string, string]> = [
      ['gen/2021/a/early.txt', ' date 2021-03-05 Early piece\n\nFirst sentence. Second.\n'],
      ['gen/2021/b/c/late.txt', ' date 2021-12-31 Reporter Name10:00, 31.12.21\n\nNew Year subheading\n\nBody “quote” here.\n'],
      ['gen/2021/same-day-b.txt', ' date 2021-03-05 Bravo article\n'],
      ['gen/2021/same-day-a.txt', ' date 2021-03-05 Alpha article\n'],
      ['gen/bad/impossible.txt', ' date 2023-02-30 Impossible day\n'],
      ['gen/bad/malformed.txt', ' date 2023-1-7 Malformed\n'],
      ['gen/bad/noheader.txt', 'Just text without a header.\n'],
      ['gen/bad/empty.txt', ''],
      ['gen/readme.txt', 'Not a seed document at all.\n'],
    ];
    try {
      await Promise.all(docs.map(([path, text]) => writeOutside(file(...path.split('/')), text)));
      // A header-less document shows up when it has a sidecar.
      await writeOutside(file('gen', 'bad', 'noheader.annotations.yaml'), 'version: 1\ndocument: noheader.txt\noffsetUnit: codepoint\nquotes: []\nmentions: []\n');
      const { index } = await api();
      await waitFor('the generated documents to be indexed', () => index.get(file('gen', 'bad', 'noheader.txt').toString()) && index.get(file('gen', '2021', 'b', 'c', 'late.txt').toString()));

      await setOrder('oldestFirst');
      const years = await labels(tree);
      assert.deepEqual(years, ['2021', '2022', '2023', 'Without a usable date']);
      const y2021 = await child(tree, undefined, '2021');
      assert.deepEqual(await labels(tree, y2021), ['March', 'December']);
      const march = await child(tree, y2021, 'March');
      const day = await child(tree, march, 'Friday, 5 March 2021');
      assert.deepEqual(await labels(tree, day), ['Alpha article', 'Bravo article', 'Early piece']);
      assert.equal((await tree.getTreeItem(y2021)).description, '4 documents');
      const dec = await child(tree, await child(tree, y2021, 'December'), 'Friday, 31 December 2021');
      assert.deepEqual(await labels(tree, dec), ['New Year subheading']);

      const undated = await child(tree, undefined, 'Without a usable date');
      const items = await Promise.all(((await tree.getChildren(undated)) ?? []).map((n) => tree.getTreeItem(n)));
      const byFile = new Map(items.map((i) => [(i.resourceUri as vscode.Uri).path.split('/').pop(), String(i.description)]));
      assert.deepEqual([...byFile.keys()].sort(), ['impossible.txt', 'malformed.txt', 'noheader.txt']);
      assert.match(byFile.get('impossible.txt')!, /impossible date 2023-02-30: February 2023 has 28 days/);
      assert.match(byFile.get('malformed.txt')!, /malformed date/);
      assert.match(byFile.get('noheader.txt')!, /no date header/);

      await setOrder('newestFirst');
      assert.deepEqual(await labels(tree), ['2023', '2022', '2021', 'Without a usable date']);
    } finally {
      await deleteOutside(file('gen'));
    }
  });

  test('Show in Documents Tree selects the document, and the active editor’s document is revealed', async () => {
    const { documentsTree, documentsView } = await api();
    const node000 = documentsTree.nodeForDocument(file(SEED_000).toString());
    const node002 = documentsTree.nodeForDocument(file(SEED_002).toString());
    assert.ok(node000 && node002, 'both seeds are in the tree');
    assert.equal((await documentsTree.getParent(node000))?.type, 'day');
    await vscode.window.showTextDocument(file(SEED_000));
    // The tree may be rebuilt meanwhile (a rescan after an earlier suite's file changes): compare
    // with the current node, and ask again while the index is still settling.
    const selected = (seed: string): boolean => {
      const node = documentsView.selection[0];
      return node !== undefined && node === documentsTree.nodeForDocument(file(seed).toString());
    };
    await api().then((a) => a.whenIndexed());
    let asked = 0;
    await waitFor('the view to be visible with 000 selected', async () => {
      if (documentsView.visible && selected(SEED_000)) return true;
      if (Date.now() - asked < 1000) return false;
      asked = Date.now();
      await vscode.commands.executeCommand('seedAnnotator.showInTree', file(SEED_000));
      return documentsView.visible && selected(SEED_000);
    });
    await vscode.window.showTextDocument(file(SEED_002));
    await waitFor('002 to be revealed when its editor becomes active', () => selected(SEED_002));
  });

  test('the walk of a file: folder lists what findFiles lists, with the same locations and sidecars', async function () {
    // Two file searches per folder: slow on a loaded machine.
    this.timeout(90_000);
    // Names that need encoding in a URI, a sidecar, an excluded folder and a dot-folder.
    const extra = [file('walk test', 'ünïcode #1.txt'), file('walk test', 'ünïcode #1.annotations.yaml'), file('walk test', 'node_modules', 'x.txt'), file('.hidden', 'y.txt')];
    for (const uri of extra) await writeOutside(uri, ' date 2021-01-01 Walk\n');
    try {
      const config = vscode.workspace.getConfiguration('seedAnnotator');
      const include = config.get<string>('documents.include')!;
      const exclude = config.get<string>('documents.exclude')!;
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const walked: IndexTarget[] = [];
        for (const w of await host.disk!.walkFolder(folder.uri.fsPath, { include, exclude, sidecarSuffix: SIDECAR_SUFFIX })) addWalked(w, walked);
        const [docs, cars] = await Promise.all([
          vscode.workspace.findFiles(new vscode.RelativePattern(folder, include), exclude),
          vscode.workspace.findFiles(new vscode.RelativePattern(folder, `**/*${SIDECAR_SUFFIX}`), exclude),
        ]);
        const annotated = new Set(cars.map((c) => c.toString().slice(0, -SIDECAR_SUFFIX.length) + '.txt'));
        const found = docs.map((d) => `${d.toString()} ${annotated.has(d.toString())}`).sort();
        assert.deepEqual(walked.map((t) => `${t.location} ${t.hasSidecar}`).sort(), found);
        if (folder.index === 0) {
          assert.ok(found.some((f) => f.includes('walk%20test') && f.endsWith(' true')), `the encoded name with its sidecar is listed: ${found.join(', ')}`);
          assert.ok(found.some((f) => f.includes('.hidden')), 'a dot-folder is listed, as findFiles does');
        }
      }
    } finally {
      for (const uri of extra) await deleteOutside(uri);
    }
  });
});
