import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { api, closeAll, deleteOutside, file, find, openSeed, readOutside, runPicking, waitFor, writeOutside } from './util';

const ARTICLE = [
  ' date 2024-05-01 Test Reporter09:30, 01.05.24',
  '',
  '😀 Minister Jane Roe said: “We will not give up.” Later, Roe added that talks would go on.',
  '',
  'Officials told reporters the plan was “ready”.',
  '',
].join('\n');

interface SidecarOnDisk {
  offsetUnit: string;
  document: string;
  quotes: Array<{ id: string; speaker: string; cue: string | null; direct: boolean; creator?: string; created?: string; anchor: { start: number; end: number; exact: string; prefix: string; suffix: string } }>;
  mentions: Array<{ id: string; actor: string; anchor: { start: number; end: number; exact: string } }>;
}

/** Code-point index of `needle` in the article (emoji count once). */
function codePointIndex(needle: string, occurrence = 0): number {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = ARTICLE.indexOf(needle, at + 1);
  return [...ARTICLE.slice(0, at)].length;
}

/** Who the creator must be: the setting, else `git config --get user.name` in the first local folder, else the OS user. */
function expectedAnnotator(): string {
  const setting = vscode.workspace.getConfiguration('seedAnnotator').get<string>('annotator')?.trim();
  if (setting) return setting;
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
  const git = folder ? spawnSync('git', ['config', '--get', 'user.name'], { cwd: folder, encoding: 'utf8' }) : null;
  return (git && git.status === 0 ? git.stdout.trim() : '') || os.userInfo().username;
}

suite('Tagging into the sidecar', () => {
  const doc = file('tag', 'article.txt');
  const sidecarUri = file('tag', 'article.annotations.yaml');
  let editor: vscode.TextEditor;
  const sidecar = async (): Promise<SidecarOnDisk> => parse(await readOutside(sidecarUri)) as SidecarOnDisk;

  suiteSetup(async () => {
    await api();
    await writeOutside(doc, ARTICLE);
    editor = await openSeed(doc);
  });
  suiteTeardown(async () => {
    await closeAll();
    await deleteOutside(file('tag'));
    await deleteOutside(file('actors', 'jane-roe.yaml'));
    await deleteOutside(file('actors', 'reporters.yaml'));
  });

  test('Tag Actor: the selection becomes a mention of a new actor, with the kind picked', async () => {
    editor.selection = new vscode.Selection(find(editor.document, 'Jane Roe').start, find(editor.document, 'Jane Roe').end);
    const id = await runPicking<string>(['Jane Roe', { title: 'What is “Jane Roe”', label: 'person' }], 'seedAnnotator.tagActor');
    assert.match(id, /^m-/);
    const onDisk = await sidecar();
    assert.equal(onDisk.offsetUnit, 'codepoint');
    assert.equal(onDisk.document, 'article.txt');
    assert.equal(onDisk.mentions.length, 1);
    assert.equal(onDisk.mentions[0]!.actor, 'jane-roe');
    assert.deepEqual(onDisk.mentions[0]!.anchor.start, codePointIndex('Jane Roe'));
    assert.equal(onDisk.mentions[0]!.anchor.exact, 'Jane Roe');
    // The new actor gets a file of its own: annotators who add different actors never touch the same file.
    assert.equal(await readOutside(file('actors', 'jane-roe.yaml')), 'name: Jane Roe\nkind: person\n');
    assert.match(await readOutside(file('tag', 'article.annotations.yaml')), /\nmentions:\n {2}- \{ id: m-[0-9a-z]+, actor: jane-roe, anchor: \{ start: \d+, end: \d+, exact: "Jane Roe", [^\n]*, creator: [^\n]+, created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \}\n$/);
  });

  test('Tag Quote with no selection takes the quotation under the cursor, and records speaker, cue and direct', async () => {
    const inside = find(editor.document, 'will not').start;
    editor.selection = new vscode.Selection(inside, inside);
    const id = await runPicking<string>([{ label: 'Jane Roe', active: true }], 'seedAnnotator.tagQuote');
    const quote = (await sidecar()).quotes.find((q) => q.id === id);
    assert.ok(quote, `quote ${id} on disk`);
    assert.equal(quote.speaker, 'jane-roe', 'the document’s actor is offered first');
    assert.equal(quote.cue, 'said');
    assert.equal(quote.direct, true);
    assert.equal(quote.anchor.exact, 'We will not give up.');
    assert.equal(quote.anchor.start, codePointIndex('We will not give up.'));
    assert.equal(quote.anchor.end, quote.anchor.start + 'We will not give up.'.length);
    assert.ok(quote.anchor.prefix.endsWith('said: “'), quote.anchor.prefix);
    // Provenance: who tagged it (the setting, git's user.name or the OS user) and when; the hover shows both.
    assert.ok(typeof quote.creator === 'string' && quote.creator.length > 0, JSON.stringify(quote));
    // The name read from git's files at activation is exactly what git itself says here.
    assert.equal(quote.creator, expectedAnnotator());
    assert.match(String(quote.created), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc, inside);
    const shown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.ok(shown.includes(`tagged by ${quote.creator.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&')}`), shown);
  });

  test('Tag Quote on a paraphrase records an indirect quote with its cue', async () => {
    const range = find(editor.document, 'talks would go on');
    editor.selection = new vscode.Selection(range.start, range.end);
    const id = await runPicking<string>(['Jane Roe'], 'seedAnnotator.tagQuote');
    const quote = (await sidecar()).quotes.find((q) => q.id === id);
    assert.ok(quote);
    assert.equal(quote.direct, false);
    assert.equal(quote.cue, 'added');
    assert.equal(quote.speaker, 'jane-roe');
  });

  test('Tag Actor on a shorter name picks the known actor and records a new alias', async () => {
    const range = find(editor.document, 'Roe', 1);
    editor.selection = new vscode.Selection(range.start, range.end);
    await runPicking<string>([{ label: 'Jane Roe', active: true }], 'seedAnnotator.tagActor');
    const onDisk = await sidecar();
    assert.deepEqual(onDisk.mentions.map((m) => [m.actor, m.anchor.exact]), [['jane-roe', 'Jane Roe'], ['jane-roe', 'Roe']]);
    assert.deepEqual((parse(await readOutside(file('actors', 'jane-roe.yaml'))) as { aliases?: string[] }).aliases, ['Roe']);
  });

  test('quotes and mentions are highlighted at the right places (after an emoji)', async () => {
    const { highlights } = await api();
    const drawn = await waitFor('the highlights', () => {
      const d = highlights.drawnRanges(doc);
      return d.quotes.length === 2 && d.mentions.length === 2 ? d : undefined;
    });
    const quote = find(editor.document, 'We will not give up.');
    assert.ok(drawn.quotes.some((r) => r.isEqual(quote)), `quote range ${JSON.stringify(drawn.quotes)} vs ${JSON.stringify(quote)}`);
    assert.ok(drawn.mentions.some((r) => r.isEqual(find(editor.document, 'Jane Roe'))));
  });

  test('a hover shows speaker, cue and kind', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc, find(editor.document, 'not give').start);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /Quote\*\* by \*\*Jane Roe\*\* \(person\)/);
    assert.match(text, /cue \*said\*/);
    assert.match(text, /direct/);
    const actorHover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc, find(editor.document, 'Jane Roe').start);
    const actorText = actorHover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(actorText, /Actor\*\* Jane Roe · person/);
  });

  test('Tag Quote on a tagged quote offers to edit it; keeping its speaker changes nothing', async () => {
    const before = await readOutside(sidecarUri);
    const range = find(editor.document, 'We will not give up.');
    editor.selection = new vscode.Selection(range.start, range.end);
    await runPicking([{ title: 'already tagged', label: 'Change speaker…' }, 'Jane Roe'], 'seedAnnotator.tagQuote');
    assert.equal(await readOutside(sidecarUri), before);
  });

  test('Remove Annotation at Cursor removes the mention under the cursor', async () => {
    const at = find(editor.document, 'Roe', 1).start.translate(0, 1);
    editor.selection = new vscode.Selection(at, at);
    const removed = await vscode.commands.executeCommand<string>('seedAnnotator.removeAnnotation');
    assert.match(removed, /^m-/);
    const onDisk = await sidecar();
    assert.deepEqual(onDisk.mentions.map((m) => m.anchor.exact), ['Jane Roe']);
    assert.equal(onDisk.quotes.length, 2);
    // Undo Annotation Change (Ctrl+Alt+Z) brings it back, Redo removes it again.
    await vscode.commands.executeCommand('seedAnnotator.undo');
    assert.deepEqual((await sidecar()).mentions.map((m) => m.anchor.exact), ['Jane Roe', 'Roe']);
    await vscode.commands.executeCommand('seedAnnotator.redo');
    assert.deepEqual((await sidecar()).mentions.map((m) => m.anchor.exact), ['Jane Roe']);
  });

  test('Ctrl+Z right after a tag undoes the tag and the actor it created; after typing it undoes the typing', async () => {
    const { undo } = await api();
    const range = find(editor.document, 'reporters');
    editor.selection = new vscode.Selection(range.start, range.end);
    await runPicking<string>(['reporters', { title: 'What is “reporters”', label: 'organisation' }], 'seedAnnotator.tagActor');
    assert.ok((await sidecar()).mentions.some((m) => m.actor === 'reporters'), JSON.stringify((await sidecar()).mentions));
    await waitFor('Ctrl+Z to mean the tag', () => undo.undoComesFirst);
    await vscode.commands.executeCommand('seedAnnotator.undoInEditor');
    assert.ok(!(await sidecar()).mentions.some((m) => m.actor === 'reporters'), 'the tag is undone');
    await assert.rejects(readOutside(file('actors', 'reporters.yaml')), 'the actor the tag created is removed with it (its file deleted)');
    await vscode.commands.executeCommand('seedAnnotator.redoInEditor');
    assert.ok((await sidecar()).mentions.some((m) => m.actor === 'reporters'), 'redo tags it again');
    // Typing after the tag: Ctrl+Z undoes the typing first, and keeps the tag.
    await editor.edit((b) => b.insert(new vscode.Position(editor.document.lineCount - 1, 0), 'typed'));
    await waitFor('Ctrl+Z to mean the typing', () => !undo.undoComesFirst);
    await vscode.commands.executeCommand('seedAnnotator.undoInEditor');
    assert.ok(!editor.document.getText().includes('typed'), 'the typing is undone');
    assert.ok((await sidecar()).mentions.some((m) => m.actor === 'reporters'), 'the tag stays');
  });

  test('Open Sidecar opens the YAML beside the document', async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('seedAnnotator.openSidecar');
    await waitFor('the sidecar editor', () => vscode.window.activeTextEditor?.document.uri.toString() === sidecarUri.toString());
  });
});
