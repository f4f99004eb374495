// An empty folder: the views say how to start (viewsWelcome), and a seed
// document written into the folder from outside VS Code appears in the tree.
import fsp from 'node:fs/promises';
import path from 'node:path';
import { STEP_TIMEOUT, showSeedAnnotator, viewPane, waitFor } from './helpers.mjs';

export default {
  name: 'empty',
  title: 'an empty folder: welcome text in both views, then a document written outside appears',
  corpus: 'empty',
  steps: [
    {
      name: 'welcome',
      title: 'the Documents and Actors views explain how to start when there is nothing yet',
      async run({ page }) {
        await showSeedAnnotator(page);
        const documents = viewPane(page, 'Documents');
        await documents.getByText('No seed documents in this workspace yet.').waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        await documents.getByText('first line reads “ date YYYY-MM-DD”', { exact: false }).first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        const actors = viewPane(page, 'Actors');
        await actors.getByText('No actors yet.', { exact: false }).waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
        // Welcome texts render links and buttons only: no stray Markdown, and no Open Folder in an open folder.
        for (const pane of [documents, actors]) {
          const text = await pane.innerText();
          if (/\*\*|`/.test(text)) throw new Error(`raw Markdown in a welcome text: ${text.replace(/\s+/g, ' ')}`);
        }
        if (await documents.getByRole('button', { name: 'Open Folder' }).isVisible().catch(() => false)) throw new Error('“Open Folder” is offered although a folder is open');
      },
    },
    {
      name: 'first-document',
      title: 'a seed document written from outside replaces the welcome with its year group',
      async run({ page, workspace }) {
        await fsp.mkdir(path.join(workspace, 'desk'), { recursive: true });
        await fsp.writeFile(path.join(workspace, 'desk', 'first.txt'), ' date 2025-03-14 First story of the desk\n\nIt begins here.\n');
        const documents = viewPane(page, 'Documents');
        await waitFor(async () => (await documents.locator('.monaco-list-row', { hasText: '2025' }).count()) > 0, {
          timeoutMs: STEP_TIMEOUT,
          message: 'the 2025 group in the Documents view',
        });
        const welcome = await documents.getByText('No seed documents in this workspace yet.').isVisible().catch(() => false);
        if (welcome) throw new Error('the welcome text is still shown next to a document');
      },
    },
  ],
};
