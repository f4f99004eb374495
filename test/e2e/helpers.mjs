// Shared helpers of the end-to-end suites: driving the workbench like a user
// (command palette, Quick Open, Find, QuickPicks), reading what the editor
// draws, and the harness that gives every suite its own code-server, user-data
// dir, port, workspace copy and screenshots. Never sleeps: every wait is on a
// condition.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, launchCodeServer, log, messageOf, openWorkbench, seconds, waitFor } from '../../scripts/vscode/lib.mjs';

export const YAML = createRequire(import.meta.url)('yaml');
export const RESULTS = path.join(ROOT, 'test-results', 'e2e');
export const MEDIA = path.join(ROOT, 'media', 'screenshots');
export const STEP_TIMEOUT = 20_000;
export const TAG_QUOTE_TITLE = 'Seed Annotator: Tag Quote…';
export { waitFor, log, seconds };

// ---------------------------------------------------------------- workbench

export const quickInput = (page) => page.locator('.quick-input-widget');
export const quickInputBox = (page) => page.locator('.quick-input-widget .quick-input-box input');

export async function quickInputVisible(page) {
  return quickInput(page).isVisible();
}

/** Escape only when a QuickPick is open: in the editor it would drop the selection. */
export async function closeQuickInput(page) {
  if (await quickInputVisible(page)) {
    await page.keyboard.press('Escape');
    await quickInput(page).waitFor({ state: 'hidden', timeout: STEP_TIMEOUT }).catch(() => {});
  }
}

/** `text` as a RegExp that matches it literally. */
export const literally = (/** @type {string} */ text) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** What the open quick input shows (title, box, first rows), for error messages. */
export async function describeQuickInput(page) {
  if (!(await quickInputVisible(page))) {
    const toasts = (await page.locator('.notification-toast').allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ');
    return `no QuickPick open; notifications: ${toasts || 'none'}`;
  }
  const title = ((await quickInput(page).locator('.quick-input-title').textContent().catch(() => '')) ?? '').trim();
  const rows = (await quickInput(page).locator('.monaco-list-row').allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()).slice(0, 8);
  return `QuickPick “${title}”, box “${await quickInputBox(page).inputValue().catch(() => '')}”, rows ${JSON.stringify(rows)}`;
}

/**
 * The one way the tests answer a QuickPick: accepts the item whose label is `label`
 * (the whole label, or a RegExp on it), never whichever item happens to be active.
 * Waits for a QuickPick (titled with `title`, when given) that has the keyboard; with
 * `type`, first replaces the box's text with it (to filter, or to name a new item);
 * with `active`, the item must become the active one by itself (flows whose point is
 * that Enter takes the first item); with `checked`, in a QuickPick of checkboxes, the item
 * must be checked and Enter accepts the checked items as they are. Then Enter on the item,
 * or a click on its row, and waits until the QuickPick closed or moved on. Fails with
 * what the QuickPick showed. With `unless`, a row whose whole text (label, description and
 * detail) matches it is never taken: the actor picker's “new actor” row carries the typed
 * name as its label too.
 * @param {import('playwright-core').Page} page
 * @param {string | RegExp} label
 * @param {{ title?: string, type?: string, active?: boolean, checked?: boolean, unless?: RegExp, timeoutMs?: number }} [options]
 * @returns {Promise<{ title: string, rows: string[] }>} the QuickPick as it was answered
 */
export async function pickQuickPickItem(page, label, { title, type, active = false, checked = false, unless, timeoutMs = STEP_TIMEOUT } = {}) {
  const widget = quickInput(page);
  const heading = widget.locator('.quick-input-title');
  const box = quickInputBox(page);
  const fail = async (/** @type {unknown} */ error) => {
    throw new Error(`${messageOf(error)} (${await describeQuickInput(page)})`);
  };
  const headingText = async () => ((await heading.textContent().catch(() => '')) ?? '').trim();
  await waitFor(async () => (await quickInputVisible(page)) && (!title || (await headingText()).includes(title)) && (await box.evaluate((el) => el === document.activeElement).catch(() => false)), {
    timeoutMs,
    message: title ? `a QuickPick titled “…${title}…”` : 'a QuickPick',
  }).catch(fail);
  if (type !== undefined) {
    await page.keyboard.press('Control+A');
    if (type) await page.keyboard.type(type);
    else await page.keyboard.press('Backspace');
    await waitFor(async () => (await box.inputValue()) === type, { timeoutMs, message: `“${type}” typed into the QuickPick` }).catch(fail);
  }
  const wanted = typeof label === 'string' ? (/** @type {string} */ text) => text.trim() === label : (/** @type {string} */ text) => label.test(text.trim());
  const labelOf = async (/** @type {import('playwright-core').Locator} */ row) =>
    unless && unless.test((await row.innerText().catch(() => '')) ?? '') ? '\u0000' : ((await row.locator('.label-name').first().textContent().catch(() => '')) ?? '');
  const rows = widget.locator('.monaco-list-row');
  /** @type {import('playwright-core').Locator | undefined} */
  let row;
  const isChecked = async (/** @type {import('playwright-core').Locator} */ r) =>
    (await r.getAttribute('aria-checked').catch(() => null)) === 'true' || (await r.locator('input[type="checkbox"]').first().isChecked().catch(() => false));
  await waitFor(async () => {
    if (checked) {
      for (let i = 0, n = await rows.count(); i < n; i++) {
        if (wanted(await labelOf(rows.nth(i))) && (await isChecked(rows.nth(i)))) {
          row = rows.nth(i);
          return true;
        }
      }
      return false;
    }
    const focused = widget.locator('.monaco-list-row.focused').first();
    if ((await focused.count()) && wanted(await labelOf(focused))) {
      row = focused;
      return true;
    }
    if (active) return false;
    for (let i = 0, n = await rows.count(); i < n; i++) {
      if (wanted(await labelOf(rows.nth(i)))) {
        row = rows.nth(i);
        return true;
      }
    }
    return false;
  }, { timeoutMs, message: `${active ? 'the active item' : checked ? 'a checked item' : 'an item'} labelled “${label}”` }).catch(fail);
  const answered = { title: await headingText(), rows: (await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()) };
  const before = `${answered.title}|${answered.rows.join('|')}|${await box.inputValue().catch(() => '')}`;
  if (checked || (row && (await row.evaluate((el) => el.classList.contains('focused')).catch(() => false)))) await page.keyboard.press('Enter');
  else await row?.click();
  await waitFor(async () => !(await quickInputVisible(page)) || `${await headingText()}|${(await rows.allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()).join('|')}|${await box.inputValue().catch(() => '')}` !== before, {
    timeoutMs,
    message: `the QuickPick to take “${label}”`,
  }).catch(fail);
  return answered;
}

/** Opens the command palette and runs the command whose label is `title`. */
export async function runCommand(page, title) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  await quickInputBox(page).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const label = title.replace(/…$/, '');
  await page.keyboard.type(label);
  const row = quickInput(page).locator('.monaco-list-row', { hasText: label }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    const offered = await quickInput(page).locator('.monaco-list-row').allTextContents();
    await page.keyboard.press('Escape');
    throw new Error(`command "${title}" is not offered by the command palette (offered: ${offered.slice(0, 5).join(' | ') || 'nothing'})`);
  }
  await row.click();
}

/** Opens a workspace file with Quick Open and waits until its editor is active. */
export async function openFile(page, name) {
  await closeQuickInput(page);
  // F1 then replacing its '>' turns the command palette into Quick Open.
  await page.keyboard.press('F1');
  const input = quickInputBox(page);
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(name);
  // A fresh window's first Quick Open lists the files late on a loaded machine (over 20 s at load 16).
  await quickInput(page).locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 3 * STEP_TIMEOUT }).catch(() => {
    throw new Error(`Quick Open did not list ${name} within ${(3 * STEP_TIMEOUT) / 1000}s`);
  });
  await page.keyboard.press('Enter');
  await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 3 * STEP_TIMEOUT });
  await activeEditor(page).locator('.view-lines').waitFor({ timeout: 3 * STEP_TIMEOUT });
}

export const activeEditor = (page) => page.locator('.editor-group-container.active .monaco-editor').first();

/** Clicks the Seed Annotator item of the activity bar (once: a second click would close the side bar). */
export async function showSeedAnnotator(page) {
  const container = page.locator('[id="workbench.view.extension.seedAnnotator"]');
  if (await container.isVisible().catch(() => false)) return container;
  const item = page.locator('.part.activitybar .action-item a[aria-label^="Seed Annotator"], .part.activitybar .action-item[aria-label^="Seed Annotator"]').first();
  try {
    await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  } catch {
    throw new Error('no "Seed Annotator" item in the activity bar (is the extension enabled?)');
  }
  await item.click();
  await container.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  return container;
}

/**
 * Runs the entry `label` of the context menu just opened (by a right-click): the
 * mouse rests on it until the menu shows it focused, then Enter runs it, and the
 * menu must close. A click the moment the menu appears can be taken for the
 * release of the right button and ignored, leaving the menu open.
 */
export async function chooseFromContextMenu(page, label) {
  const item = page.locator('.context-view .monaco-menu .action-item', { has: page.locator('.action-label', { hasText: label }) }).first();
  await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(async () => {
    const shown = await page.locator('.context-view .action-label').allInnerTexts().catch(() => []);
    throw new Error(`the context menu has no “${label}” entry (it shows: ${JSON.stringify(shown)})`);
  });
  await waitFor(async () => {
    if (/\bfocused\b/.test((await item.getAttribute('class').catch(() => '')) ?? '')) return true;
    await item.hover().catch(() => {});
    return false;
  }, { timeoutMs: STEP_TIMEOUT, intervalMs: 200, message: `the context menu entry “${label}” to take the focus` });
  await page.keyboard.press('Enter');
  await waitFor(async () => !(await page.locator('.context-view .monaco-menu').isVisible().catch(() => false)), { timeoutMs: STEP_TIMEOUT, message: `the context menu to close after “${label}”` });
}

/**
 * What the user sees besides the editor, for a failure message: an open
 * QuickPick or menu, the notifications, the status bar.
 */
export async function describeScreen(page) {
  const texts = async (selector) => (await page.locator(selector).allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ').trim()).filter(Boolean);
  const parts = [];
  if (await quickInputVisible(page).catch(() => false)) parts.push(`QuickPick “${(await texts('.quick-input-widget .quick-input-title')).join(' ')}”: ${JSON.stringify((await texts('.quick-input-widget .monaco-list-row')).slice(0, 5))}`);
  const menu = await texts('.context-view .monaco-menu .action-label');
  if (menu.length) parts.push(`context menu open: ${JSON.stringify(menu)}`);
  const dialog = await texts('.monaco-dialog-box .dialog-message-text');
  if (dialog.length) parts.push(`dialog: ${JSON.stringify(dialog)}`);
  const toasts = await texts('.notification-toast .notification-list-item-message');
  if (toasts.length) parts.push(`notifications: ${JSON.stringify(toasts)}`);
  parts.push(`status bar: ${JSON.stringify((await texts('.statusbar-item')).slice(0, 14))}`);
  return parts.join('; ');
}

/** The pane (header and body) of a view of the Seed Annotator container, by its name. */
export function viewPane(page, name) {
  return page.locator('[id="workbench.view.extension.seedAnnotator"] .pane').filter({ has: page.locator(`.pane-header[aria-label^="${name}"]`) }).first();
}

/** Expands or collapses a view pane. */
export async function setPaneExpanded(page, name, expanded) {
  const header = viewPane(page, name).locator('.pane-header').first();
  await header.waitFor({ timeout: STEP_TIMEOUT });
  if ((await header.getAttribute('aria-expanded')) !== String(expanded)) await header.click();
  await waitFor(async () => (await header.getAttribute('aria-expanded')) === String(expanded), { timeoutMs: STEP_TIMEOUT, message: `the ${name} view to ${expanded ? 'expand' : 'collapse'}` });
}

/** Drags the sash on the side bar's right edge until the side bar is `width` pixels wide. */
export async function setSidebarWidth(page, width) {
  const sidebar = page.locator('.part.sidebar');
  const box = await sidebar.boundingBox();
  const right = box.x + box.width;
  const sashes = await page.locator('.monaco-sash.vertical').evaluateAll((elements, right) =>
    elements.map((element, index) => ({ index, box: element.getBoundingClientRect().toJSON() })).filter(({ box }) => Math.abs(box.x + box.width / 2 - right) < 6 && box.height > 200),
  right);
  if (!sashes.length) throw new Error(`no sash on the side bar's right edge (x=${right})`);
  const sash = sashes[0].box;
  const y = sash.y + sash.height / 2;
  await page.mouse.move(sash.x + sash.width / 2, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
  await waitFor(async () => Math.abs((await sidebar.boundingBox()).width - width) < 12, { timeoutMs: STEP_TIMEOUT, message: `the side bar to be ${width}px wide` });
}

/** Rows of a tree as {level, label, expanded}. */
export async function treeRows(tree) {
  return tree.locator('.monaco-list-row').evaluateAll((elements) =>
    elements.map((row) => ({
      level: Number(row.getAttribute('aria-level')),
      label: `${row.getAttribute('aria-label') ?? ''} ${row.textContent ?? ''}`.replace(/\s+/g, ' ').trim(),
      text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
      expanded: row.getAttribute('aria-expanded'),
    })),
  );
}

export function describeTree(rows) {
  return rows.map((row) => `${'  '.repeat(Math.max(0, row.level - 1))}${row.text}`).join('\n');
}

/** Expands every collapsed group of a tree until none is left (for small trees). */
export async function expandAll(tree) {
  await waitFor(
    async () => {
      const collapsed = tree.locator('.monaco-list-row[aria-expanded="false"]');
      if ((await collapsed.count()) === 0) return true;
      await collapsed.first().locator('.monaco-tl-twistie').click();
      return false;
    },
    { timeoutMs: STEP_TIMEOUT, message: 'all tree groups to expand' },
  );
}

/** The status bar's "Restricted Mode" item, if shown. */
export const restrictedModeItem = (page) => page.locator('.part.statusbar .statusbar-item', { hasText: 'Restricted Mode' }).first();

// ---------------------------------------------------------------- editor decorations

/**
 * Decorations drawn by extensions (elements of `ced-…` classes) whose middle lies
 * on editor line `line` of the active editor, with their computed border: the
 * extension's quote highlight has a solid 2px bottom border, its quote suggestions
 * a dotted 1px one, actor mentions a 1px border all round. Measured in one pass in
 * the page, so elements redrawn meanwhile cannot make it fail.
 */
export async function decorationsOnLine(page, line) {
  return page.evaluate((line) => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return undefined;
    const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')];
    const number = (n) => numbers.find((element) => element.textContent.trim() === String(n));
    const here = number(line);
    if (!here) return undefined;
    const box = here.getBoundingClientRect();
    const next = number(line + 1)?.getBoundingClientRect();
    const top = box.top;
    // The last line (or the last one rendered) runs to the end of the rendered text.
    const end = Math.max(box.bottom, ...[...editor.querySelectorAll('.view-lines .view-line')].map((row) => row.getBoundingClientRect().bottom));
    const bottom = next && next.top > top ? next.top : end;
    return [...editor.querySelectorAll('[class*="ced-"]')]
      .map((element) => {
        const rect = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return {
          x: rect.x,
          y: rect.y,
          width: rect.width,
          height: rect.height,
          className: element.getAttribute('class'),
          borderBottomStyle: style.borderBottomStyle,
          borderBottomWidth: style.borderBottomWidth,
          borderTopWidth: style.borderTopWidth,
          background: style.backgroundColor,
        };
      })
      .filter((d) => d.width > 0 && d.y + d.height / 2 >= top && d.y + d.height / 2 <= bottom);
  }, line);
}

/** The extension's quote highlights on a line (solid 2px underline, no top border). */
export async function quoteHighlightsOnLine(page, line) {
  const all = (await decorationsOnLine(page, line)) ?? [];
  return all.filter((d) => d.borderBottomStyle === 'solid' && d.borderBottomWidth === '2px' && d.borderTopWidth === '0px');
}

/** Waits until the active editor shows a quote highlight on `line`; returns them. */
export async function waitForQuoteHighlight(page, line, what = `a quote highlight on line ${line}`) {
  return waitFor(async () => {
    const found = await quoteHighlightsOnLine(page, line);
    return found.length ? found : undefined;
  }, { timeoutMs: STEP_TIMEOUT, message: what });
}

/** Hovers the widest quote highlight on `line` until a hover naming `speaker` shows. */
export async function hoverQuote(page, line, speaker) {
  const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: speaker }).first();
  await waitFor(
    async () => {
      const found = await quoteHighlightsOnLine(page, line);
      if (!found.length) return false;
      const widest = found.sort((a, b) => b.width - a.width)[0];
      // Moving within the quote retriggers the hover if the first position misses.
      await page.mouse.move(widest.x + widest.width / 2 + Math.random() * 10 - 5, widest.y + widest.height / 2);
      return hover.isVisible().catch(() => false);
    },
    { timeoutMs: STEP_TIMEOUT, intervalMs: 1000, message: `a hover naming "${speaker}" over the quote on line ${line}` },
  ).catch(async (error) => {
    const shown = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
    throw new Error(`${messageOf(error)} (hovers shown: ${JSON.stringify(shown)})`);
  });
  return hover;
}

// ---------------------------------------------------------------- tagging

/** True when the keyboard is in the active editor's text (where an editor key binding applies). */
export async function editorHasKeyboard(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    const active = document.activeElement;
    return Boolean(editor && active && editor.contains(active) && !active.closest('.find-widget') && editor.classList.contains('focused'));
  });
}

/** Waits until the keyboard is in the active editor's text: a key pressed before is lost or goes elsewhere. */
export async function waitForEditorKeyboard(page) {
  await waitFor(() => editorHasKeyboard(page), { timeoutMs: STEP_TIMEOUT, message: 'the keyboard to be in the active editor' }).catch(async (error) => {
    const active = await page.evaluate(() => `${document.activeElement?.tagName}.${document.activeElement?.className}`).catch(() => '?');
    throw new Error(`${messageOf(error)} (focus is on ${active})`);
  });
}

/**
 * Selects the first match of `text` in the active editor with Find; checks the status bar.
 * Each key waits for the widget that takes it: typed before the Find box has the keyboard,
 * Ctrl+A and the text would replace the document's text.
 */
export async function selectText(page, text) {
  await activeEditor(page).locator('.view-lines').click();
  await waitForEditorKeyboard(page);
  await page.keyboard.press('Control+F');
  const find = page.locator('.editor-group-container.active .editor-widget.find-widget textarea, .editor-group-container.active .editor-widget.find-widget input').first();
  await find.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await waitFor(() => find.evaluate((el) => el === document.activeElement), { timeoutMs: STEP_TIMEOUT, message: 'the Find box to take the keyboard' });
  await page.keyboard.press('Control+A');
  await page.keyboard.type(text);
  await waitFor(async () => (await find.inputValue()) === text, { timeoutMs: STEP_TIMEOUT, message: `“${text}” typed into the Find box` });
  await page.keyboard.press('Enter');
  const selected = page.locator('.statusbar-item', { hasText: `(${[...text].length} selected)` });
  try {
    await selected.waitFor({ timeout: STEP_TIMEOUT });
  } catch {
    throw new Error(`could not select “${text}”: the status bar does not show "(${[...text].length} selected)"`);
  }
  // Escape closes the Find box, unless a notification toast takes it first (Escape hides toasts): then again.
  await waitFor(async () => {
    if (await editorHasKeyboard(page)) return true;
    if (await find.evaluate((el) => el === document.activeElement).catch(() => false)) await page.keyboard.press('Escape');
    return false;
  }, { timeoutMs: STEP_TIMEOUT, intervalMs: 500, message: 'Escape to close the Find box and give the keyboard back to the editor' });
}

/** True when the file exists and holds `text`. */
export function fileHolds(file, text) {
  try {
    return fs.readFileSync(file, 'utf8').includes(text);
  } catch {
    return false;
  }
}

/**
 * Tags `quote` (in the active editor) with `speaker` through the command palette,
 * up to the last keystroke: selects the quote, runs Tag Quote…, types the speaker
 * and, for a new actor, answers the kind QuickPick with `kind` typed in. Returns
 * `commit()`, which presses the final Enter and waits until the sidecar holds the
 * quote. Splitting the two lets a test commit in two windows at the same moment.
 */
export async function prepareTagQuote(page, { quote, speaker, sidecar, kind = 'person' }) {
  await selectText(page, quote);
  await runCommand(page, TAG_QUOTE_TITLE);
  // The command palette closes, then the extension's speaker QuickPick opens.
  const input = quickInputBox(page);
  try {
    await waitFor(async () => (await quickInputVisible(page)) && !(await input.inputValue()).startsWith('>'), { timeoutMs: STEP_TIMEOUT, message: 'the speaker QuickPick' });
  } catch {
    throw new Error(`"${TAG_QUOTE_TITLE}" opened no QuickPick for the speaker`);
  }
  const title = quickInput(page).locator('.quick-input-title');
  const speakerTitle = ((await title.textContent().catch(() => '')) ?? '').trim();
  // The picker may be prefilled with a guess: replace it.
  await page.keyboard.press('Control+A');
  await page.keyboard.type(speaker);
  // The typed name's row (new actor) or the known actor's row must be the active one before Enter.
  const focused = quickInput(page).locator('.monaco-list-row.focused').first();
  const lower = speaker.toLowerCase();
  await waitFor(async () => (await input.inputValue()) === speaker && ((await focused.innerText().catch(() => '')) || '').toLowerCase().includes(lower), {
    timeoutMs: STEP_TIMEOUT,
    message: `the speaker QuickPick to make "${speaker}" its active row`,
  }).catch(async (error) => {
    const rows = (await quickInput(page).locator('.monaco-list-row').allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, ' ')).slice(0, 6);
    throw new Error(`${messageOf(error)}: input "${await input.inputValue()}", active row "${(await focused.innerText().catch(() => 'none')).replace(/\s+/g, ' ')}", rows ${JSON.stringify(rows)}`);
  });
  const askedKind = async () => {
    if (!(await quickInputVisible(page))) return false;
    const text = ((await title.textContent().catch(() => '')) ?? '').trim();
    return /^What is/.test(text) && text !== speakerTitle;
  };
  const wrote = () => fileHolds(sidecar, quote.slice(0, 40));
  const finish = async () => {
    try {
      await waitFor(wrote, { timeoutMs: STEP_TIMEOUT, message: 'the tagged quote to be written' });
    } catch {
      const open = (await quickInputVisible(page)) ? (await quickInput(page).innerText()).replace(/\s+/g, ' ').slice(0, 200) : 'none';
      const toasts = (await page.locator('.notification-toast').allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ');
      throw new Error(`${path.basename(sidecar)} was not written with “${quote}” (QuickPick open: ${open}; notifications: ${toasts || 'none'})`);
    }
  };
  // Answers the kind QuickPick: types `kind` once the QuickPick has the keyboard (keys
  // typed before that are lost), checks they landed, and waits for the kind's row.
  const answerKind = async () => {
    await waitFor(async () => (await askedKind()) && (await input.inputValue()) === '' && (await input.evaluate((el) => el === document.activeElement)), {
      timeoutMs: STEP_TIMEOUT,
      message: `the kind QuickPick for "${speaker}" to take the keyboard`,
    });
    await page.keyboard.type(kind);
    await waitFor(async () => (await input.inputValue()) === kind, { timeoutMs: STEP_TIMEOUT, message: `"${kind}" typed into the kind QuickPick` });
    await quickInput(page).locator('.monaco-list-row.focused', { hasText: kind }).first().waitFor({ timeout: STEP_TIMEOUT });
  };
  // The speaker's Enter is the last keystroke when the focused row is a known actor or a
  // suggested name with its guessed kind; when the typed name is new after all, the
  // kind QuickPick follows and is answered.
  if (!/new actor/.test(await focused.innerText().catch(() => ''))) {
    return {
      newActor: false,
      commit: async () => {
        await page.keyboard.press('Enter');
        const outcome = await waitFor(async () => (wrote() ? 'written' : (await askedKind()) ? 'kind' : false), { timeoutMs: STEP_TIMEOUT, message: `the tag of “${quote}” to be written` }).catch(() => 'late');
        if (outcome === 'kind') {
          await answerKind();
          await page.keyboard.press('Enter');
        }
        await finish();
      },
    };
  }
  await page.keyboard.press('Enter');
  const outcome = await waitFor(async () => ((await askedKind()) ? 'kind' : wrote() ? 'written' : false), { timeoutMs: STEP_TIMEOUT, message: `the kind QuickPick for "${speaker}"` });
  if (outcome === 'written') return { newActor: true, commit: async () => {} };
  await answerKind();
  return { newActor: true, commit: async () => { await page.keyboard.press('Enter'); await finish(); } };
}

/** Tags a quote in the active editor and waits for the sidecar. */
export async function tagQuote(page, options) {
  const { commit } = await prepareTagQuote(page, options);
  await commit();
}

// ---------------------------------------------------------------- YAML

/** Every string value anywhere inside a parsed YAML value. */
export function strings(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Objects anywhere inside a parsed YAML value, each with the map key it sits under. */
export function objects(value, key) {
  if (Array.isArray(value)) return value.flatMap((item) => objects(item));
  if (value && typeof value === 'object') {
    return [{ key, object: value }, ...Object.entries(value).flatMap(([childKey, child]) => objects(child, childKey))];
  }
  return [];
}

/** The quotes of a sidecar file ({id, speaker, exact}), or [] if there is none. */
export function sidecarQuotes(file) {
  if (!fs.existsSync(file)) return [];
  const data = YAML.parse(fs.readFileSync(file, 'utf8')) ?? {};
  return (data.quotes ?? []).map((q) => ({ id: q.id, speaker: q.speaker ?? null, exact: q.anchor?.exact ?? '' }));
}

/** The actors of a registry file by id ({name, kind}), or {} if there is none. */
export function registryActors(file) {
  const actors = fs.existsSync(file) ? { ...((YAML.parse(fs.readFileSync(file, 'utf8')) ?? {}).actors ?? {}) } : {};
  // One file per actor, actors/<id>.yaml beside the legacy file; retired (merged) ids are not actors.
  const folder = file.replace(/\.ya?ml$/, '');
  if (fs.existsSync(folder)) {
    for (const name of fs.readdirSync(folder).filter((n) => n.endsWith('.yaml'))) {
      const actor = YAML.parse(fs.readFileSync(path.join(folder, name), 'utf8')) ?? {};
      if (!actor.mergedInto) actors[name.slice(0, -'.yaml'.length)] = actor;
    }
  }
  return actors;
}

/** The speaker id of the quote whose text is `exact` and the registry name it maps to. */
export function speakerOf(workspace, sidecarName, exact) {
  const quote = sidecarQuotes(path.join(workspace, sidecarName)).find((q) => q.exact === exact || q.exact.startsWith(exact));
  if (!quote) return undefined;
  const actor = registryActors(path.join(workspace, 'actors.yaml'))[quote.speaker];
  return { id: quote.speaker, name: actor?.name };
}

// ---------------------------------------------------------------- harness

/**
 * Runs one suite: its own workspace copy (`corpus`: 'txt' for the documents only,
 * 'full' for seeds/ with its sidecars and registry, 'empty' for an empty folder; then the
 * suite's own `files(workspace)`), user-data dir, port and
 * code-server, one browser page per entry of `windows`, then its steps in order.
 * A failing step does not stop the next ones. Each step ends with a screenshot of
 * every window in test-results/e2e/<suite>-NN-<step>[-<window>].png.
 */
export async function runSuite(suite, { browser, scratch, extensionsTemplate, mediaScreenshots, attempt = 1 }) {
  const started = Date.now();
  const results = [];
  const again = attempt > 1 ? `-run${attempt}` : '';
  const dir = path.join(scratch, `${suite.name}${again}`);
  const workspace = path.join(dir, 'workspace');
  await fsp.mkdir(workspace, { recursive: true });
  for (const name of await fsp.readdir(path.join(ROOT, 'seeds'))) {
    if (suite.corpus === 'empty') break;
    if (suite.corpus === 'full' || name.endsWith('.txt')) await fsp.cp(path.join(ROOT, 'seeds', name), path.join(workspace, name), { recursive: true });
  }
  // Files a suite writes for itself, before the editor starts.
  if (suite.files) await suite.files(workspace);
  const extensionsDir = path.join(dir, 'extensions');
  await fsp.cp(extensionsTemplate, extensionsDir, { recursive: true });
  // A suite that looks at where files go gets a HOME of its own, with a Downloads folder.
  const home = suite.home ? path.join(dir, 'home') : undefined;
  if (home) await fsp.mkdir(path.join(home, 'Downloads'), { recursive: true });
  console.log(`\n▶ ${suite.name}${again ? ` (run ${attempt})` : ''}: ${suite.title}`);
  let server;
  const contexts = [];
  const pending = [];
  // A suite that starts and stops the editor itself (launch: false) gets the folders and the browser.
  if (suite.launch === false) {
    for (const step of suite.steps) {
      const stepStarted = Date.now();
      let error;
      try {
        await step.run({ suite, dir, workspace, extensionsDir, browser });
      } catch (caught) {
        error = caught;
      }
      results.push({ suite: suite.name, step, error, ms: Date.now() - stepStarted });
      console.log(`${error ? '✘' : '✔'} ${step.title} (${seconds(stepStarted)})${error ? `\n    ${messageOf(error).replace(/\n/g, '\n    ')}` : ''}`);
    }
    const failed = results.filter((r) => r.error).length;
    console.log(`  ${suite.name}: ${results.length - failed} passed, ${failed} failed (${seconds(started)})`);
    return { results, ms: Date.now() - started };
  }
  try {
    server = await launchCodeServer({
      folder: workspace,
      userDataDir: path.join(dir, 'user-data'),
      extensionsDir,
      trusted: suite.trusted ?? true,
      ...(home ? { env: { HOME: home } } : {}),
      // Wrapped lines keep whole quotes on screen for the hovers and the screenshots.
      settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false, ...(suite.settings ?? {}) },
    });
    log(`code-server on port ${server.port} (${seconds(started)})`);
    const pages = {};
    for (const name of suite.windows ?? ['main']) {
      pages[name] = await openWorkbench(browser, server.url, { viewport: { width: 1400, height: 900 } });
      contexts.push(pages[name].context());
      await pages[name].locator('.part.activitybar .action-item').first().waitFor({ timeout: 60_000 });
    }
    log(`${Object.keys(pages).length} workbench window(s) loaded (${seconds(started)})`);
    const state = {
      suite,
      workspace,
      home,
      server,
      pages,
      page: Object.values(pages)[0],
      /** Saves a README picture: test-results/e2e/media/<file>, copied to media/screenshots/ once the step passes. */
      /**
       * @param {string} file
       * @param {import('playwright-core').Page} page
       * @param {{ clip?: { x: number, y: number, width: number, height: number }, locator?: import('playwright-core').Locator }} [options]
       */
      async media(file, page, { clip, locator } = {}) {
        const out = path.join(RESULTS, 'media', file);
        await fsp.mkdir(path.dirname(out), { recursive: true });
        if (locator) await locator.screenshot({ path: out });
        else await page.screenshot({ path: out, ...(clip ? { clip } : {}) });
        pending.push(out);
      },
    };
    if (suite.setup) await suite.setup(state);
    for (const [index, step] of suite.steps.entries()) {
      const stepStarted = Date.now();
      pending.length = 0;
      let error;
      try {
        await step.run(state);
      } catch (caught) {
        error = caught;
      }
      if (error) {
        // What the user saw and what the extension logged: a failure on CI can only be understood from its output.
        const seen = await describeScreen(state.page).catch((e) => `(screen not readable: ${messageOf(e)})`);
        error = new Error(`${messageOf(error)}\n  screen: ${seen}\n  extension log, last lines:\n${extensionLogTail(path.join(dir, 'user-data'))}`);
      }
      const prefix = `${suite.name}${again}-${String(index + 1).padStart(2, '0')}-${step.name}`;
      const windows = Object.entries(pages);
      for (const [name, page] of windows) {
        await page.screenshot({ path: path.join(RESULTS, `${prefix}${windows.length > 1 ? `-${name}` : ''}.png`) }).catch(() => {});
      }
      const ms = Date.now() - stepStarted;
      results.push({ suite: suite.name, step, error, ms });
      console.log(`${error ? '✘' : '✔'} ${step.title} (${seconds(stepStarted)})${error ? `\n    ${messageOf(error).replace(/\n/g, '\n    ')}` : ''}`);
      // A failed step may leave a QuickPick, a menu or a dialog open: closed, so that the next step starts where it expects.
      if (error) for (const page of Object.values(pages)) for (let i = 0; i < 3; i++) await page.keyboard.press('Escape').catch(() => {});
      // README pictures only from a suite whose steps so far all passed.
      if (mediaScreenshots && results.filter((r) => r.suite === suite.name).every((r) => !r.error)) {
        for (const file of pending) {
          await fsp.mkdir(MEDIA, { recursive: true });
          await fsp.copyFile(file, path.join(MEDIA, path.basename(file)));
          log(`  saved media/screenshots/${path.basename(file)}`);
        }
      }
    }
  } catch (error) {
    console.log(`✘ ${suite.name} could not run: ${messageOf(error)}`);
    if (server) console.log(server.diagnostics());
    for (const step of suite.steps.slice(results.length)) results.push({ suite: suite.name, step, error, ms: 0 });
  } finally {
    for (const context of contexts) await context.close().catch(() => {});
    await server?.stop();
  }
  const failed = results.filter((r) => r.error).length;
  console.log(`  ${suite.name}: ${results.length - failed} passed, ${failed} failed (${seconds(started)})`);
  return { results, ms: Date.now() - started };
}

// ---------------------------------------------------------------- exports

/** Runs Export Quotes…, picks `format`, and returns the save dialog's proposed path. */
export async function startExport(page, format) {
  await runCommand(page, 'Seed Annotator: Export Quotes…');
  await pickQuickPickItem(page, format, { title: 'Export quotes as' });
  // code-server's save dialog is VS Code's simple file dialog: a quick input holding the path.
  const input = quickInputBox(page);
  let proposed = '';
  await waitFor(async () => {
    proposed = await input.inputValue().catch(() => '');
    // The dialog shows the folder first, then the proposed name.
    return /^[/~]/.test(proposed) && !proposed.endsWith('/');
  }, { timeoutMs: STEP_TIMEOUT, message: `the save dialog with a proposed file name (it shows “${proposed}”)` });
  return proposed;
}

/** The text of the newest toast that contains `text`, with its buttons. */
export async function toast(page, text) {
  const item = page.locator('.notification-toast', { hasText: text }).last();
  await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  const message = (await item.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ').trim();
  const buttons = await item.locator('.notification-list-item-buttons-container .monaco-button').allInnerTexts();
  return { item, message, buttons: buttons.map((b) => b.trim()) };
}

/** The last lines of the extension's log (its output channel's file) under a code-server user-data folder. */
function extensionLogTail(userDataDir, lines = 25) {
  try {
    const logs = path.join(userDataDir, 'logs');
    const files = fs.readdirSync(logs, { recursive: true }).map(String).filter((f) => /Seed Annotator\.log$/.test(f));
    if (files.length === 0) return '    (no Seed Annotator log found)';
    const newest = files.map((f) => path.join(logs, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
    return fs.readFileSync(newest, 'utf8').trimEnd().split('\n').slice(-lines).map((l) => `    ${l}`).join('\n');
  } catch (error) {
    return `    (log not readable: ${messageOf(error)})`;
  }
}
