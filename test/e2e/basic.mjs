// The first-use flow on the documents alone (no sidecars, no registry): the
// Documents view, the date CodeLens, Tag Quote through the command palette, the
// sidecar it writes, the highlight and the hover naming the speaker.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  STEP_TIMEOUT,
  YAML,
  activeEditor,
  describeTree,
  expandAll,
  hoverQuote,
  log,
  objects,
  openFile,
  showSeedAnnotator,
  strings,
  tagQuote,
  treeRows,
  waitForQuoteHighlight,
} from './helpers.mjs';
import { registryActors } from './helpers.mjs';

const DOCUMENTS_VIEW = 'seedAnnotator.documents';
const DOC = '002_ee4912a3b61f8db2.txt';
const SIDECAR = '002_ee4912a3b61f8db2.annotations.yaml';
const SEED_DOCS = ['000_ce07b70b4b1d5ccc', '002_ee4912a3b61f8db2'];
const QUOTE = 'Ukraine fatigue is a real thing for some of our partners.';
const QUOTE_LINE = 3;
const SPEAKER = 'anonymous US official';

/** Top of line `n` in the active editor, from the line numbers in the gutter. */
async function lineTop(page, n) {
  const number = activeEditor(page).locator('.margin-view-overlays .line-numbers').filter({ hasText: new RegExp(`^\\s*${n}\\s*$`) }).first();
  await number.waitFor({ timeout: STEP_TIMEOUT });
  return number.boundingBox();
}

export default {
  name: 'basic',
  title: 'first use on the bare documents: tree, CodeLens, Tag Quote, sidecar, highlight, hover',
  corpus: 'txt',
  steps: [
    {
      name: 'documents-tree',
      title: 'Documents view lists year/month/day groups and both seed documents',
      async run({ page }) {
        await showSeedAnnotator(page);
        const tree = page.locator('.pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
        try {
          await tree.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        } catch {
          const text = (await page.locator('[id="workbench.view.extension.seedAnnotator"]').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
          throw new Error(`the Documents view (${DOCUMENTS_VIEW}) shows no tree items; it shows: "${text}"`);
        }
        await expandAll(tree);
        const rows = await treeRows(tree);
        const expect = (ok, what) => {
          if (!ok) throw new Error(`${what}; the tree shows:\n${describeTree(rows)}`);
        };
        const group = (row) => row.expanded !== null;
        const at = (level, pattern) => rows.some((row) => row.level === level && group(row) && pattern.test(row.label));
        expect(at(1, /2023/) && at(1, /2022/), 'year groups 2023 and 2022 are missing at the top level');
        expect(at(2, /\b11\b|Nov/i), 'month group November (11) is missing at level 2');
        expect(at(3, /\b0?4\b/) && at(3, /\b0?6\b/), 'day groups 4 and 6 are missing at level 3');
        for (const stem of SEED_DOCS) {
          expect(rows.some((row) => row.level === 4 && !group(row) && row.label.includes(stem)), `document ${stem} is missing at level 4`);
        }
      },
    },
    {
      name: 'codelens',
      title: `${DOC} shows a CodeLens with the weekday and date on line 1`,
      async run({ page }) {
        await openFile(page, DOC);
        const lens = activeEditor(page).locator('.codelens-decoration');
        try {
          await lens.filter({ hasText: 'Sunday' }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        } catch {
          throw new Error(`no CodeLens naming the weekday in ${DOC} (lenses: ${JSON.stringify(await lens.allInnerTexts())})`);
        }
        const texts = await lens.allInnerTexts();
        const dated = texts.find((text) => /Sunday/.test(text) && /\b6\b/.test(text) && /Nov(ember)?/.test(text) && /2022/.test(text));
        if (!dated) throw new Error(`no CodeLens reads like "Sunday, 6 November 2022": ${JSON.stringify(texts)}`);
        const first = await lineTop(page, 1);
        const lensBox = await lens.filter({ hasText: 'Sunday' }).first().boundingBox();
        if (!(lensBox.y < first.y && lensBox.y > first.y - 3 * first.height)) {
          throw new Error(`the dated CodeLens is not directly above line 1 (lens y=${lensBox.y}, line 1 y=${first.y})`);
        }
      },
    },
    {
      name: 'tag-quote',
      title: `Tag Quote on “${QUOTE}” with speaker "${SPEAKER}"`,
      async run({ page, workspace }) {
        await openFile(page, DOC);
        await tagQuote(page, { quote: QUOTE, speaker: SPEAKER, sidecar: path.join(workspace, SIDECAR) });
      },
    },
    {
      name: 'sidecar',
      title: `${SIDECAR} holds the quote with its speaker`,
      async run({ workspace }) {
        const file = path.join(workspace, SIDECAR);
        if (!fs.existsSync(file)) throw new Error(`${SIDECAR} does not exist next to ${DOC}`);
        const text = await fsp.readFile(file, 'utf8');
        const sidecar = YAML.parse(text);
        // The speaker is named in the entry or referenced by an actor id (sidecar or registry).
        const registry = { actors: registryActors(path.join(workspace, 'actors.yaml')) };
        const named = (value) => typeof value === 'string' && value.toLowerCase() === SPEAKER.toLowerCase();
        const speakerIds = objects([sidecar, registry])
          .filter(({ object }) => ['name', 'label', 'displayName'].some((field) => named(object[field])))
          .flatMap(({ key, object }) => [key, object.id, object.key, object.slug].filter((id) => typeof id === 'string'));
        const holds = (object, test) => strings(object).some(test);
        const withQuote = objects(sidecar).filter(({ object }) => object !== sidecar && holds(object, (value) => value.includes(QUOTE)));
        if (!withQuote.length) throw new Error(`no entry in ${SIDECAR} has the quote text:\n${text}`);
        // Deepest first: the quote's own entry rather than the collection around it.
        const entry = withQuote.reverse().find(({ object }) => holds(object, (value) => named(value) || speakerIds.includes(value)));
        if (!entry) {
          throw new Error(`the quote entry does not name the speaker "${SPEAKER}" (actor ids found: ${speakerIds.join(', ') || 'none'}):\n${text}`);
        }
      },
    },
    {
      name: 'highlight',
      title: `the tagged quote is highlighted on line ${QUOTE_LINE}`,
      async run({ page }) {
        await openFile(page, DOC);
        await page.keyboard.press('Control+Home');
        const found = await waitForQuoteHighlight(page, QUOTE_LINE, `the extension's quote highlight (solid underline, class ced-…) on line ${QUOTE_LINE} of ${DOC}`);
        log(`  quote highlights on line ${QUOTE_LINE}: ${[...new Set(found.map((d) => d.className))].join(', ')}`);
      },
    },
    {
      name: 'hover',
      title: 'hovering the quote shows its speaker',
      async run({ page, media }) {
        await openFile(page, DOC);
        const hover = await hoverQuote(page, QUOTE_LINE, SPEAKER);
        // overview.png (tree, CodeLens and hover in one picture) is the one README.md opens with.
        await media('overview.png', page);
        // The quote and its hover, with the lines around them.
        const box = await hover.boundingBox();
        const editor = await page.locator('.editor-group-container.active').first().boundingBox();
        const top = Math.max(editor.y, Math.min(box.y, (await lineTop(page, QUOTE_LINE)).y) - 40);
        const bottom = Math.min(editor.y + editor.height, Math.max(box.y + box.height, (await lineTop(page, QUOTE_LINE + 2)).y) + 40);
        await media('tagged-quote-hover.png', page, { clip: { x: editor.x, y: top, width: editor.width, height: bottom - top } });
        // The Documents tree beside the document whose CodeLens names the date.
        await page.mouse.move(5, 5);
        await page.locator('.monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: STEP_TIMEOUT }).catch(() => {});
        const sidebar = await page.locator('.part.sidebar').boundingBox();
        const lensTop = await activeEditor(page).locator('.codelens-decoration', { hasText: 'Sunday' }).first().boundingBox();
        await media('documents-tree.png', page, { clip: { x: 0, y: 0, width: sidebar.x + sidebar.width + 2, height: Math.round(sidebar.y + 330) } });
        const line3 = await lineTop(page, 3);
        await media('codelens.png', page, { clip: { x: editor.x, y: editor.y, width: editor.width, height: Math.max(lensTop.y + 120, line3.y) - editor.y } });
      },
    },
  ],
};
