// Restricted Mode: the folder is opened with workspace trust on and the user
// answers "No, I don't trust the authors". The extension declares
// `capabilities.untrustedWorkspaces.supported: true`, so it must keep working:
// the Documents view, the CodeLens and Tag Quote.
import fs from 'node:fs';
import path from 'node:path';
import {
  STEP_TIMEOUT,
  activeEditor,
  expandAll,
  describeTree,
  log,
  openFile,
  restrictedModeItem,
  showSeedAnnotator,
  sidecarQuotes,
  tagQuote,
  treeRows,
  waitFor,
  waitForQuoteHighlight,
} from './helpers.mjs';

const DOC = '000_ce07b70b4b1d5ccc.txt';
const SIDECAR = '000_ce07b70b4b1d5ccc.annotations.yaml';
const QUOTE = 'the authorities of the Russian Federation are trying to conduct behind-the-scenes negotiations on Ukraine';
const SPEAKER = 'Alexey Arestovich';
const LINE = 23;

export default {
  name: 'restricted',
  title: 'Restricted Mode (untrusted folder): the extension still lists, lenses and tags',
  corpus: 'txt',
  trusted: false,
  steps: [
    {
      name: 'dont-trust',
      title: 'answering "No, I don\'t trust the authors" puts the window in Restricted Mode',
      async run({ page }) {
        const dialog = page.locator('.monaco-dialog-box');
        const noButton = dialog.locator('.monaco-button', { hasText: /don.t trust|^No\b/i }).first();
        // The trust prompt is modal; Restricted Mode is shown once it is answered.
        const seen = await waitFor(async () => ((await noButton.isVisible().catch(() => false)) ? 'dialog' : (await restrictedModeItem(page).isVisible().catch(() => false)) ? 'restricted' : false), {
          timeoutMs: 60_000,
          message: 'the workspace trust prompt or the Restricted Mode indicator',
        });
        if (seen === 'dialog') {
          const question = (await dialog.innerText()).replace(/\s+/g, ' ').slice(0, 160);
          log(`  trust prompt: ${question}`);
          await noButton.click();
          await dialog.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
        } else {
          log('  no trust prompt was shown (the folder started untrusted)');
        }
        await restrictedModeItem(page).waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(() => {
          throw new Error('the status bar shows no "Restricted Mode" item after not trusting the folder');
        });
        const banner = page.locator('.part.banner', { hasText: /Restricted Mode/ });
        log(`  status bar: "${(await restrictedModeItem(page).innerText()).trim()}"; banner: ${(await banner.isVisible().catch(() => false)) ? `"${(await banner.innerText()).replace(/\s+/g, ' ').slice(0, 100)}"` : 'not shown'}`);
      },
    },
    {
      name: 'declares-support',
      title: 'the installed extension declares capabilities.untrustedWorkspaces.supported: true',
      async run({ server }) {
        const installed = fs.readdirSync(server.extensionsDir).find((name) => name.startsWith('seedlab.seed-annotator-'));
        if (!installed) throw new Error(`seedlab.seed-annotator is not installed in ${server.extensionsDir}`);
        const manifest = JSON.parse(fs.readFileSync(path.join(server.extensionsDir, installed, 'package.json'), 'utf8'));
        const support = manifest.capabilities?.untrustedWorkspaces;
        if (support?.supported !== true) throw new Error(`capabilities.untrustedWorkspaces is ${JSON.stringify(support)}`);
      },
    },
    {
      name: 'documents-view',
      title: 'in Restricted Mode the Documents view lists both documents',
      async run({ page }) {
        await showSeedAnnotator(page);
        const tree = page.locator('[id="workbench.view.extension.seedAnnotator"] .pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
        await tree.waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(async () => {
          const text = (await page.locator('[id="workbench.view.extension.seedAnnotator"]').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
          throw new Error(`the Documents view shows no tree in Restricted Mode; it shows: "${text}"`);
        });
        await expandAll(tree);
        const rows = await treeRows(tree);
        for (const stem of ['000_ce07b70b4b1d5ccc', '002_ee4912a3b61f8db2']) {
          if (!rows.some((row) => row.expanded === null && row.label.includes(stem))) throw new Error(`document ${stem} is not listed; the tree shows:\n${describeTree(rows)}`);
        }
        if (!(await restrictedModeItem(page).isVisible())) throw new Error('Restricted Mode is no longer shown');
      },
    },
    {
      name: 'codelens',
      title: `in Restricted Mode ${DOC} shows its date CodeLens`,
      async run({ page }) {
        await openFile(page, DOC);
        const lens = activeEditor(page).locator('.codelens-decoration', { hasText: /Saturday.*4 November 2023/ }).first();
        await lens.waitFor({ state: 'visible', timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`no "Saturday, 4 November 2023" CodeLens (lenses: ${JSON.stringify(await activeEditor(page).locator('.codelens-decoration').allInnerTexts())})`);
        });
      },
    },
    {
      name: 'tag-quote',
      title: 'in Restricted Mode Tag Quote writes the sidecar and highlights the quote',
      async run({ page, workspace }) {
        const sidecar = path.join(workspace, SIDECAR);
        await tagQuote(page, { quote: QUOTE, speaker: SPEAKER, sidecar });
        const quotes = sidecarQuotes(sidecar);
        if (!quotes.some((q) => q.exact === QUOTE)) throw new Error(`${SIDECAR} lacks the quote: ${JSON.stringify(quotes)}`);
        await page.keyboard.press('Control+End');
        await waitForQuoteHighlight(page, LINE);
        if (!(await restrictedModeItem(page).isVisible())) throw new Error('Restricted Mode is no longer shown');
      },
    },
  ],
};
