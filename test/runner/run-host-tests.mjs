#!/usr/bin/env node
// `npm run test:host`: runs test/suite/*.test.ts inside the extension host of a real
// VS Code (code-server) opened by headless Chromium, and reports the mocha result.
//
//   --workspace DIR   first folder of the test workspace (copied first; default: a copy of seeds/);
//                     the second is a copy of test/fixtures/second-root
//   --grep TEXT       only tests whose title matches
//   --timeout SEC     overall limit for the extension host to report (default 300)
//   --keep            keep the temp folders for inspection
//
// The last line printed is always `N passed, N failed` (CI parses it).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  EXTENSION_FILES,
  ROOT,
  copyDir,
  installExtensionDir,
  launchChromium,
  launchCodeServer,
  log,
  openWorkbench,
  provision,
  runInRepo,
  seconds,
  tempDir,
  waitFor,
  messageOf,
} from '../../scripts/vscode/lib.mjs';
import { pickQuickPickItem } from '../e2e/helpers.mjs';

const { values: options } = parseArgs({
  options: {
    workspace: { type: 'string', default: process.env.SEED_TEST_WORKSPACE || path.join(ROOT, 'seeds') },
    grep: { type: 'string' },
    timeout: { type: 'string', default: process.env.SEED_TEST_TIMEOUT || '300' },
    keep: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

const HARNESS_ID = 'seedlab-test.seed-annotator-harness';

/** A throwaway extension whose main loads the bundled harness from out/test/harness. */
async function writeHarnessExtension(dir) {
  const manifest = JSON.parse(await fsp.readFile(path.join(ROOT, 'package.json'), 'utf8'));
  await fsp.mkdir(dir, { recursive: true });
  const [publisher, name] = HARNESS_ID.split('.');
  await fsp.writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name,
        publisher,
        version: '0.0.0',
        private: true,
        engines: manifest.engines,
        main: './main.js',
        activationEvents: ['onStartupFinished'],
        extensionDependencies: [`${manifest.publisher}.${manifest.name}`],
        capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true },
      },
      null,
      2,
    ),
  );
  const harness = path.join(ROOT, 'out', 'test', 'harness', 'harness.js');
  await fsp.writeFile(path.join(dir, 'main.js'), `module.exports = require(${JSON.stringify(harness)});\n`);
  return dir;
}

/** Prints what the extension host appended to the progress file since the last call. */
function progressPrinter(file) {
  let offset = 0;
  return () => {
    let size;
    try {
      size = fs.statSync(file).size;
    } catch {
      return;
    }
    if (size <= offset) return;
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    fs.closeSync(fd);
    offset = size;
    process.stdout.write(buffer.toString('utf8'));
  };
}

/**
 * VS Code asks once before it applies an extension's edits to a file rename or
 * delete (Seed Annotator moves a document's sidecar with it): answered as a
 * user does, OK with “Do not ask me again”.
 */
async function answerRefactoringQuestion(page) {
  const dialog = page.locator('.monaco-dialog-box', { hasText: 'wants to make refactoring changes' });
  if (!(await dialog.isVisible().catch(() => false))) return;
  await dialog.locator('.dialog-checkbox-row .monaco-custom-toggle, .dialog-checkbox-row input').first().click().catch(() => {});
  await dialog.locator('.monaco-button', { hasText: /^OK$/ }).first().click().catch(() => {});
}

/**
 * Answers the QuickPick a host test asked for (`pickByLabel` in test/suite/util.ts): the
 * extension host cannot read the workbench's QuickPick, so the test writes
 * `<result>.pick.json` ({ seq, label, title?, type?, active?, checked? }) and the runner accepts that item in
 * the page with the e2e suites' helper, then writes `<result>.picked.json` ({ seq, title,
 * rows } or { seq, error }).
 */
async function answerPickRequest(page, resultFile) {
  const requestFile = `${resultFile}.pick.json`;
  if (!fs.existsSync(requestFile)) return;
  const request = JSON.parse(await fsp.readFile(requestFile, 'utf8'));
  await fsp.rm(requestFile, { force: true });
  const label = request.label.regexp ? new RegExp(request.label.regexp, request.label.flags) : request.label;
  let answer;
  try {
    answer = { seq: request.seq, ...(await pickQuickPickItem(page, label, { title: request.title, type: request.type, active: request.active, checked: request.checked, timeoutMs: 8000 })) };
  } catch (error) {
    answer = { seq: request.seq, error: messageOf(error) };
  }
  await fsp.writeFile(`${resultFile}.picked.json.tmp`, JSON.stringify(answer));
  await fsp.rename(`${resultFile}.picked.json.tmp`, `${resultFile}.picked.json`);
}

async function main() {
  const started = Date.now();
  if (!options['no-build']) {
    log('building extension and test bundles (node esbuild.js --tests)');
    await runInRepo(process.execPath, ['esbuild.js', '--tests']);
  }
  for (const file of ['dist/extension.js', 'out/test/suite/index.js', 'out/test/harness/harness.js']) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing after the build`);
  }
  provision();

  const scratch = await tempDir('seed-host-tests');
  // Also when interrupted: lib.mjs turns SIGINT/SIGTERM into an exit.
  if (!options.keep) process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 }));
  const workspace = await copyDir(path.resolve(options.workspace), path.join(scratch, 'workspace'));
  // Two roots, as a newsroom with several corpus repositories has: the suites check both are followed.
  const secondRoot = await copyDir(path.join(ROOT, 'test', 'fixtures', 'second-root'), path.join(scratch, 'second'));
  const workspaceFile = path.join(scratch, 'tests.code-workspace');
  await fsp.writeFile(workspaceFile, JSON.stringify({ folders: [{ path: workspace }, { path: secondRoot }] }, null, 2));
  const extensionsDir = path.join(scratch, 'extensions');
  await installExtensionDir(ROOT, extensionsDir, { files: EXTENSION_FILES });
  await writeHarnessExtension(path.join(extensionsDir, `${HARNESS_ID}-0.0.0`));
  const resultFile = path.join(scratch, 'result.json');

  let server;
  let browser;
  try {
    server = await launchCodeServer({
      folder: workspaceFile,
      userDataDir: path.join(scratch, 'user-data'),
      extensionsDir,
      env: {
        SEED_TEST_RESULT: resultFile,
        SEED_TEST_SUITE: path.join(ROOT, 'out', 'test', 'suite', 'index.js'),
        ...(options.grep ? { SEED_TEST_GREP: options.grep } : {}),
      },
    });
    log(`code-server up at ${server.url}`);
    // The remote extension host starts only once a browser window connects.
    browser = await launchChromium();
    const page = await openWorkbench(browser, server.url);
    const consoleErrors = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    log(`workbench loaded (${seconds(started)}); waiting for the extension host to run the suites`);

    const printProgress = progressPrinter(`${resultFile}.progress`);
    const timeoutMs = Number(options.timeout) * 1000;
    try {
      await waitFor(
        async () => {
          printProgress();
          await answerRefactoringQuestion(page);
          await answerPickRequest(page, resultFile);
          const exited = await Promise.race([server.exited, Promise.resolve(null)]);
          if (exited) throw new Error(`code-server exited early (${JSON.stringify(exited)})`);
          return fs.existsSync(resultFile);
        },
        { timeoutMs, intervalMs: 250, message: 'the extension host to report a result' },
      );
    } catch (error) {
      const started = fs.existsSync(`${resultFile}.progress`);
      throw new Error(
        [
          messageOf(error),
          started ? 'The harness started but never finished.' : 'The harness never started: the extension host did not activate it.',
          server.diagnostics(),
          `--- browser console errors (last 20) ---\n${consoleErrors.slice(-20).join('\n')}`,
        ].join('\n'),
      );
    }
    printProgress();
    const result = JSON.parse(await fsp.readFile(resultFile, 'utf8'));
    if (!fs.statSync(`${resultFile}.progress`).size) console.log(result.output);
    log(`suites ran in the extension host in ${(result.durationMs / 1000).toFixed(1)}s (total ${seconds(started)})`);
    return result;
  } finally {
    await browser?.close().catch(() => {});
    await server?.stop();
    if (options.keep) log(`kept ${scratch}`);
    else await fsp.rm(scratch, { recursive: true, force: true });
  }
}

main().then(
  (result) => {
    const failed = result.failed + (result.passed + result.failed === 0 ? 1 : 0);
    if (result.passed + result.failed === 0) console.log('No tests ran: counted as a failure.');
    console.log(`${result.passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  },
  (error) => {
    console.log(`\ntest:host failed: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exitCode = 1;
  },
);
