// The browser build (package.json `browser`, dist/web/extension.js) in the
// browser's web-worker extension host, as on vscode.dev and github.dev.
// code-server has a Node extension host too; the user setting
// `remote.extensionKind: ["ui"]` makes the workbench run the extension in its
// web worker instead. The first step proves where it ran: the extension's own
// log says which host it runs in, and the Node extension host's log never
// activated it. Then the first-use flow on the annotated seeds: tree,
// CodeLens, Tag Quote from the palette, the sidecar on disk, highlight and
// hover, the Actors view, suggestions, the timeline, the review queue (a
// quote whose words changed outside, relocated to the selection), and an
// export saved through the workspace file system.
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
  literally,
  log,
  openFile,
  pickQuickPickItem,
  quickInputVisible,
  runCommand,
  setPaneExpanded,
  showSeedAnnotator,
  selectText,
  sidecarQuotes,
  startExport,
  tagQuote,
  toast,
  treeRows,
  viewPane,
  waitFor,
  waitForQuoteHighlight,
  YAML,
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
// A name no actor has yet, for Tag Actor.
const NEW_ACTOR = 'Kyiv City Council';
const SUGGESTION_DOC = ` date 2024-03-05 The bridge will be rebuilt, the mayor says\n\n“${SUGGESTED_QUOTE},” said Mayor ${SUGGESTED_SPEAKER} on Tuesday.\n\nThe ${NEW_ACTOR} approved the money.\n`;
const SEED_DOCS = ['000_ce07b70b4b1d5ccc', '002_ee4912a3b61f8db2'];
// A short article written for this test, whose sidecar's last write was cut between the
// file service's delete of the old sidecar and its rename of the new one (a window closed):
// only the temporary file holds its quote.
const INTERRUPTED_FILE = 'web-interrupted.txt';
const INTERRUPTED_QUOTE = 'The ferry crossing reopens on Monday 🚢';
const INTERRUPTED_DOC = ` date 2024-03-06 Ferry service resumes\n\n“${INTERRUPTED_QUOTE},” a State Department spokesperson said.\n`;
const TEN_MINUTES_AGO = new Date(Date.now() - 600_000);
/** The name the browser build gives its temporary file (core/files/interruptedWrites). */
const temporaryName = (name, startedAt) => `${name}.${startedAt.getTime().toString(36)}.tmp`;
/** A sidecar holding one direct quote of `text`, offsets in code points. */
function sidecarWithQuote(documentName, text, quote, speaker) {
  const at = [...text.slice(0, text.indexOf(quote))].length;
  const end = at + [...quote].length;
  const cp = [...text];
  const prefix = cp.slice(Math.max(0, at - 32), at).join('');
  const suffix = cp.slice(end, end + 32).join('');
  return `version: 1\ndocument: ${documentName}\noffsetUnit: codepoint\nlineEnds: lf\nquotes:\n  - { id: q-webtmp1, speaker: ${speaker}, cue: said, direct: true, anchor: { start: ${at}, end: ${end}, exact: ${JSON.stringify(quote)}, prefix: ${JSON.stringify(prefix)}, suffix: ${JSON.stringify(suffix)} } }\nmentions: []\n`;
}
// What the suggested quote becomes when the article is corrected outside the editor.
const CORRECTED_QUOTE = 'Our crews will finish a temporary crossing by April';

/** Every file below `dir`. */
function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/**
 * The text of the Seed Annotator output channel, once it matches `pattern`
 * (shown through Output: Show Output Channels…, then the panel is closed).
 */
async function seedLog(page, pattern, what) {
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
    return pattern.test(text);
  }, { timeoutMs: STEP_TIMEOUT, intervalMs: 300, message: what }).catch(() => {
    throw new Error(`${what}: the log shows “${text.slice(-400)}”`);
  });
  return text;
}

export default {
  name: 'web',
  title: "the browser build in the web-worker extension host: host proven, tree, CodeLens, Tag Quote, sidecar, highlight, hover, Actors view, suggestions, timeline, review queue, export",
  corpus: 'full',
  settings: { 'remote.extensionKind': { [EXTENSION_ID]: ['ui'] } },
  async setup({ workspace }) {
    await fsp.writeFile(path.join(workspace, SUGGESTION_FILE), SUGGESTION_DOC);
    await fsp.writeFile(path.join(workspace, INTERRUPTED_FILE), INTERRUPTED_DOC);
    const sidecar = INTERRUPTED_FILE.replace(/\.txt$/, '.annotations.yaml');
    const cut = path.join(workspace, temporaryName(sidecar, TEN_MINUTES_AGO));
    await fsp.writeFile(cut, sidecarWithQuote(INTERRUPTED_FILE, INTERRUPTED_DOC, INTERRUPTED_QUOTE, 'state-department-spokesperson'));
    // A write that never replaced its sidecar, which is still there: a leftover to remove.
    const leftover = path.join(workspace, temporaryName(SIDECAR, TEN_MINUTES_AGO));
    await fsp.writeFile(leftover, 'version: 1\n');
    for (const file of [cut, leftover]) await fsp.utimes(file, TEN_MINUTES_AGO, TEN_MINUTES_AGO);
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
        const text = await seedLog(page, /extension host/, 'the Seed Annotator log line naming its extension host');
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
      name: 'interrupted-write',
      title: 'a sidecar whose last write was cut between delete and rename is restored from its temporary file, and a leftover beside a sidecar that is there is removed',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, INTERRUPTED_FILE.replace(/\.txt$/, '.annotations.yaml'));
        await waitFor(() => sidecarQuotes(sidecar).some((q) => q.exact === INTERRUPTED_QUOTE), { timeoutMs: STEP_TIMEOUT, message: `${path.basename(sidecar)} to be restored with its quote` });
        await waitFor(() => !fs.readdirSync(workspace).some((n) => n.endsWith('.tmp')), {
          timeoutMs: STEP_TIMEOUT,
          message: `no temporary file left (there are: ${fs.readdirSync(workspace).filter((n) => n.endsWith('.tmp')).join(', ')})`,
        });
        // The toast may have timed out into the notification centre by now; the log keeps what was done.
        const text = await seedLog(page, /restored \S*web-interrupted/, 'the log line of the restore');
        log(`  ${text.split('\n').filter((l) => /restored|removed/.test(l)).join(' / ').slice(0, 300)}`);
        await runCommand(page, 'View: Close Panel').catch(() => {});
        if (!sidecarQuotes(path.join(workspace, SIDECAR)).length) throw new Error(`${SIDECAR} lost its quotes to the leftover`);
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
      title: 'Review Quote Suggestions proposes the quote of a new document with its speaker, a to accept tags it, and the suggestions ran in a nested Web Worker with the language library',
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
        await waitFor(async () => !(await quickInputVisible(page)) || !/Suggestion 1\b/.test(await title.innerText().catch(() => '')), { timeoutMs: STEP_TIMEOUT, message: 'the a key to take the first suggestion' });
        if (await quickInputVisible(page)) await page.keyboard.press('Escape');
        const sidecar = path.join(workspace, name.replace(/\.txt$/, '.annotations.yaml'));
        await waitFor(() => sidecarQuotes(sidecar).some((q) => q.exact.includes(SUGGESTED_QUOTE)), { timeoutMs: STEP_TIMEOUT, message: `${path.basename(sidecar)} to hold the suggested quote` });
        // The suggestions came from the language library in a nested Web Worker, not from a fallback on the host's thread.
        const text = await seedLog(page, /suggestions run/, 'the log line saying where suggestions run');
        if (!text.includes('suggestions run in a worker with the language library')) throw new Error(`suggestions did not run in a worker: “${text.slice(-300)}”`);
        await runCommand(page, 'View: Close Panel').catch(() => {});
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
    {
      name: 'needs-review',
      title: 'a quote whose words changed outside the editor is listed under Needs review',
      async run({ page, workspace }) {
        const file = path.join(workspace, SUGGESTION_FILE);
        const sidecar = file.replace(/\.txt$/, '.annotations.yaml');
        if (!sidecarQuotes(sidecar).some((q) => q.exact.includes(SUGGESTED_QUOTE))) throw new Error(`${path.basename(sidecar)} holds no quote “${SUGGESTED_QUOTE}” to lose`);
        // As a pull of a corrected article would.
        await fsp.writeFile(file, SUGGESTION_DOC.replace(SUGGESTED_QUOTE, CORRECTED_QUOTE));
        await showSeedAnnotator(page);
        const tree = page.locator('.pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
        const item = tree.locator('.monaco-list-row').filter({ hasText: SUGGESTED_QUOTE.slice(0, 30) }).first();
        await waitFor(async () => (await tree.locator('.monaco-list-row', { hasText: 'Needs review' }).count()) > 0 && (await item.count()) > 0, {
          timeoutMs: STEP_TIMEOUT,
          message: `the Documents tree to list “${SUGGESTED_QUOTE}” under Needs review`,
        }).catch(async () => {
          throw new Error(`no Needs review item; the tree shows:\n${describeTree(await treeRows(tree))}`);
        });
      },
    },
    {
      name: 'relocate',
      title: 'the Needs review item opens the document; Relocate to the Selection from the palette re-anchors the quote on the selected words',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, SUGGESTION_FILE.replace(/\.txt$/, '.annotations.yaml'));
        const id = sidecarQuotes(sidecar).find((q) => q.exact.includes(SUGGESTED_QUOTE))?.id;
        if (!id) throw new Error(`${path.basename(sidecar)} no longer holds the quote under review`);
        const tree = page.locator('.pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
        const item = tree.locator('.monaco-list-row').filter({ hasText: SUGGESTED_QUOTE.slice(0, 30) }).first();
        // The item opens the document where the words were.
        await item.click();
        await activeEditor(page).locator('.view-lines', { hasText: CORRECTED_QUOTE.slice(0, 20) }).waitFor({ timeout: STEP_TIMEOUT });
        await selectText(page, CORRECTED_QUOTE);
        await runCommand(page, 'Seed Annotator: Relocate Annotation Under Review to the Selection…');
        await pickQuickPickItem(page, literally(SUGGESTED_QUOTE.slice(0, 30))).catch((error) => {
          throw new Error(`Relocate to the Selection did not ask which annotation under review: ${error.message}`);
        });
        await waitFor(() => sidecarQuotes(sidecar).find((q) => q.id === id)?.exact === CORRECTED_QUOTE, {
          timeoutMs: STEP_TIMEOUT,
          message: `${path.basename(sidecar)} to anchor ${id} on “${CORRECTED_QUOTE}”`,
        });
        await waitFor(async () => (await tree.locator('.monaco-list-row', { hasText: 'Needs review' }).count()) === 0, {
          timeoutMs: STEP_TIMEOUT,
          message: 'the Needs review group to go once nothing is under review',
        });
      },
    },
    {
      name: 'tag-actor',
      title: `Tag Actor on “${NEW_ACTOR}”: a new actor of the guessed kind in the registry, and its mention in the sidecar`,
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, SUGGESTION_FILE.replace(/\.txt$/, '.annotations.yaml'));
        await openFile(page, SUGGESTION_FILE);
        await selectText(page, NEW_ACTOR);
        await runCommand(page, 'Seed Annotator: Tag Actor…');
        // The picker starts from the selected name, which no actor has: Enter creates it.
        const focused = page.locator('.quick-input-widget .monaco-list-row.focused').first();
        await waitFor(async () => /new actor/.test(await focused.innerText().catch(() => '')), { timeoutMs: STEP_TIMEOUT, message: `the actor QuickPick to offer “${NEW_ACTOR}” as a new actor` });
        await pickQuickPickItem(page, NEW_ACTOR, { active: true });
        // The kind is guessed from the name and comes first.
        await pickQuickPickItem(page, 'organisation', { title: `What is “${NEW_ACTOR}”`, active: true });
        const actorsDir = path.join(workspace, 'actors');
        /** @type {{ id: string, name: string, kind: string } | undefined} */
        let actor;
        await waitFor(() => {
          actor = fs.readdirSync(actorsDir).filter((n) => n.endsWith('.yaml')).map((n) => ({ id: n.slice(0, -5), ...YAML.parse(fs.readFileSync(path.join(actorsDir, n), 'utf8')) })).find((a) => a.name === NEW_ACTOR);
          return Boolean(actor);
        }, { timeoutMs: STEP_TIMEOUT, message: `actors/ to hold “${NEW_ACTOR}”` });
        if (actor?.kind !== 'organisation') throw new Error(`“${NEW_ACTOR}” was registered as ${actor?.kind}, not organisation`);
        // The web build writes through workspace.fs, whose rename over the old sidecar can leave a moment with no file: read again then.
        const readSidecar = () => { try { return fs.readFileSync(sidecar, 'utf8'); } catch (error) { if (/** @type {any} */ (error).code === 'ENOENT') return ''; throw error; } };
        await waitFor(() => (YAML.parse(readSidecar())?.mentions ?? []).some((/** @type {any} */ m) => m.actor === actor?.id && m.anchor?.exact === NEW_ACTOR), {
          timeoutMs: STEP_TIMEOUT,
          message: `${path.basename(sidecar)} to hold a mention of ${actor?.id}`,
        });
      },
    },
    {
      name: 'export',
      title: 'Export Quotes… as CSV: the save dialog starts outside the corpus, and the file is written through the workspace file system',
      async run({ page, workspace }) {
        const quotes = fs.readdirSync(workspace).filter((n) => n.endsWith('.annotations.yaml')).reduce((n, f) => n + sidecarQuotes(path.join(workspace, f)).length, 0);
        const proposed = await startExport(page, 'CSV');
        if (proposed.startsWith(`${workspace}/`)) throw new Error(`the save dialog starts inside the corpus: ${proposed}`);
        await page.keyboard.press('Enter');
        const { message, buttons } = await toast(page, 'Exported');
        const written = /to (\/.*\.csv)\.$/.exec(message)?.[1];
        if (!written) throw new Error(`the toast does not name the file: “${message}”`);
        if (!message.startsWith(`Exported ${quotes} quotes as CSV`)) throw new Error(`the toast says “${message}”, not ${quotes} quotes`);
        if (!buttons.includes('Open')) throw new Error(`the toast offers ${buttons.join(', ') || 'nothing'}`);
        const rows = fs.readFileSync(written, 'utf8').split('\r\n').filter(Boolean);
        if (rows.length !== quotes + 1) throw new Error(`${written} holds ${rows.length - 1} rows, not ${quotes}`);
        if (!rows.some((r) => r.includes(CORRECTED_QUOTE))) throw new Error(`${written} lacks the relocated quote`);
        log(`  exported ${quotes} quotes to ${written}`);
      },
    },
  ],
};
