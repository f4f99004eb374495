#!/usr/bin/env node
// `npm run bench`: performance of Seed Annotator on generated corpora.
//
//   npm run bench               full: 10,000 and 100,000 documents, and the real editor
//   npm run bench -- --quick    10,000 documents only, no real editor (for development)
//   --no-editor                 skip the real-editor step
//   --reps N                    repetitions of floor / cold / warm on 10k (default 5)
//
// Corpora are generated once into os.tmpdir()/seed-annotator-bench/vN and reused.
// Every ratio is against a baseline measured in the same run. The last line is
// `BENCH_JSON {...}` with every value, for machines.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

const { values: options } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    'no-editor': { type: 'boolean', default: false },
    reps: { type: 'string', default: '5' },
    'cpu-prof': { type: 'string' },
  },
});
const quick = options.quick;
const withEditor = !quick && !options['no-editor'];
const reps = Math.max(1, Number(options.reps) || 5);

const TARGETS = {
  coldToFloor: 1.5,
  warmToCold: 0.3,
  tagP95Ms: 15,
  cliToFloor: 2,
  reanchorMs: 40,
  bundleKB: 400,
  activationMs: 50,
  memoryMB: 150,
  syncStretchMs: 50,
  grammarLineMs: 500,
  suggestArticleMs: 50,
  editorCold10kMs: 1500,
  editorWarm10kMs: 300,
  editorWarm100kMs: 2000,
};

const startedAt = Date.now();
const log = (line) => console.log(line);
const ms = (v) => `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ms`;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

// ---- build ------------------------------------------------------------------

const BENCH_OUT = path.join(ROOT, 'out', 'bench');

async function buildBench() {
  const esbuild = require('esbuild');
  await esbuild.build({
    entryPoints: { node: path.join(ROOT, 'bench', 'node.ts') },
    outdir: BENCH_OUT,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: true,
    logLevel: 'warning',
  });
  return path.join(BENCH_OUT, 'node.js');
}

/**
 * Runs a benchmark child process and returns the JSON of its `RESULT ` line.
 * @param {string} script
 * @param {string[]} args
 * @param {{ expose?: boolean }} [options]
 * @returns {any}
 */
function runChild(script, args, { expose = false } = {}) {
  const result = spawnSync(process.execPath, [...(expose ? ['--expose-gc'] : []), script, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.status !== 0) throw new Error(`child ${args.join(' ')} failed:\n${result.stderr}`);
  const line = result.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (line === undefined) throw new Error(`child ${args.join(' ')} printed no RESULT line:\n${result.stdout.slice(-2000)}`);
  return JSON.parse(line.slice(7));
}

function machine() {
  const cpu = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.*)$/m)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { nproc: os.availableParallelism?.() ?? os.cpus().length, cpu, memoryGB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

function dirSize(dir) {
  let total = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    total += e.isDirectory() ? dirSize(full) : fs.statSync(full).size;
  }
  return total;
}

// ---- main -------------------------------------------------------------------

async function main() {
  const info = machine();
  log(`Seed Annotator bench (${quick ? 'quick' : 'full'}) on ${info.nproc} × ${info.cpu}, ${info.memoryGB} GB, Node ${info.node}`);
  const script = await buildBench();
  const bench = require(script);
  const rows = [];
  const json = { machine: info, mode: quick ? 'quick' : 'full', concurrency: bench.CONCURRENCY, corpora: {}, results: {} };
  const row = (measure, value, target, pass) => rows.push({ measure, value, target: target ?? '—', result: pass === undefined ? 'info' : pass ? 'pass' : 'MISS' });

  // Corpora.
  const sizes = quick ? [10_000] : [10_000, 100_000];
  const corpora = {};
  for (const size of sizes) {
    log(`corpus of ${size.toLocaleString('en')} documents…`);
    const c = bench.ensureCorpus(size, log);
    corpora[size] = c;
    json.corpora[size] = c;
    log(`  ${c.cached ? 'cached' : `generated in ${(c.generatedMs / 1000).toFixed(1)} s`}: ${c.root}\n  ${c.seeds} seeds (${c.undated} undated), ${c.notSeeds} other .txt, ${c.sidecars} sidecars with ${c.quotes} quotes and ${c.mentions} mentions, ${(c.bytes / 2 ** 20).toFixed(0)} MB of text`);
  }

  // Floor, cold and warm, alternating so that neither gets a warmer machine.
  for (const size of sizes) {
    const root = corpora[size].root;
    const n = size >= 100_000 ? Math.min(reps, 3) : reps;
    log(`floor / cold / warm on ${size.toLocaleString('en')} documents, ${n} rounds (page cache warm)…`);
    // Warm the page cache and the JIT for both sides: the cold index too, which used to meet its first round
    // unoptimised while the floor had been run once (each round's cold run writes the cache its warm run reads).
    await bench.floor(root);
    await bench.coldIndex(root);
    /** @type {Record<string, number[]>} */
    const runs = { list: [], floor: [], floorRead: [], floorStatRead: [], cold: [], coldIndex: [], coldInsert: [], warm: [], warmLoad: [], warmIndex: [], verify: [], save: [], floorCpu: [], coldCpu: [], floorMainCpu: [], coldMainCpu: [] };
    /** @type {any} */
    let last;
    for (let i = 0; i < n; i++) {
      const f = await bench.floor(root);
      const c = await bench.coldIndex(root);
      const w = await bench.warmIndex(root);
      runs.floor.push(f.ms); runs.floorRead.push(f.readMs); runs.floorStatRead.push(f.statReadMs); runs.list.push(f.ms - f.readMs);
      runs.cold.push(c.ms); runs.coldIndex.push(c.indexMs); runs.coldInsert.push(c.insertMs); runs.save.push(c.saveMs);
      runs.floorCpu.push(f.cpuMs); runs.coldCpu.push(c.cpuMs); runs.floorMainCpu.push(f.mainCpuMs ?? NaN); runs.coldMainCpu.push(c.mainCpuMs ?? NaN);
      runs.warm.push(w.ms); runs.warmLoad.push(w.loadMs); runs.warmIndex.push(w.indexMs); runs.verify.push(w.verifyMs);
      last = { f, c, w };
      log(`  round ${i + 1}: floor ${ms(f.ms)}, cold ${ms(c.ms)}, warm ${ms(w.ms)} (reused ${w.reused}, read ${w.read}; folders reused ${w.foldersReused}, read ${w.foldersRead}), exact pass after warm ${ms(w.verifyMs)}; load ${os.loadavg()[0].toFixed(1)}`);
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    const coldRatio = m.cold / m.floor;
    const warmRatio = m.warm / m.cold;
    const k = `${size / 1000}k`;
    row(`Listing (readdir walk) ${k}`, `${ms(m.list)} (${last.f.files} .txt files)`);
    row(`Floor: list + first 256 B of every file, ${k}`, ms(m.floor));
    row(`Cold index ${k}: walk + read + entryFromBytes + CorpusIndex`, `${ms(m.cold)} = ${coldRatio.toFixed(2)}× floor`, `≤ ${TARGETS.coldToFloor}× floor`, coldRatio <= TARGETS.coldToFloor);
    row(`  walk + reads ${ms(m.coldIndex)} vs floor ${ms(m.floor)}; insert ${ms(m.coldInsert)}`, `${(m.coldIndex / m.floor).toFixed(2)}× floor`);
    row(`  CPU time vs the floor's: the process (every thread) / the main thread (wall time on idle cores follows it)`, `${(m.coldCpu / m.floorCpu).toFixed(2)}× (${ms(m.coldCpu)} vs ${ms(m.floorCpu)}) / ${Number.isNaN(m.coldMainCpu) ? 'n/a' : `${(m.coldMainCpu / m.floorMainCpu).toFixed(2)}× (${ms(m.coldMainCpu)} vs ${ms(m.floorMainCpu)})`}`);
    row(`  floor reads with an fstat each (the cache stamps files after the scan instead): ${ms(m.floorStatRead)}`, `${(m.floorStatRead / m.floorRead).toFixed(2)}× floor reads`);
    row(`Warm start ${k}: cache + a stat per folder, none per file`, `${ms(m.warm)} = ${warmRatio.toFixed(2)}× cold`, `≤ ${TARGETS.warmToCold}× cold`, warmRatio <= TARGETS.warmToCold);
    row(`  of which cache load+parse / walk + reuse`, `${ms(m.warmLoad)} / ${ms(m.warmIndex)}; files reused ${last.w.reused}, read ${last.w.read}; folders reused ${last.w.foldersReused}, read ${last.w.foldersRead}`);
    row(`  then, in the background, the exact pass (walk + a stat per file: catches edits in place)`, `${ms(m.verify)} = ${(m.verify / m.cold).toFixed(2)}× cold; read ${last.w.verifyRead}`);
    row(`  cache file ${k}`, `${(last.c.cacheBytes / 2 ** 20).toFixed(2)} MB, stamped (a stat per file read) and saved in ${ms(m.save)}, after the scan`);
    json.results[`index${k}`] = { medians: m, runs, documents: last.c.documents, coldToFloor: coldRatio, coldCpuToFloor: m.coldCpu / m.floorCpu, coldMainCpuToFloor: m.coldMainCpu / m.floorMainCpu, warmToCold: warmRatio, verifyToCold: m.verify / m.cold, cacheBytes: last.c.cacheBytes, reusedWarm: last.w.reused, readWarm: last.w.read, loadAverage: os.loadavg() };
  }
  {
    // The CLI's commands in process, alternating with the floor: cold (its cache folder emptied: every file
    // read, the caches written) and warm (the next run, with those caches), and index --no-cache.
    const size = 10_000;
    const root = corpora[size].root;
    const n = reps;
    log(`CLI index and check on ${size.toLocaleString('en')} documents, cold and warm, ${n} rounds…`);
    /** @type {Record<string, number[]>} */
    const runs = { floor: [], index: [], check: [], indexCold: [], checkCold: [], indexNoCache: [] };
    for (let i = 0; i < n; i++) {
      runs.floor.push((await bench.floor(root)).ms);
      const c = await bench.cliCommands(root);
      if (c.indexStatus !== 0) throw new Error(`seed-annotator index exited ${c.indexStatus}`);
      if (c.checkStatus !== c.checkColdStatus) throw new Error(`seed-annotator check exited ${c.checkColdStatus} cold but ${c.checkStatus} warm`);
      runs.index.push(c.indexMs); runs.check.push(c.checkMs); runs.indexCold.push(c.indexColdMs); runs.checkCold.push(c.checkColdMs); runs.indexNoCache.push(c.indexNoCacheMs);
      log(`  round ${i + 1}: floor ${ms(runs.floor[i])}, index cold ${ms(c.indexColdMs)} / warm ${ms(c.indexMs)} (--no-cache ${ms(c.indexNoCacheMs)}), check cold ${ms(c.checkColdMs)} / warm ${ms(c.checkMs)}; load ${os.loadavg()[0].toFixed(1)}`);
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    const x = (v) => `${ms(v)} = ${(v / m.floor).toFixed(2)}× floor`;
    row(`CLI index ${size / 1000}k, warm (in process; the cache of the run before: a stat per file)`, x(m.index), `≤ ${TARGETS.cliToFloor}× floor`, m.index / m.floor <= TARGETS.cliToFloor);
    row(`  cold (no cache yet: every head read, the cache written) / --no-cache`, `${x(m.indexCold)} / ${x(m.indexNoCache)}`, `≤ ${TARGETS.cliToFloor}× floor`, m.indexCold / m.floor <= TARGETS.cliToFloor);
    row(`CLI check ${size / 1000}k, warm (in process; unchanged documents keep the last check's problems)`, x(m.check), `≤ ${TARGETS.cliToFloor}× floor`, m.check / m.floor <= TARGETS.cliToFloor);
    row(`  cold (no cache yet: every sidecar parsed, every anchor verified, the cache written)`, x(m.checkCold));
    json.results.cli = { size, indexMs: m.index, checkMs: m.check, floorMs: m.floor, indexColdMs: m.indexCold, checkColdMs: m.checkCold, indexNoCacheMs: m.indexNoCache, runs };
  }

  // Synchronous CorpusIndex work the tree needs.
  {
    const size = sizes[sizes.length - 1];
    log(`CorpusIndex operations on ${size.toLocaleString('en')} documents…`);
    const ops = await bench.indexOperations(corpora[size].root);
    const treeOps = ['years', 'undatedDocuments (root children)', 'months', 'days', 'documentsOn', 'count(year)', 'count(year, month)', 'count(year, month, day)', 'get'];
    const worstTree = Math.max(...treeOps.map((o) => ops[o]?.maxMs ?? 0));
    row(`Longest tree/CodeLens CorpusIndex call, ${size / 1000}k`, ms(worstTree), `≤ ${TARGETS.syncStretchMs} ms`, worstTree <= TARGETS.syncStretchMs);
    for (const [name, s] of Object.entries(ops)) {
      if (treeOps.includes(name)) continue;
      const limited = name.startsWith('slice') || name.startsWith('delete') || name.startsWith('set');
      row(`  ${name}, ${size / 1000}k`, ms(s.maxMs), limited ? `≤ ${TARGETS.syncStretchMs} ms` : undefined, limited ? s.maxMs <= TARGETS.syncStretchMs : undefined);
    }
    json.results.indexOperations = { size, worstTreeMs: worstTree, ops };
  }

  // Memory, in child processes.
  {
    const size = sizes[sizes.length - 1];
    log(`memory of the index of ${size.toLocaleString('en')} documents (child processes, --expose-gc)…`);
    const cold = runChild(script, ['memory', corpora[size].root, 'cold'], { expose: true });
    const warm = runChild(script, ['memory', corpora[size].root, 'warm'], { expose: true });
    const mb = (b) => b / 2 ** 20;
    const worst = Math.max(mb(cold.indexBytes), mb(warm.indexBytes));
    row(`Memory: index of ${size / 1000}k documents (heap after GC)`, `${mb(cold.indexBytes).toFixed(1)} MB cold / ${mb(warm.indexBytes).toFixed(1)} MB from cache`, `≤ ${TARGETS.memoryMB} MB`, worst <= TARGETS.memoryMB);
    row(`  with the cache records the extension keeps`, `${mb(cold.indexAndRecordsBytes).toFixed(1)} MB / ${mb(warm.indexAndRecordsBytes).toFixed(1)} MB`);
    row(`  peak heap while building`, `${mb(cold.peakBytes).toFixed(1)} MB / ${mb(warm.peakBytes).toFixed(1)} MB`);
    json.results.memory = { size, cold, warm };
  }

  // Tag latency.
  {
    log('tag latency: 200 Tag Quote round trips over the 10k corpus…');
    const t = await bench.tagLatency(corpora[10_000], 200);
    row('Tag quote p50 (draftQuote + store.edit + atomic write)', ms(t.p50));
    row('Tag quote p95', `${ms(t.p95)} (max ${ms(t.max)})`, `≤ ${TARGETS.tagP95Ms} ms`, t.p95 <= TARGETS.tagP95Ms);
    row('  of which the atomic write (temp + fsync + rename), p50 / p95', `${ms(t.write.p50)} / ${ms(t.write.p95)}`);
    row(`  fsync alone of a ${(t.fsync.bytes / 1024).toFixed(1)} KB file on this disk, p50 / p95`, `${ms(t.fsync.p50)} / ${ms(t.fsync.p95)}`);
    json.results.tag = { p50: t.p50, p95: t.p95, max: t.max, count: t.writes, write: t.write, fsync: t.fsync };
  }

  // The grammar on a 100,000-character line (a unit test checks what it yields, this how fast).
  {
    const g = await bench.grammarLongLines(ROOT);
    const worst = Math.max(g.headerMs, g.bodyMs, g.unpunctuatedMs);
    row('Grammar: one 100,000-character line (header / body / unpunctuated, worst of 3)', `${ms(g.headerMs)} / ${ms(g.bodyMs)} / ${ms(g.unpunctuatedMs)}`, `≤ ${TARGETS.grammarLineMs} ms`, worst <= TARGETS.grammarLineMs);
    json.results.grammarLongLine = g;
  }

  // Quote suggestions per article (the language library loaded once, as in the editor), and how
  // long the host's thread is held while the editor's path (the suggestion worker) runs them.
  {
    const esbuild = require('esbuild');
    await esbuild.build({ entryPoints: { suggest: path.join(ROOT, 'bench', 'suggest.ts') }, outdir: BENCH_OUT, bundle: true, platform: 'node', target: 'node18', format: 'cjs', logLevel: 'warning' });
    // The language chunk beside the bench, as dist/nlp.js is beside dist/extension.js.
    await esbuild.build({ entryPoints: { nlp: path.join(ROOT, 'src', 'nlp', 'chunk.ts') }, outdir: BENCH_OUT, bundle: true, platform: 'node', target: 'node18', format: 'cjs', minify: true, logLevel: 'warning' });
    const s = runChild(path.join(BENCH_OUT, 'suggest.js'), []);
    const load = `load ${s.loadAverage.map((l) => l.toFixed(1)).join(' → ')}`;
    row(`Quote suggestions per article, ${s.corpus} (${s.articles} articles × 3, each fresh), p50 / p95`, `${ms(s.p50)} / ${ms(s.p95)} (max ${ms(s.max)}; ${load})`, `p95 ≤ ${TARGETS.suggestArticleMs} ms`, s.p95 <= TARGETS.suggestArticleMs);
    row('  the same, CPU time of the thread, p50 / p95', `${ms(s.cpu.p50)} / ${ms(s.cpu.p95)} (max ${ms(s.cpu.max)})`);
    row('  first round only (code not yet optimised by the JIT), p50 / p95', `${ms(s.firstRound.p50)} / ${ms(s.firstRound.p95)}`);
    row('  again after a one-paragraph edit (the other paragraphs cached), p50 / p95', `${ms(s.afterEdit.p50)} / ${ms(s.afterEdit.p95)}`);
    row('  first suggestion on the host thread, loading the language library (dist/nlp.js)', ms(s.firstMs));
    row(
      `Longest host stall while every article is suggested through the worker (its start and model load included)`,
      `${ms(s.host.workerStallMs)} (the same timer idle: ${ms(s.host.idleStallMs)}; on the host thread: load ${ms(s.host.inThreadFirstLoadMs)}, longest article ${ms(s.host.inThreadLongestArticleMs)})`,
      `≤ ${TARGETS.syncStretchMs} ms`,
      s.host.workerStallMs <= TARGETS.syncStretchMs,
    );
    json.results.suggest = s;
  }

  // Re-anchoring.
  {
    const r = bench.reanchorBench();
    if (!r.available) {
      row('Re-anchor 1,000 anchors, 1 MB, 50 edits', 'not available (src/core/anchoring/reanchor.ts has no reanchorAll)', `≤ ${TARGETS.reanchorMs} ms`, false);
    } else {
      row('Re-anchor 1,000 anchors, 1 MB, 50 edits (median of 5)', `${ms(r.ms)} ${JSON.stringify(r.statuses)}`, `≤ ${TARGETS.reanchorMs} ms`, r.ms <= TARGETS.reanchorMs);
    }
    json.results.reanchor = r;
  }

  // Bundle.
  {
    log('bundle: node esbuild.js --production…');
    const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`production build failed:\n${build.stderr}`);
    const ext = fs.statSync(path.join(ROOT, 'dist', 'extension.js')).size;
    const total = dirSize(path.join(ROOT, 'dist'));
    row('Bundle dist/extension.js (production)', `${(ext / 1024).toFixed(1)} KB`, `≤ ${TARGETS.bundleKB} KB`, ext / 1024 <= TARGETS.bundleKB);
    row('  dist total', `${(total / 1024).toFixed(1)} KB`);
    json.results.bundle = { extensionBytes: ext, distBytes: total };
  }

  // The CLI as a user runs it: a process of the production dist/cli.js, alternating with a floor process
  // (bench/floorProcess.mjs: Node's start, the walk and 256 B of every file). Node's own start is in both;
  // loading the CLI's bundle and its first, unoptimised pass over the corpus are in the CLI's only.
  {
    const size = 10_000;
    const root = corpora[size].root;
    const n = Math.min(reps, 3);
    const cacheDir = path.join(bench.BENCH_ROOT, 'cli-process-cache');
    const empty = path.join(bench.BENCH_ROOT, 'empty-folder');
    fs.mkdirSync(empty, { recursive: true });
    const env = { ...process.env, SEED_ANNOTATOR_CACHE_DIR: cacheDir };
    const cli = path.join(ROOT, 'dist', 'cli.js');
    /** @param {string[]} args @returns {number} */
    const timed = (args) => {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
      if (r.status !== 0 && !(args[1] === 'check' && r.status === 1)) throw new Error(`node ${args.join(' ')} exited ${r.status}`);
      return performance.now() - t0;
    };
    log(`CLI index and check as processes on ${size.toLocaleString('en')} documents, ${n} rounds…`);
    /** @type {Record<string, number[]>} */
    const runs = { floor: [], node: [], empty: [], index: [], check: [], indexCold: [], checkCold: [] };
    for (let i = 0; i < n; i++) {
      runs.floor.push(timed([path.join(ROOT, 'bench', 'floorProcess.mjs'), root]));
      runs.node.push(timed(['-e', '0']));
      runs.empty.push(timed([cli, 'index', empty]));
      fs.rmSync(cacheDir, { recursive: true, force: true });
      runs.indexCold.push(timed([cli, 'index', root]));
      runs.index.push(timed([cli, 'index', root]));
      fs.rmSync(cacheDir, { recursive: true, force: true });
      runs.checkCold.push(timed([cli, 'check', root]));
      runs.check.push(timed([cli, 'check', root]));
      log(`  round ${i + 1}: floor ${ms(runs.floor[i])}, node -e 0 ${ms(runs.node[i])}, CLI on an empty folder ${ms(runs.empty[i])}, index cold ${ms(runs.indexCold[i])} / warm ${ms(runs.index[i])}, check cold ${ms(runs.checkCold[i])} / warm ${ms(runs.check[i])}; load ${os.loadavg()[0].toFixed(1)}`);
    }
    const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)]));
    const x = (v) => `${ms(v)} = ${(v / m.floor).toFixed(2)}× floor`;
    row(`CLI as a process (production dist/cli.js), ${size / 1000}k: floor process / node -e 0 / CLI on an empty folder`, `${ms(m.floor)} / ${ms(m.node)} / ${ms(m.empty)}`);
    row(`  index warm / cold`, `${x(m.index)} / ${x(m.indexCold)}`, `≤ ${TARGETS.cliToFloor}× floor`, m.index / m.floor <= TARGETS.cliToFloor);
    row(`  check warm / cold`, `${x(m.check)} / ${x(m.checkCold)}`, `≤ ${TARGETS.cliToFloor}× floor`, m.check / m.floor <= TARGETS.cliToFloor);
    json.results.cli.process = { floorMs: m.floor, nodeMs: m.node, emptyMs: m.empty, indexMs: m.index, checkMs: m.check, indexColdMs: m.indexCold, checkColdMs: m.checkCold, runs, loadAverage: os.loadavg() };
  }

  // Real editor.
  if (withEditor) {
    const { measureEditorStartup, measureBaselineStartup, attributeStalls } = await import('./editor.mjs');
    // SEED_BENCH_PROFILE: what ran in each stall, ours or not (each stall's `samples` in BENCH_JSON).
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const attribute = (label, report) => {
      if (report.profileFile) for (const line of attributeStalls(report, `${pkg.publisher}.${pkg.name}-`)) log(`  ${label}: ${line}`);
    };
    const mb = (v) => `${v.toFixed(0)} MB`;
    for (const size of sizes) {
      const k = `${size / 1000}k`;
      const key = size === 10_000 ? 'editor' : `editor${k}`;
      log(`startup in the real editor (code-server + headless Chromium) on the ${k} corpus: cold, then warm…`);
      try {
        const [cold, warm] = await measureEditorStartup(corpora[size].root, { runs: 2, log, timeoutMs: size >= 100_000 ? 600_000 : 240_000 });
        const firstWarm = size >= 100_000 ? TARGETS.editorWarm100kMs : TARGETS.editorWarm10kMs;
        if (size === 10_000) {
          const act = Math.max(cold.activationMs, warm.activationMs);
          row('Activation in the real editor (activate() to return)', `${ms(cold.activationMs)} cold / ${ms(warm.activationMs)} warm`, `≤ ${TARGETS.activationMs} ms`, act <= TARGETS.activationMs);
          row(`First tree, real editor, ${k}, cold (the first documents read)`, `${ms(cold.firstTreeMs)} (${cold.firstDocuments} documents)`, `≤ ${TARGETS.editorCold10kMs} ms`, cold.firstTreeMs <= TARGETS.editorCold10kMs);
        } else {
          row(`First tree, real editor, ${k}, cold (the first documents read)`, `${ms(cold.firstTreeMs)} (${cold.firstDocuments} documents)`);
        }
        row(`First tree, real editor, ${k}, warm (the cached index)`, `${ms(warm.firstTreeMs)} (${warm.firstDocuments} documents)`, `≤ ${firstWarm} ms`, warm.firstTreeMs <= firstWarm);
        row(`  complete tree (reconciled with the disk), ${k}, cold / warm`, `${ms(cold.completeTreeMs)} / ${ms(warm.completeTreeMs)} (${cold.documents} / ${warm.documents} documents; warm: ${warm.lastScan?.reused} files from the cache, ${warm.lastScan?.read} read)`);
        const stall = Math.max(cold.maxEventLoopDelayMs, warm.maxEventLoopDelayMs);
        // What the longest stall was made of: the host thread's own CPU in it (the rest it waited for a core) and the collector's pauses.
        const made = (r) => (r.stalls?.[0] ? `${ms(r.stalls[0].ms)}: CPU ${ms(r.stalls[0].cpuMs)}, GC ${ms(r.stalls[0].gcMs)}` : 'none over 30 ms');
        row(`  longest extension-host stall until the complete tree, ${k}, cold / warm`, `${ms(cold.maxEventLoopDelayMs)} / ${ms(warm.maxEventLoopDelayMs)} (longest timer stall ${made(cold)} / ${made(warm)})`, `≤ ${TARGETS.syncStretchMs} ms`, stall <= TARGETS.syncStretchMs);
        row(`  then, until the index cache is saved, cold / warm`, `${ms(cold.maxEventLoopDelayAfterMs)} / ${ms(warm.maxEventLoopDelayAfterMs)}`);
        row(`  extension host heap / rss at the complete tree, ${k}, cold / warm`, `${mb(cold.memory.heapUsedMB)} / ${mb(cold.memory.rssMB)}, ${mb(warm.memory.heapUsedMB)} / ${mb(warm.memory.rssMB)}`);
        attribute('cold', cold);
        attribute('warm', warm);
        json.results[key] = { cold, warm };
        // The same editor without Seed Annotator, watched over the same windows: the stalls that are not ours.
        log(`the same editor without Seed Annotator on the ${k} corpus (the baseline), cold, then warm…`);
        try {
          const [bc, bw] = await measureBaselineStartup(corpora[size].root, [cold, warm], { log, timeoutMs: size >= 100_000 ? 600_000 : 240_000 });
          row(`  longest stall from the host's start to the complete tree, ${k}, cold / warm: with Seed Annotator; the editor without it (same window)`,
            `${ms(cold.maxStallFromHostStartMs)} / ${ms(warm.maxStallFromHostStartMs)}; ${ms(bc.maxStallFromHostStartMs)} / ${ms(bw.maxStallFromHostStartMs)} (after the paired activation: ${ms(bc.maxEventLoopDelayMs)} / ${ms(bw.maxEventLoopDelayMs)})`);
          row(`  the editor without it: extension host heap / rss at the window's end, ${k}, cold / warm`, `${mb(bc.memory.heapUsedMB)} / ${mb(bc.memory.rssMB)}, ${mb(bw.memory.heapUsedMB)} / ${mb(bw.memory.rssMB)}`);
          attribute('without it, cold', bc);
          attribute('without it, warm', bw);
          json.results[key].baseline = { cold: bc, warm: bw };
        } catch (error) {
          row(`  the editor without Seed Annotator, ${k}`, `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`);
          json.results[key].baseline = { error: String(error instanceof Error ? error.stack : error) };
        }
      } catch (error) {
        row(`Startup in the real editor, ${k}`, `failed: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`, `activation ≤ ${TARGETS.activationMs} ms`, false);
        json.results[key] = { error: String(error instanceof Error ? error.stack : error) };
        console.error(error);
      }
    }
  } else {
    row('Startup in the real editor', 'skipped (--quick or --no-editor)');
  }

  // Table.
  const widths = ['measure', 'value', 'target', 'result'].map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log('');
  console.log(line(['Measure', 'Value', 'Target', 'Result']));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line([r.measure, r.value, r.target, r.result]));
  const missed = rows.filter((r) => r.result === 'MISS').length;
  json.missed = missed;
  json.totalSeconds = (Date.now() - startedAt) / 1000;
  console.log(`\n${missed ? `${missed} target(s) missed` : 'all targets met'}; ${json.totalSeconds.toFixed(0)} s in all`);
  console.log(`BENCH_JSON ${JSON.stringify(json)}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
