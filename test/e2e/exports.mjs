// Export Quotes… never writes into the corpus (issue 18, item 9): on the annotated seeds, the
// command is run from the palette, the format picked in its QuickPick, and the save dialog must
// start outside the corpus (in ~/Downloads, a HOME made for this suite); the toast names the full
// path and the number of quotes (and mentions), and offers Open and Reveal; brat's copies go to a
// new folder, and a folder inside the corpus is refused. No corpus file may change.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STEP_TIMEOUT, closeQuickInput, quickInput, quickInputBox, showSeedAnnotator, startExport, toast, waitFor, YAML } from './helpers.mjs';

/** Every file of the workspace with a hash of its bytes. */
function snapshot(workspace) {
  const files = {};
  for (const name of fs.readdirSync(workspace, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(workspace, name);
    if (name.split(path.sep).some((s) => s.startsWith('.'))) continue;
    if (fs.statSync(full).isFile()) files[name] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  }
  return files;
}

/** Quotes and mentions of the seeds' sidecars. */
function counts(workspace) {
  let quotes = 0;
  let mentions = 0;
  for (const name of fs.readdirSync(workspace).filter((n) => n.endsWith('.annotations.yaml'))) {
    const data = YAML.parse(fs.readFileSync(path.join(workspace, name), 'utf8'));
    quotes += (data.quotes ?? []).length;
    mentions += (data.mentions ?? []).length;
  }
  return { quotes, mentions };
}

export default {
  name: 'exports',
  title: 'Export Quotes…: the dialog starts outside the corpus, the toast names the path and the counts, nothing in the corpus changes',
  corpus: 'full',
  home: true,
  async setup(state) {
    state.before = snapshot(state.workspace);
    state.counts = counts(state.workspace);
  },
  steps: [
    {
      name: 'csv',
      title: 'CSV: the save dialog proposes ~/Downloads/quotes.csv; the toast says “Exported N quotes as CSV to <full path>.” with Open and Reveal; Open shows the file',
      async run({ page, home, counts: n }) {
        await showSeedAnnotator(page);
        const proposed = await startExport(page, 'CSV');
        const expected = path.join(home, 'Downloads', 'quotes.csv');
        if (proposed.replace(/^~/, home) !== expected) throw new Error(`the save dialog proposed ${proposed}, not ${expected}`);
        await page.keyboard.press('Enter');
        const { item, message, buttons } = await toast(page, 'Exported');
        const want = `Exported ${n.quotes} quotes as CSV to ${expected}.`;
        if (message !== want) throw new Error(`the toast says “${message}”, not “${want}”`);
        if (buttons.join(',') !== 'Open,Reveal') throw new Error(`the toast offers ${buttons.join(', ') || 'nothing'}, not Open and Reveal`);
        const csv = fs.readFileSync(expected, 'utf8').split('\r\n').filter(Boolean);
        if (csv.length !== n.quotes + 1) throw new Error(`quotes.csv holds ${csv.length - 1} rows, not ${n.quotes}`);
        await item.locator('.monaco-button', { hasText: 'Open' }).click();
        await page.locator('.editor-group-container.active .tabs-container .tab.active', { hasText: 'quotes.csv' }).waitFor({ timeout: STEP_TIMEOUT });
      },
    },
    {
      name: 'brat',
      title: 'brat: a new folder beside the last export, never the corpus; the toast counts quotes and mentions',
      async run({ page, home, counts: n }) {
        const proposed = (await startExport(page, 'brat standoff')).replace(/^~/, home);
        const expected = path.join(home, 'Downloads', 'workspace-brat');
        if (proposed !== expected) throw new Error(`the dialog proposed ${proposed}, not ${expected}`);
        await page.keyboard.press('Enter');
        const { message, buttons } = await toast(page, 'brat standoff to');
        const want = `Exported ${n.quotes} quotes and ${n.mentions} actor mentions (${n.quotes + n.mentions} annotations) as brat standoff to ${expected}.`;
        if (message !== want) throw new Error(`the toast says “${message}”, not “${want}”`);
        if (buttons.join(',') !== 'Open,Reveal') throw new Error(`the toast offers ${buttons.join(', ')}`);
        const anns = fs.readdirSync(expected).filter((f) => f.endsWith('.ann'));
        if (anns.length !== 2 || !fs.existsSync(path.join(expected, 'annotation.conf'))) throw new Error(`the brat folder holds ${fs.readdirSync(expected).join(', ')}`);
      },
    },
    {
      name: 'refused',
      title: 'brat into a folder inside the corpus is refused with a message that says what to do; no corpus file changed',
      async run({ page, workspace, before }) {
        await startExport(page, 'brat standoff');
        const target = path.join(workspace, 'brat');
        await quickInputBox(page).fill(target);
        // The dialog checks a typed path before it takes OK: press it until the dialog closes.
        await waitFor(async () => {
          if (!(await quickInput(page).isVisible())) return true;
          if ((await quickInputBox(page).inputValue()) !== target) await quickInputBox(page).fill(target);
          await quickInput(page).getByRole('button', { name: 'OK' }).click().catch(() => {});
          return !(await quickInput(page).isVisible());
        }, { timeoutMs: STEP_TIMEOUT, intervalMs: 1000, message: 'the dialog to take the folder inside the corpus' });
        const { message } = await toast(page, 'Nothing was exported');
        if (!/goes to a new folder outside the corpus/.test(message) || !/Choose another folder/.test(message)) throw new Error(`the refusal says “${message}”`);
        await closeQuickInput(page);
        const after = snapshot(workspace);
        const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((f) => before[f] !== after[f]);
        if (changed.length) throw new Error(`corpus files changed: ${changed.join(', ')}`);
      },
    },
  ],
};
