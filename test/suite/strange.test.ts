// Strange files in a real workspace: binary files named .txt, latin-1 bytes, NULs, a
// 50 MB document, 100,000-character lines, symlink loops, files deleted between listing
// and reading, a sidecar that cannot be written, a BOM, CRLF, an empty file and an
// impossible date. None of them stalls or crashes the extension host: afterwards the
// Documents tree still lists the seeds, a seed still gets its CodeLens, new files are
// indexed within a time bound, commands round-trip, and nothing of ours throws unhandled.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { api, file, find, openSeed, runReporting, SEED_000, waitFor, writeOutside } from './util';
import { seededRandom } from '../helpers/random';

const DIR = 'strange';

/** Whether a file can be created in `dir`. */
function writable(dir: string): boolean {
  try {
    fs.writeFileSync(path.join(dir, '.probe'), 'x');
    fs.rmSync(path.join(dir, '.probe'));
    return true;
  } catch {
    return false;
  }
}


async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 10)) ?? [];
  return lenses.filter((l) => l.range.start.line === 0).map((l) => l.command?.title ?? '');
}

/** Errors thrown unhandled in this extension host whose stack names our bundle. */
const ours: string[] = [];
function watchUnhandled(): () => void {
  const mine = (error: unknown): void => {
    const stack = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    if (/seed-annotator|dist[\\/]extension\.js/.test(stack)) ours.push(stack.split('\n').slice(0, 4).join(' | '));
  };
  process.on('unhandledRejection', mine);
  process.on('uncaughtException', mine);
  return () => {
    process.off('unhandledRejection', mine);
    process.off('uncaughtException', mine);
  };
}

suite('Strange files in the workspace', function () {
  this.timeout(120_000);
  let stopWatching: () => void;
  const root = (): string => file(DIR).fsPath;
  const at = (...segments: string[]): vscode.Uri => file(DIR, ...segments);
  /** chmod does not stop root: then a folder where the sidecar would go is what cannot be written. */
  let readOnlyHow = '';
  let immutable = false;

  suiteSetup(async () => {
    await api();
    stopWatching = watchUnhandled();
    const dir = root();
    fs.mkdirSync(dir, { recursive: true });
    const random = seededRandom(11);
    const put = (name: string, data: string | Buffer): void => fs.writeFileSync(path.join(dir, name), data);
    put('binary.txt', Buffer.from(Array.from({ length: 65_536 }, () => Math.floor(random() * 256))));
    put('binary-header.txt', Buffer.concat([Buffer.from(' date 2024-02-01 '), Buffer.from(Array.from({ length: 20_000 }, () => Math.floor(random() * 256)))]));
    put('latin1.txt', Buffer.from(' date 2024-02-02 Caf\xe9 cr\xe8me\n\nLe ministre a d\xe9clar\xe9: \xabNous ne c\xe9derons pas.\xbb\n', 'latin1'));
    put('nul.txt', ' date 2024-02-03 With NULs\n\nText\u0000with\u0000NULs.\n');
    put('bom.txt', '\uFEFF date 2024-02-04 With a BOM\n\nHe said “yes”.\n');
    put('crlf.txt', ' date 2024-02-05 CRLF\r\n\r\nShe said “no”.\r\n');
    put('empty.txt', '');
    put('feb30.txt', ' date 2023-02-30 Impossible\n\nText.\n');
    put('longline.txt', ` date 2024-02-06 ${'x'.repeat(100_000)}\n\n${'word '.repeat(20_000)}\n\nThe minister said “${'quoted '.repeat(15_000)}”\n`);
    const para = 'Officials said “the talks will go on” and added that nothing was decided yet. '.repeat(20) + '\n\n';
    const chunk = Buffer.from(para.repeat(Math.ceil((1024 * 1024) / para.length)));
    const fd = fs.openSync(path.join(dir, 'big.txt'), 'w');
    fs.writeSync(fd, ' date 2024-02-07 A 50 MB article\n\n');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    const six = fs.openSync(path.join(dir, 'six-mb.txt'), 'w');
    fs.writeSync(six, ' date 2024-02-08 A 6 MB article\n\n');
    for (let i = 0; i < 6; i++) fs.writeSync(six, chunk);
    fs.closeSync(six);
    fs.mkdirSync(path.join(dir, 'loops'));
    fs.symlinkSync('..', path.join(dir, 'loops', 'up'));
    fs.symlinkSync('self', path.join(dir, 'loops', 'self'));
    fs.symlinkSync('b.txt', path.join(dir, 'loops', 'a.txt'));
    fs.symlinkSync('a.txt', path.join(dir, 'loops', 'b.txt'));
    fs.symlinkSync('nowhere.txt', path.join(dir, 'dangling.txt'));
    fs.mkdirSync(path.join(dir, 'folder.txt'));
    // Files deleted between listing and reading: created, then deleted while a rescan runs.
    for (let i = 0; i < 200; i++) put(`vanishing-${i}.txt`, ` date 2024-02-09 Vanishing ${i}\n`);
    const rescan = vscode.commands.executeCommand('seedAnnotator.refresh');
    for (let i = 0; i < 200; i++) fs.rmSync(path.join(dir, `vanishing-${i}.txt`), { force: true });
    await rescan;
    // A sidecar that cannot be written.
    put('readonly.txt', ' date 2024-02-10 Read only\n\nThe mayor said “we stay”.\n');
    fs.mkdirSync(path.join(dir, 'locked'));
    fs.writeFileSync(path.join(dir, 'locked', 'doc.txt'), ' date 2024-02-11 Locked folder\n\nThe mayor said “we stay”.\n');
    fs.chmodSync(path.join(dir, 'locked'), 0o555);
    const locked = path.join(dir, 'locked');
    if (writable(locked)) {
      // Running as root, chmod does not stop writes; the immutable attribute does, where the file system has it.
      spawnSync('chattr', ['+i', locked], { stdio: 'ignore' });
      if (!writable(locked)) immutable = true;
    }
    if (!writable(locked)) readOnlyHow = `locked/doc.txt in a folder that cannot be written (${immutable ? 'chattr +i' : 'chmod 555'})`;
    else {
      fs.chmodSync(locked, 0o755);
      fs.mkdirSync(path.join(dir, 'readonly.annotations.yaml'));
      fs.writeFileSync(path.join(dir, 'readonly.annotations.yaml', 'keep'), 'a folder where the sidecar would go');
      readOnlyHow = 'readonly.txt, whose sidecar path is a folder (neither chmod nor chattr stops writes here)';
    }
  });

  suiteTeardown(async () => {
    stopWatching();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (immutable) spawnSync('chattr', ['-i', path.join(root(), 'locked')], { stdio: 'ignore' });
    try {
      fs.chmodSync(path.join(root(), 'locked'), 0o755);
    } catch {
      // already writable or gone
    }
    fs.rmSync(root(), { recursive: true, force: true });
    const { index } = await api();
    await waitFor('the strange folder to leave the index', () => ![...index.all()].some((e) => e.location.includes(`/${DIR}/`)), 20_000);
  });

  test('the index takes in the strange seeds within 20 s, and leaves out what is not one', async () => {
    const { index } = await api();
    const wanted = ['bom.txt', 'crlf.txt', 'latin1.txt', 'feb30.txt', 'nul.txt', 'longline.txt', 'big.txt', 'six-mb.txt', 'readonly.txt'];
    const started = Date.now();
    await waitFor(
      `${wanted.join(', ')} in the index`,
      () => wanted.every((n) => index.get(at(n).toString())),
      20_000,
    );
    console.log(`      indexed the strange seeds in ${Date.now() - started} ms (after the rescan)`);
    assert.equal(index.get(at('bom.txt').toString())?.date, '2024-02-04');
    assert.equal(index.get(at('crlf.txt').toString())?.date, '2024-02-05');
    assert.equal(index.get(at('latin1.txt').toString())?.date, '2024-02-02');
    assert.equal(index.get(at('big.txt').toString())?.date, '2024-02-07');
    assert.match(index.get(at('feb30.txt').toString())?.problem ?? '', /impossible date 2023-02-30/);
    assert.match(index.get(at('nul.txt').toString())?.problem ?? '', /NUL bytes/);
    for (const not of ['binary.txt', 'empty.txt', 'folder.txt', 'dangling.txt', 'vanishing-0.txt']) {
      assert.equal(index.get(at(not).toString()), undefined, `${not} is not a seed document`);
    }
  });

  test('the Documents tree still lists the seeds, and a seed still gets its CodeLens', async () => {
    const { documentsTree } = await api();
    const years = documentsTree.getChildren() ?? [];
    const labels = await Promise.all(years.map(async (y) => {
      const item = await documentsTree.getTreeItem(y);
      return typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    }));
    assert.ok(labels.includes('2023') && labels.includes('2024'), labels.join(' | '));
    assert.ok(documentsTree.nodeForDocument(file(SEED_000).toString()), 'the sample seed is in the tree');
    assert.ok(documentsTree.nodeForDocument(at('crlf.txt').toString()), 'a strange seed is in the tree');

    await openSeed(file(SEED_000));
    const titles = await waitFor('the CodeLens of a seed', async () => {
      const t = await lensTitles(file(SEED_000));
      return t[0]?.startsWith('Saturday, 4 November 2023') ? t : undefined;
    });
    assert.equal(titles.length, 4, titles.join(' | '));
  });

  test('a seed with a 100,000-character first line, a BOM, CRLF and latin-1 bytes each open with a lens', async () => {
    for (const [name, expected] of [
      ['longline.txt', /^Tuesday, 6 February 2024/],
      ['bom.txt', /^Sunday, 4 February 2024/],
      ['crlf.txt', /^Monday, 5 February 2024/],
      ['latin1.txt', /^Friday, 2 February 2024/],
      ['feb30.txt', /impossible date 2023-02-30/i],
    ] as const) {
      await openSeed(at(name));
      await waitFor(`the lens of ${name}`, async () => expected.test((await lensTitles(at(name)))[0] ?? ''), 15_000);
    }
  });

  test('a 6 MB seed is not checked live: one information diagnostic says it is too large', async () => {
    const { diagnostics } = await api();
    await openSeed(at('six-mb.txt'));
    const list = await waitFor('the too-large diagnostic', () => {
      const d = diagnostics.diagnosticsOf(at('six-mb.txt'));
      return d.length ? d : undefined;
    }, 20_000);
    assert.equal(list.length, 1);
    assert.match(list[0]!.message, /document too large for live checks/);
    assert.equal(list[0]!.severity, vscode.DiagnosticSeverity.Information);
  });

  test('tagging where the sidecar cannot be written fails with a message, returns undefined and changes nothing', async () => {
    const name = readOnlyHow.startsWith('locked') ? ['locked', 'doc.txt'] : ['readonly.txt'];
    const editor = await openSeed(at(...name));
    const range = find(editor.document, 'we stay');
    editor.selection = new vscode.Selection(range.start, range.end);
    const before = fs.readdirSync(path.dirname(at(...name).fsPath)).sort();
    const keep = path.join(root(), 'readonly.annotations.yaml', 'keep');
    const keepBefore = fs.existsSync(keep) ? fs.readFileSync(keep, 'utf8') : null;
    if (name[0] === 'locked') {
      // The speaker is answered by label, so the flow gets past the picker to the write, which is what fails.
      const { result, reports } = await runReporting<string | undefined>([{ label: /mayor/i }], 'seedAnnotator.tagQuote');
      assert.equal(result, undefined, 'the command reports failure by returning nothing');
      assert.equal(reports.length, 1, `one message: ${JSON.stringify(reports)}`);
      assert.match(reports[0]!.message, /cannot write the sidecar: permission denied/, 'the message says the sidecar could not be written');
    } else {
      // No read-only folder here: a folder where the sidecar should be is refused before anything is asked.
      const { result, reports } = await runReporting<string | undefined>([], 'seedAnnotator.tagQuote');
      assert.equal(result, undefined, 'the command reports failure by returning nothing');
      assert.deepEqual(reports.map((r) => r.outcome), ['refused'], JSON.stringify(reports));
      assert.match(reports[0]!.message, /^Nothing was tagged: this document's sidecar cannot be read .*EISDIR/);
    }
    assert.deepEqual(fs.readdirSync(path.dirname(at(...name).fsPath)).sort(), before, 'no sidecar and no temp file appeared');
    if (keepBefore !== null) assert.equal(fs.readFileSync(keep, 'utf8'), keepBefore);
    console.log(`      read-only case: ${readOnlyHow}`);
  });

  test('new files are indexed within 10 s after all this, a command still works, and nothing of ours threw unhandled', async () => {
    const { index } = await api();
    const fresh = at('after', 'fresh.txt');
    const started = Date.now();
    await writeOutside(fresh, ' date 2024-02-12 Written after the strange files\n\nAll is well.\n');
    await waitFor('the new seed in the index', () => index.get(fresh.toString())?.date === '2024-02-12', 10_000);
    const indexedMs = Date.now() - started;
    // A command still round-trips (how fast is the benchmark's business), and the tree has the new seed.
    const t0 = Date.now();
    await vscode.commands.executeCommand('seedAnnotator.showInTree', fresh);
    const { documentsTree } = await api();
    const wanted = documentsTree.nodeForDocument(fresh.toString());
    assert.ok(wanted, 'the new seed is in the Documents tree');

    console.log(`      a new seed indexed in ${indexedMs} ms; command round trip ${Date.now() - t0} ms`);
    assert.deepEqual(ours, [], 'unhandled errors from the extension');
  });
});
