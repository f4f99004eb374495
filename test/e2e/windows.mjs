// Two VS Code windows on the same corpus (one code-server, two browser pages,
// so two extension hosts). Each tags a quote in the same document; each must
// pick up the other's write, and neither may erase it, also when both write at
// the same moment.
import fs from 'node:fs';
import path from 'node:path';
import {
  STEP_TIMEOUT,
  fileHolds,
  hoverQuote,
  log,
  openFile,
  prepareTagQuote,
  registryActors,
  sidecarQuotes,
  tagQuote,
  waitFor,
  waitForQuoteHighlight,
} from './helpers.mjs';

const DOC = '002_ee4912a3b61f8db2.txt';
const SIDECAR = '002_ee4912a3b61f8db2.annotations.yaml';
const A1 = { quote: 'Ukraine fatigue is a real thing for some of our partners.', speaker: 'anonymous US official', line: 3 };
const B1 = { quote: 'the Kremlin is responsible for the escalation of the war', speaker: 'State Department spokesperson', line: 5 };
const A2 = { quote: 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon', speaker: 'Joe Biden', line: 9 };
const B2 = { quote: 'He (Putin) does not know what dignity and honesty are', speaker: 'Volodymyr Zelenskyy', line: 11 };

/** Log files of the extension's output channel that say it activated, one per extension host. */
function activations(userDataDir) {
  const found = [];
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/Seed Annotator\.log$/.test(entry.name) && fs.readFileSync(full, 'utf8').includes('Seed Annotator activated')) found.push(full);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return found;
}

/** Pids of the extension hosts code-server started (from its server log). */
function extensionHostPids(userDataDir) {
  const pids = new Set();
  const walk = (dir) => {
    for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/remoteagent\.log$/.test(entry.name)) for (const match of fs.readFileSync(full, 'utf8').matchAll(/Extension host.*?pid[^0-9]*(\d+)/gi)) pids.add(match[1]);
    }
  };
  walk(path.join(userDataDir, 'logs'));
  return [...pids];
}

function checkSidecar(workspace, expected) {
  const quotes = sidecarQuotes(path.join(workspace, SIDECAR));
  const actors = registryActors(path.join(workspace, 'actors.yaml'));
  const missing = expected.filter(({ quote, speaker }) => {
    const entry = quotes.find((q) => q.exact === quote);
    return !entry || (actors[entry.speaker]?.name ?? '').toLowerCase() !== speaker.toLowerCase();
  });
  if (missing.length) {
    const shown = quotes.map((q) => `  ${q.speaker}: “${q.exact}”`).join('\n');
    throw new Error(`${SIDECAR} lacks (or misattributes) ${missing.map((m) => `“${m.quote}” by ${m.speaker}`).join('; ')}; it has:\n${shown}\nregistry: ${Object.keys(actors).join(', ')}`);
  }
  return quotes;
}

export default {
  name: 'windows',
  title: 'two windows on the same corpus pick up each other’s writes and never erase them',
  corpus: 'txt',
  windows: ['A', 'B'],
  steps: [
    {
      name: 'two-hosts',
      title: 'both windows open the document and each activates the extension in its own extension host',
      async run({ pages, server }) {
        await openFile(pages.A, DOC);
        await openFile(pages.B, DOC);
        // The date CodeLens is drawn by each window's own extension.
        for (const [name, page] of Object.entries(pages)) {
          await page.locator('.editor-group-container.active .codelens-decoration', { hasText: 'Sunday' }).first().waitFor({ timeout: STEP_TIMEOUT }).catch(() => {
            throw new Error(`window ${name} shows no date CodeLens: its extension did not activate`);
          });
        }
        const logs = await waitFor(() => {
          const found = activations(server.userDataDir);
          return found.length >= 2 ? found : undefined;
        }, { timeoutMs: STEP_TIMEOUT, message: 'two activation logs' }).catch(() => {
          throw new Error(`expected the extension to activate in two extension hosts; activation logs: ${JSON.stringify(activations(server.userDataDir))}`);
        });
        const hosts = new Set(logs.map((file) => path.basename(path.dirname(path.dirname(file)))));
        if (hosts.size < 2) throw new Error(`both activations were logged by the same extension host: ${logs.join(', ')}`);
        const pids = extensionHostPids(server.userDataDir);
        log(`  extension hosts: ${[...hosts].join(', ')}${pids.length ? ` (pids ${pids.join(', ')})` : ''}`);
      },
    },
    {
      name: 'tag-in-A',
      title: `window A tags “${A1.quote}” (${A1.speaker})`,
      async run({ pages, workspace }) {
        await tagQuote(pages.A, { ...A1, sidecar: path.join(workspace, SIDECAR) });
      },
    },
    {
      name: 'B-sees-A',
      title: 'window B highlights the quote A tagged, without a reload',
      async run({ pages }) {
        await waitForQuoteHighlight(pages.B, A1.line, `window B to highlight A's quote on line ${A1.line}`);
      },
    },
    {
      name: 'tag-in-B',
      title: `window B tags “${B1.quote}” (${B1.speaker})`,
      async run({ pages, workspace }) {
        await tagQuote(pages.B, { ...B1, sidecar: path.join(workspace, SIDECAR) });
      },
    },
    {
      name: 'sidecar-both',
      title: `${SIDECAR} on disk holds both windows’ quotes with their speakers`,
      async run({ workspace }) {
        checkSidecar(workspace, [A1, B1]);
      },
    },
    {
      name: 'A-sees-B',
      title: 'window A highlights both quotes and its hover over B’s quote names B’s speaker',
      async run({ pages }) {
        const page = pages.A;
        await waitForQuoteHighlight(page, A1.line, `window A to keep its own quote's highlight on line ${A1.line}`);
        await waitForQuoteHighlight(page, B1.line, `window A to highlight B's quote on line ${B1.line}`);
        await hoverQuote(page, B1.line, B1.speaker);
      },
    },
    {
      name: 'tag-at-once',
      title: `both windows commit a tag at the same moment (“${A2.quote.slice(0, 30)}…”, “${B2.quote.slice(0, 30)}…”)`,
      async run({ pages, workspace }) {
        const sidecar = path.join(workspace, SIDECAR);
        for (const page of Object.values(pages)) await page.mouse.move(5, 5);
        // Everything up to the last keystroke in each window, then both Enters together.
        const a = await prepareTagQuote(pages.A, { ...A2, sidecar });
        const b = await prepareTagQuote(pages.B, { ...B2, sidecar });
        const t0 = Date.now();
        await Promise.all([a.commit(), b.commit()]);
        log(`  both writes landed ${Date.now() - t0} ms after the simultaneous Enter`);
        // Both survive on disk, with the two earlier ones.
        await waitFor(() => [A1, B1, A2, B2].every(({ quote }) => fileHolds(sidecar, quote)), { timeoutMs: STEP_TIMEOUT, message: 'all four quotes on disk' }).catch(() => {});
        checkSidecar(workspace, [A1, B1, A2, B2]);
        const actors = Object.values(registryActors(path.join(workspace, 'actors.yaml'))).map((a) => a.name);
        for (const { speaker } of [A1, B1, A2, B2]) {
          if (!actors.some((name) => name.toLowerCase() === speaker.toLowerCase())) throw new Error(`the registry lost "${speaker}": it has ${actors.join(', ')}`);
        }
      },
    },
    {
      name: 'both-see-all',
      title: 'after the simultaneous writes each window highlights all four quotes',
      async run({ pages }) {
        for (const [name, page] of Object.entries(pages)) {
          await page.keyboard.press('Control+Home');
          for (const { line } of [A1, B1, A2, B2]) await waitForQuoteHighlight(page, line, `window ${name} to highlight the quote on line ${line}`);
        }
        await hoverQuote(pages.A, B2.line, B2.speaker);
        await hoverQuote(pages.B, A2.line, A2.speaker);
      },
    },
  ],
};
