// Undo of a tag from the keyboard the user already uses: Ctrl+Z in the article right
// after Tag Quote removes the tag (and the actor it created), Ctrl+Shift+Z brings it back.
import path from 'node:path';
import { STEP_TIMEOUT, fileHolds, openFile, registryActors, tagQuote, waitFor } from './helpers.mjs';

const DOC = '002_ee4912a3b61f8db2.txt';
const SIDECAR = '002_ee4912a3b61f8db2.annotations.yaml';
const QUOTE = 'Ukraine fatigue is a real thing for some of our partners.';
const SPEAKER = 'Undo Tester';

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
        await page.keyboard.press('Control+Z');
        await waitFor(() => !fileHolds(sidecar, QUOTE.slice(0, 40)), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Z to remove the tagged quote from the sidecar' });
        await waitFor(() => !registryActors(registry)['undo-tester'], { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Z to remove the actor the tag created' });
        await page.locator('.statusbar-item', { hasText: 'Undid: tag quote' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await page.keyboard.press('Control+Shift+Z');
        await waitFor(() => fileHolds(sidecar, QUOTE.slice(0, 40)) && Boolean(registryActors(registry)['undo-tester']), { timeoutMs: STEP_TIMEOUT, message: 'Ctrl+Shift+Z to tag the quote again' });
      },
    },
  ],
};
