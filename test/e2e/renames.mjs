// A document keeps its annotations when it is renamed or moved in the Explorer, as a
// user does it: F2 and a new name, drag and drop into a folder, F2 on a folder of two
// documents, and a drag of that folder into another. After each, the sidecar has moved
// on disk with its `document` field, and every quote of it is highlighted in the
// renamed document. Ctrl+Z in the Explorer restores both files' names. A rename done outside the editor (Node's fs, as `git mv`
// does it) is offered for re-attachment, and accepting moves the sidecar.
import fs from 'node:fs';
import path from 'node:path';
import { STEP_TIMEOUT, YAML, closeQuickInput, log, quickInputBox, quoteHighlightsOnLine, toast, waitFor } from './helpers.mjs';

/** Every wait of this suite: generous, as the Explorer refreshes slowly on a loaded machine (a wait ends as soon as its condition holds). */
const WAIT = STEP_TIMEOUT * 2;

const DOC = '000_ce07b70b4b1d5ccc.txt';
const RENAMED = 'ukraine-talks.txt';
const MOVED = '002_ee4912a3b61f8db2.txt';
const FOLDER = 'archive';
const FOLDER_RENAMED = 'old-news';
const YEAR = 'by-year';
/** A second document of the folder, written by this test (test data, not news). */
const SECOND = 'bridge.txt';
const SECOND_TEXT = ' date 2026-11-30 Test text written for the renames e2e suite 🗂️.\n\nJoe Biden said: “The bridge opens in May 🌉.” Nobody else spoke.\n';
const SECOND_QUOTE = 'The bridge opens in May 🌉.';
const OUTSIDE = 'talks-renamed-outside.txt';

/** A sidecar for SECOND with one quote, its offsets in code points. */
function secondSidecar() {
  const points = [...SECOND_TEXT];
  const start = points.findIndex((_, i) => points.slice(i, i + [...SECOND_QUOTE].length).join('') === SECOND_QUOTE);
  const end = start + [...SECOND_QUOTE].length;
  const anchor = { start, end, exact: SECOND_QUOTE, prefix: points.slice(Math.max(0, start - 32), start).join(''), suffix: points.slice(end, end + 32).join('') };
  return YAML.stringify({ version: 1, document: SECOND, offsetUnit: 'codepoint', lineEnds: 'lf', contentHash: null, quotes: [{ id: 'q-renames1', speaker: 'joe-biden', cue: 'said', direct: true, anchor }], mentions: [] });
}

const sidecarOf = (name) => name.replace(/\.txt$/, '.annotations.yaml');
const exists = (file) => fs.existsSync(file);

/** The sidecar's `document` field and its quotes' start offsets (code points). */
function readSidecar(file) {
  const data = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  return { document: data.document, starts: (data.quotes ?? []).map((q) => q.anchor.start) };
}

/** Waits until `document`'s sidecar sits beside it naming it, and nothing is left at `gone`. */
async function waitForSidecarMoved(workspace, document, gone = []) {
  const sidecar = path.join(workspace, sidecarOf(document));
  await waitFor(() => exists(sidecar) && readSidecar(sidecar).document === path.basename(document) && gone.every((g) => !exists(path.join(workspace, g))), {
    timeoutMs: WAIT,
    message: `${sidecarOf(document)} beside ${document}, naming it in its document field, and nothing left at ${gone.join(', ') || '-'}`,
  }).catch((error) => {
    const present = fs.readdirSync(path.dirname(sidecar)).join(', ');
    throw new Error(`${error.message} (the folder holds: ${present}${exists(sidecar) ? `; document: ${readSidecar(sidecar).document}` : ''})`);
  });
}

/** Opens `document` and checks that every quote of its sidecar is highlighted on its line. */
async function assertEveryQuoteHighlighted(page, workspace, document, timeoutMs = WAIT) {
  const text = [...fs.readFileSync(path.join(workspace, document), 'utf8')];
  const lines = [...new Set(readSidecar(path.join(workspace, sidecarOf(document))).starts.map((start) => text.slice(0, start).filter((c) => c === '\n').length + 1))];
  if (!lines.length) throw new Error(`${sidecarOf(document)} holds no quotes`);
  await openInExplorer(page, document);
  for (const line of lines) {
    // Go to Line scrolls the line into view, so that the editor draws it.
    await page.keyboard.press('Control+G');
    await quickInputBox(page).waitFor({ state: 'visible', timeout: WAIT });
    await page.keyboard.type(String(line));
    await page.keyboard.press('Enter');
    await closeQuickInput(page);
    await waitFor(async () => (await quoteHighlightsOnLine(page, line)).length > 0, { timeoutMs, message: `the quote on line ${line} of ${document} to be highlighted` });
  }
}

const explorer = (page) => page.locator('.explorer-folders-view .monaco-list').first();
const explorerRow = (page, name) => explorer(page).locator(`.monaco-list-row[aria-label="${name}"], .monaco-list-row:has(.label-name:text-is("${name}"))`).first();

/** The workbench's hover (an Explorer row's path): it sits over the rows below the pointer. */
const workbenchHover = (page) => page.locator('.context-view .hover-contents').first();

/** Moves the pointer to the title bar's corner and waits until no workbench hover covers the rows. */
async function pointerAway(page) {
  await page.mouse.move(1, 1);
  await workbenchHover(page).waitFor({ state: 'hidden', timeout: WAIT }).catch(async () => {
    throw new Error(`a workbench hover stayed over the Explorer with the pointer away: “${await workbenchHover(page).innerText().catch(() => '')}”`);
  });
}

/** Clicks an Explorer row (or part of it), the pointer coming from outside, so that no hover left by the last click covers it. */
async function clickInExplorer(page, locator, what) {
  await waitFor(async () => {
    await pointerAway(page);
    return locator.click({ timeout: 2000 }).then(() => true, () => false);
  }, { timeoutMs: WAIT, message: `a click on ${what} in the Explorer` });
}

/** Shows the Explorer and selects the row of `name` (its folder expanded first, if any). */
async function selectInExplorer(page, name) {
  await page.keyboard.press('Control+Shift+E');
  await explorer(page).waitFor({ timeout: WAIT });
  const row = explorerRow(page, name);
  await row.waitFor({ timeout: WAIT });
  await clickInExplorer(page, row, name);
  await waitFor(async () => (await row.getAttribute('class'))?.includes('selected'), { timeoutMs: WAIT, message: `${name} selected in the Explorer` });
  return row;
}

/** The name on the Explorer row under the point, if any. */
const rowNameAt = (page, { x, y }) =>
  page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.monaco-list-row')?.querySelector('.label-name')?.textContent ?? null, { x, y });

/**
 * Drags the Explorer row of `name` onto the row of `folder`, answering VS Code's
 * questions, until `moved()`. A document's nest is expanded first, so that the
 * Explorer moves the document alone and the extension moves its sidecar (a
 * collapsed nest is moved whole by VS Code itself). Rows shift as the Explorer
 * refreshes, so the drag starts only when both rows have stayed put and the
 * pointer is over the document's own row; a drag that started nothing is tried
 * again.
 */
async function dragInExplorer(page, name, folder, { moved, left, nest = true }) {
  await page.keyboard.press('Control+Shift+E');
  if (nest) {
    await waitFor(async () => {
      const row = explorerRow(page, name);
      const expanded = await row.getAttribute('aria-expanded', { timeout: 1000 }).catch(() => null);
      if (expanded === 'false') {
        await pointerAway(page);
        await row.locator('.monaco-tl-twistie').click({ timeout: 1000 }).catch(() => {});
      }
      return expanded === 'true' && explorerRow(page, sidecarOf(name)).isVisible();
    }, { timeoutMs: WAIT, message: `${sidecarOf(name)} shown nested under ${name} in the Explorer` });
  }
  const centre = async (locator) => {
    const box = await locator.boundingBox({ timeout: 1000 }).catch(() => null);
    return box && { x: Math.round(box.x + Math.min(box.width / 2, 120)), y: Math.round(box.y + box.height / 2) };
  };
  let attempts = 0;
  let last = '';
  let waiting = '';
  await waitFor(async () => {
    if (moved()) return true;
    await pointerAway(page);
    const from = await centre(explorerRow(page, name));
    const to = await centre(explorerRow(page, folder));
    if (!from || !to) return (waiting = `no row of ${from ? folder : name} in the Explorer`), (last = ''), false;
    // Still where they were a moment ago, with the document's row under the pointer.
    const key = JSON.stringify([from, to]);
    const under = [await rowNameAt(page, from), await rowNameAt(page, to)];
    waiting = `the rows at ${key} hold ${under.join(' and ')}`;
    if (key !== last || under[0] !== name || under[1] !== folder) return (last = key), false;
    attempts++;
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 5, from.y + 5, { steps: 2 });
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    const dropped = Date.now();
    // Answer “Are you sure you want to move…?” and the refactoring preview, then wait for the files.
    // Dragged again only when nothing started: no question asked, the document still in its place.
    let asked = false;
    const dialog = page.locator('.monaco-dialog-box').first();
    const done = await waitFor(async () => {
      const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Move$/ }).first();
      if (await confirm.isVisible().catch(() => false)) await confirm.click().then(() => (asked = true), () => {});
      if (await dialog.isVisible().catch(() => false)) asked = true;
      await acceptRefactoring(page);
      return moved() || (!asked && !left() && Date.now() - dropped > 5000 && 'nothing');
    }, { timeoutMs: WAIT, message: `${name} to arrive in ${folder}/ after the drop` });
    last = '';
    if (done === 'nothing' && attempts >= 3) throw new Error(`${name} dragged onto ${folder}/ ${attempts} times, and nothing moved`);
    if (done === 'nothing') log(`  the drag of ${name} onto ${folder}/ started nothing: dragging again`);
    return done === true;
  }, { timeoutMs: WAIT * 4, message: `${name} dragged onto ${folder}/` }).catch((error) => {
    throw new Error(`${error.message} (${attempts} drags; last seen: ${waiting})`);
  });
}

/** Opens a workspace file from the Explorer, expanding its folders (Quick Open would offer a stale, moved one). */
async function openInExplorer(page, file) {
  const parts = file.split(path.sep);
  await page.keyboard.press('Control+Shift+E');
  const name = parts.at(-1);
  // A folder renamed (or restored) redraws collapsed: expand until the file's row shows.
  await waitFor(async () => {
    for (const folder of parts.slice(0, -1)) {
      const row = explorerRow(page, folder);
      if ((await row.getAttribute('aria-expanded', { timeout: 1000 }).catch(() => null)) === 'false') {
        await pointerAway(page);
        await row.locator('.monaco-tl-twistie').click({ timeout: 1000 }).catch(() => {});
      }
    }
    return explorerRow(page, name).isVisible();
  }, { timeoutMs: WAIT, message: `${file} in the Explorer` });
  await clickInExplorer(page, explorerRow(page, name), name);
  await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name }).waitFor({ timeout: WAIT });
}

/** Answers VS Code's question about the extension's extra edit (the sidecar) with OK. */
async function acceptRefactoring(page) {
  const dialog = page.locator('.monaco-dialog-box').first();
  if (!(await dialog.isVisible().catch(() => false))) return;
  const text = (await dialog.innerText().catch(() => '')).replace(/\s+/g, ' ');
  if (!/wants to make refactoring changes/.test(text)) throw new Error(`VS Code said: ${text}`);
  await dialog.locator('.monaco-button', { hasText: /^OK$/ }).first().click();
}

/** F2 on the selected Explorer row, then the new name and Enter; answers VS Code's questions. */
async function renameInExplorer(page, from, to, { moved }) {
  await selectInExplorer(page, from);
  await page.keyboard.press('F2');
  const input = explorer(page).locator('.monaco-inputbox input').first();
  await input.waitFor({ timeout: WAIT });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(to);
  await page.keyboard.press('Enter');
  await waitFor(async () => {
    await acceptRefactoring(page);
    return moved();
  }, { timeoutMs: WAIT, message: `${from} renamed to ${to}` });
}

/** Ctrl+Z with the Explorer focused: VS Code's Undo of the last file operation. */
async function undoInExplorer(page, done, what) {
  await page.keyboard.press('Control+Shift+E');
  await explorer(page).click({ position: { x: 5, y: 5 } }).catch(() => {});
  await page.keyboard.press('Control+Z');
  await waitFor(async () => {
    const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Undo/ }).first();
    if (await confirm.isVisible().catch(() => false)) await confirm.click();
    return done();
  }, { timeoutMs: WAIT, message: what });
}

export default {
  name: 'renames',
  title: 'renames and moves in the Explorer take the sidecar along; Ctrl+Z restores both files',
  corpus: 'full',
  async setup({ workspace }) {
    fs.mkdirSync(path.join(workspace, FOLDER));
    fs.mkdirSync(path.join(workspace, YEAR));
    fs.writeFileSync(path.join(workspace, FOLDER, SECOND), SECOND_TEXT);
    fs.writeFileSync(path.join(workspace, FOLDER, sidecarOf(SECOND)), secondSidecar());
  },
  steps: [
    {
      name: 'rename-undo',
      title: 'F2 in the Explorer renames a document and its sidecar; every quote stays highlighted; Ctrl+Z restores both names',
      async run({ page, workspace }) {
        const before = fs.readFileSync(path.join(workspace, sidecarOf(DOC)), 'utf8');
        // Highlights before the rename also say that the extension is active (slow on a loaded machine).
        await assertEveryQuoteHighlighted(page, workspace, DOC, 120_000);
        await renameInExplorer(page, DOC, RENAMED, { moved: () => exists(path.join(workspace, RENAMED)) });
        await waitForSidecarMoved(workspace, RENAMED, [sidecarOf(DOC)]);
        await assertEveryQuoteHighlighted(page, workspace, RENAMED);
        await undoInExplorer(page, () => exists(path.join(workspace, DOC)) && !exists(path.join(workspace, RENAMED)), `Ctrl+Z to give ${RENAMED} its old name back`);
        await waitForSidecarMoved(workspace, DOC, [sidecarOf(RENAMED), RENAMED]);
        const after = fs.readFileSync(path.join(workspace, sidecarOf(DOC)), 'utf8');
        if (after !== before) throw new Error(`${sidecarOf(DOC)} differs from before the rename and its Undo`);
        await assertEveryQuoteHighlighted(page, workspace, DOC);
      },
    },
    {
      name: 'move',
      title: `dragging a document onto a folder moves its sidecar along; every quote stays highlighted`,
      async run({ page, workspace }) {
        const target = path.join(workspace, FOLDER, MOVED);
        await dragInExplorer(page, MOVED, FOLDER, { moved: () => exists(target), left: () => !exists(path.join(workspace, MOVED)) });
        await waitForSidecarMoved(workspace, path.join(FOLDER, MOVED), [sidecarOf(MOVED)]);
        await assertEveryQuoteHighlighted(page, workspace, path.join(FOLDER, MOVED));
      },
    },
    {
      name: 'folder',
      title: 'F2 on a folder of two documents renames it; the sidecars stay beside their documents, every quote highlighted; Ctrl+Z restores it',
      async run({ page, workspace }) {
        const inFolder = (folder) => [MOVED, SECOND].map((name) => path.join(folder, name));
        await renameInExplorer(page, FOLDER, FOLDER_RENAMED, { moved: () => inFolder(FOLDER_RENAMED).every((f) => exists(path.join(workspace, f))) });
        for (const moved of inFolder(FOLDER_RENAMED)) await waitForSidecarMoved(workspace, moved, [FOLDER]);
        for (const moved of inFolder(FOLDER_RENAMED)) await assertEveryQuoteHighlighted(page, workspace, moved);
        await undoInExplorer(page, () => inFolder(FOLDER).every((f) => exists(path.join(workspace, f))) && !exists(path.join(workspace, FOLDER_RENAMED)), `Ctrl+Z to give ${FOLDER_RENAMED}/ its old name back`);
        for (const restored of inFolder(FOLDER)) await waitForSidecarMoved(workspace, restored, [FOLDER_RENAMED]);
        for (const restored of inFolder(FOLDER)) await assertEveryQuoteHighlighted(page, workspace, restored);
      },
    },
    {
      name: 'folder-move',
      title: 'dragging a folder of two documents into another folder keeps the sidecars beside their documents, every quote highlighted',
      async run({ page, workspace }) {
        const inside = [MOVED, SECOND].map((name) => path.join(YEAR, FOLDER, name));
        await dragInExplorer(page, FOLDER, YEAR, { moved: () => inside.every((f) => exists(path.join(workspace, f))), left: () => !exists(path.join(workspace, FOLDER)), nest: false });
        for (const moved of inside) await waitForSidecarMoved(workspace, moved, [FOLDER]);
        for (const moved of inside) await assertEveryQuoteHighlighted(page, workspace, moved);
      },
    },
    {
      name: 'outside',
      title: 'a document renamed outside the editor (Node fs, as git mv) is offered for re-attaching; Re-attach moves its sidecar, every quote highlighted',
      async run({ page, workspace }) {
        fs.renameSync(path.join(workspace, DOC), path.join(workspace, OUTSIDE));
        const offer = `${OUTSIDE} looks like the renamed ${DOC}`;
        const { item, message, buttons } = await waitFor(() => toast(page, offer).catch(() => undefined), {
          timeoutMs: 60_000,
          message: `the notification “${offer}…”`,
        });
        if (!/Re-attach them\?$/.test(message) || !buttons.includes('Re-attach')) throw new Error(`the offer reads “${message}” with ${buttons.join(', ') || 'no buttons'}`);
        await item.locator('.monaco-button', { hasText: /^Re-attach$/ }).click();
        await waitForSidecarMoved(workspace, OUTSIDE, [sidecarOf(DOC)]);
        await assertEveryQuoteHighlighted(page, workspace, OUTSIDE);
      },
    },
  ],
};
