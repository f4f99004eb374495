#!/usr/bin/env node
// `npm run test:e2e`: drives the packaged extension in a real VS Code (code-server)
// through headless Chromium, the way a user would. Every suite gets its own temp
// copy of seeds/, user-data dir, port and code-server:
//
//   basic       first use on the bare documents (tree, CodeLens, Tag Quote, sidecar, highlight, hover)
//   windows     two windows (two extension hosts) tagging the same document
//   restricted  an untrusted folder (Restricted Mode)
//   empty       an empty folder: welcome texts, then a first document
//   undo        Ctrl+Z and Ctrl+Shift+Z in the article undo and redo a tag
//   undo2       Ctrl+Z / Ctrl+Y after Tag All Mentions, an accepted suggestion and Merge Actor; Relocate with nothing selected
//   whosaid     the Actors view and the quote timeline on the annotated seeds
//   web         the browser build in the web-worker extension host
//   conflicts   a sidecar with git conflict markers resolved by id, its disagreement settled
//   reopen      files changed while VS Code was closed: the tree from the cache, then exactly the disk
//   fixes       relocate from a selection, text coming back, Tag All Mentions, Tag Actor, the Problems panel
//   edit        Edit Annotation: each change, from the keys, the hover, the CodeLens, the Actors view, Tag Quote
//   renames     Explorer rename + Ctrl+Z, drag and drop, a folder renamed and dragged, a rename outside re-attached
//
//   --from-folder        install the built folder instead of packaging a .vsix (quicker while developing)
//   --media-screenshots  also copy the README pictures to media/screenshots/ (npm run screenshots);
//                        --screenshots is the same
//   --extension-dir DIR  install this unpacked extension instead (to check the flow itself)
//   --only a,b           run only these suites
//   --keep               keep the temp workspaces, logs and extensions for inspection
//   --retries N          run a suite with a failed step again from the start, N times at most
//                        (default 1, or SEED_E2E_RETRIES); a step that passes only then is
//                        listed as flaky with its first failure, and one that fails again fails
//
// Screenshots go to test-results/e2e/<suite>-NN-<step>[-<window>].png, README
// pictures to test-results/e2e/media/. The last line printed is always
// `N passed, N failed`.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import {
  EXTENSION_FILES,
  ROOT,
  installExtensionDir,
  installVsix,
  launchChromium,
  log,
  provision,
  runInRepo,
  seconds,
  tempDir,
  messageOf,
} from '../../scripts/vscode/lib.mjs';
import { RESULTS, runSuite } from './helpers.mjs';
import basic from './basic.mjs';
import windows from './windows.mjs';
import restricted from './restricted.mjs';
import whosaid from './whosaid.mjs';
import web from './web.mjs';
import empty from './empty.mjs';
import conflicts from './conflicts.mjs';
import onekey from './onekey.mjs';
import exports from './exports.mjs';
import undo from './undo.mjs';
import reopen from './reopen.mjs';
import edit from './edit.mjs';
import renames from './renames.mjs';
import undo2 from './undo2.mjs';
import fixes from './fixes.mjs';

export const SUITES = [basic, windows, restricted, whosaid, empty, conflicts, exports, onekey, undo, undo2, reopen, edit, fixes, renames, web];
const VSIX = path.join(ROOT, 'dist-vsix', 'seed-annotator.vsix');
/** The production browser bundle's size limit, without the language chunk. */
const WEB_BUNDLE_LIMIT_KB = 500;

/**
 * Runs the end-to-end suites; resolves to the counts.
 * @param {{ fromFolder?: boolean, extensionDir?: string, mediaScreenshots?: boolean, keep?: boolean, only?: string[], retries?: number }} [options]
 */
export async function runE2E({ fromFolder = false, extensionDir, mediaScreenshots = false, keep = false, only, retries = 1 } = {}) {
  const started = Date.now();
  const suites = only?.length ? SUITES.filter((suite) => only.includes(suite.name)) : SUITES;
  if (only?.length && suites.length !== only.length) throw new Error(`unknown suite in --only ${only.join(',')}; suites: ${SUITES.map((s) => s.name).join(', ')}`);
  const results = [];
  const timings = [];
  /** Steps that failed in the first run of their suite, which then passed whole in a later run. */
  const flaky = [];
  await fsp.rm(RESULTS, { recursive: true, force: true });
  await fsp.mkdir(RESULTS, { recursive: true });
  let scratch;
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
        throw new Error(`npm run package failed (see its output above): ${messageOf(error)}`);
      });
      // vscode.dev and github.dev download the browser bundle: keep it small.
      const webBytes = fs.statSync(path.join(ROOT, 'dist', 'web', 'extension.js')).size;
      log(`browser bundle dist/web/extension.js: ${(webBytes / 1024).toFixed(0)} KB (limit ${WEB_BUNDLE_LIMIT_KB} KB)`);
      if (webBytes > WEB_BUNDLE_LIMIT_KB * 1024) throw new Error(`the browser bundle is ${(webBytes / 1024).toFixed(0)} KB, over ${WEB_BUNDLE_LIMIT_KB} KB`);
    }
    provision();
    scratch = await tempDir('seed-e2e');
    // Also when interrupted: lib.mjs turns SIGINT/SIGTERM into an exit.
    if (!keep) process.on('exit', () => fs.rmSync(scratch, { recursive: true, force: true, maxRetries: 2 }));
    // Installed once; every suite gets a copy of this extensions folder.
    const extensionsTemplate = path.join(scratch, 'extensions');
    if (extensionDir) await installExtensionDir(path.resolve(extensionDir), extensionsTemplate);
    else if (fromFolder) await installExtensionDir(ROOT, extensionsTemplate, { files: EXTENSION_FILES });
    else log(`installed ${path.relative(ROOT, VSIX)}: ${(await installVsix(VSIX, extensionsTemplate)).split('\n').pop()}`);
    browser = await launchChromium();
    for (const suite of suites) {
      let { results: suiteResults, ms } = await runSuite(suite, { browser, scratch, extensionsTemplate, mediaScreenshots });
      const failures = suiteResults.filter((r) => r.error);
      for (let attempt = 2; attempt <= retries + 1 && suiteResults.some((r) => r.error); attempt++) {
        console.log(`\n↻ ${suite.name}: ${suiteResults.filter((r) => r.error).length} step(s) failed; the whole suite runs again in a fresh workspace and a fresh editor (a step that fails every time fails the run)`);
        const again = await runSuite(suite, { browser, scratch, extensionsTemplate, mediaScreenshots, attempt });
        if (again.results.every((r) => !r.error)) flaky.push(...failures);
        suiteResults = again.results;
        ms += again.ms;
      }
      results.push(...suiteResults);
      timings.push({ suite: suite.name, ms, failed: suiteResults.filter((r) => r.error).length, total: suiteResults.length });
    }
  } catch (error) {
    console.log(`\ntest:e2e could not run: ${messageOf(error)}`);
    for (const suite of suites) {
      const ran = results.filter((r) => r.suite === suite.name).length;
      for (const step of suite.steps.slice(ran)) results.push({ suite: suite.name, step, error, ms: 0 });
    }
  } finally {
    await browser?.close().catch(() => {});
    if (scratch && !keep) await fsp.rm(scratch, { recursive: true, force: true });
    else if (scratch) log(`kept ${scratch}`);
  }
  const failed = results.filter((result) => result.error).length;
  console.log('');
  for (const t of timings) console.log(`  ${t.failed ? '✘' : '✔'} ${t.suite.padEnd(11)} ${t.total - t.failed}/${t.total} steps  ${(t.ms / 1000).toFixed(1)}s`);
  for (const r of results.filter((result) => result.error)) console.log(`  ✘ ${r.suite}: ${r.step.title}`);
  // Never silent: a step that needed the second run is listed with its first failure.
  for (const r of flaky) console.log(`  ⚠ flaky, passed in a later run of ${r.suite}: ${r.step.title}\n      first run: ${messageOf(r.error).split('\n')[0]}`);
  log(`e2e finished in ${seconds(started)}; screenshots in ${path.relative(ROOT, RESULTS)}/`);
  return { passed: results.length - failed, failed };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: {
      'from-folder': { type: 'boolean', default: false },
      'media-screenshots': { type: 'boolean', default: false },
      screenshots: { type: 'boolean', default: false },
      'extension-dir': { type: 'string' },
      only: { type: 'string' },
      keep: { type: 'boolean', default: false },
      retries: { type: 'string', default: process.env.SEED_E2E_RETRIES ?? '1' },
    },
  });
  let outcome;
  try {
    outcome = await runE2E({
      fromFolder: values['from-folder'],
      extensionDir: values['extension-dir'],
      mediaScreenshots: values['media-screenshots'] || values.screenshots,
      keep: values.keep,
      only: values.only?.split(',').map((s) => s.trim()).filter(Boolean),
      retries: Number(values.retries) || 0,
    });
  } catch (error) {
    console.log(`test:e2e could not run: ${messageOf(error)}`);
    outcome = { passed: 0, failed: 1 };
  }
  console.log(`${outcome.passed} passed, ${outcome.failed} failed`);
  process.exitCode = outcome.failed > 0 || outcome.passed === 0 ? 1 : 0;
}
