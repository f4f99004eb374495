// Editing a tag in place on the annotated seeds, driven like a user: Ctrl+Alt+E on a
// quote changes its speaker (then Ctrl+Z / Ctrl+Shift+Z), cue, direct or indirect and
// span (to the selection); on a mention, its actor; the hover's Edit link, the header
// CodeLens and the Actors view's Edit reach the same menu; Tag Quote on a tagged quote
// offers the edit. Every step checks the sidecar on disk.
//
// Every wait is on a condition with a deadline: before its first key the suite waits until
// the extension is active and has drawn the document's annotations, and before each key
// until the widget that takes it has the keyboard (a fresh window's first key, pressed
// early on a loaded machine, was lost).
import path from 'node:path';
import fs from 'node:fs';
import {
  pickQuickPickItem,
  STEP_TIMEOUT,
  TAG_QUOTE_TITLE,
  YAML,
  activeEditor,
  hoverQuote,
  openFile,
  quickInput,
  quickInputBox,
  quickInputVisible,
  runCommand,
  selectText,
  setPaneExpanded,
  showSeedAnnotator,
  viewPane,
  quoteHighlightsOnLine,
  waitFor,
  waitForEditorKeyboard,
} from './helpers.mjs';
import { messageOf } from '../../scripts/vscode/lib.mjs';

const DOC = '002_ee4912a3b61f8db2.txt';
const SIDECAR = '002_ee4912a3b61f8db2.annotations.yaml';
// Ids of the committed seed sidecar.
const FATIGUE = 'q-1jq0ho8'; // “Ukraine fatigue is a real thing for some of our partners.” (anonymous US official, told, direct)
const OPENING = 'q-0xfskwa'; // “The United States government is engaging in private discussions …” (The Washington Post, according to)
const KREMLIN = 'q-1i2ldlk'; // “the Kremlin is responsible for the escalation of the war” (State Department spokesperson, said, indirect)
const THE_POST = 'm-0pud6vi'; // “the Post”, a mention of The Washington Post
const MISTAKE = 'q-12qb028'; // “incredibly serious mistake” (Joe Biden, warned, direct)
const KREMLIN_TEXT = 'the Kremlin is responsible for the escalation of the war';
// “The United States government is engaging in private discussions with Ukraine and …”, OPENING, holds the mention “United States”.
const OPENING_TEXT = 'The United States government is engaging in private discussions with Ukraine and attempting to convince the war-torn country';
/** An internal annotation id, which no message or picker may show. */
const ID = /\b[qm]-[0-9a-z]{7}\b/;

/** The annotation with this id in the workspace's sidecar, as on disk. */
function onDisk(workspace, id) {
  const data = YAML.parse(fs.readFileSync(path.join(workspace, SIDECAR), 'utf8')) ?? {};
  return [...(data.quotes ?? []), ...(data.mentions ?? [])].find((a) => a.id === id);
}

/** Waits until the annotation on disk satisfies `test`; the error shows what is there. */
async function untilOnDisk(workspace, id, test, what) {
  await waitFor(() => {
    const a = onDisk(workspace, id);
    return a && test(a);
  }, { timeoutMs: STEP_TIMEOUT, message: what }).catch((error) => {
    throw new Error(`${messageOf(error)}; ${SIDECAR} holds ${JSON.stringify(onDisk(workspace, id) ?? null).slice(0, 300)}`);
  });
}

/** Waits for a QuickPick or InputBox whose title includes `title` and which has the keyboard. */
async function waitForInput(page, title) {
  const heading = quickInput(page).locator('.quick-input-title');
  await waitFor(async () => (await quickInputVisible(page)) && ((await heading.textContent().catch(() => '')) ?? '').includes(title) && (await quickInputBox(page).evaluate((el) => el === document.activeElement)), {
    timeoutMs: STEP_TIMEOUT,
    message: `a QuickPick titled “…${title}…”`,
  }).catch(async (error) => {
    const shown = (await quickInputVisible(page)) ? ((await heading.textContent().catch(() => '')) ?? '') : 'none';
    const toasts = (await page.locator('.notification-toast').allInnerTexts().catch(() => [])).join(' | ').replace(/\s+/g, ' ');
    throw new Error(`${messageOf(error)} (QuickPick shown: “${shown}”; notifications: ${toasts || 'none'})`);
  });
}

/** Types `label` into the QuickPick titled `title` and accepts the item whose label starts with it. */
function choose(page, title, label) {
  return pickQuickPickItem(page, new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), { title, type: label });
}

/** Picks a known actor (never the “new actor” row) in the actor picker titled “Speaker of …” or “Actor mentioned as …”. */
function pickKnownActor(page, name, title) {
  return pickQuickPickItem(page, name, { title, type: name, unless: /new actor/ });
}

/** Types a new value into the open InputBox titled `title` and presses Enter. */
async function answerInput(page, title, value) {
  await waitForInput(page, title);
  await page.keyboard.press('Control+A');
  await page.keyboard.type(value);
  await waitFor(async () => (await quickInputBox(page).inputValue()) === value, { timeoutMs: STEP_TIMEOUT, message: `“${value}” typed` });
  await page.keyboard.press('Enter');
}

/** How long a fresh window may take to list the folder, open the first document and activate the extension. */
const FIRST_TIMEOUT = 4 * STEP_TIMEOUT;

/**
 * Opens the document (unless it is the active tab): from the Explorer when it lists it,
 * else with Quick Open (a fresh window's first Quick Open can take long to list the files
 * on a loaded machine, its Explorer too: whichever comes first).
 */
async function openDoc(page) {
  const tab = page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: DOC });
  if (!(await tab.isVisible().catch(() => false))) {
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: DOC }).first();
    if (await row.waitFor({ timeout: STEP_TIMEOUT }).then(() => true, () => false)) {
      // The label, not the twistie (the sidecar is nested under its document).
      await row.locator('.monaco-icon-label').first().click();
    } else {
      await openFile(page, DOC);
    }
    await tab.waitFor({ timeout: FIRST_TIMEOUT }).catch(() => {
      throw new Error(`${DOC} did not become the active tab within ${FIRST_TIMEOUT / 1000}s`);
    });
  }
  await activeEditor(page).locator('.view-lines').waitFor({ timeout: FIRST_TIMEOUT });
  await annotationsDrawn(page);
}

/**
 * Waits until the extension is active and has drawn the document's annotations: quote
 * highlights in the text and the header's “Edit annotation…” CodeLens. A key pressed
 * before that is lost.
 */
async function annotationsDrawn(page) {
  await waitFor(async () => {
    for (let line = 1; line <= 12; line++) if ((await quoteHighlightsOnLine(page, line)).length) return true;
    return false;
  }, { timeoutMs: FIRST_TIMEOUT, message: `the quote highlights of ${DOC} (the extension active, its sidecar read)` });
  await activeEditor(page).locator('.codelens-decoration a', { hasText: 'Edit annotation' }).first().waitFor({ timeout: FIRST_TIMEOUT }).catch(() => {
    throw new Error(`no “Edit annotation…” CodeLens on ${DOC} within ${FIRST_TIMEOUT / 1000}s`);
  });
}

/** Selects `text` in the document and opens the Edit menu with Ctrl+Alt+E. */
async function editAt(page, text) {
  await openDoc(page);
  await selectText(page, text);
  await waitForEditorKeyboard(page);
  await page.keyboard.press('Control+Alt+E');
}

export default {
  name: 'edit',
  title: 'Edit Annotation: speaker, cue, direct, span, a mention’s actor; from the keys, the hover, the CodeLens, the Actors view and Tag Quote',
  corpus: 'full',
  steps: [
    {
      name: 'speaker',
      title: 'Ctrl+Alt+E → Change speaker… → Joe Biden changes the quote’s speaker; Ctrl+Z and Ctrl+Shift+Z undo and redo it',
      async run({ page, workspace }) {
        await editAt(page, 'a real thing');
        await choose(page, 'Edit quote', 'Change speaker');
        await pickKnownActor(page, 'Joe Biden', 'Speaker of');
        await untilOnDisk(workspace, FATIGUE, (q) => q.speaker === 'joe-biden', 'the speaker to be joe-biden');
        // The edit is over (and Ctrl+Z bound to it) once the status bar says so.
        await page.locator('.statusbar-item', { hasText: 'Speaker is now Joe Biden' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Z');
        await untilOnDisk(workspace, FATIGUE, (q) => q.speaker === 'anonymous-us-official', 'Ctrl+Z to give the quote its speaker back');
        await page.keyboard.press('Control+Shift+Z');
        await untilOnDisk(workspace, FATIGUE, (q) => q.speaker === 'joe-biden', 'Ctrl+Shift+Z to change the speaker again');
      },
    },
    {
      name: 'cue',
      title: 'Ctrl+Alt+E → Change cue… → “admitted” changes the cue',
      async run({ page, workspace }) {
        await editAt(page, 'a real thing');
        await choose(page, 'Edit quote', 'Change cue');
        await answerInput(page, 'Cue of', 'admitted');
        await untilOnDisk(workspace, FATIGUE, (q) => q.cue === 'admitted', 'the cue to be “admitted”');
      },
    },
    {
      name: 'direct',
      title: 'Ctrl+Alt+E → Make it indirect turns the direct quote into a paraphrase',
      async run({ page, workspace }) {
        await editAt(page, 'a real thing');
        await choose(page, 'Edit quote', 'Make it indirect');
        await untilOnDisk(workspace, FATIGUE, (q) => q.direct === false, 'the quote to be indirect');
      },
    },
    {
      name: 'span',
      title: 'select fewer words, Ctrl+Alt+E → Set the span to the selection shortens the quote',
      async run({ page, workspace }) {
        await editAt(page, 'Ukraine fatigue is a real thing');
        await choose(page, 'Edit quote', 'Set the span to the selection');
        await untilOnDisk(workspace, FATIGUE, (q) => q.anchor.exact === 'Ukraine fatigue is a real thing', 'the quote to cover “Ukraine fatigue is a real thing”');
      },
    },
    {
      name: 'mention-actor',
      title: 'Ctrl+Alt+E on the mention “the Post” → Change actor… → NBC News',
      async run({ page, workspace }) {
        await editAt(page, 'the Post');
        await choose(page, 'Edit mention', 'Change actor');
        await pickKnownActor(page, 'NBC News', 'Actor mentioned as');
        await untilOnDisk(workspace, THE_POST, (m) => m.actor === 'nbc-news', 'the mention to name nbc-news');
      },
    },
    {
      name: 'tag-quote-tagged',
      title: 'Tag Quote on a tagged quote offers the edit: Make it direct',
      async run({ page, workspace }) {
        await openDoc(page);
        await selectText(page, KREMLIN_TEXT);
        await runCommand(page, TAG_QUOTE_TITLE);
        // Item 10: it said only “This quote is already tagged (q-0rstoxx)”, an internal id.
        await waitForInput(page, 'already tagged');
        const title = (await quickInput(page).locator('.quick-input-title').innerText()).replace(/\s+/g, ' ');
        if (ID.test(title) || !title.includes('State Department spokesperson')) throw new Error(`the title should name the speaker, never an id: “${title}”`);
        await choose(page, 'already tagged', 'Make it direct');
        await untilOnDisk(workspace, KREMLIN, (q) => q.direct === true, 'the tagged quote to become direct');
      },
    },
    {
      name: 'hover-edit',
      title: 'the hover’s Edit… link opens the Edit menu of the quote under the mouse',
      async run({ page, workspace }) {
        await openDoc(page);
        await activeEditor(page).locator('.view-lines').click();
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Home');
        const before = YAML.parse(fs.readFileSync(path.join(workspace, SIDECAR), 'utf8')).quotes;
        const hover = await hoverQuote(page, 5, 'State Department spokesperson');
        // Quotes come before mentions in the hover: the first Edit link is the quote's.
        await hover.locator('a', { hasText: 'Edit' }).first().click();
        await choose(page, 'Edit quote', 'Make it');
        await waitFor(() => {
          const after = YAML.parse(fs.readFileSync(path.join(workspace, SIDECAR), 'utf8')).quotes;
          return after.filter((q) => before.find((b) => b.id === q.id)?.direct !== q.direct).length === 1;
        }, { timeoutMs: STEP_TIMEOUT, message: 'one quote on line 5 to switch between direct and indirect' });
      },
    },
    {
      name: 'codelens-edit',
      title: 'the header CodeLens “Edit annotation…” edits the quote under the cursor: cue “reported”',
      async run({ page, workspace }) {
        await openDoc(page);
        await selectText(page, 'engaging in private discussions');
        const lens = activeEditor(page).locator('.codelens-decoration a', { hasText: 'Edit annotation' }).first();
        await lens.waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`no “Edit annotation…” CodeLens; lenses: ${JSON.stringify(await activeEditor(page).locator('.codelens-decoration').allInnerTexts())}`);
        });
        await lens.click();
        await choose(page, 'Edit quote', 'Change cue');
        await answerInput(page, 'Cue of', 'reported');
        await untilOnDisk(workspace, OPENING, (q) => q.cue === 'reported', 'the cue to be “reported”');
      },
    },
    {
      name: 'actors-view-edit',
      title: 'the Actors view’s Edit on a quote opens its document and edits it (no editor open before)',
      async run({ page, workspace }) {
        await runCommand(page, 'View: Close All Editors');
        await showSeedAnnotator(page);
        await setPaneExpanded(page, 'Documents', false);
        await setPaneExpanded(page, 'Actors', true);
        const tree = viewPane(page, 'Actors').locator('.monaco-list').first();
        const row = (text) => tree.locator('.monaco-list-row', { hasText: text }).first();
        for (const group of ['People', 'Joe Biden']) {
          await row(group).waitFor({ timeout: STEP_TIMEOUT });
          if ((await row(group).getAttribute('aria-expanded')) === 'false') await row(group).locator('.monaco-tl-twistie').click();
        }
        const quote = row('incredibly serious mistake');
        await quote.waitFor({ timeout: STEP_TIMEOUT });
        await quote.hover();
        await quote.locator('.action-label[aria-label^="Edit Annotation"]').click();
        await choose(page, 'Edit quote', 'Change cue');
        await answerInput(page, 'Cue of', 'conceded');
        await untilOnDisk(workspace, MISTAKE, (q) => q.cue === 'conceded', 'the cue to be “conceded”');
      },
    },
    {
      name: 'remove-picker',
      title: 'Ctrl+Alt+Backspace in a mention inside a quote asks which to remove: words cut at a word with “…”, the speaker, no ids',
      async run({ page, workspace }) {
        const before = fs.readFileSync(path.join(workspace, SIDECAR), 'utf8');
        await openDoc(page);
        // The cursor after “The United”: in the mention “United States” and in the quote.
        await selectText(page, 'The United');
        await page.keyboard.press('Control+Alt+Backspace');
        await waitForInput(page, 'Remove which annotation?');
        const rows = (await quickInput(page).locator('.monaco-list-row').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
        await page.keyboard.press('Escape');
        const quote = rows.find((r) => r.includes('The United States government'));
        const mention = rows.find((r) => r !== quote && r.includes('United States'));
        if (!quote || !mention || rows.some((r) => ID.test(r))) throw new Error(`the picker should show the quote and the mention, without ids: ${JSON.stringify(rows)}`);
        if (!quote.includes('The Washington Post')) throw new Error(`the quote's row should name its speaker: “${quote}”`);
        // Cut at a word boundary with an ellipsis: the text before “…” ends where a word of the quote ends.
        const cut = /“(.*)…”/.exec(quote)?.[1];
        if (!cut || !OPENING_TEXT.startsWith(cut.trimEnd()) || !/^[\s,.;:]/.test(OPENING_TEXT.slice(cut.trimEnd().length))) throw new Error(`the quote's text should be cut after a whole word, with “…”: “${quote}”`);
        if (fs.readFileSync(path.join(workspace, SIDECAR), 'utf8') !== before) throw new Error('Escape in the picker changed the sidecar');
      },
    },
    {
      name: 'type-at-end',
      title: 'typing just before the closing mark of a tagged quote extends the quote (saved: the sidecar holds the longer text)',
      async run({ page, workspace }) {
        await openDoc(page);
        // “incredibly serious mistake”: the cursor between “mistake” and the closing mark.
        await selectText(page, 'mistake”');
        await page.keyboard.press('ArrowRight');
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.type(' indeed');
        await page.keyboard.press('Control+S');
        await untilOnDisk(workspace, MISTAKE, (q) => q.anchor.exact === 'incredibly serious mistake indeed', 'the quote to read “incredibly serious mistake indeed”');
      },
    },
  ],
};
