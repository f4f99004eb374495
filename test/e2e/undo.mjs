// Undo of a tag from the keyboard the user already uses: Ctrl+Z in the article right
// after Tag Quote removes the tag (and the actor it created), Ctrl+Shift+Z brings it back.
// Remove Annotation (Ctrl+Alt+Backspace) says what it removed in words, offers to remove
// the actor the tag created and left unused, and Ctrl+Alt+Z undoes both, one step each
// (issue 18, item 2: Remove had no undo, said “Removed q-…”, and left the actor behind).
// Typing, then tagging: the first Ctrl+Z undoes the tag (it undid the typing and left the tag),
// the second the typing.
import path from 'node:path';
import { STEP_TIMEOUT, activeEditor, fileHolds, openFile, registryActors, selectText, tagQuote, toast, waitFor, waitForEditorKeyboard } from './helpers.mjs';

const DOC = '002_ee4912a3b61f8db2.txt';
const SIDECAR = '002_ee4912a3b61f8db2.annotations.yaml';
const QUOTE = 'Ukraine fatigue is a real thing for some of our partners.';
const SPEAKER = 'Undo Tester';
const KREMLIN = 'the Kremlin is responsible for the escalation of the war';

export default {
  name: 'undo',
  title: 'Ctrl+Z right after Tag Quote undoes the tag, Ctrl+Shift+Z redoes it',
  corpus: 'txt',
  steps: [
    {
      name: 'ctrl-z',
      title: 'Ctrl+Z in the article undoes the tag and the actor it created; Ctrl+Shift+Z redoes both',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, SIDECAR);
        const registry = path.join(workspace, 'actors.yaml');
        await openFile(page, DOC);
        await tagQuote(page, { quote: QUOTE, speaker: SPEAKER, sidecar });
        if (!registryActors(registry)['undo-tester']) throw new Error('the new speaker is not in the registry');
        // The tag is over (and Ctrl+Z bound to it) once the status bar says so; the QuickPick gives the keyboard back to the article.
        await page.locator('.statusbar-item', { hasText: `quote by ${SPEAKER}` }).first().waitFor({ timeout: STEP_TIMEOUT });
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Z');
        await waitFor(() => !fileHolds(sidecar, QUOTE.slice(0, 40)), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Z to remove the tagged quote from the sidecar' });
        await waitFor(() => !registryActors(registry)['undo-tester'], { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Z to remove the actor the tag created' });
        await page.locator('.statusbar-item', { hasText: 'Undid: tag quote' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Shift+Z');
        await waitFor(() => fileHolds(sidecar, QUOTE.slice(0, 40)) && Boolean(registryActors(registry)['undo-tester']), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Shift+Z to tag the quote again' });
      },
    },
    {
      name: 'remove-undo',
      title: 'Remove Annotation says what it removed, offers to remove the actor the tag created; Ctrl+Alt+Z undoes the actor removal, then the remove',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, SIDECAR);
        const registry = path.join(workspace, 'actors.yaml');
        await selectText(page, 'Ukraine fatigue');
        await page.keyboard.press('Control+Alt+Backspace');
        await waitFor(() => !fileHolds(sidecar, QUOTE.slice(0, 40)), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Alt+Backspace to remove the quote from the sidecar' });
        const status = page.locator('.statusbar-item', { hasText: 'Removed quote' }).first();
        await status.waitFor({ timeout: STEP_TIMEOUT });
        const said = (await status.innerText()).replace(/\s+/g, ' ');
        if (!said.includes(`“Ukraine fatigue`) || !said.includes(SPEAKER) || /\bq-[0-9a-z]{5,}/.test(said)) throw new Error(`the status bar should name the quote and its speaker, never an id: “${said}”`);
        const offer = await toast(page, `${SPEAKER} has no quotes or mentions left`);
        if (!offer.buttons.includes('Remove Actor')) throw new Error(`the offer has no Remove Actor button: ${JSON.stringify(offer)}`);
        await offer.item.locator('.monaco-button', { hasText: 'Remove Actor' }).click();
        await waitFor(() => !registryActors(registry)['undo-tester'], { timeoutMs: STEP_TIMEOUT, message: 'Remove Actor to remove the unused actor from the registry' });
        await activeEditor(page).locator('.view-lines').click();
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Alt+Z');
        await waitFor(() => Boolean(registryActors(registry)['undo-tester']), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Alt+Z to bring the removed actor back' });
        if (fileHolds(sidecar, QUOTE.slice(0, 40))) throw new Error('one Ctrl+Alt+Z undid both the actor removal and the remove');
        await page.keyboard.press('Control+Alt+Z');
        await waitFor(() => fileHolds(sidecar, QUOTE.slice(0, 40)), { timeoutMs: STEP_TIMEOUT, message: 'a second Ctrl+Alt+Z to bring the removed quote back' });
      },
    },
    {
      name: 'typed-then-tag',
      title: 'typing, then Tag Quote: the first Ctrl+Z undoes the tag and keeps the typing, the second undoes the typing',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, SIDECAR);
        const lines = activeEditor(page).locator('.view-lines');
        await selectText(page, 'Earlier on October 3');
        await page.keyboard.press('ArrowLeft');
        await page.keyboard.type('Q');
        await waitFor(async () => (await lines.innerText()).includes('QEarlier'), { timeoutMs: STEP_TIMEOUT, message: '“Q” typed before “Earlier”' });
        await tagQuote(page, { quote: KREMLIN, speaker: SPEAKER, sidecar });
        await page.locator('.statusbar-item', { hasText: `quote by ${SPEAKER}` }).first().waitFor({ timeout: STEP_TIMEOUT });
        await waitForEditorKeyboard(page);
        await page.keyboard.press('Control+Z');
        await waitFor(() => !fileHolds(sidecar, KREMLIN), { timeoutMs: STEP_TIMEOUT, message: 'the first Ctrl+Z to remove the tag' });
        if (!(await lines.innerText()).includes('QEarlier')) throw new Error('the first Ctrl+Z undid the typing too');
        await page.keyboard.press('Control+Z');
        await waitFor(async () => !(await lines.innerText()).includes('QEarlier'), { timeoutMs: STEP_TIMEOUT, message: 'the second Ctrl+Z to undo the typing' });
        if (fileHolds(sidecar, KREMLIN)) throw new Error('the second Ctrl+Z brought the tag back');
      },
    },
  ],
};
