// Undo of the corpus-wide and suggested changes, driven like a user (issue 18, “Undo and
// redo”), on short documents written for this test (invented people and words, never news
// text):
//   - Tag All Mentions, then Ctrl+Z in the article untags every place it tagged, Ctrl+Y
//     tags them again;
//   - a quote suggestion accepted with Ctrl+. is untagged by Ctrl+Z;
//   - Merge Actor Into… with its preview diff: the diff tab closes on Apply, Ctrl+Z in the
//     article un-merges, and no stale preview is left;
//   - Relocate to the Selection with nothing selected says what to do and changes nothing;
//   - Relocate to the selection with Ctrl+., undone with Ctrl+Z in the article and redone
//     with Ctrl+Y.
// Every step checks the sidecar or the registry on disk and what the window shows.
import fs from 'node:fs';
import path from 'node:path';
import {
  pickQuickPickItem,
  STEP_TIMEOUT,
  YAML,
  activeEditor,
  decorationsOnLine,
  literally,
  openFile,
  quickInput,
  quickInputVisible,
  registryActors,
  runCommand,
  selectText,
  showSeedAnnotator,
  toast,
  treeRows,
  viewPane,
  waitFor,
  waitForEditorKeyboard,
} from './helpers.mjs';
import { messageOf } from '../../scripts/vscode/lib.mjs';

// Tag All Mentions: two places that are Harold Brisk.
const MENTIONS = 'mentions.txt';
const MENTIONS_TEXT = ' date 2024-04-01 The ferry plan\n\nHarold Brisk spoke first. Later Harold Brisk left the hall.\n';
// A quote the suggester finds, with a registered speaker.
const SAID = 'said.txt';
const SAID_WORDS = 'We need the money for the ferry before the winter';
const SAID_TEXT = ` date 2024-04-02 Money for the ferry\n\n“${SAID_WORDS},” Ada Voss said on Monday.\n`;
// A quote whose words are gone from the document: it needs review.
const REVIEW = 'review.txt';
const GONE = 'The ferry will sail again by the summer.';
const REVIEW_TEXT = ' date 2024-04-03 The ferry stays in port\n\nHarold Brisk said: “Nobody knows when the ferry will sail.” The port stayed shut.\n';

/** A sidecar holding one quote whose recorded words are not in the document. */
function reviewSidecar() {
  const start = REVIEW_TEXT.indexOf('Nobody');
  return YAML.stringify({
    version: 1,
    document: REVIEW,
    offsetUnit: 'codepoint',
    lineEnds: 'lf',
    quotes: [{ id: 'q-0und201', speaker: 'harold-brisk', cue: 'said', direct: true, anchor: { start, end: start + GONE.length, exact: GONE, prefix: 'Harold Brisk said: “', suffix: '” The port stayed shut.' } }],
    mentions: [],
  });
}

/** The mentions (or quotes) of a sidecar on disk; [] when there is none. */
function listed(workspace, sidecar, key) {
  const file = path.join(workspace, sidecar);
  return fs.existsSync(file) ? (YAML.parse(fs.readFileSync(file, 'utf8'))?.[key] ?? []) : [];
}

/** Waits until the sidecar lists `count` of `key`; the error shows what it lists. */
async function untilListed(workspace, sidecar, key, count, what) {
  await waitFor(() => listed(workspace, sidecar, key).length === count, { timeoutMs: STEP_TIMEOUT, message: what }).catch((error) => {
    throw new Error(`${messageOf(error)}; ${sidecar} lists ${JSON.stringify(listed(workspace, sidecar, key).map((a) => a.anchor?.exact))}`);
  });
}

/** Waits for the status bar message holding `text`. */
async function statusSays(page, text) {
  await page.locator('.statusbar-item', { hasText: text }).first().waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
    const shown = (await page.locator('.part.statusbar').innerText().catch(() => '')).replace(/\s+/g, ' ');
    throw new Error(`the status bar does not say “${text}” (it shows: ${shown.slice(0, 300)})`);
  });
}

/** Mention boxes (1px border all round) drawn on `line` of the active editor. */
async function mentionBoxes(page, line) {
  return ((await decorationsOnLine(page, line)) ?? []).filter((d) => d.borderTopWidth === '1px' && d.borderBottomWidth === '1px' && d.borderBottomStyle === 'solid');
}

/** Clicks into the article's text and waits until it has the keyboard (the keys below are editor keys). */
async function focusArticle(page) {
  await activeEditor(page).locator('.view-lines').click();
  await waitForEditorKeyboard(page);
}

/** Types `text` into the QuickPick titled `title` and accepts the active item, whose label holds `row`. */
function pickRow(page, title, text, row = text) {
  return pickQuickPickItem(page, literally(row), { title, type: text, active: true });
}

export default {
  name: 'undo2',
  title: 'undo and redo of Tag All Mentions, an accepted suggestion and Merge Actor from the article; Relocate with nothing selected',
  corpus: 'empty',
  files(workspace) {
    const write = (name, text) => fs.writeFileSync(path.join(workspace, name), text);
    fs.mkdirSync(path.join(workspace, 'actors'));
    write('actors/harold-brisk.yaml', 'name: Harold Brisk\nkind: person\n');
    write('actors/ada-voss.yaml', 'name: Ada Voss\nkind: person\n');
    write('actors/a-voss.yaml', 'name: A. Voss\nkind: person\n');
    write(MENTIONS, MENTIONS_TEXT);
    write(SAID, SAID_TEXT);
    write(REVIEW, REVIEW_TEXT);
    write('review.annotations.yaml', reviewSidecar());
  },
  steps: [
    {
      name: 'tag-all-mentions',
      title: 'Tag All Mentions in this document, then Ctrl+Z in the article untags both places and Ctrl+Y tags them again',
      async run({ page, workspace }) {
        const sidecar = 'mentions.annotations.yaml';
        await openFile(page, MENTIONS);
        await runCommand(page, 'Seed Annotator: Tag All Mentions…');
        await pickRow(page, 'which actor?', 'Harold Brisk');
        await pickRow(page, 'Tag all mentions of Harold Brisk in', 'This document');
        // Both places are checked: Enter tags them.
        await pickQuickPickItem(page, /Harold Brisk/, { title: 'Tag 2 mentions of Harold Brisk', checked: true });
        await untilListed(workspace, sidecar, 'mentions', 2, 'Tag All Mentions to write two mentions');
        await statusSays(page, 'Tagged 2 mentions of Harold Brisk');
        await waitFor(async () => (await mentionBoxes(page, 3)).length >= 2, { timeoutMs: STEP_TIMEOUT, message: 'the two mentions drawn on line 3' });
        await focusArticle(page);
        await page.keyboard.press('Control+Z');
        await untilListed(workspace, sidecar, 'mentions', 0, 'Ctrl+Z to untag both mentions');
        await statusSays(page, 'Undid: tag 2 mentions of Harold Brisk');
        await waitFor(async () => (await mentionBoxes(page, 3)).length === 0, { timeoutMs: STEP_TIMEOUT, message: 'the mention boxes to leave line 3' });
        // Ctrl+Z went to the annotation, not the text: the words are as they were.
        if (!(await activeEditor(page).locator('.view-lines').innerText()).replace(/\s+/g, ' ').includes('Later Harold Brisk left')) throw new Error('Ctrl+Z changed the article’s text');
        await page.keyboard.press('Control+Y');
        await untilListed(workspace, sidecar, 'mentions', 2, 'Ctrl+Y to tag both mentions again');
        await statusSays(page, 'Redid: tag 2 mentions of Harold Brisk');
      },
    },
    {
      name: 'suggestion',
      title: 'a quote suggestion accepted with Ctrl+. (Tag as quote by Ada Voss), then Ctrl+Z in the article untags it',
      async run({ page, workspace }) {
        const sidecar = 'said.annotations.yaml';
        await openFile(page, SAID);
        // The suggestion is drawn (dotted underline) once the language model has run.
        await waitFor(async () => ((await decorationsOnLine(page, 3)) ?? []).some((d) => d.borderBottomStyle === 'dotted'), { timeoutMs: 4 * STEP_TIMEOUT, message: 'the quote suggestion drawn on line 3' });
        await selectText(page, 'We need the money');
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'Tag as quote by Ada Voss' }).first();
        await fix.waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`Ctrl+. offered no “Tag as quote by Ada Voss” (offered: ${JSON.stringify(await page.locator('.action-widget').allInnerTexts().catch(() => []))})`);
        });
        await fix.click();
        await untilListed(workspace, sidecar, 'quotes', 1, 'the accepted suggestion written as a quote');
        const [quote] = listed(workspace, sidecar, 'quotes');
        if (quote.speaker !== 'ada-voss' || !quote.anchor.exact.startsWith(SAID_WORDS)) throw new Error(`the quote should be “${SAID_WORDS}” by ada-voss: ${JSON.stringify(quote)}`);
        // The tag says so once it is a step that Ctrl+Z undoes (it said nothing).
        await statusSays(page, 'Tagged a direct quote by Ada Voss');
        await focusArticle(page);
        await page.keyboard.press('Control+Z');
        await untilListed(workspace, sidecar, 'quotes', 0, 'Ctrl+Z to untag the accepted suggestion');
        await statusSays(page, 'Undid: tag suggested quote');
        if (!registryActors(path.join(workspace, 'actors.yaml'))['ada-voss']) throw new Error('undoing the tag removed Ada Voss, an actor it did not create');
      },
    },
    {
      name: 'merge',
      title: 'Merge A. Voss into Ada Voss: the preview diff closes on Apply; Ctrl+Z in the article un-merges, no preview tab left',
      async run({ page, workspace }) {
        const registry = path.join(workspace, 'actors.yaml');
        const actorFile = (id) => YAML.parse(fs.readFileSync(path.join(workspace, 'actors', `${id}.yaml`), 'utf8'));
        const previewTabs = page.locator('.tabs-container .tab', { hasText: '↔ after' });
        await openFile(page, SAID);
        await runCommand(page, 'Seed Annotator: Merge Actor Into…');
        await pickRow(page, 'Merge which actor?', 'A. Voss');
        await pickRow(page, 'Merge A. Voss into', 'Ada Voss');
        await pickRow(page, 'Merge A. Voss into Ada Voss', 'a-voss.yaml');
        await previewTabs.first().waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('picking the file in the preview opened no diff tab');
        });
        await pickRow(page, 'Merge A. Voss into Ada Voss', 'Apply');
        await waitFor(() => actorFile('a-voss').mergedInto === 'ada-voss' && !registryActors(registry)['a-voss'] && (actorFile('ada-voss').aliases ?? []).includes('A. Voss'), {
          timeoutMs: STEP_TIMEOUT,
          message: 'a-voss merged into ada-voss on disk, its name an alias of Ada Voss',
        });
        await waitFor(async () => (await previewTabs.count()) === 0, { timeoutMs: STEP_TIMEOUT, message: 'the preview diff tab to close after Apply' });
        // Said once the merge is a step that Ctrl+Z undoes.
        await statusSays(page, 'Merge A. Voss into Ada Voss: ');
        await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: SAID }).waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error(`${SAID} should be the active tab again once the preview closed`);
        });
        await focusArticle(page);
        await page.keyboard.press('Control+Z');
        await waitFor(() => !actorFile('a-voss').mergedInto && Boolean(registryActors(registry)['a-voss']) && !(actorFile('ada-voss').aliases ?? []).includes('A. Voss'), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Z to un-merge a-voss and take the alias back' }).catch(async (error) => {
          const toasts = (await page.locator('.notification-toast').allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ');
          throw new Error(`${messageOf(error)}; a-voss.yaml: ${JSON.stringify(actorFile('a-voss'))}, ada-voss.yaml: ${JSON.stringify(actorFile('ada-voss'))} (notifications: ${toasts || 'none'})`);
        });
        await statusSays(page, 'Undid: merge A. Voss into Ada Voss');
        if (await previewTabs.count()) throw new Error('a stale preview diff tab is open after Undo');
      },
    },
    {
      name: 'relocate-nothing-selected',
      title: 'Relocate to the Selection with nothing selected says to select the words first, shows where they were, and changes nothing',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, 'review.annotations.yaml');
        const before = fs.readFileSync(sidecar, 'utf8');
        await openFile(page, REVIEW);
        await showSeedAnnotator(page);
        const documents = viewPane(page, 'Documents').locator('.monaco-list').first();
        await waitFor(async () => (await treeRows(documents)).some((r) => r.text.includes(GONE.slice(0, 20))), { timeoutMs: 2 * STEP_TIMEOUT, message: 'the quote whose words are gone under Needs review' });
        await focusArticle(page);
        await page.keyboard.press('Control+End');
        if (await page.locator('.statusbar-item', { hasText: 'selected)' }).count()) throw new Error('the test meant to run with nothing selected');
        await runCommand(page, 'Seed Annotator: Relocate Annotation Under Review to the Selection…');
        await pickRow(page, 'which annotation?', GONE.slice(0, 16));
        const said = await toast(page, 'Select the words');
        if (!said.message.startsWith('Select the words the quote “The ferry will sail') || !/then run Relocate/.test(said.message)) throw new Error(`the message should lead with what to do: “${said.message}”`);
        // The cursor is taken to where the words last were (line 3), so that the user can select the new ones.
        await page.locator('.statusbar-item', { hasText: /Ln 3, Col/ }).first().waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('the cursor should be taken to line 3, where the quote last was');
        });
        if (fs.readFileSync(sidecar, 'utf8') !== before) throw new Error('Relocate with nothing selected changed the sidecar');
        if (await quickInputVisible(page)) throw new Error(`a QuickPick stayed open: ${await quickInput(page).innerText()}`);
      },
    },
    {
      name: 'relocate-undo',
      title: 'Relocate to the selection with Ctrl+., then Ctrl+Z in the article puts the quote back under review, and Ctrl+Y relocates it again',
      async run({ page, workspace }) {
        const NOW = 'Nobody knows when the ferry will sail.';
        const exactOnDisk = () => listed(workspace, 'review.annotations.yaml', 'quotes')[0]?.anchor.exact;
        await openFile(page, REVIEW);
        await selectText(page, NOW);
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: /^\s*Relocate to the selection\s*$/ }).first();
        await fix.waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`Ctrl+. offered no “Relocate to the selection” (offered: ${JSON.stringify(await page.locator('.action-widget').allInnerTexts().catch(() => []))})`);
        });
        await fix.click();
        await waitFor(() => exactOnDisk() === NOW, { timeoutMs: STEP_TIMEOUT, message: `Ctrl+. to move the quote to “${NOW}” on disk (it holds “${exactOnDisk()}”)` });
        // Said once the relocation is a step that Ctrl+Z undoes.
        await statusSays(page, 'Relocated');
        await focusArticle(page);
        await page.keyboard.press('Control+Z');
        await waitFor(() => exactOnDisk() === GONE, { timeoutMs: STEP_TIMEOUT, message: `Ctrl+Z in the article to put back the recorded words “${GONE}” (the sidecar holds “${exactOnDisk()}”)` });
        await statusSays(page, 'Undid: move quote');
        await showSeedAnnotator(page);
        const documents = viewPane(page, 'Documents').locator('.monaco-list').first();
        await waitFor(async () => (await treeRows(documents)).some((r) => r.text.includes(GONE.slice(0, 20))), { timeoutMs: STEP_TIMEOUT, message: 'the quote back under Needs review' });
        await focusArticle(page);
        await page.keyboard.press('Control+Y');
        await waitFor(() => exactOnDisk() === NOW, { timeoutMs: STEP_TIMEOUT, message: `Ctrl+Y to relocate the quote again (the sidecar holds “${exactOnDisk()}”)` });
      },
    },
  ],
};
