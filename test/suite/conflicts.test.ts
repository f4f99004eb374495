import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { parse } from 'yaml';
import * as vscode from 'vscode';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, root, runReporting, waitFor, writeOutside } from './util';

suite('Merge conflicts in the registry', () => {
  test('the Actors view says the registry has a merge conflict, the file has a CodeLens, and the command resolves it with the pick', async () => {
    const { actorsTree, mergeConflicts, store } = await api();
    // A corpus still in the first layout: one actors.yaml (the seeds keep one file per actor).
    const registry = file('actors.yaml');
    const existing = await readOutside(registry).catch(() => null);
    const original = existing ?? 'version: 1\nactors:\n  conflict-tester:\n    name: Conflict Tester\n    kind: person\n';
    const data = parse(original) as { actors: Record<string, { name: string; kind: string }> };
    const [id, actor] = Object.entries(data.actors)[0]!;
    const other = actor.kind === 'person' ? 'organisation' : 'person';
    const entry = (kind: string): string[] => [`  ${id}:`, `    name: ${JSON.stringify(actor.name)}`, `    kind: ${kind}`];
    // Their side also adds an actor of its own: it must survive the merge.
    const conflicted = original.replace(/\n$/, '') + '\n' + ['<<<<<<< HEAD', '  zz-ours-only:', '    name: Ours Only', '    kind: person', '=======', '  zz-theirs-only:', '    name: Theirs Only', '    kind: media', '>>>>>>> annotator-b', ''].join('\n');
    const withDisagreement = conflicted.replace(new RegExp(`^  ${id}:\\n(    .*\\n)+`, 'm'), '').replace('<<<<<<< HEAD\n', ['<<<<<<< HEAD', ...entry(actor.kind), ''].join('\n')).replace('=======\n', ['=======', ...entry(other), ''].join('\n'));
    const previous = mergeConflicts.picker;
    try {
      await writeOutside(registry, withDisagreement);
      const location = registry.toString();
      await waitFor('the registry to be read as conflicted', async () => (await store.reloadRegistry(location)).status === 'broken');
      const roots = await actorsTree.getChildren();
      const node = roots.find((n) => n.type === 'unreadable');
      assert.ok(node, `root nodes: ${roots.map((n) => n.type).join(', ')}`);
      const item = await actorsTree.getTreeItem(node);
      assert.equal(item.label, 'actors.yaml has a merge conflict');
      assert.equal(item.command?.command, 'seedAnnotator.resolveMergeConflict');

      await vscode.workspace.openTextDocument(registry);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', registry);
      assert.ok(lenses.some((l) => l.command?.command === 'seedAnnotator.resolveMergeConflict'), `lenses: ${lenses.map((l) => l.command?.title).join(', ')}`);

      const asked: string[] = [];
      mergeConflicts.picker = async (disagreement) => {
        asked.push(`${disagreement.id}: ${disagreement.alternatives.map((a) => a.fields['kind']).join(' / ')}`);
        return 1;
      };
      await vscode.commands.executeCommand('seedAnnotator.resolveMergeConflict', registry);
      assert.deepEqual(asked, [`${id}: ${actor.kind} / ${other}`]);
      const resolved = parse(await readOutside(registry)) as { actors: Record<string, { kind: string; alternatives?: unknown }> };
      assert.equal(resolved.actors[id]!.kind, other, 'the picked reading');
      assert.equal(resolved.actors[id]!.alternatives, undefined);
      assert.ok(resolved.actors['zz-ours-only'] && resolved.actors['zz-theirs-only'], 'both sides kept');
      await waitFor('the Actors view to list actors again', async () => !(await actorsTree.getChildren()).some((n) => n.type === 'unreadable'));
    } finally {
      mergeConflicts.picker = previous;
      await closeAll();
      if (existing === null) await deleteOutside(registry);
      else await writeOutside(registry, original);
      await store.reloadRegistry(registry.toString());
    }
  });
});

suite('Merge driver offer', () => {
  test('offered once per git repository: the answer installs the driver and is remembered', async () => {
    const { mergeConflicts } = await api();
    const folder = root();
    const git = (...args: string[]): string => execFileSync('git', ['-C', folder.fsPath, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
    const answers = new Map<string, unknown>();
    const memento = { keys: () => [...answers.keys()], get: (key: string) => answers.get(key), update: async (key: string, value: unknown) => void answers.set(key, value) } as unknown as vscode.Memento;
    const previous = mergeConflicts.ask;
    const asked: string[] = [];
    try {
      git('init', '-q');
      mergeConflicts.ask = async (message, ...choices) => {
        asked.push(message);
        return choices[0];
      };
      await mergeConflicts.offerMergeDriver(memento, [process.execPath, '/opt/seed-annotator/dist/cli.js']);
      assert.equal(asked.length, 1, 'offered once for the repository');
      assert.match(asked[0]!, /merge driver/);
      assert.match(await readOutside(file('.gitattributes')), /^\*\.annotations\.yaml merge=seed-annotator$/m);
      assert.match(git('config', '--local', '--get', 'merge.seed-annotator.driver'), /cli\.js merge-driver %O %A %B %P/);
      await mergeConflicts.offerMergeDriver(memento, [process.execPath, '/opt/seed-annotator/dist/cli.js']);
      assert.equal(asked.length, 1, 'never asked again in the same repository');
    } finally {
      mergeConflicts.ask = previous;
      fs.rmSync(vscode.Uri.joinPath(folder, '.git').fsPath, { recursive: true, force: true });
      fs.rmSync(vscode.Uri.joinPath(folder, '.gitattributes').fsPath, { force: true });
    }
  });
});

suite('Merge conflicts in a sidecar', () => {
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('conflicts'));
  });

  test('the conflicted sidecar gets a merge-conflict problem with a quick fix, tagging is refused, and the fix resolves it', async () => {
    const { diagnostics, mergeConflicts } = await api();
    const doc = file('conflicts', 'story.txt');
    const sidecarUri = file('conflicts', 'story.annotations.yaml');
    const text = ' date 2024-06-01 A story\n\n😀 She said “first words” and he said “second words”.\n';
    await writeOutside(doc, text);
    const at = (words: string): number => [...text.slice(0, text.indexOf(words))].length;
    const quote = (id: string, words: string, speaker: string): string =>
      `  - { id: ${id}, speaker: ${speaker}, cue: said, direct: true, anchor: { start: ${at(words)}, end: ${at(words) + [...words].length}, exact: "${words}", prefix: "", suffix: "" } }`;
    const conflicted = ['version: 1', 'document: story.txt', 'offsetUnit: codepoint', 'quotes:', '<<<<<<< HEAD', quote('q-first', 'first words', 'ana'), '=======',
      quote('q-second', 'second words', 'ben'), '>>>>>>> annotator-b', ''].join('\n');
    await writeOutside(sidecarUri, conflicted);
    const editor = await openSeed(doc);
    const problem = await waitFor('the merge-conflict problem on the sidecar', () => diagnostics.diagnosticsOf(sidecarUri).find((d) => d.code === 'merge-conflict'));
    assert.match(problem.message, /merge conflict: git left conflict markers/);
    assert.equal(problem.range.start.line, 4);

    const inside = find(editor.document, 'first words').start;
    editor.selection = new vscode.Selection(inside, inside);
    const { result, reports } = await runReporting([], 'seedAnnotator.tagQuote');
    assert.equal(result, undefined);
    assert.deepEqual(reports.map((r) => r.outcome), ['refused'], `refused with a message: ${JSON.stringify(reports)}`);
    assert.match(reports[0]!.message, /merge conflict/i);
    assert.equal(await readOutside(sidecarUri), conflicted, 'tagging never writes into a conflicted sidecar');

    await vscode.workspace.openTextDocument(sidecarUri);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', sidecarUri, new vscode.Range(problem.range.start, problem.range.end));
    const fix = actions.find((a) => a.title === 'Resolve Merge Conflict by Annotation Id');
    assert.ok(fix?.command, `actions: ${actions.map((a) => a.title).join(', ')}`);
    const previous = mergeConflicts.picker;
    mergeConflicts.picker = async () => assert.fail('no disagreement to ask about');
    try {
      await vscode.commands.executeCommand(fix.command.command, ...(fix.command.arguments ?? []));
    } finally {
      mergeConflicts.picker = previous;
    }
    const resolved = await readOutside(sidecarUri);
    assert.doesNotMatch(resolved, /<<<<<<<|>>>>>>>/);
    assert.match(resolved, /q-first/);
    assert.match(resolved, /q-second/);
    await waitFor('the merge-conflict problem to go', () => !diagnostics.diagnosticsOf(sidecarUri).some((d) => d.code === 'merge-conflict'));
  });
});

suite('Merge conflicts in an actor file', () => {
  test('an actor file (actors/<id>.yaml) with markers shows its problem; kept both, its disagreement is reported until settled', async () => {
    const { mergeConflicts } = await api();
    const actorFile = file('actors', 'zz-conflict-test.yaml');
    const previous = mergeConflicts.picker;
    try {
      await writeOutside(actorFile, '<<<<<<< HEAD\nname: Zed Test\nkind: person\n=======\nname: Zed Test\nkind: media\n>>>>>>> annotator-b\n');
      await vscode.workspace.openTextDocument(actorFile);
      await waitFor('the merge-conflict problem of the actor file', () => vscode.languages.getDiagnostics(actorFile).some((d) => d.code === 'merge-conflict'));
      mergeConflicts.picker = async () => 'both';
      await vscode.commands.executeCommand('seedAnnotator.resolveMergeConflict', actorFile);
      const kept = parse(await readOutside(actorFile)) as { kind: string; alternatives: Array<{ kind: string }> };
      assert.equal(kept.kind, 'person');
      assert.deepEqual(kept.alternatives.map((a) => a.kind), ['person', 'media']);
      const warning = await waitFor('the disagreement warning', () => vscode.languages.getDiagnostics(actorFile).find((d) => d.code === 'merge-disagreement'));
      assert.match(warning.message, /^zz-conflict-test: the annotators disagree/);
    } finally {
      mergeConflicts.picker = previous;
      await closeAll();
      await deleteOutside(actorFile);
    }
  });
});
