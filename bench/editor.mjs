// Startup in the real editor: code-server (provisioned by scripts/vscode/lib.mjs)
// opened by headless Chromium on a corpus, with the built extension and a small
// bench harness extension installed. The harness runs inside the extension host:
// it reads the activation time the extension records itself (activationMs, from
// the first line of activate() to its return), waits for api.whenIndexed() and
// the Documents tree's root children, and writes the timings to a file.
//
// The editor is started twice on the same user data: the first start is cold
// (no index cache), the second warm (the cache the first one saved in the
// workspace storage).
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {
  EXTENSION_FILES,
  ROOT,
  freePort,
  installExtensionDir,
  launchChromium,
  launchCodeServer,
  openWorkbench,
  provision,
  tempDir,
  waitFor,
} from '../scripts/vscode/lib.mjs';

const HARNESS_ID = 'seedlab-bench.seed-annotator-bench-harness';

const HARNESS_MAIN = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');
const vscode = require('vscode');

// The stalls and the collector's pauses come from the watch that Node's --require started with the
// extension host process (EARLY_WATCH); times below are Date.now()-like (ms since the epoch).
const early = () => globalThis.__seedBenchEarlyWatch;
// The stalls that overlap [from, to): a stall ends when the late timer fires, and began ms before.
const stallsIn = (from, to) => early().stalls.filter((st) => st.endedAt > from && st.endedAt - st.ms < to);
const longest = (list) => Math.max(0, ...list.map((st) => st.ms - 5));
// gcMs: the collector's pauses within the stall.
const gcIn = (st) => early().gcs.reduce((sum, g) => sum + Math.max(0, Math.min(g.to, st.to) - Math.max(g.from, st.from)), 0);
// The ten longest, with when they ended (at: from the harness's start; fromHostStartMs: from the host's).
const topStalls = (list, harnessAt) => [...list].sort((a, b) => b.ms - a.ms).slice(0, 10).map((st) => ({
  at: Math.round(st.endedAt - harnessAt), fromHostStartMs: Math.round(st.endedAt - early().startedAt), ms: st.ms, cpuMs: st.cpuMs, gcMs: +gcIn(st).toFixed(1), endUs: st.endUs,
}));
const gcSummary = (from, to) => {
  const gcs = early().gcs.filter((g) => g.at >= from && g.at < to);
  const top = [...gcs].sort((a, b) => b.ms - a.ms).slice(0, 5).map((g) => ({ at: Math.round(g.at - early().startedAt), ms: g.ms, kind: g.kind }));
  return { count: gcs.length, totalMs: +gcs.reduce((s, g) => s + g.ms, 0).toFixed(1), maxMs: top.length ? top[0].ms : 0, longest: top };
};
const threadCpu = () => { if (!process.threadCpuUsage) return NaN; const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };
const memory = () => { const mem = process.memoryUsage(); return { heapUsedMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20 }; };

// SEED_BENCH_PROFILE=DIR: the CPU profile the early watch started, from the host's start to here.
async function stopProfile(result) {
  const session = early().session;
  if (!session) return;
  const profile = await new Promise((resolve, reject) => session.post('Profiler.stop', (error, r) => (error ? reject(error) : resolve(r.profile))));
  fs.mkdirSync(process.env.SEED_BENCH_PROFILE, { recursive: true });
  result.profileFile = path.join(process.env.SEED_BENCH_PROFILE, 'extension-host-' + Date.now() + '.cpuprofile');
  fs.writeFileSync(result.profileFile, JSON.stringify(profile));
  session.disconnect();
}

function write(out, result) {
  fs.writeFileSync(out + '.tmp', JSON.stringify(result));
  fs.renameSync(out + '.tmp', out);
}

// The baseline: the same editor without the extension under test, watched from the host's start for
// SEED_BENCH_WINDOW_MS (as long as the paired start took from the host's start to its complete tree).
async function baseline(out, harnessAt) {
  const result = { harnessAt, baseline: true };
  try {
    const hostStartedAt = early().startedAt;
    const windowMs = Number(process.env.SEED_BENCH_WINDOW_MS);
    result.hostStartedAt = hostStartedAt;
    result.windowMs = windowMs;
    result.harnessActivatedFromHostStartMs = harnessAt - hostStartedAt;
    const end = hostStartedAt + windowMs;
    if (Date.now() < end) await new Promise((r) => setTimeout(r, end - Date.now()));
    // The window may have ended before the harness activated: then the watch ran on until here.
    result.watchedToMs = Date.now() - hostStartedAt;
    result.memory = memory();
    await stopProfile(result);
    clearInterval(early().timer);
    early().gcObserver.disconnect();
    // Everything the watch saw, so that the caller can cut it at another start's activation.
    result.allStalls = early().stalls.map((st) => ({ fromHostStartMs: +(st.endedAt - hostStartedAt).toFixed(1), ms: st.ms, cpuMs: st.cpuMs, gcMs: +gcIn(st).toFixed(1) }));
    const inWindow = stallsIn(hostStartedAt, end);
    result.maxStallFromHostStartMs = longest(inWindow);
    result.stalls = topStalls(inWindow, harnessAt);
    result.gc = gcSummary(hostStartedAt, end);
  } catch (error) {
    result.error = String(error && error.stack || error);
  }
  write(out, result);
}

exports.activate = function activate(context) {
  const out = process.env.SEED_BENCH_RESULT;
  if (!out || fs.existsSync(out)) return;
  const harnessAt = Date.now();
  if (!early()) {
    write(out, { error: 'the early watch (EARLY_WATCH, given with --require) did not run in the extension host' });
    return;
  }
  if (!process.env.SEED_BENCH_EXTENSION) {
    void baseline(out, harnessAt);
    return;
  }
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpuAt = process.cpuUsage();
  const threadCpuAt = threadCpu();
  const cpuMs = () => { const u = process.cpuUsage(cpuAt); return (u.user + u.system) / 1000; };
  void (async () => {
    const result = { harnessAt };
    try {
      const ext = vscode.extensions.getExtension(process.env.SEED_BENCH_EXTENSION);
      const api = ext.isActive ? ext.exports : await ext.activate();
      result.activationMs = api.activationMs;
      result.activatedAt = api.activatedAt;
      const rootNames = () => api.documentsTree.getChildren().map((n) => (n.type === 'year' ? n.year : n.type));
      // First tree: the root has children (from the cache, or the first documents read).
      // The extension says when it had the tree ready; the harness may see it later (it activates after it).
      const shownAt = api.whenShown ? await api.whenShown() : undefined;
      result.observedShownAt = Date.now();
      result.shownAt = typeof shownAt === 'number' ? shownAt : result.observedShownAt;
      result.shownCpuMs = cpuMs();
      result.firstRootChildren = rootNames();
      result.firstDocuments = api.index.size;
      await api.whenIndexed();
      result.indexedAt = Date.now();
      // Complete tree: the first scan has reconciled the index with the disk.
      result.rootChildren = rootNames();
      result.treeAt = Date.now();
      result.completeCpuMs = cpuMs();
      // The host thread's own CPU from the harness's start to the complete tree (the collector's helpers and libuv's pool apart).
      result.completeThreadCpuMs = +(threadCpu() - threadCpuAt).toFixed(1);
      await stopProfile(result);
      result.documents = api.index.size;
      result.lastScan = api.lastScan ? api.lastScan() : undefined;
      // The scan's own end, not when the harness got there.
      if (result.lastScan && result.lastScan.startedAt) result.treeAt = Math.min(result.treeAt, result.lastScan.startedAt + result.lastScan.ms);
      lag.disable();
      clearInterval(early().timer);
      early().gcObserver.disconnect();
      const hostStartedAt = early().startedAt;
      result.hostStartedAt = hostStartedAt;
      result.activatedFromHostStartMs = api.activatedAt - hostStartedAt;
      result.treeFromHostStartMs = result.treeAt - hostStartedAt;
      // From the extension's activation to the complete tree (the issue's window): a stall counts whole
      // when it ends after the activation; maxStallAfterActivationMs counts only its part after it.
      const since = stallsIn(api.activatedAt, result.treeAt);
      result.watchFrom = 'activation';
      result.maxEventLoopDelayMs = longest(since);
      result.maxStallAfterActivationMs = Math.max(0, ...since.map((st) => Math.min(st.ms, st.endedAt - api.activatedAt) - 5));
      result.stalls = topStalls(since, harnessAt);
      result.gc = gcSummary(api.activatedAt, result.treeAt);
      // From the host's start (other extensions and VS Code's own startup in it too).
      const all = stallsIn(hostStartedAt, result.treeAt);
      result.maxStallFromHostStartMs = longest(all);
      result.hostStalls = topStalls(all, harnessAt);
      result.gcFromHostStart = gcSummary(hostStartedAt, result.treeAt);
      result.p99EventLoopDelayMs = lag.percentile(99) / 1e6;
      result.memory = memory();
      const after = monitorEventLoopDelay({ resolution: 5 });
      after.enable();
      // Wait until the extension has saved its index cache (beside this harness's workspace storage).
      if (context.storageUri) {
        const cacheFile = path.join(path.dirname(context.storageUri.fsPath), process.env.SEED_BENCH_EXTENSION, 'index-cache.jsonl');
        const before = fs.existsSync(cacheFile) ? fs.statSync(cacheFile).mtimeMs : 0;
        const deadline = Date.now() + 60000;
        while (Date.now() < deadline) {
          const m = fs.existsSync(cacheFile) ? fs.statSync(cacheFile).mtimeMs : 0;
          if (m > before || (before && result.lastScan && result.lastScan.read === 0)) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        result.cacheFile = cacheFile;
        result.cacheBytes = fs.existsSync(cacheFile) ? fs.statSync(cacheFile).size : 0;
      }
      after.disable();
      // The work after the tree (saving the cache, the corpus checks starting) counts apart.
      result.maxEventLoopDelayAfterMs = after.max / 1e6;
      result.savedAt = Date.now();
      // The corpus-wide Problems pass (closed documents and sidecars) runs in the background after the
      // scan; the longest event-loop stall while it finishes is the one a user could feel.
      if (api.corpusProblems && api.corpusProblems.firstPass) {
        const problemsLag = monitorEventLoopDelay({ resolution: 5 });
        problemsLag.enable();
        const done = await Promise.race([api.corpusProblems.firstPass.then(() => true), new Promise((r) => setTimeout(() => r(false), 180000))]);
        problemsLag.disable();
        result.problemsDone = done;
        result.problemsAt = Date.now();
        result.maxEventLoopDelayProblemsMs = problemsLag.max / 1e6;
        result.problemFiles = [...vscode.languages.getDiagnostics()].filter(([, list]) => list.some((d) => d.source === 'Seed Annotator')).length;
      }
    } catch (error) {
      result.error = String(error && error.stack || error);
    }
    write(out, result);
  })();
};
exports.deactivate = function deactivate() {};
`;

// Given to code-server's Node with --require (the extension host inherits its options), it starts the stall watch in
// the extension host as the process starts: the harness extension activates after the extension under
// test, by then at 10,000 documents often after the whole warm scan. The harness takes its records.
const EARLY_WATCH = String.raw`
if (process.argv.includes('--type=extensionHost')) {
  const { performance } = require('node:perf_hooks');
  const threadCpu = () => { if (!process.threadCpuUsage) return NaN; const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };
  const watch = { startedAt: Date.now(), stalls: [] };
  let tick = performance.now();
  let tickCpu = threadCpu();
  watch.timer = setInterval(() => {
    const t = performance.now();
    const c = threadCpu();
    if (t - tick > 10) watch.stalls.push({ endedAt: performance.timeOrigin + t, ms: +(t - tick).toFixed(1), cpuMs: +(c - tickCpu).toFixed(1), from: tick, to: t, endUs: Number(process.hrtime.bigint() / 1000n) });
    tick = t;
    tickCpu = c;
  }, 5);
  watch.timer.unref();
  // The collector's pauses from the host's start too (performance.now: the same clock as the stalls').
  watch.gcs = [];
  const { PerformanceObserver } = require('node:perf_hooks');
  watch.gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) watch.gcs.push({ at: performance.timeOrigin + e.startTime, ms: +e.duration.toFixed(1), kind: e.detail && e.detail.kind, from: e.startTime, to: e.startTime + e.duration });
  });
  watch.gcObserver.observe({ entryTypes: ['gc'] });
  if (process.env.SEED_BENCH_PROFILE) {
    // The CPU profile too, from the process's start, so that a stall before the harness is attributed.
    watch.session = new (require('node:inspector').Session)();
    watch.session.connect();
    watch.session.post('Profiler.enable');
    watch.session.post('Profiler.setSamplingInterval', { interval: 500 });
    watch.session.post('Profiler.start');
  }
  globalThis.__seedBenchEarlyWatch = watch;
}
`;

async function writeHarness(dir, manifest, { baseline = false } = {}) {
  const [publisher, name] = HARNESS_ID.split('.');
  await fsp.mkdir(dir, { recursive: true });
  await fsp.writeFile(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name,
      publisher,
      version: '0.0.0',
      private: true,
      engines: manifest.engines,
      main: './main.js',
      // Activated at startup; its dependency, the extension under test, is activated first.
      activationEvents: ['*'],
      ...(baseline ? {} : { extensionDependencies: [`${manifest.publisher}.${manifest.name}`] }),
      capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true },
    }, null, 2),
  );
  await fsp.writeFile(path.join(dir, 'main.js'), HARNESS_MAIN);
}

/**
 * Starts the editor once per entry of `envs` on `folder`, all on the same user data (so the second
 * start finds what the first saved), and returns the harness's report of each start.
 */
async function startEditor(folder, { baseline, envs, timeoutMs }) {
  provision();
  const manifest = JSON.parse(await fsp.readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const scratch = await tempDir('seed-bench-editor');
  const extensionsDir = path.join(scratch, 'extensions');
  // The baseline: the same editor and harness, the extension under test not installed.
  if (!baseline) await installExtensionDir(ROOT, extensionsDir, { files: EXTENSION_FILES });
  await writeHarness(path.join(extensionsDir, `${HARNESS_ID}-0.0.0`), manifest, { baseline });
  const earlyWatch = path.join(scratch, 'early-watch.cjs');
  await fsp.writeFile(earlyWatch, EARLY_WATCH);
  const userDataDir = path.join(scratch, 'user-data');
  // The same port every time: code-server's workspace URI (vscode-remote://HOST:PORT/…)
  // names the workspace storage, where the index cache is kept.
  const port = await freePort();
  const reports = [];
  try {
    for (const [run, env] of envs.entries()) {
      const resultFile = path.join(scratch, `result-${run}.json`);
      let server;
      let browser;
      const started = Date.now();
      try {
        server = await launchCodeServer({
          folder,
          userDataDir,
          extensionsDir,
          port,
          nodeArgs: ['--require', earlyWatch],
          env: { SEED_BENCH_RESULT: resultFile, ...env, ...(process.env.SEED_BENCH_PROFILE ? { SEED_BENCH_PROFILE: process.env.SEED_BENCH_PROFILE } : {}) },
        });
        browser = await launchChromium();
        await openWorkbench(browser, server.url);
        await waitFor(() => fs.existsSync(resultFile), { timeoutMs, intervalMs: 200, message: 'the bench harness to report' }).catch((error) => {
          throw new Error(`${error.message}\n${server.diagnostics()}`);
        });
        const report = JSON.parse(await fsp.readFile(resultFile, 'utf8'));
        if (report.error) throw new Error(`the bench harness failed: ${report.error}`);
        report.wallMs = Date.now() - started;
        reports.push(report);
      } finally {
        await browser?.close().catch(() => {});
        await server?.stop();
      }
    }
  } finally {
    await fsp.rm(scratch, { recursive: true, force: true });
  }
  return reports;
}

/**
 * Starts the editor `runs` times on `folder` (same user data each time) and
 * returns the harness's report of each start.
 */
export async function measureEditorStartup(folder, { runs = 2, log = console.log, timeoutMs = 240_000 } = {}) {
  const manifest = JSON.parse(await fsp.readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const extensionId = `${manifest.publisher}.${manifest.name}`;
  const reports = await startEditor(folder, { baseline: false, envs: Array.from({ length: runs }, () => ({ SEED_BENCH_EXTENSION: extensionId })), timeoutMs });
  for (const [run, report] of reports.entries()) {
    report.firstTreeMs = report.shownAt - report.activatedAt;
    report.completeTreeMs = report.treeAt - report.activatedAt;
    report.indexedMs = report.indexedAt - report.activatedAt;
    log(`  editor start ${run + 1}: activation ${report.activationMs.toFixed(1)} ms, first tree after ${report.firstTreeMs} ms (${report.firstDocuments} documents), ` +
      `complete after ${report.completeTreeMs} ms (${report.documents}), scan ${JSON.stringify(report.lastScan)}, ` +
      `longest stall ${report.maxEventLoopDelayMs.toFixed(1)} ms from the activation, ${report.maxStallFromHostStartMs.toFixed(1)} ms from the host's start (then ${report.maxEventLoopDelayAfterMs.toFixed(1)} ms until the cache was saved), ` +
      `CPU ${report.shownCpuMs.toFixed(0)} ms to the first tree, ${report.completeCpuMs.toFixed(0)} ms to the complete one, heap ${report.memory.heapUsedMB.toFixed(0)} MB, rss ${report.memory.rssMB.toFixed(0)} MB`);
  }
  return reports;
}

/**
 * The same-run baseline of `measureEditorStartup`: the same editor, harness and corpus without the
 * extension under test, started once per paired report (fresh user data, then the same again, as
 * the cold and warm starts) and watched from the host's start for as long as the paired start took
 * from its host's start to its complete tree. Its longest stall is given over that whole window
 * (`maxStallFromHostStartMs`) and over the part after the paired start's activation
 * (`maxEventLoopDelayMs`, the window the paired start's figure of that name covers).
 */
export async function measureBaselineStartup(folder, paired, { log = console.log, timeoutMs = 240_000 } = {}) {
  const envs = paired.map((r) => ({ SEED_BENCH_WINDOW_MS: String(Math.max(1000, Math.round(r.treeFromHostStartMs))) }));
  const reports = await startEditor(folder, { baseline: true, envs, timeoutMs });
  for (const [run, report] of reports.entries()) {
    const from = paired[run].activatedFromHostStartMs;
    const after = report.allStalls.filter((st) => st.fromHostStartMs > from && st.fromHostStartMs - st.ms < report.windowMs);
    report.pairedActivationFromHostStartMs = from;
    report.maxEventLoopDelayMs = Math.max(0, ...after.map((st) => st.ms - 5));
    log(`  baseline start ${run + 1} (without the extension): longest stall ${report.maxStallFromHostStartMs.toFixed(1)} ms in the ${report.windowMs} ms from the host's start, ` +
      `${report.maxEventLoopDelayMs.toFixed(1)} ms after ${from} ms, heap ${report.memory.heapUsedMB.toFixed(0)} MB, rss ${report.memory.rssMB.toFixed(0)} MB`);
  }
  return reports;
}

/**
 * What ran in each stall, from the CPU profile of the start (SEED_BENCH_PROFILE): the sampled time by
 * owner and by function. The owner of a sample is the innermost extension on its stack: ours (the
 * extension under test, `ours`), the bench's harness and early watch (`bench`), another extension
 * (`extensions`, by name), else VS Code's own code (`vscode`), Node's (`node`), the collector (`gc`),
 * and V8's `(program)` / `(idle)` (`other`). Each stall gets `samples` with those sums (ms), so a
 * stall can be told ours or not; returns a line per stall.
 */
export function attributeStalls(report, oursPrefix) {
  const profile = JSON.parse(fs.readFileSync(report.profileFile, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const owners = new Map();
  const ownerOf = (id) => {
    if (owners.has(id)) return owners.get(id);
    let owner;
    for (let at = id; at !== undefined && !owner; at = parent.get(at)) {
      const url = byId.get(at).callFrame.url;
      if (url.endsWith('early-watch.cjs')) owner = ['bench', 'early watch'];
      const m = /\/extensions\/([^/]+)\//.exec(url);
      if (!owner && m) owner = m[1].startsWith(oursPrefix) ? ['ours', m[1]] : m[1].startsWith(HARNESS_ID) ? ['bench', 'harness'] : ['extensions', m[1]];
    }
    if (!owner) {
      const frame = byId.get(id).callFrame;
      owner = frame.url ? (frame.url.startsWith('node:') ? ['node', 'node'] : ['vscode', 'vscode'])
        : frame.functionName === '(garbage collector)' ? ['gc', 'gc'] : ['other', frame.functionName];
    }
    owners.set(id, owner);
    return owner;
  };
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const seen = new Map();
  for (const stall of [...(report.hostStalls ?? []), ...report.stalls]) seen.set(stall.endUs, stall);
  const lines = [];
  const fmt = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
  for (const stall of [...seen.values()].sort((a, b) => a.endUs - b.endUs)) {
    // The profile's clock is the monotonic one, as process.hrtime's.
    const to = stall.endUs;
    const from = to - stall.ms * 1000;
    const kinds = { ours: 0, bench: 0, extensions: 0, vscode: 0, node: 0, gc: 0, other: 0 };
    const names = new Map();
    const selves = new Map();
    // Our samples by the innermost function of our bundle on the stack (a native call it made counts for it).
    const oursBy = new Map();
    let sampled = 0;
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] < from || times[i] > to) continue;
      const dt = ((i + 1 < times.length ? times[i + 1] : profile.endTime) - times[i]) / 1000;
      const id = profile.samples[i];
      const frame = byId.get(id).callFrame;
      const [kind, name] = ownerOf(id);
      sampled += dt;
      kinds[kind] += dt;
      names.set(name, (names.get(name) ?? 0) + dt);
      const self = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
      selves.set(self, (selves.get(self) ?? 0) + dt);
      if (kind === 'ours') {
        let at = id;
        while (!byId.get(at).callFrame.url.includes(`/${name}/`)) at = parent.get(at);
        const f = byId.get(at).callFrame;
        const key = `${f.functionName || '(anonymous)'}:${f.lineNumber + 1}${at === id ? '' : `>${frame.functionName || '(native)'}`}`;
        oursBy.set(key, (oursBy.get(key) ?? 0) + dt);
      }
    }
    stall.samples = Object.fromEntries(Object.entries({ sampled, ...kinds }).map(([k, v]) => [k, +v.toFixed(1)]));
    const kindText = Object.entries(kinds).filter(([, v]) => v >= 0.5).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    lines.push(`stall ${stall.fromHostStartMs} ms from the host's start (${stall.ms} ms, thread CPU ${stall.cpuMs}, GC ${stall.gcMs}): ours ${kinds.ours.toFixed(1)} ms of ${sampled.toFixed(0)} sampled${kinds.ours >= 0.5 ? ` (${fmt(oursBy, 4)})` : ''}; ${kindText} | ${fmt(names, 4)} | ${fmt(selves, 4)}`);
  }
  return lines;
}

// ---- run on its own ---------------------------------------------------------
//   node bench/editor.mjs [--size 10000|100000 | --corpus DIR] [--pairs N] [--no-baseline]
// Each pair: a cold then a warm start with the extension (fresh user data), then the baseline (the
// editor without it, fresh user data, two starts each watched as long as its paired start took from
// the host's start to its complete tree), on a corpus the benchmark generated (npm run bench makes
// them). Prints each start's stalls and the collector's pauses (with SEED_BENCH_PROFILE, what ran in
// each stall), then min / median / max over the starts. Build first (npm run build).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const os = await import('node:os');
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, corpus: { type: 'string' }, pairs: { type: 'string', default: '1' }, 'no-baseline': { type: 'boolean', default: false } } });
  const size = Number(values.size);
  const folder = values.corpus ?? path.join(os.tmpdir(), 'seed-annotator-bench', 'v4', `corpus-${size}`);
  if (!fs.existsSync(folder)) throw new Error(`no corpus at ${folder}: run npm run bench first, or pass --corpus`);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const oursPrefix = `${manifest.publisher}.${manifest.name}-`;
  const pairs = Math.max(1, Number(values.pairs) || 1);
  const timeoutMs = size >= 100_000 ? 600_000 : 240_000;
  /** @type {Record<string, any[]>} */
  const all = { cold: [], warm: [], 'baseline cold': [], 'baseline warm': [] };
  const loads = [];
  const ourStalls = [];
  const stallLine = (st) => `${st.ms} (CPU ${st.cpuMs}, GC ${st.gcMs}${st.samples ? `, ours ${st.samples.ours}` : ''}) at ${st.fromHostStartMs}`;
  for (let p = 0; p < pairs; p++) {
    loads.push(os.loadavg()[0]);
    const [cold, warm] = await measureEditorStartup(folder, { runs: 2, log: () => {}, timeoutMs });
    loads.push(os.loadavg()[0]);
    const base = values['no-baseline'] ? [] : await measureBaselineStartup(folder, [cold, warm], { log: () => {}, timeoutMs });
    loads.push(os.loadavg()[0]);
    for (const [kind, r] of [['cold', cold], ['warm', warm]]) {
      all[kind].push(r);
      if (r.profileFile) for (const line of attributeStalls(r, oursPrefix)) console.log(`    ${line}`);
      const scan = r.lastScan ?? {};
      const rel = (ms) => (ms === undefined ? '-' : Math.round(scan.startedAt + ms - r.hostStartedAt));
      console.log(`${kind} ${p + 1}: load ${os.loadavg()[0].toFixed(1)}, first tree ${r.firstTreeMs} ms (${r.firstDocuments}), complete ${r.completeTreeMs} ms, ` +
        `longest stall ${r.maxEventLoopDelayMs.toFixed(1)} ms from the activation (its part after it ${r.maxStallAfterActivationMs.toFixed(1)}), ${r.maxStallFromHostStartMs.toFixed(1)} from the host's start (after the tree: ${r.maxEventLoopDelayAfterMs.toFixed(1)}), ` +
        `host thread CPU from the harness to the complete tree ${r.completeThreadCpuMs} ms, heap ${r.memory.heapUsedMB.toFixed(0)} MB, rss ${r.memory.rssMB.toFixed(0)} MB`);
      console.log(`  from the host's start: activated ${r.activatedFromHostStartMs}, harness ${r.harnessAt - r.hostStartedAt}, scan start ${rel(0)}, shown ${rel(scan.shownMs)}, listed ${rel(scan.listedMs)}, first read ${rel(scan.firstEntriesMs)}, complete ${rel(scan.ms)}`);
      console.log(`  stalls from the activation: ${r.stalls.filter((st) => st.ms > 30).map(stallLine).join('; ') || 'none over 30 ms'}`);
      console.log(`  stalls before it: ${r.hostStalls.filter((st) => st.ms > 30 && !r.stalls.some((s) => s.endUs === st.endUs)).map(stallLine).join('; ') || 'none over 30 ms'}`);
      console.log(`  gc ${r.gc.count} pauses ${r.gc.totalMs} ms, longest ${JSON.stringify(r.gc.longest)}`);
      for (const st of r.stalls) if (st.ms - 5 > 50) ourStalls.push(st);
    }
    for (const [i, b] of base.entries()) {
      const kind = i === 0 ? 'baseline cold' : 'baseline warm';
      all[kind].push(b);
      if (b.profileFile) for (const line of attributeStalls(b, oursPrefix)) console.log(`    ${line}`);
      console.log(`${kind} ${p + 1} (without the extension): longest stall ${b.maxStallFromHostStartMs.toFixed(1)} ms in the ${b.windowMs} ms from the host's start, ${b.maxEventLoopDelayMs.toFixed(1)} after ${b.pairedActivationFromHostStartMs} ms (the paired activation); harness ${b.harnessActivatedFromHostStartMs}, heap ${b.memory.heapUsedMB.toFixed(0)} MB, rss ${b.memory.rssMB.toFixed(0)} MB`);
      console.log(`  stalls: ${b.stalls.filter((st) => st.ms > 30).map(stallLine).join('; ') || 'none over 30 ms'}`);
      console.log(`  gc ${b.gc.count} pauses ${b.gc.totalMs} ms, longest ${JSON.stringify(b.gc.longest)}`);
    }
  }
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0].toFixed(0)} / ${s[Math.floor((s.length - 1) / 2)].toFixed(0)} / ${s[s.length - 1].toFixed(0)}`;
  };
  console.log(`\n${size} documents, ${pairs} pairs, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; min / median / max:`);
  for (const kind of ['cold', 'warm']) {
    const rs = all[kind];
    console.log(`${kind}: longest stall from the activation ${stat(rs.map((r) => r.maxEventLoopDelayMs))} ms, from the host's start ${stat(rs.map((r) => r.maxStallFromHostStartMs))} ms; first tree ${stat(rs.map((r) => r.firstTreeMs))} ms; complete ${stat(rs.map((r) => r.completeTreeMs))} ms; longest gc ${stat(rs.map((r) => r.gc.maxMs))} ms; heap ${stat(rs.map((r) => r.memory.heapUsedMB))} MB`);
    const bs = all[`baseline ${kind}`];
    if (bs.length) console.log(`baseline ${kind}: longest stall in the same window ${stat(bs.map((r) => r.maxStallFromHostStartMs))} ms, after the paired activation ${stat(bs.map((r) => r.maxEventLoopDelayMs))} ms; heap ${stat(bs.map((r) => r.memory.heapUsedMB))} MB`);
  }
  const profiled = ourStalls.filter((st) => st.samples);
  if (profiled.length) {
    // A stall mostly ours with little of the host thread's CPU in it is the thread waiting for a core inside our code, not our work.
    const mostly = profiled.filter((st) => st.samples.ours > st.samples.sampled / 2);
    console.log(`stalls over 50 ms from the activation: ${ourStalls.length}; with over 5 ms of samples in our bundle: ${profiled.filter((st) => st.samples.ours > 5).length}; ` +
      `more than half ours: ${mostly.length}, ${mostly.filter((st) => st.cpuMs < 10).length} of them with under 10 ms of the host thread's CPU (${profiled.map((st) => `${st.ms}: ours ${st.samples.ours}, CPU ${st.cpuMs}`).join('; ')})`);
  }
}
