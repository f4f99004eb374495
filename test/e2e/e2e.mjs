#!/usr/bin/env node
// `npm run test:e2e`: drives the packaged extension in a real VS Code (code-server)
// through headless Chromium, the way a user would, on a temp copy of seeds/.
//
//   --from-folder        install the built folder instead of packaging a .vsix (quicker while developing)
//   --media-screenshots  also copy chosen screenshots to media/screenshots/ (npm run screenshots)
//   --extension-dir DIR  install this unpacked extension instead (to check the flow itself)
//   --keep               keep the temp workspace, logs and extensions for inspection
//
// Screenshots go to test-results/e2e/NN-step.png. The last line printed is
// always `N passed, N failed`.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import {
  EXTENSION_FILES,
  ROOT,
  installExtensionDir,
  installVsix,
  launchChromium,
  launchCodeServer,
  log,
  openWorkbench,
  provision,
  runInRepo,
  seconds,
  tempDir,
  waitFor,
} from '../../scripts/vscode/lib.mjs';

const YAML = createRequire(import.meta.url)('yaml');

const RESULTS = path.join(ROOT, 'test-results', 'e2e');
const MEDIA = path.join(ROOT, 'media', 'screenshots');
const VSIX = path.join(ROOT, 'dist-vsix', 'seed-annotator.vsix');
const DOCUMENTS_VIEW = 'seedAnnotator.documents';
const DOC = '002_ee4912a3b61f8db2.txt';
const SIDECAR = '002_ee4912a3b61f8db2.annotations.yaml';
const SEED_DOCS = ['000_ce07b70b4b1d5ccc', '002_ee4912a3b61f8db2'];
const QUOTE = 'Ukraine fatigue is a real thing for some of our partners.';
const QUOTE_LINE = 3;
const SPEAKER = 'anonymous US official';
const TAG_QUOTE_TITLE = 'Seed Annotator: Tag Quote…';
const STEP_TIMEOUT = 20_000;

// ---------------------------------------------------------------- page helpers

async function quickInputVisible(page) {
  return page.locator('.quick-input-widget').isVisible();
}

/** Escape only when a QuickPick is open: in the editor it would drop the selection. */
async function closeQuickInput(page) {
  if (await quickInputVisible(page)) await page.keyboard.press('Escape');
}

/** Opens the command palette and runs the command whose label is exactly `title`. */
async function runCommand(page, title) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await page.keyboard.type(title.replace(/…$/, ''));
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/…$/, '') }).first();
  try {
    await row.waitFor({ state: 'visible', timeout: 5000 });
  } catch {
    const offered = await page.locator('.quick-input-widget .monaco-list-row').allTextContents();
    await page.keyboard.press('Escape');
    throw new Error(`command "${title}" is not offered by the command palette (offered: ${offered.slice(0, 5).join(' | ') || 'nothing'})`);
  }
  await row.click();
}

/** Opens a workspace file with Quick Open and waits until its editor is active. */
async function openFile(page, name) {
  await closeQuickInput(page);
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(name);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: STEP_TIMEOUT });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: STEP_TIMEOUT });
  await page.locator('.editor-group-container.active .monaco-editor .view-lines').waitFor({ timeout: STEP_TIMEOUT });
}

const activeEditor = (page) => page.locator('.editor-group-container.active .monaco-editor').first();

/** Vertical extent of an editor line (all its wrapped rows), from the line numbers in the gutter. */
async function lineBox(page, line) {
  const numbers = activeEditor(page).locator('.margin-view-overlays .line-numbers');
  const number = (n) => numbers.filter({ hasText: new RegExp(`^\\s*${n}\\s*$`) }).first();
  await number(line).waitFor({ timeout: STEP_TIMEOUT });
  const box = await number(line).boundingBox();
  const next = (await number(line + 1).count()) ? await number(line + 1).boundingBox() : undefined;
  return { ...box, height: next && next.y > box.y ? next.y - box.y : box.height };
}

/** Elements of decoration types made by extensions (`ced-…` classes) that sit on `line`. */
async function extensionDecorationsOnLine(page, line) {
  const box = await lineBox(page, line);
  const all = activeEditor(page).locator('[class*="ced-"]');
  const found = [];
  for (let i = 0; i < (await all.count()); i++) {
    const element = all.nth(i);
    const rect = await element.boundingBox();
    if (!rect || rect.width === 0) continue;
    const middle = rect.y + rect.height / 2;
    if (middle >= box.y && middle <= box.y + box.height) found.push({ element, rect, className: await element.getAttribute('class') });
  }
  return found;
}

/** Every string value anywhere inside a parsed YAML value. */
function strings(value) {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Objects anywhere inside a parsed YAML value, each with the map key it sits under. */
function objects(value, key) {
  if (Array.isArray(value)) return value.flatMap((item) => objects(item));
  if (value && typeof value === 'object') {
    return [{ key, object: value }, ...Object.entries(value).flatMap(([childKey, child]) => objects(child, childKey))];
  }
  return [];
}

// ---------------------------------------------------------------- steps

/** Each step gets the shared state; throwing fails it. Later steps still run. */
const steps = [
  {
    name: 'documents-tree',
    title: 'Documents view lists year/month/day groups and both seed documents',
    async run({ page }) {
      const item = page.locator('.part.activitybar .action-item a[aria-label^="Seed Annotator"], .part.activitybar .action-item[aria-label^="Seed Annotator"]').first();
      try {
        await item.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      } catch {
        throw new Error('no "Seed Annotator" item in the activity bar');
      }
      await item.click();
      const view = page.locator(`[id="workbench.view.extension.seedAnnotator"], .pane:has(.pane-header[aria-label^="Documents"])`).first();
      const tree = page.locator('.pane-body .monaco-list[aria-label]').filter({ has: page.locator('.monaco-list-row') }).first();
      await view.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      try {
        await tree.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      } catch {
        const text = (await view.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
        throw new Error(`the Documents view (${DOCUMENTS_VIEW}) shows no tree items; it shows: "${text}"`);
      }
      // Expand every collapsed group until none is left (the tree is small).
      await waitFor(
        async () => {
          const collapsed = tree.locator('.monaco-list-row[aria-expanded="false"]');
          if ((await collapsed.count()) === 0) return true;
          await collapsed.first().locator('.monaco-tl-twistie').click();
          return false;
        },
        { timeoutMs: STEP_TIMEOUT, message: 'all tree groups to expand' },
      );
      const rows = await tree.locator('.monaco-list-row').evaluateAll((elements) =>
        elements.map((row) => ({
          level: Number(row.getAttribute('aria-level')),
          label: `${row.getAttribute('aria-label') ?? ''} ${row.textContent ?? ''}`,
          group: row.hasAttribute('aria-expanded'),
        })),
      );
      const describe = () => rows.map((row) => `${'  '.repeat(row.level - 1)}${row.label.trim()}`).join('\n');
      const expect = (ok, what) => {
        if (!ok) throw new Error(`${what}; the tree shows:\n${describe()}`);
      };
      const at = (level, pattern) => rows.some((row) => row.level === level && row.group && pattern.test(row.label));
      expect(at(1, /2023/) && at(1, /2022/), 'year groups 2023 and 2022 are missing at the top level');
      expect(at(2, /\b11\b|Nov/i), 'month group November (11) is missing at level 2');
      expect(at(3, /\b0?4\b/) && at(3, /\b0?6\b/), 'day groups 4 and 6 are missing at level 3');
      for (const stem of SEED_DOCS) {
        expect(rows.some((row) => row.level === 4 && !row.group && row.label.includes(stem)), `document ${stem} is missing at level 4`);
      }
    },
  },
  {
    name: 'codelens',
    title: `${DOC} shows a CodeLens with the weekday and date on line 1`,
    async run({ page }) {
      await openFile(page, DOC);
      const lens = activeEditor(page).locator('.codelens-decoration');
      try {
        await lens.first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      } catch {
        throw new Error(`no CodeLens in ${DOC}`);
      }
      const texts = await lens.allInnerTexts();
      const dated = texts.find((text) => /Sunday/.test(text) && /\b6\b/.test(text) && /Nov(ember)?/.test(text) && /2022/.test(text));
      if (!dated) throw new Error(`no CodeLens reads like "Sunday, 6 November 2022": ${JSON.stringify(texts)}`);
      const first = await lineBox(page, 1);
      const lensBox = await lens.filter({ hasText: 'Sunday' }).first().boundingBox();
      if (!(lensBox.y < first.y && lensBox.y > first.y - 3 * first.height)) {
        throw new Error(`the dated CodeLens is not directly above line 1 (lens y=${lensBox.y}, line 1 y=${first.y})`);
      }
    },
  },
  {
    name: 'tag-quote',
    title: `Tag Quote on “${QUOTE}” with speaker "${SPEAKER}"`,
    async run({ page, workspace }) {
      await openFile(page, DOC);
      await activeEditor(page).locator('.view-lines').click();
      // Find selects the match; Escape closes the widget and leaves it selected.
      await page.keyboard.press('Control+F');
      const find = page.locator('.editor-widget.find-widget .input').first();
      await find.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
      await page.keyboard.type(QUOTE);
      await page.keyboard.press('Enter');
      await page.keyboard.press('Escape');
      const selected = page.locator('.statusbar-item', { hasText: `(${QUOTE.length} selected)` });
      try {
        await selected.waitFor({ timeout: 5000 });
      } catch {
        throw new Error(`could not select the quote: the status bar does not show "(${QUOTE.length} selected)"`);
      }
      await runCommand(page, TAG_QUOTE_TITLE);
      // The command palette closes, then the extension's speaker QuickPick opens.
      const input = page.locator('.quick-input-widget .quick-input-box input');
      try {
        await waitFor(async () => (await quickInputVisible(page)) && !(await input.inputValue()).startsWith('>'), {
          timeoutMs: STEP_TIMEOUT,
          message: 'the speaker QuickPick',
        });
      } catch {
        throw new Error(`"${TAG_QUOTE_TITLE}" opened no QuickPick for the speaker`);
      }
      await page.keyboard.type(SPEAKER);
      await page.keyboard.press('Enter');
      // A new actor may need a kind: pick "person" if a second QuickPick asks.
      const sidecar = path.join(workspace, SIDECAR);
      let pickedKind = false;
      try {
        await waitFor(
          async () => {
            if (fs.existsSync(sidecar) && fs.readFileSync(sidecar, 'utf8').includes('Ukraine fatigue')) return true;
            if (!pickedKind && (await quickInputVisible(page))) {
              const person = page.locator('.quick-input-widget .monaco-list-row', { hasText: /person/i }).first();
              if (await person.isVisible()) {
                await person.click();
                pickedKind = true;
              }
            }
            return false;
          },
          { timeoutMs: STEP_TIMEOUT, message: 'the tagged quote to be written' },
        );
      } catch {
        const prompt = (await quickInputVisible(page)) ? await page.locator('.quick-input-widget').innerText() : 'none';
        throw new Error(`${SIDECAR} was not written with the quote after picking the speaker (QuickPick still open: ${prompt.replace(/\s+/g, ' ').slice(0, 200)})`);
      }
    },
  },
  {
    name: 'sidecar',
    title: `${SIDECAR} holds the quote with its speaker`,
    async run({ workspace }) {
      const file = path.join(workspace, SIDECAR);
      if (!fs.existsSync(file)) throw new Error(`${SIDECAR} does not exist next to ${DOC}`);
      const text = await fsp.readFile(file, 'utf8');
      const sidecar = YAML.parse(text);
      // The speaker is named in the entry or referenced by an actor id (sidecar or registry).
      const registryFile = path.join(workspace, 'actors.yaml');
      const registry = fs.existsSync(registryFile) ? YAML.parse(await fsp.readFile(registryFile, 'utf8')) : undefined;
      const named = (value) => typeof value === 'string' && value.toLowerCase() === SPEAKER.toLowerCase();
      const speakerIds = objects([sidecar, registry])
        .filter(({ object }) => ['name', 'label', 'displayName'].some((field) => named(object[field])))
        .flatMap(({ key, object }) => [key, object.id, object.key, object.slug].filter((id) => typeof id === 'string'));
      const holds = (object, test) => strings(object).some(test);
      const withQuote = objects(sidecar).filter(({ object }) => object !== sidecar && holds(object, (value) => value.includes(QUOTE)));
      if (!withQuote.length) throw new Error(`no entry in ${SIDECAR} has the quote text:\n${text}`);
      // Deepest first: the quote's own entry rather than the collection around it.
      const entry = withQuote.reverse().find(({ object }) => holds(object, (value) => named(value) || speakerIds.includes(value)));
      if (!entry) {
        throw new Error(`the quote entry does not name the speaker "${SPEAKER}" (actor ids found: ${speakerIds.join(', ') || 'none'}):\n${text}`);
      }
    },
  },
  {
    name: 'highlight',
    title: `the tagged quote is highlighted on line ${QUOTE_LINE}`,
    async run({ page }) {
      await openFile(page, DOC);
      await page.keyboard.press('Control+Home');
      const found = await waitFor(async () => {
        const decorations = await extensionDecorationsOnLine(page, QUOTE_LINE);
        return decorations.length ? decorations : undefined;
      }, { timeoutMs: STEP_TIMEOUT, message: `an extension decoration (class ced-…) on line ${QUOTE_LINE}` }).catch(() => {
        throw new Error(`no extension decoration (class ced-…) on line ${QUOTE_LINE} of ${DOC}`);
      });
      log(`  decorations on line ${QUOTE_LINE}: ${[...new Set(found.map((d) => d.className))].join(', ')}`);
    },
  },
  {
    name: 'hover',
    title: `hovering the quote shows its speaker`,
    async run({ page }) {
      await openFile(page, DOC);
      const decorations = await extensionDecorationsOnLine(page, QUOTE_LINE);
      if (!decorations.length) throw new Error(`no highlighted quote on line ${QUOTE_LINE} to hover`);
      const widest = decorations.sort((a, b) => b.rect.width - a.rect.width)[0].rect;
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: SPEAKER }).first();
      // Moving within the quote retriggers the hover if the first position misses.
      await waitFor(
        async () => {
          await page.mouse.move(widest.x + widest.width / 2 + Math.random() * 10 - 5, widest.y + widest.height / 2);
          return hover.isVisible().catch(() => false);
        },
        { timeoutMs: STEP_TIMEOUT, intervalMs: 1000, message: 'the hover' },
      ).catch(async () => {
        const shown = await page.locator('.monaco-hover:not(.hidden)').allInnerTexts();
        throw new Error(`no hover naming "${SPEAKER}" over the quote (hovers shown: ${JSON.stringify(shown)})`);
      });
    },
  },
];

/** Screenshots copied to media/screenshots/ for the README by `npm run screenshots`. */
// overview.png (tree, CodeLens and hover in one picture) is the one README.md shows.
const MEDIA_SHOTS = {
  'documents-tree': ['documents-tree.png'],
  codelens: ['codelens.png'],
  hover: ['tagged-quote-hover.png', 'overview.png'],
};

// ---------------------------------------------------------------- run

export async function runE2E({ fromFolder = false, extensionDir, mediaScreenshots = false, keep = false } = {}) {
  const started = Date.now();
  const results = [];
  await fsp.rm(RESULTS, { recursive: true, force: true });
  await fsp.mkdir(RESULTS, { recursive: true });
  let scratch;
  let server;
  let browser;
  try {
    if (extensionDir) {
      log(`using the unpacked extension in ${extensionDir}`);
    } else if (fromFolder) {
      log('building the extension (node esbuild.js)');
      await runInRepo(process.execPath, ['esbuild.js']);
    } else {
      log('packaging the extension (npm run package)');
      await fsp.rm(VSIX, { force: true });
      // vsce does not create the folder of its -o path.
      await fsp.mkdir(path.dirname(VSIX), { recursive: true });
      await runInRepo('npm', ['run', 'package']).catch((error) => {
        throw new Error(`npm run package failed (see its output above): ${error.message}`);
      });
    }
    provision();
    scratch = await tempDir('seed-e2e');
    // Also when interrupted: lib.mjs turns SIGINT/SIGTERM into an exit.
    if (!keep) process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 }));
    // Documents only: the flow must create the sidecar and the actor itself.
    const workspace = path.join(scratch, 'workspace');
    await fsp.mkdir(workspace);
    for (const name of (await fsp.readdir(path.join(ROOT, 'seeds'))).filter((file) => file.endsWith('.txt'))) {
      await fsp.copyFile(path.join(ROOT, 'seeds', name), path.join(workspace, name));
    }
    const extensionsDir = path.join(scratch, 'extensions');
    if (extensionDir) await installExtensionDir(path.resolve(extensionDir), extensionsDir);
    else if (fromFolder) await installExtensionDir(ROOT, extensionsDir, { files: EXTENSION_FILES });
    else log(`installed ${path.relative(ROOT, VSIX)}: ${(await installVsix(VSIX, extensionsDir)).split('\n').pop()}`);
    server = await launchCodeServer({
      folder: workspace,
      userDataDir: path.join(scratch, 'user-data'),
      extensionsDir,
      // Wrapped lines keep the whole quote on screen for the hover and the screenshots.
      settings: { 'editor.wordWrap': 'on', 'editor.minimap.enabled': false },
    });
    browser = await launchChromium();
    const page = await openWorkbench(browser, server.url, { viewport: { width: 1400, height: 900 } });
    log(`workbench loaded (${seconds(started)})`);
    // Let the extension host come up before the first step looks for contributions.
    await page.locator('.part.activitybar .action-item').first().waitFor({ timeout: 60_000 });

    for (const [index, step] of steps.entries()) {
      const stepStarted = Date.now();
      const shot = path.join(RESULTS, `${String(index + 1).padStart(2, '0')}-${step.name}.png`);
      let error;
      try {
        await step.run({ page, workspace, server });
      } catch (caught) {
        error = caught;
      }
      await page.screenshot({ path: shot }).catch(() => {});
      results.push({ step, error });
      console.log(`${error ? '✘' : '✔'} ${step.title} (${seconds(stepStarted)})${error ? `\n    ${error.message.replace(/\n/g, '\n    ')}` : ''}`);
      for (const name of !error && mediaScreenshots ? (MEDIA_SHOTS[step.name] ?? []) : []) {
        await fsp.mkdir(MEDIA, { recursive: true });
        await fsp.copyFile(shot, path.join(MEDIA, name));
        log(`  saved media/screenshots/${name}`);
      }
    }
  } catch (error) {
    console.log(`\ntest:e2e could not run: ${error.message}`);
    if (server) console.log(server.diagnostics());
    for (const step of steps.slice(results.length)) results.push({ step, error });
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (scratch && !keep) await fsp.rm(scratch, { recursive: true, force: true });
    else if (scratch) log(`kept ${scratch}`);
  }
  const failed = results.filter((result) => result.error).length;
  log(`e2e finished in ${seconds(started)}; screenshots in ${path.relative(ROOT, RESULTS)}/`);
  return { passed: results.length - failed, failed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: {
      'from-folder': { type: 'boolean', default: false },
      'media-screenshots': { type: 'boolean', default: false },
      'extension-dir': { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const { passed, failed } = await runE2E({
    fromFolder: values['from-folder'],
    extensionDir: values['extension-dir'],
    mediaScreenshots: values['media-screenshots'],
    keep: values.keep,
  });
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

