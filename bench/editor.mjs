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

exports.activate = function activate(context) {
  const out = process.env.SEED_BENCH_RESULT;
  if (!out || fs.existsSync(out)) return;
  const harnessAt = Date.now();
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  // What the longest stalls were: a timer's late wake-ups (over 30 ms, with when they ended) and the
  // garbage collector's pauses, so that a stall can be told apart from the collector's.
  const { PerformanceObserver, performance } = require('node:perf_hooks');
  const stalls = [];
  const gcs = [];
  // The first wake-up only says when the timer started (the histogram skips it too).
  // cpuMs: the host thread's own CPU time in the stall (Node 23.9+), to tell work on the thread
  // from the thread waiting for a core (a loaded machine) or in a blocking call.
  const threadCpu = () => { if (!process.threadCpuUsage) return NaN; const u = process.threadCpuUsage(); return (u.user + u.system) / 1000; };
  let tick;
  let tickCpu;
  const watchdog = setInterval(() => {
    const t = performance.now();
    const c = threadCpu();
    if (tick !== undefined && t - tick > 30) stalls.push({ at: Math.round(performance.timeOrigin + t - harnessAt), ms: +(t - tick).toFixed(1), cpuMs: +(c - tickCpu).toFixed(1), from: tick, to: t, endUs: Number(process.hrtime.bigint() / 1000n) });
    tick = t;
    tickCpu = c;
  }, 5);
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcs.push({ at: Math.round(performance.timeOrigin + e.startTime - harnessAt), ms: +e.duration.toFixed(1), kind: e.detail && e.detail.kind, from: e.startTime, to: e.startTime + e.duration });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const gcSummary = () => {
    const longest = [...gcs].sort((a, b) => b.ms - a.ms).slice(0, 5).map(({ from, to, ...g }) => g);
    return { count: gcs.length, totalMs: +gcs.reduce((s, g) => s + g.ms, 0).toFixed(1), maxMs: longest.length ? longest[0].ms : 0, longest };
  };
  const cpuAt = process.cpuUsage();
  const threadCpuAt = threadCpu();
  const cpuMs = () => { const u = process.cpuUsage(cpuAt); return (u.user + u.system) / 1000; };
  // SEED_BENCH_PROFILE=DIR: a CPU profile of the extension host from here to the complete tree (--cpu-prof cannot reach it).
  let session = globalThis.__seedBenchEarlyWatch && globalThis.__seedBenchEarlyWatch.session;
  if (process.env.SEED_BENCH_PROFILE && !session) {
    session = new (require('node:inspector').Session)();
    session.connect();
    session.post('Profiler.enable');
    session.post('Profiler.setSamplingInterval', { interval: 500 });
    session.post('Profiler.start');
  }
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
      if (session) {
        const profile = await new Promise((resolve, reject) => session.post('Profiler.stop', (error, r) => (error ? reject(error) : resolve(r.profile))));
        fs.mkdirSync(process.env.SEED_BENCH_PROFILE, { recursive: true });
        result.profileFile = path.join(process.env.SEED_BENCH_PROFILE, 'extension-host-' + Date.now() + '.cpuprofile');
        fs.writeFileSync(result.profileFile, JSON.stringify(profile));
        session.disconnect();
      }
      result.documents = api.index.size;
      result.lastScan = api.lastScan ? api.lastScan() : undefined;
      // The scan's own end, not when the harness got there.
      if (result.lastScan && result.lastScan.startedAt) result.treeAt = Math.min(result.treeAt, result.lastScan.startedAt + result.lastScan.ms);
      lag.disable();
      clearInterval(watchdog);
      gcObserver.disconnect();
      // gcMs: the collector's pauses within the stall.
      const gcIn = (st) => gcs.reduce((sum, g) => sum + Math.max(0, Math.min(g.to, st.to) - Math.max(g.from, st.from)), 0);
      // The watch started with the process, when it ran (see EARLY_WATCH): from the extension's activation on.
      const early = globalThis.__seedBenchEarlyWatch;
      if (early) {
        clearInterval(early.timer);
        const since = early.stalls.filter((st) => st.endedAt > api.activatedAt);
        result.watchFrom = 'activation';
        result.maxEventLoopDelayMs = Math.max(0, ...since.map((st) => st.ms - 5));
        stalls.length = 0;
        for (const st of since) if (st.ms > 30) stalls.push({ ...st, at: Math.round(st.endedAt - harnessAt), endedAt: undefined });
      }
      result.stalls = [...stalls].sort((a, b) => b.ms - a.ms).slice(0, 5).map(({ from, to, endedAt: _e, ...st }) => ({ ...st, gcMs: +gcIn({ from, to }).toFixed(1) }));
      result.gc = gcSummary();
      result.maxEventLoopDelayMs ??= lag.max / 1e6;
      result.p99EventLoopDelayMs = lag.percentile(99) / 1e6;
      const mem = process.memoryUsage();
      result.memory = { heapUsedMB: mem.heapUsed / 2 ** 20, rssMB: mem.rss / 2 ** 20 };
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
    fs.writeFileSync(out + '.tmp', JSON.stringify(result));
    fs.renameSync(out + '.tmp', out);
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

async function writeHarness(dir, manifest) {
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
      extensionDependencies: [`${manifest.publisher}.${manifest.name}`],
      capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true },
    }, null, 2),
  );
  await fsp.writeFile(path.join(dir, 'main.js'), HARNESS_MAIN);
}

/**
 * Starts the editor `runs` times on `folder` (same user data each time) and
 * returns the harness's report of each start.
 */
export async function measureEditorStartup(folder, { runs = 2, log = console.log, timeoutMs = 240_000 } = {}) {
  provision();
  const manifest = JSON.parse(await fsp.readFile(path.join(ROOT, 'package.json'), 'utf8'));
  const extensionId = `${manifest.publisher}.${manifest.name}`;
  const scratch = await tempDir('seed-bench-editor');
  const extensionsDir = path.join(scratch, 'extensions');
  await installExtensionDir(ROOT, extensionsDir, { files: EXTENSION_FILES });
  await writeHarness(path.join(extensionsDir, `${HARNESS_ID}-0.0.0`), manifest);
  const earlyWatch = path.join(scratch, 'early-watch.cjs');
  await fsp.writeFile(earlyWatch, EARLY_WATCH);
  const userDataDir = path.join(scratch, 'user-data');
  // The same port every time: code-server's workspace URI (vscode-remote://HOST:PORT/…)
  // names the workspace storage, where the index cache is kept.
  const port = await freePort();
  const reports = [];
  try {
    for (let run = 0; run < runs; run++) {
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
          env: { SEED_BENCH_RESULT: resultFile, SEED_BENCH_EXTENSION: extensionId, ...(process.env.SEED_BENCH_PROFILE ? { SEED_BENCH_PROFILE: process.env.SEED_BENCH_PROFILE } : {}) },
        });
        browser = await launchChromium();
        await openWorkbench(browser, server.url);
        await waitFor(() => fs.existsSync(resultFile), { timeoutMs, intervalMs: 200, message: 'the bench harness to report' }).catch((error) => {
          throw new Error(`${error.message}\n${server.diagnostics()}`);
        });
        const report = JSON.parse(await fsp.readFile(resultFile, 'utf8'));
        if (report.error) throw new Error(`the bench harness failed: ${report.error}`);
        report.wallMs = Date.now() - started;
        report.firstTreeMs = report.shownAt - report.activatedAt;
        report.completeTreeMs = report.treeAt - report.activatedAt;
        report.indexedMs = report.indexedAt - report.activatedAt;
        log(`  editor start ${run + 1}: activation ${report.activationMs.toFixed(1)} ms, first tree after ${report.firstTreeMs} ms (${report.firstDocuments} documents), ` +
          `complete after ${report.completeTreeMs} ms (${report.documents}), scan ${JSON.stringify(report.lastScan)}, ` +
          `max event-loop delay ${report.maxEventLoopDelayMs.toFixed(1)} ms (then ${report.maxEventLoopDelayAfterMs.toFixed(1)} ms until the cache was saved), ` +
          `CPU ${report.shownCpuMs.toFixed(0)} ms to the first tree, ${report.completeCpuMs.toFixed(0)} ms to the complete one, heap ${report.memory.heapUsedMB.toFixed(0)} MB, rss ${report.memory.rssMB.toFixed(0)} MB`);
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
 * What ran in each stall, from the CPU profile of the start (SEED_BENCH_PROFILE): the time by
 * owner (the innermost extension on the stack, else VS Code, else V8's own entries such as the
 * garbage collector) and by function.
 */
function attributeStalls(report) {
  const profile = JSON.parse(fs.readFileSync(report.profileFile, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const ownerOf = (id) => {
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const url = byId.get(at).callFrame.url;
      const m = /\/extensions\/([^/]+)\//.exec(url);
      if (m) return m[1];
    }
    const frame = byId.get(id).callFrame;
    return frame.url ? (frame.url.startsWith('node:') ? 'node' : 'vscode') : frame.functionName;
  };
  const times = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  const lines = [];
  for (const stall of [...report.stalls].sort((a, b) => a.at - b.at)) {
    // The profile's clock is the monotonic one, as process.hrtime's.
    const to = stall.endUs;
    const from = to - stall.ms * 1000;
    const owners = new Map();
    const selves = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      if (times[i] < from || times[i] > to) continue;
      const dt = (i + 1 < times.length ? times[i + 1] : profile.endTime) - times[i];
      const id = profile.samples[i];
      const frame = byId.get(id).callFrame;
      const owner = ownerOf(id);
      owners.set(owner, (owners.get(owner) ?? 0) + dt / 1000);
      const self = `${frame.functionName || '(anonymous)'} ${path.basename(frame.url)}:${frame.lineNumber + 1}`;
      selves.set(self, (selves.get(self) ?? 0) + dt / 1000);
    }
    const top = (m, n) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    lines.push(`stall at ${stall.at} (${stall.ms} ms, thread CPU ${stall.cpuMs} ms): ${top(owners, 4)} | ${top(selves, 4)}`);
  }
  return lines;
}

// ---- run on its own ---------------------------------------------------------
//   node bench/editor.mjs [--size 10000|100000 | --corpus DIR] [--pairs N]
// Starts the editor N times cold then warm (each pair on fresh user data) on a corpus the
// benchmark generated (npm run bench makes them), and prints each start's stalls and the
// collector's pauses, then min / median / max over the starts. Build first (npm run build).
if (import.meta.url === `file://${process.argv[1]}`) {
  const { parseArgs } = await import('node:util');
  const os = await import('node:os');
  const { values } = parseArgs({ options: { size: { type: 'string', default: '10000' }, corpus: { type: 'string' }, pairs: { type: 'string', default: '1' } } });
  const size = Number(values.size);
  const folder = values.corpus ?? path.join(os.tmpdir(), 'seed-annotator-bench', 'v4', `corpus-${size}`);
  if (!fs.existsSync(folder)) throw new Error(`no corpus at ${folder}: run npm run bench first, or pass --corpus`);
  const pairs = Math.max(1, Number(values.pairs) || 1);
  const all = { cold: [], warm: [] };
  const loads = [];
  for (let p = 0; p < pairs; p++) {
    loads.push(os.loadavg()[0]);
    const [cold, warm] = await measureEditorStartup(folder, { runs: 2, log: () => {}, timeoutMs: size >= 100_000 ? 600_000 : 240_000 });
    loads.push(os.loadavg()[0]);
    for (const [kind, r] of [['cold', cold], ['warm', warm]]) {
      all[kind].push(r);
      const scan = r.lastScan ?? {};
      const rel = (ms) => (ms === undefined ? '-' : Math.round(scan.startedAt + ms - r.harnessAt));
      console.log(`${kind} ${p + 1}: load ${os.loadavg()[0].toFixed(1)}, first tree ${r.firstTreeMs} ms (${r.firstDocuments}), complete ${r.completeTreeMs} ms, ` +
        `longest stall ${r.maxEventLoopDelayMs.toFixed(1)} ms (after: ${r.maxEventLoopDelayAfterMs.toFixed(1)}), host thread CPU to the complete tree ${r.completeThreadCpuMs} ms, heap ${r.memory.heapUsedMB.toFixed(0)} MB`);
      console.log(`  harness-relative: activated ${r.activatedAt - r.harnessAt}, scan start ${rel(0)}, shown ${rel(scan.shownMs)}, listed ${rel(scan.listedMs)}, first read ${rel(scan.firstEntriesMs)}, complete ${rel(scan.ms)}`);
      console.log(`  stalls ${JSON.stringify(r.stalls.map(({ endUs: _endUs, ...rest }) => rest))}`);
      console.log(`  gc ${r.gc.count} pauses ${r.gc.totalMs} ms, longest ${JSON.stringify(r.gc.longest)}`);
      if (r.profileFile) for (const line of attributeStalls(r)) console.log(`    ${line}`);
    }
  }
  const stat = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0].toFixed(0)} / ${s[Math.floor((s.length - 1) / 2)].toFixed(0)} / ${s[s.length - 1].toFixed(0)}`;
  };
  console.log(`\n${size} documents, ${pairs} starts each, load ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}; min / median / max:`);
  for (const kind of ['cold', 'warm']) {
    const rs = all[kind];
    console.log(`${kind}: longest stall ${stat(rs.map((r) => r.maxEventLoopDelayMs))} ms; first tree ${stat(rs.map((r) => r.firstTreeMs))} ms; complete ${stat(rs.map((r) => r.completeTreeMs))} ms; longest gc ${stat(rs.map((r) => r.gc.maxMs))} ms`);
  }
}
