// Reopening a workspace whose files changed while VS Code was closed: the
// Documents tree first shows the index cache of the last session (stale while
// revalidating), then reconciles it with the disk. Three editor sessions on one
// workspace: the first indexes it cold and saves the cache; while no editor
// runs, documents are changed, added, deleted and renamed, a sidecar appears
// and another changes, a folder is added and another removed; the second session
// (same user data, so the same cache) must end with exactly the tree that a
// third, cold session (new user data, no cache) builds from the disk, with the
// right annotation counts and none of the deleted documents.
//
// The texts below are written for this test.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ROOT, freePort, launchCodeServer, openWorkbench } from '../../scripts/vscode/lib.mjs';
import { waitFor } from './helpers.mjs';

const EXTENSION_ID = 'seedlab.seed-annotator';
const HARNESS_ID = 'seedlab-test.seed-annotator-reopen-harness';

// Runs in the extension host: waits for the first scan, then writes the whole
// Documents tree (groups with their counts, documents with their descriptions)
// and, before it returns, waits until the index cache is saved.
const HARNESS_MAIN = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');
exports.activate = function activate(context) {
  const out = process.env.SEED_REOPEN_RESULT;
  if (!out || fs.existsSync(out)) return;
  void (async () => {
    const result = {};
    try {
      const api = await vscode.extensions.getExtension(${JSON.stringify(EXTENSION_ID)}).activate();
      await api.whenIndexed();
      const tree = api.documentsTree;
      const root = vscode.workspace.workspaceFolders[0].uri.toString() + '/';
      const lines = [];
      const walk = async (node, trail) => {
        const item = tree.getTreeItem(node);
        const label = typeof item.label === 'string' ? item.label : item.label.label;
        if (node.type === 'document') {
          await api.store.sidecar(node.location).catch(() => undefined);
          const again = tree.getTreeItem(node);
          lines.push(trail + ' | ' + node.location.replace(root, '') + ' | ' + label + ' | ' + again.description);
          return;
        }
        const here = (trail ? trail + ' > ' : '') + label;
        lines.push(here + ' (' + item.description + ')');
        for (const child of tree.getChildren(node)) await walk(child, here);
      };
      for (const node of tree.getChildren()) await walk(node, '');
      result.tree = lines;
      result.lastScan = api.lastScan();
      const cacheFile = path.join(path.dirname(context.storageUri.fsPath), ${JSON.stringify(EXTENSION_ID)}, 'index-cache.jsonl');
      // Saved by this session: newer than the start of its scan.
      const saved = () => fs.existsSync(cacheFile) && fs.statSync(cacheFile).mtimeMs >= result.lastScan.startedAt;
      const deadline = Date.now() + 60000;
      while (Date.now() < deadline && !saved()) await new Promise((r) => setTimeout(r, 100));
      result.cacheSaved = saved();
    } catch (error) {
      result.error = String((error && error.stack) || error);
    }
    fs.writeFileSync(out + '.tmp', JSON.stringify(result, null, 1));
    fs.renameSync(out + '.tmp', out);
  })();
};
exports.deactivate = function deactivate() {};
`;

const doc = (date, title, body = 'The council met on Tuesday.') => `${date ? ` date ${date}` : 'Notes without a header'}\n\n${title}\n\n${body}\n`;

/** A sidecar with `n` quotes, each by its own speaker. */
const sidecar = (document, n) =>
  `version: 1\ndocument: ${document}\noffsetUnit: codepoint\nquotes:\n${Array.from({ length: n }, (_, i) => `  - { id: q-${i + 1}, speaker: speaker-${i + 1}, cue: said, direct: true, anchor: { start: 0, end: 4, exact: "date", prefix: "", suffix: "" } }\n`).join('')}mentions: []\n`;

async function write(root, files) {
  for (const [name, text] of Object.entries(files)) {
    await fsp.mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await fsp.writeFile(path.join(root, name), text);
  }
}

/** One editor session on `workspace`: resolves to what the harness saw. */
async function session({ browser, workspace, userDataDir, extensionsDir, port, resultFile }) {
  const server = await launchCodeServer({ folder: workspace, userDataDir, extensionsDir, port, env: { SEED_REOPEN_RESULT: resultFile } });
  let context;
  try {
    const page = await openWorkbench(browser, server.url);
    context = page.context();
    await waitFor(() => fs.existsSync(resultFile), { timeoutMs: 300_000, message: 'the reopen harness to report' }).catch((error) => {
      throw new Error(`${error.message}\n${server.diagnostics()}`);
    });
  } finally {
    await context?.close().catch(() => {});
    await server.stop();
  }
  const result = JSON.parse(await fsp.readFile(resultFile, 'utf8'));
  if (result.error) throw new Error(`the reopen harness failed: ${result.error}`);
  return result;
}

const has = (tree, text) => tree.some((line) => line.includes(text));

export default {
  name: 'reopen',
  title: 'files changed while VS Code was closed: the tree from the cache, then exactly what is on disk',
  corpus: 'empty',
  launch: false,
  steps: [
    {
      name: 'reopen',
      title: 'after reconciling, the reopened tree equals a cold index of the disk, with the right counts',
      async run({ dir, workspace, extensionsDir, browser }) {
        const harness = path.join(extensionsDir, `${HARNESS_ID}-0.0.0`);
        await fsp.mkdir(harness, { recursive: true });
        const manifest = JSON.parse(await fsp.readFile(path.join(ROOT, 'package.json'), 'utf8'));
        await fsp.writeFile(path.join(harness, 'package.json'), JSON.stringify({
          name: HARNESS_ID.split('.')[1], publisher: HARNESS_ID.split('.')[0], version: '0.0.0', private: true, engines: manifest.engines, main: './main.js',
          activationEvents: ['*'], extensionDependencies: [EXTENSION_ID], capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true },
        }));
        await fsp.writeFile(path.join(harness, 'main.js'), HARNESS_MAIN);
        // A packaged install (npm test's e2e) lists its extensions in extensions.json, and an
        // unlisted folder is never loaded: without the list, the editor scans the folder and finds both.
        await fsp.rm(path.join(extensionsDir, 'extensions.json'), { force: true });
        await write(workspace, {
          'desk/a.txt': doc('2024-01-05', 'Council approves the budget'),
          'desk/a.annotations.yaml': sidecar('a.txt', 2),
          'desk/b.txt': doc('2024-01-06', 'Bridge closed for repairs'),
          'desk/c.txt': doc('2024-02-10', 'Mayor opens the library'),
          'desk/c.annotations.yaml': sidecar('c.txt', 1),
          'desk/d.txt': doc('2023-03-01', 'Flood warning for the valley'),
          'desk/notes.txt': doc(null, 'Call back the press office'),
          'old/e.txt': doc('2022-05-05', 'Harbour strike ends'),
          'old/f.txt': doc('2022-05-06', 'Port reopens'),
        });
        const userDataDir = path.join(dir, 'user-data');
        const port = await freePort();
        const first = await session({ browser, workspace, userDataDir, extensionsDir, port, resultFile: path.join(dir, 'first.json') });
        if (!first.cacheSaved) throw new Error('the first session did not save its index cache');
        for (const title of ['Bridge closed for repairs', 'Harbour strike ends', 'Mayor opens the library']) {
          if (!has(first.tree, title)) throw new Error(`the first session's tree lacks “${title}”:\n${first.tree.join('\n')}`);
        }

        // VS Code is closed: change the corpus behind its back.
        await fsp.rm(path.join(workspace, 'desk/b.txt'));
        await fsp.rename(path.join(workspace, 'desk/c.txt'), path.join(workspace, 'desk/c-renamed.txt'));
        await fsp.rename(path.join(workspace, 'desk/c.annotations.yaml'), path.join(workspace, 'desk/c-renamed.annotations.yaml'));
        await fsp.rm(path.join(workspace, 'old'), { recursive: true });
        await write(workspace, {
          'desk/d.txt': doc('2025-07-04', 'Flood warning lifted for the whole valley'),
          'desk/a.annotations.yaml': sidecar('a.txt', 4),
          'desk/notes.annotations.yaml': sidecar('notes.txt', 1),
          'desk/i.txt': doc('2024-01-05', 'Island ferry timetable changes'),
          'new/g.txt': doc('2026-01-01', 'New year fireworks draw crowds'),
          'new/g.annotations.yaml': sidecar('g.txt', 3),
          'new/h.txt': doc('2026-01-01', 'Hospital wing opens'),
        });

        const second = await session({ browser, workspace, userDataDir, extensionsDir, port, resultFile: path.join(dir, 'second.json') });
        const scan = second.lastScan;
        if (!(scan.cached >= 6)) throw new Error(`the reopened session did not show the cached index first: ${JSON.stringify(scan)}`);
        if (!(scan.reused > 0 && scan.read < scan.files)) throw new Error(`the reopened session read every file again instead of reusing the cache: ${JSON.stringify(scan)}`);
        const tree = second.tree;
        const problems = [];
        for (const gone of ['Bridge closed for repairs', 'Harbour strike ends', 'Port reopens', 'desk/c.txt', '2022', 'Flood warning for the valley']) {
          if (has(tree, gone)) problems.push(`still shows “${gone}”`);
        }
        const expect = [
          'desk/a.txt | Council approves the budget | a.txt · 4 quotes · 4 actors',
          'desk/c-renamed.txt | Mayor opens the library | c-renamed.txt · 1 quote · 1 actor',
          'desk/d.txt | Flood warning lifted for the whole valley',
          'desk/i.txt | Island ferry timetable changes',
          'new/g.txt | New year fireworks draw crowds | g.txt · 3 quotes · 3 actors',
          'new/h.txt | Hospital wing opens',
          'desk/notes.txt',
          '2026 (2 documents)',
          '2025 (1 document)',
        ];
        for (const line of expect) if (!has(tree, line)) problems.push(`lacks “${line}”`);

        // The same workspace indexed cold, with user data of its own (no cache).
        const cold = await session({ browser, workspace, userDataDir: path.join(dir, 'user-data-cold'), extensionsDir, port: await freePort(), resultFile: path.join(dir, 'cold.json') });
        if (cold.lastScan.cached !== 0) problems.push(`the cold session had a cache: ${JSON.stringify(cold.lastScan)}`);
        if (JSON.stringify(cold.tree) !== JSON.stringify(tree)) problems.push(`differs from a cold index of the disk:\n  cold:\n    ${cold.tree.join('\n    ')}`);
        if (problems.length) throw new Error(`the reopened tree ${problems.join('; ')}\n  reopened:\n    ${tree.join('\n    ')}`);
      },
    },
  ],
};
