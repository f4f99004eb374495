// Tagging on a new corpus (the documents alone: no sidecars, no registry) with one key:
// select a quote, Ctrl+Alt+Q, Enter. The speaker picker offers the suggested speaker first
// and creates it with its guessed kind. The editor reads prose: word wrap comes from the
// extension's configurationDefaults for [seed] (this suite does not set it).
import fs from 'node:fs';
import path from 'node:path';
import { STEP_TIMEOUT, YAML, activeEditor, fileHolds, literally, openFile, pickQuickPickItem, selectText, waitFor } from './helpers.mjs';

const BIDEN_DOC = '002_ee4912a3b61f8db2.txt';
const BIDEN_QUOTE = 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon,';
const NBC_DOC = '000_ce07b70b4b1d5ccc.txt';
const NBC_QUOTE = 'citing sources among US officials, during these discussions they discussed what Ukraine might have to give up in order to reach agreements';

/** The actors of the registry, wherever the registry lives (actors.yaml, or one file per actor in actors/). */
function actors(workspace) {
  const single = path.join(workspace, 'actors.yaml');
  const all = {};
  if (fs.existsSync(single)) Object.assign(all, (YAML.parse(fs.readFileSync(single, 'utf8')) ?? {}).actors ?? {});
  const folder = path.join(workspace, 'actors');
  if (fs.existsSync(folder)) {
    for (const f of fs.readdirSync(folder).filter((n) => n.endsWith('.yaml'))) {
      const a = YAML.parse(fs.readFileSync(path.join(folder, f), 'utf8')) ?? {};
      all[a.id ?? f.replace(/\.yaml$/, '')] = a;
    }
  }
  return all;
}

/** Select, Ctrl+Alt+Q, Enter; then the quote's entry and its speaker's actor. */
async function tagWithOneKey(page, workspace, doc, quote, expectFirst) {
  await openFile(page, doc);
  await selectText(page, quote);
  await page.keyboard.press('Control+Alt+Q');
  // The suggested speaker must be the active item, so that Enter alone takes it.
  await pickQuickPickItem(page, literally(expectFirst), { active: true }).catch((error) => {
    throw new Error(`Ctrl+Alt+Q did not open the speaker picker with “${expectFirst}” first: ${error.message}`);
  });
  const sidecar = path.join(workspace, doc.replace(/\.txt$/, '.annotations.yaml'));
  await waitFor(() => fileHolds(sidecar, quote.slice(0, 30)), { timeoutMs: STEP_TIMEOUT, message: `Enter to tag the quote: ${path.basename(sidecar)} does not hold it` });
  const entry = (YAML.parse(fs.readFileSync(sidecar, 'utf8')).quotes ?? []).find((q) => (q.anchor?.exact ?? '').startsWith(quote.slice(0, 30)));
  const actor = actors(workspace)[entry?.speaker];
  return { entry, actor };
}

export default {
  name: 'onekey',
  title: 'a new corpus: select, Ctrl+Alt+Q, Enter tags with the suggested speaker and its guessed kind; prose wraps',
  corpus: 'txt',
  // No editor.wordWrap here: the extension's defaults for [seed] must turn it on.
  settings: { 'editor.wordWrap': undefined },
  steps: [
    {
      name: 'word-wrap',
      title: `${BIDEN_DOC} wraps its long paragraphs (configurationDefaults for [seed])`,
      async run({ page, media }) {
        // The first Quick Open of a fresh window can be slow to list the files: one more try.
        await openFile(page, BIDEN_DOC).catch(() => openFile(page, BIDEN_DOC));
        const editor = activeEditor(page);
        await editor.locator('.view-line').first().waitFor({ timeout: STEP_TIMEOUT });
        // A wrapped paragraph is one view line several rows high.
        // The [seed] defaults apply once the document's language is known: wait for the re-layout.
        const wrapped = async () => {
          const tops = await editor.locator('.view-lines .view-line').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
          const numbers = await editor.locator('.margin-view-overlays .line-numbers').evaluateAll((els) => els.filter((e) => e.textContent.trim() !== '').length);
          return { rows: new Set(tops).size, numbers };
        };
        let seen = await wrapped();
        for (const until = Date.now() + STEP_TIMEOUT; !(seen.rows > seen.numbers) && Date.now() < until; seen = await wrapped()) await page.waitForTimeout(250);
        if (!(seen.rows > seen.numbers)) throw new Error(`no wrapped lines: ${seen.rows} rows on screen for ${seen.numbers} numbered lines`);
        const box = await editor.boundingBox();
        const scrollWidth = await editor.locator('.view-lines').evaluate((el) => el.scrollWidth);
        if (scrollWidth > box.width + 2) throw new Error(`the text runs off the screen: ${scrollWidth}px of text in a ${box.width}px editor`);
        await media('word-wrap.png', page);
      },
    },
    {
      name: 'one-key-person',
      title: 'Ctrl+Alt+Q then Enter tags the quote by “Joe Biden”, a new person',
      async run({ page, workspace }) {
        const { entry, actor } = await tagWithOneKey(page, workspace, BIDEN_DOC, BIDEN_QUOTE, 'Joe Biden');
        if (!entry || entry.direct !== true) throw new Error(`the quote is not tagged as direct: ${JSON.stringify(entry)}`);
        if (actor?.name !== 'Joe Biden' || actor?.kind !== 'person') throw new Error(`speaker ${JSON.stringify(actor)}, expected Joe Biden, a person`);
      },
    },
    {
      name: 'one-key-media',
      title: 'Ctrl+Alt+Q then Enter tags the paraphrase by “NBC News”, guessed to be media',
      async run({ page, workspace }) {
        const { entry, actor } = await tagWithOneKey(page, workspace, NBC_DOC, NBC_QUOTE, 'NBC News');
        if (!entry || entry.direct !== false) throw new Error(`the paraphrase is not tagged as indirect: ${JSON.stringify(entry)}`);
        if (actor?.name !== 'NBC News' || actor?.kind !== 'media') throw new Error(`speaker ${JSON.stringify(actor)}, expected NBC News, media`);
      },
    },
  ],
};
