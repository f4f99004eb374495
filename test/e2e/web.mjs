// The browser build (package.json `browser`, dist/web/extension.js) in the
// browser's web-worker extension host, as on vscode.dev and github.dev.
// code-server has a Node extension host too; the user setting
// `remote.extensionKind: ["ui"]` makes the workbench run the extension in its
// web worker instead. The first step proves where it ran: the extension's own
// log says which host it runs in, and the Node extension host's log never
// activated it. Then the first-use flow on the annotated seeds: tree,
// CodeLens, Tag Quote from the palette, the sidecar on disk, highlight and
// hover, and the timeline.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  STEP_TIMEOUT,
  activeEditor,
  closeQuickInput,
  describeTree,
  expandAll,
  hoverQuote,
  log,
  openFile,
  quickInputVisible,
  runCommand,
  setPaneExpanded,
  showSeedAnnotator,
  sidecarQuotes,
  tagQuote,
  treeRows,
  viewPane,
  waitFor,
  waitForQuoteHighlight,
} from './helpers.mjs';

const EXTENSION_ID = 'seedlab.seed-annotator';
// A claim the committed sidecar leaves untagged, by an actor the registry knows.
const DOC = '000_ce07b70b4b1d5ccc.txt';
const SIDECAR = '000_ce07b70b4b1d5ccc.annotations.yaml';
const QUOTE = 'The Kremlin is blackmailing with massive attacks on infrastructure';
const SPEAKER = 'Oleksiy Arestovych';
const DATE_LENS = 'Saturday';
// A short article written for this test.
const SUGGESTION_FILE = 'web-suggestion.txt';
const SUGGESTED_QUOTE = 'We will rebuild the bridge before the spring floods';
const SUGGESTED_SPEAKER = 'Anna Kovalenko';
const SUGGESTION_DOC = ` date 2024-03-05 The bridge will be rebuilt, the mayor says\n\n“${SUGGESTED_QUOTE},” said Mayor ${SUGGESTED_SPEAKER} on Tuesday.\n`;
const SEED_DOCS = ['000_ce07b70b4b1d5ccc', '002_ee4912a3b61f8db2'];

/** Every file below `dir`. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

export default {
  name: 'web',
  title: "the browser build in the web-worker extension host: host proven, tree, CodeLens, Tag Quote, sidecar, highlight, hover, timeline",
  corpus: 'full',
  settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['ui'] } },
  async setup({ workspace }) {
    await fsp.writeFile(path.join(workspace, SUGGESTION_FILE), SUGGESTION_DOC);
  },
  steps: [
    {
      name: 'web-worker-host',
      title: "the extension runs in the browser's web worker, not in the Node extension host",
      async run({ page, server }) {
        await showSeedAnnotator(page);
        // The Documents tree fills once the extension has activated; its log channel exists from then on.
        const tree = page.locator('.pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
        await tree.waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('the Documents view shows no documents: the extension did not activate');
        });
        const channel = page.locator('.quick-input-widget .monaco-list-row', { hasText: /^Seed Annotator/ }).first();
        let channels = [];
        await waitFor(async () => {
          await runCommand(page, 'Output: Show Output Channels...');
          if (await channel.waitFor({ timeout: 3000 }).then(() => true, () => false)) return true;
          channels = await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts();
          await closeQuickInput(page);
          return false;
        }, { timeoutMs: STEP_TIMEOUT, intervalMs: 500, message: 'the Seed Annotator output channel' }).catch(() => {
          throw new Error(`no "Seed Annotator" output channel (channels: ${channels.join(' | ')})`);
        });
        await channel.click();
        if (await quickInputVisible(page)) await closeQuickInput(page);
        const output = page.locator('.part.panel .view-lines').first();
        let text = '';
        await waitFor(async () => {
          text = (await output.innerText().catch(() => '')).replace(/\s+/g, ' ');
          return /extension host/.test(text);
        }, { timeoutMs: STEP_TIMEOUT, intervalMs: 300, message: 'the Seed Annotator log line naming its extension host' });
        if (!text.includes("browser's web-worker extension host")) throw new Error(`the extension says it runs elsewhere: "${text.slice(0, 300)}"`);
        // The Node extension host (remoteexthost.log) must never have activated it.
        const logs = listFiles(path.join(server.userDataDir, 'logs')).filter((f) => /exthost/i.test(path.basename(f)));
        if (!logs.length) throw new Error(`no Node extension host log under ${server.userDataDir}/logs to check`);
        const activatedThere = logs.filter((f) => new RegExp(`_doActivateExtension ${EXTENSION_ID.replace('.', '\\.')}`, 'i').test(fs.readFileSync(f, 'utf8')));
        if (activatedThere.length) throw new Error(`the Node extension host activated ${EXTENSION_ID} too (${activatedThere.join(', ')})`);
        log(`  log: "${text.slice(0, 140)}"; not activated in ${logs.map((f) => path.basename(f)).join(', ')}`);
        await runCommand(page, 'View: Close Panel').catch(() => {});
      },
    },
    {
      name: 'documents-tree',
      title: 'the Documents view lists both seed documents by date',
      async run({ page }) {
        await showSeedAnnotator(page);
        const tree = page.locator('.pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
        await tree.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await expandAll(tree);
        const rows = await treeRows(tree);
        for (const stem of SEED_DOCS) {
          if (!rows.some((row) => row.label.includes(stem))) throw new Error(`document ${stem} is missing from the tree: ${rows.map((r) => r.label).join(' | ')}`);
        }
        if (!rows.some((row) => row.level === 1 && /2022/.test(row.label))) throw new Error('no year group 2022');
      },
    },
    {
      name: 'codelens',
      title: 'the date header has its CodeLens',
      async run({ page }) {
        await openFile(page, DOC);
        const lens = activeEditor(page).locator('.codelens-decoration', { hasText: DATE_LENS }).first();
        await lens.waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error(`no CodeLens naming the weekday in ${DOC}`);
        });
      },
    },
    {
      name: 'tag-quote',
      title: `Tag Quote from the palette on “${QUOTE}”`,
      async run({ page, workspace }) {
        await openFile(page, DOC);
        const before = sidecarQuotes(path.join(workspace, SIDECAR)).length;
        await tagQuote(page, { quote: QUOTE, speaker: SPEAKER, sidecar: path.join(workspace, SIDECAR) });
        await waitFor(() => sidecarQuotes(path.join(workspace, SIDECAR)).length === before + 1, { timeoutMs: STEP_TIMEOUT, message: `${SIDECAR} to hold one more quote` });
      },
    },
    {
      name: 'sidecar',
      title: `${SIDECAR} on disk holds the quote, written through the workspace file system`,
      async run({ workspace }) {
        const file = path.join(workspace, SIDECAR);
        const quotes = sidecarQuotes(file);
        const quote = quotes.find((q) => q.exact === QUOTE);
        if (!quote) throw new Error(`no quote “${QUOTE}” in ${SIDECAR}: ${JSON.stringify(quotes.map((q) => q.exact))}`);
        const text = await fsp.readFile(file, 'utf8');
        if (/^<{7}|^>{7}/m.test(text)) throw new Error('the sidecar holds conflict markers');
        const leftovers = fs.readdirSync(workspace).filter((n) => n.endsWith('.tmp'));
        if (leftovers.length) throw new Error(`temporary files left in the corpus: ${leftovers.join(', ')}`);
      },
    },
    {
      name: 'highlight-hover',
      title: 'the new quote is highlighted and its hover names the speaker',
      async run({ page, workspace }) {
        const line = fs.readFileSync(path.join(workspace, DOC), 'utf8').split(/\r?\n/).findIndex((l) => l.includes(QUOTE)) + 1;
        if (line < 1) throw new Error(`“${QUOTE}” is not in ${DOC}`);
        await openFile(page, DOC);
        await runCommand(page, 'Go to Line/Column...');
        await page.keyboard.type(String(line));
        await page.keyboard.press('Enter');
        await waitForQuoteHighlight(page, line);
        await hoverQuote(page, line, SPEAKER);
        await page.mouse.move(5, 5);
      },
    },
    {
      name: 'actors-view',
      title: `the Actors view lists ${SPEAKER} under People with the new quote`,
      async run({ page }) {
        await showSeedAnnotator(page);
        await setPaneExpanded(page, 'Documents', false);
        await setPaneExpanded(page, 'Actors', true);
        const tree = viewPane(page, 'Actors').locator('.monaco-list').first();
        const row = (text) => tree.locator('.monaco-list-row').filter({ hasText: text }).first();
        await row('People').waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`the Actors view has no People group; it shows:\n${describeTree(await treeRows(tree))}`);
        });
        if ((await row('People').getAttribute('aria-expanded')) === 'false') await row('People').locator('.monaco-tl-twistie').click();
        const actor = row(SPEAKER);
        await actor.waitFor({ timeout: STEP_TIMEOUT });
        if ((await actor.getAttribute('aria-expanded')) === 'false') await actor.locator('.monaco-tl-twistie').click();
        await row(QUOTE.slice(0, 30)).waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`“${QUOTE}” is not listed under ${SPEAKER}; the tree shows:\n${describeTree(await treeRows(tree))}`);
        });
        await setPaneExpanded(page, 'Documents', true);
      },
    },
    {
      name: 'suggestions',
      title: 'Review Quote Suggestions proposes the quote of a new document with its speaker, and a to accept tags it',
      async run({ page, workspace }) {
        const name = SUGGESTION_FILE;
        await openFile(page, name);
        await runCommand(page, 'Seed Annotator: Review Quote Suggestions');
        const title = page.locator('.quick-input-widget .quick-input-title');
        await waitFor(async () => /Suggestion 1/.test(await title.innerText().catch(() => '')), { timeoutMs: STEP_TIMEOUT, message: 'the suggestion walk to open' });
        const rows = (await page.locator('.quick-input-widget .monaco-list-row').allInnerTexts()).join(' | ');
        if (!rows.includes(SUGGESTED_SPEAKER)) throw new Error(`the suggestion does not name ${SUGGESTED_SPEAKER}: ${rows}`);
        await page.keyboard.type('a');
        // The walk goes on with the next suggestion, if any: stop it.
        await page.waitForTimeout(500);
        if (await quickInputVisible(page)) await page.keyboard.press('Escape');
        const sidecar = path.join(workspace, name.replace(/\.txt$/, '.annotations.yaml'));
        await waitFor(() => sidecarQuotes(sidecar).some((q) => q.exact.includes(SUGGESTED_QUOTE)), { timeoutMs: STEP_TIMEOUT, message: `${path.basename(sidecar)} to hold the suggested quote` });
      },
    },
    {
      name: 'timeline',
      title: 'Show Timeline draws the quotes',
      async run({ page }) {
        await runCommand(page, 'Seed Annotator: Show Timeline');
        await closeQuickInput(page);
        const frame = page.frameLocator('iframe.webview').frameLocator('#active-frame');
        await frame.locator('svg#timeline[data-ready="true"]').waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('the timeline webview did not draw (no svg#timeline[data-ready="true"])');
        });
        const points = await frame.locator('svg#timeline circle.point').count();
        if (points < 2) throw new Error(`the timeline draws ${points} points`);
        log(`  timeline: ${points} points`);
      },
    },
  ],
};
