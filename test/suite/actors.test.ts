import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { createAnchor } from '../../src/core/anchoring/anchor';
import type { ActorsNode } from '../../src/vscode/actorsTree';
import { api, closeAll, deleteOutside, file, readOutside, runPicking, waitFor, writeOutside } from './util';

const DOC_A = ' date 2021-06-01 First\n\nAlex Tester said “we are ready” on Monday. Tester left.\n';
const DOC_B = ' date 2021-05-01 Second\n\nThe spokesman Al Tester told “nothing new” to the press. Alex Tester again.\n';

async function labelOf(node: ActorsNode): Promise<string> {
  const { actorsTree } = await api();
  const item = await actorsTree.getTreeItem(node);
  return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
}

async function findActorNode(name: string): Promise<ActorsNode> {
  const { actorsTree } = await api();
  for (const kind of await actorsTree.getChildren()) {
    for (const actor of await actorsTree.getChildren(kind)) if ((await labelOf(actor)) === name) return actor;
  }
  assert.fail(`actor ${name} not in the Actors view`);
}

function sidecarOf(uri: vscode.Uri): vscode.Uri {
  return vscode.Uri.file(uri.fsPath.replace(/\.txt$/, '.annotations.yaml'));
}

/** An actor's own file, `actors/<id>.yaml`, as the extension left it. */
async function actorFile(id: string): Promise<{ name: string; kind: string; aliases?: string[]; wikidata?: string; mergedInto?: string }> {
  return parse(await readOutside(file('actors', `${id}.yaml`))) as { name: string; kind: string; aliases?: string[]; wikidata?: string; mergedInto?: string };
}

suite('Actors view and actor commands', () => {
  const a = file('actorsuite', 'a.txt');
  const b = file('actorsuite', 'b.txt');

  suiteSetup(async () => {
    const { store, index } = await api();
    await writeOutside(a, DOC_A);
    await writeOutside(b, DOC_B);
    await waitFor('the test documents in the index', () => index.get(a.toString()) && index.get(b.toString()));
    const tag = async (uri: vscode.Uri, text: string, speakerText: string, quote: string) => {
      const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;
      await store.edit(uri.toString(), null, (sidecar, registry) => {
        const actor = registry.findByName('Alex Tester') ?? registry.add('Alex Tester', 'person');
        const m = createAnchor(text, cp(speakerText), cp(speakerText) + [...speakerText].length);
        sidecar.addMention({ id: `m-${cp(speakerText)}`, actor: actor.id, anchor: m });
        const q = createAnchor(text, cp(quote), cp(quote) + [...quote].length);
        sidecar.addQuote({ id: `q-${cp(quote)}`, speaker: actor.id, cue: 'said', direct: true, anchor: q });
      });
    };
    await tag(a, DOC_A, 'Alex Tester', 'we are ready');
    await tag(b, DOC_B, 'Al Tester', 'nothing new');
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('actorsuite'));
    for (const id of ['alex-tester', 'tester-agency', 'someone-else']) await deleteOutside(file('actors', `${id}.yaml`));
  });

  test('actors are listed by kind; an actor expands to its quotes in date order and its mentions', async () => {
    const { actorsTree } = await api();
    const kinds = await Promise.all((await actorsTree.getChildren()).map(labelOf));
    assert.deepEqual(kinds, ['People', 'Organisations', 'Countries', 'Media', 'Other']);
    const biden = await findActorNode('Joe Biden');
    const bidenQuotes = (await actorsTree.getChildren(biden)).filter((n) => n.type === 'quote');
    assert.ok(bidenQuotes.length >= 2, 'Biden is quoted in the seeds');
    for (const q of bidenQuotes) assert.match(await labelOf(q), /^2022-11-06 {2}“/);
    const tester = await findActorNode('Alex Tester');
    const children = await actorsTree.getChildren(tester);
    const labels = await Promise.all(children.map(labelOf));
    assert.deepEqual(labels, ['2021-05-01  “nothing new”', '2021-06-01  “we are ready”', 'Mentions']);
    const item = await actorsTree.getTreeItem(children[0]!);
    assert.equal(item.command?.command, 'seedAnnotator.openAnnotation');
    await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
    const editor = await waitFor('the quote to open', () => vscode.window.activeTextEditor?.document.uri.toString() === b.toString() && vscode.window.activeTextEditor);
    assert.equal(editor.document.getText(editor.selection), 'nothing new');
  });

  test('Rename Actor changes the name and keeps the id, after a preview of the files; no sidecar changes', async () => {
    const sidecarsBefore = await Promise.all([a, b].map((uri) => readOutside(sidecarOf(uri))));
    const node = await findActorNode('Alex Tester');
    const id = await runPicking<string>([/^Apply to \d+ files?$/], 'seedAnnotator.renameActor', node, 'Alexandra Tester');
    assert.equal(id, 'alex-tester');
    assert.deepEqual(await Promise.all([a, b].map((uri) => readOutside(sidecarOf(uri)))), sidecarsBefore);
    const actor = await actorFile('alex-tester');
    assert.equal(actor.name, 'Alexandra Tester');
    assert.deepEqual(actor.aliases, ['Alex Tester'], 'the old name stays as an alias');
    await waitFor('the view to show the new name', async () => findActorNode('Alexandra Tester').catch(() => undefined));
  });

  test('Add Alias, Set Kind and Set Wikidata Id edit the actor’s file', async () => {
    const node = await findActorNode('Alexandra Tester');
    await vscode.commands.executeCommand('seedAnnotator.addAlias', node, 'A. Tester');
    await vscode.commands.executeCommand('seedAnnotator.setKind', node, 'organisation');
    await vscode.commands.executeCommand('seedAnnotator.setWikidata', node, 'Q42');
    const entry = await actorFile('alex-tester');
    assert.ok(entry.aliases?.includes('A. Tester'));
    assert.equal(entry.kind, 'organisation');
    assert.equal(entry.wikidata, 'Q42');
    const bad = await vscode.commands.executeCommand('seedAnnotator.setWikidata', node, 'not-an-id');
    assert.equal(bad, undefined);
    assert.equal((await actorFile('alex-tester')).wikidata, 'Q42');
  });

  test('Tag All Mentions finds the names and aliases in the corpus and tags the accepted ones', async () => {
    const node = await findActorNode('Alexandra Tester');
    const tagged = await runPicking<number>(['The whole corpus', { label: /Alex Tester/, checked: true }], 'seedAnnotator.tagAllMentions', node);
    // Only b.txt's second “Alex Tester” is new: the other names there and in a.txt are tagged, and a bare “Tester” is no alias.
    assert.equal(tagged, 1);
    const sidecarB = parse(await readOutside(file('actorsuite', 'b.annotations.yaml'))) as { mentions: Array<{ actor: string; anchor: { exact: string } }> };
    assert.deepEqual(sidecarB.mentions.map((m) => m.anchor.exact), ['Al Tester', 'Alex Tester']);
  });

  test('Merge Actor leaves a redirect: the old id still resolves and the view counts its quotes under the survivor', async () => {
    const { store } = await api();
    await store.editRegistry(file('actors.yaml').toString(), (r) => r.add('Tester Agency', 'organisation'));
    const sidecarBefore = await readOutside(sidecarOf(a));
    const node = await findActorNode('Alexandra Tester');
    const result = await runPicking<string>([/^Apply to \d+ files?$/], 'seedAnnotator.mergeActor', node, 'tester-agency');
    assert.equal(result, 'tester-agency');
    assert.equal(await readOutside(sidecarOf(a)), sidecarBefore, 'annotations keep the id they were made with');
    assert.equal((await actorFile('alex-tester')).mergedInto, 'tester-agency');
    assert.ok((await actorFile('tester-agency')).aliases?.includes('Alexandra Tester'));
    const { actorsTree } = await api();
    const agency = await waitFor('the survivor to count the quotes', async () => {
      const found = await findActorNode('Tester Agency').catch(() => undefined);
      return found && /^2 quotes · 3 mentions$/.test(String((await actorsTree.getTreeItem(found)).description)) && found;
    });
    assert.deepEqual(await Promise.all((await actorsTree.getChildren(agency)).map(labelOf)), ['2021-05-01  “nothing new”', '2021-06-01  “we are ready”', 'Mentions']);
    await assert.rejects(findActorNode('Alexandra Tester'), 'the retired actor is not listed');

    // A file changed in between (here the registry gains an actor) does not block undo: it goes by actor and annotation.
    await store.editRegistry(file('actors.yaml').toString(), (r) => r.add('Someone Else', 'person'));
    // Undo (Ctrl+Alt+Z) puts every file back as one step.
    await vscode.commands.executeCommand('seedAnnotator.undo');
    assert.equal((await actorFile('alex-tester')).mergedInto, undefined);
    assert.equal((await actorFile('alex-tester')).name, 'Alexandra Tester');
    assert.equal(await readOutside(sidecarOf(a)), sidecarBefore);
    assert.equal((await actorFile('someone-else')).name, 'Someone Else', 'the actor added in between is kept');
    assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff).length, 0, 'no preview diff tab is left open');
  });
});
