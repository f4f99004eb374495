// A sidecar git left conflict markers in (two annotators, the same document): the
// Problems panel names the merge conflict, Resolve Merge Conflict by Annotation Id
// merges both sides by id, and the one true disagreement (the same quote, two
// speakers) is settled in its QuickPick. The sidecar is written here from the seed
// document's own text at run time.
import fs from 'node:fs';
import path from 'node:path';
import { STEP_TIMEOUT, YAML, activeEditor, openFile, pickQuickPickItem, quickInput, runCommand, waitFor } from './helpers.mjs';

const DOC = '000_ce07b70b4b1d5ccc.txt';
const SIDECAR = '000_ce07b70b4b1d5ccc.annotations.yaml';

/** The first sentences of the document as code-point spans with their text. */
function sentences(text, count) {
  const found = [];
  const re = /[A-Z][^.!?\n]{30,}[.!?]/g;
  for (let m = re.exec(text); m && found.length < count; m = re.exec(text)) {
    const start = [...text.slice(0, m.index)].length;
    const exact = m[0].slice(0, -1);
    found.push({ start, end: start + [...exact].length, exact });
  }
  return found;
}

function quote(id, speaker, s) {
  return [
    `  - id: ${id}`,
    `    speaker: ${speaker}`,
    '    cue: null',
    '    direct: false',
    '    anchor:',
    `      start: ${s.start}`,
    `      end: ${s.end}`,
    `      exact: ${JSON.stringify(s.exact)}`,
    '      prefix: ""',
    '      suffix: ""',
  ];
}

export default {
  name: 'conflicts',
  title: 'a sidecar with git conflict markers: shown as a merge conflict, resolved by id, the disagreement settled in a QuickPick',
  corpus: 'txt',
  settings: { 'seedAnnotator.git.offerMergeDriver': false },
  async setup({ workspace }) {
    const text = fs.readFileSync(path.join(workspace, DOC), 'utf8');
    const [contested, ours, theirs] = sentences(text, 3);
    fs.writeFileSync(path.join(workspace, 'actors.yaml'), 'version: 1\nactors:\n  anna-lee:\n    name: Anna Lee\n    kind: person\n  ben-ode:\n    name: Ben Ode\n    kind: person\n');
    fs.writeFileSync(path.join(workspace, SIDECAR), [
      'version: 1', `document: ${DOC}`, 'offsetUnit: codepoint', 'contentHash: null', 'quotes:',
      '<<<<<<< HEAD', ...quote('q-contest', 'anna-lee', contested), ...quote('q-ours', 'anna-lee', ours),
      '=======', ...quote('q-contest', 'ben-ode', contested), ...quote('q-theirs', 'ben-ode', theirs),
      '>>>>>>> annotator-b', 'mentions: []', '',
    ].join('\n'));
  },
  steps: [
    {
      name: 'problem',
      title: 'the Problems panel says the sidecar has a merge conflict and what to do (not a YAML error)',
      async run({ page }) {
        // The first Quick Open of a fresh window can wait on the file search: once more if so.
        await openFile(page, DOC).catch(() => openFile(page, DOC));
        await page.keyboard.press('Control+Shift+M');
        const panel = page.locator('.part.panel');
        await panel.getByText('merge conflict: git left conflict markers', { exact: false }).first().waitFor({ timeout: STEP_TIMEOUT }).catch(async () => {
          throw new Error(`the Problems panel does not show the merge conflict; it shows: ${(await panel.innerText()).replace(/\s+/g, ' ').slice(0, 400)}`);
        });
        if (await panel.getByText('Implicit keys', { exact: false }).count()) throw new Error('the conflict is also reported as a raw YAML error');
      },
    },
    {
      name: 'resolve',
      title: 'Resolve Merge Conflict by Annotation Id keeps both sides; the QuickPick settles the contested quote on Ben Ode',
      async run({ page, workspace }) {
        await openFile(page, DOC);
        await runCommand(page, 'Seed Annotator: Resolve Merge Conflict by Annotation Id');
        const widget = quickInput(page);
        await widget.getByText('Disagreement 1 of 1', { exact: false }).waitFor({ timeout: STEP_TIMEOUT });
        const offered = (await widget.locator('.monaco-list-row').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
        for (const expected of ['speaker anna-lee', 'speaker ben-ode', 'Keep both as alternatives']) {
          if (!offered.some((row) => row.includes(expected))) throw new Error(`the QuickPick does not offer “${expected}”: ${offered.join(' | ')}`);
        }
        await pickQuickPickItem(page, /speaker ben-ode/);
        const file = path.join(workspace, SIDECAR);
        const data = await waitFor(() => {
          const text = fs.readFileSync(file, 'utf8');
          return text.includes('<<<<<<<') ? false : YAML.parse(text);
        }, { timeoutMs: STEP_TIMEOUT, message: 'the sidecar to be rewritten without conflict markers' });
        const quotes = Object.fromEntries(data.quotes.map((q) => [q.id, q]));
        if (Object.keys(quotes).sort().join() !== 'q-contest,q-ours,q-theirs') throw new Error(`quotes after resolving: ${Object.keys(quotes).join(', ')}`);
        if (quotes['q-contest'].speaker !== 'ben-ode') throw new Error(`the contested quote's speaker is ${quotes['q-contest'].speaker}, not the chosen ben-ode`);
        if (quotes['q-contest'].alternatives) throw new Error('the settled quote still holds alternatives');
        const panel = page.locator('.part.panel');
        await waitFor(async () => (await panel.getByText('merge conflict: git left conflict markers', { exact: false }).count()) === 0, { timeoutMs: STEP_TIMEOUT, message: 'the merge-conflict problem to go' });
        // The date CodeLens follows: the counts of the merged sidecar instead of the conflict.
        await waitFor(async () => (await activeEditor(page).locator('.codelens-decoration').filter({ hasText: '3 quotes' }).count()) > 0, { timeoutMs: STEP_TIMEOUT, message: 'the date CodeLens to count the 3 merged quotes' });
      },
    },
  ],
};
