// Reaching every fix and seeing every problem (issue 18, items 4, 5, 6, 8 and 11), on short
// documents written for this test (invented people and words, never news text):
//   - a document's quotes that vanish are relocated from a selection with Ctrl+. (the warning
//     used to sit at line 1, column 1, out of reach), from the palette and from the Needs
//     review item; text that comes back from outside (as `git checkout` does) while the
//     document is open is re-verified at once, and no stale prefix or suffix is left on disk;
//   - Tag All Mentions of “Harold Brisk” (alias “Brisk”) leaves “Irene Brisk” and “Mrs. Brisk”
//     unchecked with the reason; Tag Actor with the cursor in “Brisk” of “Harold Brisk” takes
//     the registered full name;
//   - the Problems panel lists an unopened document's impossible date and an orphaned sidecar;
//   - removing a document's last mention writes `mentions:` with nothing after it (no `[]`);
//   - a broken sidecar is offered no Tag quote, and its refusal leads with what to do; the
//     suggestion walk shows the words and counts what is left after this one;
//   - Rename Actor's preview diff closes on Apply, and Undo of the rename is not refused after
//     a sidecar that names the actor changed (item 3).
import fs from 'node:fs';
import path from 'node:path';
import {
  pickQuickPickItem,
  STEP_TIMEOUT,
  chooseFromContextMenu,
  YAML,
  activeEditor,
  describeTree,
  openFile,
  quickInput,
  quickInputBox,
  quickInputVisible,
  quoteHighlightsOnLine,
  runCommand,
  selectText,
  showSeedAnnotator,
  treeRows,
  viewPane,
  waitFor,
  waitForEditorKeyboard,
} from './helpers.mjs';
import { messageOf } from '../../scripts/vscode/lib.mjs';

const CONTEXT = 32;

// The review document: three quotes, with mentions of their speakers just before them.
const BRIDGE = 'bridge.txt';
const BRIDGE_TEXT = [
  ' date 2024-03-05 Council vote on the river bridge delayed again',
  '',
  'Harold Brisk said on Tuesday: “We will build the bridge next year.” The mayor’s office agreed with him.',
  '',
  'Ada Voss answered that “the plan has no money behind it at all.” Nobody from the council replied.',
  '',
  'Later Ada Voss added: “Nobody here wants another delay on the river.” The vote moved to May.',
  '',
].join('\n');
const QUOTES = [
  { id: 'q-0fix001', exact: 'We will build the bridge next year.', speaker: 'harold-brisk', now: 'We shall start the crossing in the spring.', line: 3 },
  { id: 'q-0fix002', exact: 'the plan has no money behind it at all.', speaker: 'ada-voss', now: 'the budget was never set aside for this.', line: 5 },
  { id: 'q-0fix003', exact: 'Nobody here wants another delay on the river.', speaker: 'ada-voss', now: 'Every member asked for a quick decision now.', line: 7 },
];
const MENTIONS = [
  { id: 'm-0fix001', exact: 'Harold Brisk', actor: 'harold-brisk', occurrence: 0 },
  { id: 'm-0fix002', exact: 'Ada Voss', actor: 'ada-voss', occurrence: 0 },
  { id: 'm-0fix003', exact: 'Ada Voss', actor: 'ada-voss', occurrence: 1 },
];
// Tag All Mentions and Tag Actor.
const FAMILY = 'family.txt';
const FAMILY_TEXT = [
  ' date 2024-03-06 A family and the bridge',
  '',
  'Harold Brisk met the council. Irene Brisk, his sister, was not there.',
  '',
  'Mrs. Brisk wrote to the paper instead. Brisk himself said little.',
  '',
].join('\n');
const NAMES = 'names.txt';
const NAMES_TEXT = ' date 2024-03-07 Reporters asked Harold Brisk about the bridge\n\nHe did not answer.\n';
// A picker title with commas in its quote (it was cut at the first comma).
const COMMAS = 'Not today, not tomorrow, maybe never at all.';
const BROKEN = 'broken.txt';
const BROKEN_TEXT = ' date 2024-03-08 A sidecar that does not parse\n\nAda Voss said: “The money is gone.”\n';
// Quotes the suggestion walk offers one by one.
const WALK = 'walk.txt';
const WALK_TEXT = [
  ' date 2024-03-09 Notes from the council meeting',
  '',
  '“We need the money for the bridge before the summer,” Ada Voss said on Monday.',
  '',
  '“The river will not wait for another vote,” Harold Brisk told the council.',
  '',
  '“Every family in the valley is asking about it,” Irene Brisk said.',
  '',
  `“${COMMAS}” Harold Brisk added.`,
  '',
].join('\n');

/** The anchor of the `occurrence`-th `exact` in `text` (ASCII and BMP text: UTF-16 = code points). */
function anchorOf(text, exact, occurrence = 0) {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = text.indexOf(exact, start + 1);
  if (start < 0) throw new Error(`the fixture has no “${exact}”`);
  const end = start + exact.length;
  return { start, end, exact, prefix: text.slice(Math.max(0, start - CONTEXT), start), suffix: text.slice(end, end + CONTEXT) };
}

function sidecarOf(document, text, quotes, mentions) {
  return YAML.stringify({
    version: 1,
    document,
    offsetUnit: 'codepoint',
    lineEnds: 'lf',
    quotes: quotes.map((q) => ({ id: q.id, speaker: q.speaker, cue: 'said', direct: true, anchor: anchorOf(text, q.exact) })),
    mentions: mentions.map((m) => ({ id: m.id, actor: m.actor, anchor: anchorOf(text, m.exact, m.occurrence) })),
  });
}

/** The bridge document with every quote's words replaced. */
const BRIDGE_CHANGED = QUOTES.reduce((text, q) => text.replace(q.exact, q.now), BRIDGE_TEXT);

function bridgeSidecar(workspace) {
  return YAML.parse(fs.readFileSync(path.join(workspace, 'bridge.annotations.yaml'), 'utf8'));
}

/**
 * Annotations on disk whose stored anchor is not what `text` holds at its offsets: its exact
 * words, and its prefix and suffix (the 32 characters either side).
 */
function staleAnchors(workspace, text) {
  const data = bridgeSidecar(workspace);
  return [...(data.quotes ?? []), ...(data.mentions ?? [])].filter(({ anchor: a }) => {
    const here = { exact: text.slice(a.start, a.end), prefix: text.slice(Math.max(0, a.start - CONTEXT), a.start), suffix: text.slice(a.end, a.end + CONTEXT) };
    return here.exact !== a.exact || here.prefix !== a.prefix || here.suffix !== a.suffix;
  });
}

/** Rows of the Documents view's Needs review group. */
async function needsReview(page) {
  await showSeedAnnotator(page);
  const rows = await treeRows(viewPane(page, 'Documents').locator('.monaco-list').first());
  const group = rows.findIndex((r) => r.text.startsWith('Needs review'));
  if (group < 0) return [];
  const under = [];
  for (const row of rows.slice(group + 1)) {
    if (row.level <= rows[group].level) break;
    under.push(row);
  }
  return under;
}

async function waitForReview(page, test, what) {
  let rows = [];
  await waitFor(async () => test((rows = await needsReview(page))), { timeoutMs: STEP_TIMEOUT, message: what }).catch(async (error) => {
    throw new Error(`${messageOf(error)}; Needs review holds:\n${describeTree(rows) || '(nothing)'}`);
  });
}

/** Waits for the quote highlights of the open document: the extension is active and has read its sidecar. */
async function annotationsDrawn(page, line) {
  await waitFor(async () => (await quoteHighlightsOnLine(page, line)).length > 0, { timeoutMs: 4 * STEP_TIMEOUT, message: `the quote highlight on line ${line}` });
}

/** Waits for a QuickPick whose title includes `title` and which has the keyboard; returns its title. */
async function waitForPick(page, title) {
  const heading = quickInput(page).locator('.quick-input-title');
  await waitFor(async () => (await quickInputVisible(page)) && ((await heading.textContent().catch(() => '')) ?? '').includes(title) && (await quickInputBox(page).evaluate((el) => el === document.activeElement)), {
    timeoutMs: STEP_TIMEOUT,
    message: `a QuickPick titled “…${title}…”`,
  });
  return ((await heading.textContent()) ?? '').trim();
}

/** Types `text` into the QuickPick titled `title` and accepts the active item, whose label holds `row`. */
function pickRow(page, title, text, row = text) {
  return pickQuickPickItem(page, new RegExp(row.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), { title, type: text, active: true });
}

async function quoteOnDisk(workspace, quote, exact, how) {
  await waitFor(() => bridgeSidecar(workspace).quotes.find((q) => q.id === quote.id)?.anchor.exact === exact, { timeoutMs: STEP_TIMEOUT, message: `${how} to move the quote to “${exact}”` }).catch((error) => {
    throw new Error(`${messageOf(error)}; on disk: ${JSON.stringify(bridgeSidecar(workspace).quotes.find((q) => q.id === quote.id)?.anchor)}`);
  });
}

export default {
  name: 'fixes',
  title: 'reaching every fix and seeing every problem: relocate, text coming back, Tag All Mentions, Tag Actor, a broken sidecar, the walk, rename and undo, the Problems panel',
  corpus: 'empty',
  /** Written before the editor starts, as a cloned corpus would be. */
  files(workspace) {
    const write = (name, text) => fs.writeFileSync(path.join(workspace, name), text);
    fs.mkdirSync(path.join(workspace, 'actors'));
    write('actors/harold-brisk.yaml', 'name: Harold Brisk\nkind: person\naliases:\n  - Brisk\n');
    write('actors/irene-brisk.yaml', 'name: Irene Brisk\nkind: person\n');
    write('actors/ada-voss.yaml', 'name: Ada Voss\nkind: person\n');
    write(BRIDGE, BRIDGE_TEXT);
    write('bridge.annotations.yaml', sidecarOf(BRIDGE, BRIDGE_TEXT, QUOTES, MENTIONS));
    write(FAMILY, FAMILY_TEXT);
    write(NAMES, NAMES_TEXT);
    write(BROKEN, BROKEN_TEXT);
    write('broken.annotations.yaml', 'version: 1\ndocument: broken.txt\nquotes: [ { id: q-0fix009, speaker: ada-voss\n');
    write(WALK, WALK_TEXT);
    // Never opened by the test: their problems must show all the same.
    write('impossible.txt', ' date 2023-02-30 A day that never was\n\nNothing happened.\n');
    write('gone.annotations.yaml', sidecarOf('gone.txt', 'x', [], []));
  },
  steps: [
    {
      name: 'text-comes-back',
      title: 'quotes changed from outside go to Needs review; the text written back from outside clears them at once, and no stale prefix or suffix stays on disk',
      async run({ page, workspace }) {
        await openFile(page, BRIDGE);
        await annotationsDrawn(page, 3);
        fs.writeFileSync(path.join(workspace, BRIDGE), BRIDGE_CHANGED);
        await waitForReview(page, (rows) => QUOTES.every((q) => rows.some((r) => r.text.includes(q.exact.slice(0, 20)))), 'the three changed quotes under Needs review');
        // The mentions beside the quotes were re-anchored in the changed text: their stored suffix holds its words (the state the bug started from).
        const moved = anchorOf(BRIDGE_CHANGED, MENTIONS[1].exact, MENTIONS[1].occurrence);
        await waitFor(() => JSON.stringify(bridgeSidecar(workspace).mentions?.find((m) => m.id === MENTIONS[1].id)?.anchor) === JSON.stringify(moved), { timeoutMs: STEP_TIMEOUT, message: `the mention “Ada Voss” re-anchored in the changed text on disk (${JSON.stringify(moved)})` }).catch((error) => {
          throw new Error(`${messageOf(error)}; on disk: ${JSON.stringify(bridgeSidecar(workspace).mentions)}`);
        });
        // As git checkout does: the original words come back while the document is open.
        fs.writeFileSync(path.join(workspace, BRIDGE), BRIDGE_TEXT);
        await waitForReview(page, (rows) => rows.length === 0, 'Needs review to empty once the words are back');
        let stale = [];
        await waitFor(() => (stale = staleAnchors(workspace, BRIDGE_TEXT)).length === 0, { timeoutMs: STEP_TIMEOUT, message: 'every anchor on disk to match the text that came back' }).catch((error) => {
          throw new Error(`${messageOf(error)}; stale: ${JSON.stringify(stale.map((a) => ({ id: a.id, ...a.anchor })))}`);
        });
        await waitFor(async () => (await page.locator('.editor-group-container.active .squiggly-warning').count()) === 0, { timeoutMs: STEP_TIMEOUT, message: 'the review warnings to leave the editor' });
      },
    },
    {
      name: 'relocate',
      title: 'Relocate to the selection: Ctrl+. on a selection far from the warning, the palette, and the Needs review item’s menu',
      async run({ page, workspace }) {
        await openFile(page, BRIDGE);
        fs.writeFileSync(path.join(workspace, BRIDGE), BRIDGE_CHANGED);
        await waitForReview(page, (rows) => rows.length === 3, 'the three changed quotes under Needs review');
        // 1. Ctrl+. on the new words (line 3, not line 1 where the warning used to sit).
        await selectText(page, QUOTES[0].now);
        await page.keyboard.press('Control+.');
        // The warning sits on the quote's last known place, where the new words are: its own fix.
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: /^\s*Relocate to the selection\s*$/ }).first();
        await fix.waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          const offered = await page.locator('.action-widget').allInnerTexts().catch(() => []);
          throw new Error(`Ctrl+. offered no “Relocate to the selection” fix (offered: ${JSON.stringify(offered)})`);
        });
        // From any selection, every other annotation under review too (the selection does not touch their warnings).
        const others = page.locator('.action-widget .monaco-list-row', { hasText: `Relocate quote “${QUOTES[1].exact.slice(0, 20)}` });
        if ((await others.count()) !== 1) throw new Error(`Ctrl+. should also offer to relocate “${QUOTES[1].exact}” here: ${JSON.stringify(await page.locator('.action-widget').allInnerTexts())}`);
        await fix.click();
        await quoteOnDisk(workspace, QUOTES[0], QUOTES[0].now, 'Ctrl+.');
        // 2. The palette.
        await selectText(page, QUOTES[1].now);
        await runCommand(page, 'Seed Annotator: Relocate Annotation Under Review to the Selection…');
        await pickRow(page, 'which annotation?', QUOTES[1].exact.slice(0, 16));
        await quoteOnDisk(workspace, QUOTES[1], QUOTES[1].now, 'the palette');
        // 3. The Needs review item's context menu, with the new words selected in the editor.
        await selectText(page, QUOTES[2].now);
        await waitForReview(page, (rows) => rows.length === 1, 'one quote left under Needs review');
        const row = viewPane(page, 'Documents').locator('.monaco-list-row', { hasText: QUOTES[2].exact.slice(0, 20) }).first();
        await row.click({ button: 'right' });
        await chooseFromContextMenu(page, 'Relocate');
        await quoteOnDisk(workspace, QUOTES[2], QUOTES[2].now, 'the Needs review item');
        await waitForReview(page, (rows) => rows.length === 0, 'Needs review to be empty');
      },
    },
    {
      name: 'tag-all-mentions',
      title: 'Tag All Mentions of Harold Brisk (alias Brisk) checks “Harold Brisk” and “Brisk”, leaves “Irene Brisk” and “Mrs. Brisk” unchecked with the reason',
      async run({ page, workspace }) {
        await openFile(page, FAMILY);
        await runCommand(page, 'Seed Annotator: Tag All Mentions…');
        await pickRow(page, 'which actor?', 'Harold Brisk');
        await pickRow(page, 'Tag all mentions of Harold Brisk in', 'This document');
        await waitForPick(page, 'mentions of Harold Brisk');
        const rows = await quickInput(page).locator('.monaco-list-row').evaluateAll((elements) => elements.map((row) => ({
          text: (row.textContent ?? '').replace(/\s+/g, ' ').trim(),
          checked: row.getAttribute('aria-checked') === 'true' || Boolean(row.querySelector('input[type=checkbox]:checked, .monaco-checkbox.checked, [role=checkbox][aria-checked="true"]')),
        })));
        const described = JSON.stringify(rows);
        // Each row is the sentence around a place; the places that are someone else say why they are not checked.
        for (const words of ['“Irene Brisk”', '“Mrs. Brisk”']) {
          const row = rows.find((r) => r.text.includes('not checked') && r.text.includes(words));
          if (!row || row.checked) throw new Error(`${words} should be listed unchecked with the reason: ${described}`);
        }
        const checked = rows.filter((r) => r.checked);
        if (rows.length !== 4 || checked.length !== 2 || checked.some((r) => r.text.includes('not checked'))) throw new Error(`four places, the two without a reason checked: ${described}`);
        // Which two are checked: Enter tags them, and the sidecar says where they are.
        await page.keyboard.press('Enter');
        const sidecar = path.join(workspace, 'family.annotations.yaml');
        await waitFor(() => fs.existsSync(sidecar) && (YAML.parse(fs.readFileSync(sidecar, 'utf8')).mentions ?? []).length === 2, { timeoutMs: STEP_TIMEOUT, message: 'two mentions in family.annotations.yaml' });
        const starts = YAML.parse(fs.readFileSync(sidecar, 'utf8')).mentions.map((m) => m.anchor.start).sort((a, b) => a - b);
        const expected = [FAMILY_TEXT.indexOf('Harold Brisk'), FAMILY_TEXT.indexOf('Brisk himself')];
        if (JSON.stringify(starts) !== JSON.stringify(expected)) throw new Error(`mentions at ${starts}, expected at ${expected}`);
      },
    },
    {
      name: 'tag-actor-full-name',
      title: 'Tag Actor with the cursor in “Brisk” of “Harold Brisk” tags the full name, adds no alias; removing it leaves `mentions:` with nothing after it',
      async run({ page, workspace }) {
        await openFile(page, NAMES);
        await selectText(page, 'Harold Bri');
        // The cursor in “Brisk”, no selection.
        await page.keyboard.press('ArrowRight');
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Alt+A');
        const title = await waitForPick(page, 'Actor mentioned as');
        if (!title.includes('“Harold Brisk”')) throw new Error(`the picker should be for the full name “Harold Brisk”: “${title}”`);
        const focused = quickInput(page).locator('.monaco-list-row.focused').first();
        await waitFor(async () => /Harold Brisk/.test(await focused.innerText().catch(() => '')) && !/new actor/.test(await focused.innerText().catch(() => '')), { timeoutMs: STEP_TIMEOUT, message: 'the known actor Harold Brisk as the active row' });
        await page.keyboard.press('Enter');
        const sidecar = path.join(workspace, 'names.annotations.yaml');
        await waitFor(() => fs.existsSync(sidecar) && (YAML.parse(fs.readFileSync(sidecar, 'utf8')).mentions ?? []).length === 1, { timeoutMs: STEP_TIMEOUT, message: 'a mention in names.annotations.yaml' });
        const mention = YAML.parse(fs.readFileSync(sidecar, 'utf8')).mentions[0];
        if (mention.anchor.exact !== 'Harold Brisk' || mention.actor !== 'harold-brisk') throw new Error(`the mention should be “Harold Brisk” of harold-brisk: ${JSON.stringify(mention)}`);
        const aliases = YAML.parse(fs.readFileSync(path.join(workspace, 'actors', 'harold-brisk.yaml'), 'utf8')).aliases;
        if (JSON.stringify(aliases) !== JSON.stringify(['Brisk'])) throw new Error(`no alias should be added: ${JSON.stringify(aliases)}`);
        // Item 11: the last mention removed, the empty list is written on one line.
        await activeEditor(page).locator('.view-lines').click();
        await selectText(page, 'Harold Bri');
        await page.keyboard.press('Control+Alt+Backspace');
        await waitFor(() => (YAML.parse(fs.readFileSync(sidecar, 'utf8')).mentions ?? []).length === 0, { timeoutMs: STEP_TIMEOUT, message: 'the mention removed' });
        const written = fs.readFileSync(sidecar, 'utf8');
        // The way every empty list is written (README, The sidecar): the key and nothing after it, never `[]` on the next line.
        if (!/^mentions:\n(?![ \t]*- )/m.test(written) || written.includes('[]')) throw new Error(`the empty list should be written “mentions:” with nothing after it:\n${written}`);
      },
    },
    {
      name: 'broken-sidecar',
      title: 'a broken sidecar: the CodeLens offers no Tag quote…; Ctrl+Alt+Q says what happened and what to do, the file name last',
      async run({ page }) {
        await openFile(page, BROKEN);
        const lenses = activeEditor(page).locator('.codelens-decoration');
        await lenses.filter({ hasText: 'Show in documents tree' }).first().waitFor({ timeout: 2 * STEP_TIMEOUT });
        const shown = (await lenses.allInnerTexts()).join(' | ');
        if (/Tag quote|Edit annotation/.test(shown)) throw new Error(`a document whose sidecar is broken should not be offered Tag quote or Edit: ${shown}`);
        await selectText(page, 'The money is gone.');
        await page.keyboard.press('Control+Alt+Q');
        const refusal = page.locator('.notification-toast', { hasText: 'Nothing was tagged' }).last();
        await refusal.waitFor({ timeout: STEP_TIMEOUT });
        const message = (await refusal.locator('.notification-list-item-message').innerText()).replace(/\s+/g, ' ').trim();
        if (!message.startsWith('Nothing was tagged') || !/Open Sidecar|restore it from git/.test(message) || !message.endsWith('(broken.annotations.yaml)')) throw new Error(`the refusal should lead with what happened and what to do, the file last: “${message}”`);
      },
    },
    {
      name: 'walk',
      title: 'the speaker picker’s title keeps the commas; the suggestion walk shows each quote’s words and counts only those after it',
      async run({ page, workspace }) {
        await openFile(page, WALK);
        // Item 10: a picker title was cut at a comma.
        await selectText(page, COMMAS);
        await page.keyboard.press('Control+Alt+Q');
        const speakerTitle = await waitForPick(page, 'Speaker of');
        if (!speakerTitle.includes(`“${COMMAS}”`)) throw new Error(`the title should hold the whole quote: “${speakerTitle}”`);
        await page.keyboard.press('Escape');
        await quickInput(page).waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
        await activeEditor(page).locator('.view-lines').click();
        await waitForEditorKeyboard(page);
        // Item 11: the walk's QuickPick shows the words and “N more after this”; s skips to the next.
        await page.keyboard.press('Control+Alt+S');
        /** @type {string[]} */
        const titles = [];
        const heading = quickInput(page).locator('.quick-input-title');
        const ended = page.locator('.statusbar-item', { hasText: 'skipped' });
        for (;;) {
          // The next step (a new title, with the keyboard), or the walk's end (the status bar counts what was skipped).
          /** @type {string} */
          let next = '';
          await waitFor(async () => {
            if (await ended.count()) return (next = 'end');
            if (!(await quickInputVisible(page))) return false;
            const title = ((await heading.textContent().catch(() => '')) ?? '').trim();
            const ready = title.startsWith('Suggestion ') && !titles.includes(title) && (await quickInputBox(page).evaluate((el) => el === document.activeElement));
            return ready && (next = title);
          }, { timeoutMs: 2 * STEP_TIMEOUT, message: `step ${titles.length + 1} of the suggestion walk, or its end (so far: ${JSON.stringify(titles)})` });
          if (next === 'end') break;
          titles.push(next);
          await page.keyboard.type('s');
        }
        const steps = titles.map((t) => /^Suggestion (\d+) · (\d+) more after this: “(.*)”/.exec(t) ?? ['', '', '', '']);
        if (steps.length < 2 || steps.some((m) => !m[0])) throw new Error(`the walk should show at least two steps titled “Suggestion N · M more after this: “…””: ${JSON.stringify(titles)}`);
        steps.forEach((m, i) => {
          if (Number(m[1]) !== i + 1 || Number(m[2]) !== steps.length - 1 - i) throw new Error(`step ${i + 1} of ${steps.length} should say ${steps.length - 1 - i} more after it: ${JSON.stringify(titles)}`);
          const words = m[3].replace(/…$/, '');
          if (!WALK_TEXT.includes(words)) throw new Error(`the title should show the suggested quote's words: “${titles[i]}”`);
        });
        if (!titles.some((t) => t.includes(COMMAS.slice(0, -1)))) throw new Error(`the walk should show the quote with commas whole: ${JSON.stringify(titles)}`);
        if (fs.existsSync(path.join(workspace, 'walk.annotations.yaml')) && (YAML.parse(fs.readFileSync(path.join(workspace, 'walk.annotations.yaml'), 'utf8')).quotes ?? []).length) throw new Error('skipping tagged a quote');
      },
    },
    {
      name: 'rename-undo',
      title: 'Rename Actor with its preview diff: the diff tab closes on Apply; after a sidecar that names the actor changed, Undo still reverts the rename and keeps the change',
      async run({ page, workspace }) {
        const actorFile = path.join(workspace, 'actors', 'ada-voss.yaml');
        const nameOf = () => YAML.parse(fs.readFileSync(actorFile, 'utf8')).name;
        const previewTabs = page.locator('.tabs-container .tab', { hasText: '↔ after' });
        await runCommand(page, 'Seed Annotator: Rename Actor…');
        await pickRow(page, 'Rename which actor?', 'Ada Voss');
        await waitForPick(page, 'Rename Ada Voss');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('Ada Voss-Lind');
        await waitFor(async () => (await quickInputBox(page).inputValue()) === 'Ada Voss-Lind', { timeoutMs: STEP_TIMEOUT, message: 'the new name typed' });
        await page.keyboard.press('Enter');
        // Item 11: the file's diff, opened from the preview, went stale after Apply or Undo.
        await pickRow(page, 'Rename Ada Voss to Ada Voss-Lind', 'ada-voss.yaml');
        await previewTabs.first().waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('picking the file in the preview opened no diff tab');
        });
        await pickRow(page, 'Rename Ada Voss to Ada Voss-Lind', 'Apply');
        await waitFor(() => nameOf() === 'Ada Voss-Lind', { timeoutMs: STEP_TIMEOUT, message: 'the actor renamed on disk' });
        await waitFor(async () => (await previewTabs.count()) === 0, { timeoutMs: STEP_TIMEOUT, message: 'the preview diff tab to close after Apply' });
        // Item 3: a sidecar that names the actor changes (a teammate's pull); undo was then refused for good.
        const sidecar = path.join(workspace, 'bridge.annotations.yaml');
        const before = fs.readFileSync(sidecar, 'utf8');
        const doc = YAML.parseDocument(before);
        const index = YAML.parse(before).quotes.findIndex((/** @type {{ id: string }} */ q) => q.id === 'q-0fix002');
        doc.setIn(['quotes', index, 'cue'], 'answered');
        fs.writeFileSync(sidecar, doc.toString());
        await runCommand(page, 'Seed Annotator: Undo Annotation Change');
        await waitFor(() => nameOf() === 'Ada Voss', { timeoutMs: STEP_TIMEOUT, message: 'Undo to give the actor its name back' }).catch(async (error) => {
          const toasts = (await page.locator('.notification-toast').allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ');
          throw new Error(`${messageOf(error)} (notifications: ${toasts || 'none'})`);
        });
        const cue = (bridgeSidecar(workspace).quotes ?? []).find((q) => q.id === 'q-0fix002')?.cue;
        if (cue !== 'answered') throw new Error(`the sidecar's own change should be kept: cue ${cue}`);
      },
    },
    {
      name: 'problems-panel',
      title: 'the Problems panel lists the impossible date of a document never opened and the orphaned sidecar',
      async run({ page }) {
        await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
        const panel = page.locator('.markers-panel');
        let shown = '';
        await waitFor(async () => {
          shown = (await panel.innerText().catch(() => '')).replace(/\s+/g, ' ');
          return /impossible\.txt/.test(shown) && /2023-02-30/.test(shown) && /gone\.annotations\.yaml/.test(shown);
        }, { timeoutMs: 3 * STEP_TIMEOUT, message: 'impossible.txt with its date and gone.annotations.yaml in the Problems panel' }).catch((error) => {
          throw new Error(`${messageOf(error)}; the panel shows: ${shown.slice(0, 600)}`);
        });
      },
    },
  ],
};
