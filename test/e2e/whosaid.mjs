// "Who said what" on the full seeds (committed sidecars and actors/): the
// Actors view (People → an actor → its quotes) and the quote timeline, whose
// pictures are the README's actors.png and timeline.png (taken before anything is
// changed, so they show the committed annotations); then one more quote is tagged
// with a known actor and the Actors view must follow.
import fs from 'node:fs';
import path from 'node:path';
import {
  STEP_TIMEOUT,
  closeQuickInput,
  describeTree,
  log,
  openFile,
  registryActors,
  runCommand,
  setPaneExpanded,
  setSidebarWidth,
  showSeedAnnotator,
  sidecarQuotes,
  speakerOf,
  tagQuote,
  treeRows,
  viewPane,
  waitFor,
} from './helpers.mjs';

const DOC = '000_ce07b70b4b1d5ccc.txt';
const SIDECAR = '000_ce07b70b4b1d5ccc.annotations.yaml';
// Arestovich's second claim, left untagged in the committed sidecar.
const QUOTE = 'The Kremlin is blackmailing with massive attacks on infrastructure';
const SPEAKER = 'Oleksiy Arestovych';
const SPEAKER_ID = 'oleksiy-arestovych';
// His committed quote, opened from the Actors view for the picture.
const OPEN_QUOTE = 'the authorities of the Russian Federation are trying to conduct behind-the-scenes negotiations on Ukraine';
const EXPAND = ['Joe Biden', SPEAKER];

/** Every quote of every sidecar in the workspace, with its speaker id. */
function allQuotes(workspace) {
  return fs.readdirSync(workspace).filter((name) => name.endsWith('.annotations.yaml')).flatMap((name) => sidecarQuotes(path.join(workspace, name)));
}

const timelineFrame = (page) => page.frameLocator('iframe.webview').frameLocator('#active-frame');

export default {
  name: 'whosaid',
  title: 'who said what on the annotated seeds: Actors view and quote timeline',
  corpus: 'full',
  steps: [
    {
      name: 'actors-view',
      title: `Actors view: People → ${EXPAND.join(', ')} list their quotes (as the sidecars on disk)`,
      async run({ page, workspace, media }) {
        await showSeedAnnotator(page);
        await setPaneExpanded(page, 'Documents', false);
        await setPaneExpanded(page, 'Actors', true);
        // Wide enough for the quotes' text.
        await setSidebarWidth(page, 560);
        const tree = viewPane(page, 'Actors').locator('.monaco-list').first();
        const row = (text) => tree.locator('.monaco-list-row').filter({ hasText: text }).first();
        await row('People').waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`the Actors view has no People group; it shows:\n${describeTree(await treeRows(tree))}`);
        });
        if ((await row('People').getAttribute('aria-expanded')) === 'false') await row('People').locator('.monaco-tl-twistie').click();
        const quotes = allQuotes(workspace);
        for (const name of EXPAND) {
          const actor = row(name);
          await actor.waitFor({ timeout: STEP_TIMEOUT });
          if ((await actor.getAttribute('aria-expanded')) === 'false') await actor.locator('.monaco-tl-twistie').click();
          const id = Object.entries(registryActors(path.join(workspace, 'actors.yaml'))).find(([, a]) => a.name === name)?.[0];
          const expected = quotes.filter((q) => q.speaker === id).length;
          // The actor's row says how many quotes; its children are the quotes (then Mentions).
          await waitFor(async () => (await actor.innerText()).includes(`${expected} quote`), { timeoutMs: STEP_TIMEOUT, message: `${name}'s row to count ${expected} quotes` }).catch(async () => {
            throw new Error(`${name}'s row does not say "${expected} quotes": "${(await actor.innerText()).replace(/\s+/g, ' ')}"`);
          });
        }
        const newQuote = row(OPEN_QUOTE.slice(0, 30));
        await newQuote.waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`“${OPEN_QUOTE}” is not listed under ${SPEAKER}; the tree shows:\n${describeTree(await treeRows(tree))}`);
        });
        // Opening a quote from the tree selects it in its document.
        await newQuote.click();
        await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: DOC }).waitFor({ timeout: STEP_TIMEOUT });
        await page.locator('.statusbar-item', { hasText: `(${[...OPEN_QUOTE].length} selected)` }).waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error(`clicking the quote in the Actors view did not select its ${[...OPEN_QUOTE].length} characters`);
        });
        const rows = await treeRows(tree);
        log(`  Actors view:\n    ${describeTree(rows).replace(/\n/g, '\n    ')}`);
        await page.mouse.move(700, 5);
        await media('actors.png', page);
      },
    },
    {
      name: 'timeline',
      title: 'Show Timeline draws a row with a point per tagged quote for every speaker, with a tooltip on hover',
      async run({ page, workspace, media }) {
        // The timeline alone, over the whole width of the window.
        await runCommand(page, 'View: Close All Editors');
        await page.locator('.editor-group-container .tabs-container .tab').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT }).catch(() => {});
        await runCommand(page, 'View: Close Primary Side Bar');
        await page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
        await runCommand(page, 'Seed Annotator: Show Timeline');
        await closeQuickInput(page);
        const frame = timelineFrame(page);
        const svg = frame.locator('svg#timeline[data-ready="true"]');
        await svg.waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('the timeline webview did not draw (no svg#timeline[data-ready="true"])');
        });
        // Every speaker of the sidecars on disk (the new quote included) has its row and one point per quote.
        const quotes = allQuotes(workspace);
        const bySpeaker = new Map();
        for (const q of quotes) bySpeaker.set(q.speaker ?? '', (bySpeaker.get(q.speaker ?? '') ?? 0) + 1);
        const drawn = await frame.locator('svg#timeline g.row').evaluateAll((rows) =>
          rows.map((row) => ({ actor: row.getAttribute('data-actor') ?? '', label: row.getAttribute('aria-label'), points: row.querySelectorAll('circle.point').length })),
        );
        const problems = [];
        for (const [speaker, count] of bySpeaker) {
          const row = drawn.find((r) => r.actor === speaker);
          if (!row) problems.push(`no row for ${speaker || '(no speaker)'}`);
          else if (row.points !== count) problems.push(`${speaker}: ${row.points} points for ${count} quotes`);
        }
        if (problems.length) throw new Error(`${problems.join('; ')}; drawn: ${JSON.stringify(drawn)}`);
        const total = drawn.reduce((n, r) => n + r.points, 0);
        log(`  timeline: ${drawn.length} rows, ${total} points for ${quotes.length} quotes by ${bySpeaker.size} speakers`);
        // Hover a point on the left, so that its tooltip hides no other point.
        const point = frame.locator('svg#timeline g.row[data-actor="joe-biden"] circle.point').last();
        const tooltip = frame.locator('#tooltip:not([hidden])');
        await waitFor(async () => {
          await point.hover();
          return tooltip.isVisible();
        }, { timeoutMs: STEP_TIMEOUT, intervalMs: 500, message: 'the timeline tooltip' });
        const text = (await tooltip.innerText()).replace(/\s+/g, ' ');
        if (!text.includes('Joe Biden')) throw new Error(`the tooltip of Joe Biden's point does not name him: "${text}"`);
        log(`  tooltip: ${text}`);
        // The editor area down to a little below the chart (or the tooltip).
        const editor = await page.locator('.part.editor').boundingBox();
        const chart = await frame.locator('svg#timeline').boundingBox();
        const tip = await tooltip.boundingBox();
        const bottom = Math.min(editor.y + editor.height, Math.max(chart.y + chart.height, tip.y + tip.height) + 24);
        await media('timeline.png', page, { clip: { x: editor.x, y: editor.y, width: editor.width, height: Math.round(bottom - editor.y) } });
      },
    },
    {
      name: 'tag-quote',
      title: `after the pictures: Tag Quote on “${QUOTE}” with the known actor "${SPEAKER}"`,
      async run({ page, workspace }) {
        const before = sidecarQuotes(path.join(workspace, SIDECAR)).length;
        await openFile(page, DOC);
        await tagQuote(page, { quote: QUOTE, speaker: SPEAKER, sidecar: path.join(workspace, SIDECAR) });
        const speaker = speakerOf(workspace, SIDECAR, QUOTE);
        if (speaker?.id !== SPEAKER_ID) throw new Error(`the new quote's speaker is ${JSON.stringify(speaker)}, not the registry's ${SPEAKER_ID}`);
        const after = sidecarQuotes(path.join(workspace, SIDECAR)).length;
        if (after !== before + 1) throw new Error(`${SIDECAR} went from ${before} to ${after} quotes`);
        const actors = registryActors(path.join(workspace, 'actors.yaml'));
        if (Object.keys(actors).length < 20) throw new Error(`actors/ lost actors: ${Object.keys(actors).length} left`);
        // The Actors view follows: the new quote under its speaker.
        await showSeedAnnotator(page);
        const tree = viewPane(page, 'Actors').locator('.monaco-list').first();
        await tree.locator('.monaco-list-row').filter({ hasText: QUOTE.slice(0, 30) }).first().waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`the new quote is not listed in the Actors view:\n${describeTree(await treeRows(tree))}`);
        });
      },
    },
  ],
};
