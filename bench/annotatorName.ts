// The annotator's name at activation: running `git config --get user.name` (the old
// way, now the fallback) against reading git's files (src/node/gitConfigFiles.ts).
// Run from the repository root, on a quiet machine or under `nice`:
//   npx esbuild bench/annotatorName.ts --bundle --platform=node --outfile=out/annotatorName.js && node out/annotatorName.js [FOLDER]
// It holds a heap the size of an extension host's (forking a big process is what
// costs), and reports per call: the event loop blocked (the synchronous part), the
// time until the name is known, the CPU this process spent (user + system) and, on
// Linux, the mean CPU of the git it ran (from /proc/self/stat).
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gitUserNameFromFiles } from '../src/node/gitConfigFiles';

const folder = process.argv[2] ?? process.cwd();
const ROUNDS = 30;
const HEAP_MB = Number(process.env.HEAP_MB ?? 300);

// An extension host's heap: many small live objects.
const ballast: number[][] = [];
for (let mb = 0; mb < HEAP_MB; mb++) ballast.push(Array.from({ length: 131072 }, (_, i) => i));

interface Sample {
  blockedMs: number;
  knownMs: number;
  cpuMs: number;
}

/** CPU of the children this process has waited for (cutime + cstime), in ms; 0 off Linux. */
function childrenCpuMs(): number {
  if (process.platform !== 'linux') return 0;
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
  // After "(comm) ", cutime and cstime are fields 16 and 17 of stat(5), so 13 and 14 here.
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;

function spawnOnce(): Promise<Sample> {
  return new Promise((resolve) => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    execFile('git', ['config', '--get', 'user.name'], { cwd: folder, timeout: 5000, windowsHide: true }, () => {
      resolve({ blockedMs, knownMs: performance.now() - t0, cpuMs: cpuMs(process.cpuUsage(cpu)) });
    });
    const blockedMs = performance.now() - t0;
  });
}

function readOnce(): Sample {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const result = gitUserNameFromFiles(folder);
  const ms = performance.now() - t0;
  if (!result.known) throw new Error(`the files do not settle it here: ${result.reason}`);
  return { blockedMs: ms, knownMs: ms, cpuMs: cpuMs(process.cpuUsage(cpu)) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

function report(name: string, samples: Sample[]): void {
  const row = (k: keyof Sample): string => `${median(samples.map((s) => s[k])).toFixed(2)} / ${p90(samples.map((s) => s[k])).toFixed(2)}`;
  console.log(`${name.padEnd(20)} blocked ${row('blockedMs')} ms   known after ${row('knownMs')} ms   CPU ${row('cpuMs')} ms   (median / p90)`);
}

async function main(): Promise<void> {
  const children = childrenCpuMs();
  const spawned: Sample[] = [];
  const read: Sample[] = [];
  // Alternate, so that load changes hit both alike; the first round of each warms caches.
  for (let i = 0; i <= ROUNDS; i++) {
    const r = readOnce();
    const s = await spawnOnce();
    if (i === 0) {
      console.log(`first call (as at activation): spawn blocked ${s.blockedMs.toFixed(2)} ms, known after ${s.knownMs.toFixed(2)} ms; read ${r.knownMs.toFixed(2)} ms`);
      continue;
    }
    spawned.push(s);
    read.push(r);
  }
  const rss = Math.round(process.memoryUsage().rss / 1048576);
  console.log(`folder ${folder}; name ${JSON.stringify(gitUserNameFromFiles(folder))}; ${ROUNDS} rounds; rss ${rss} MB (ballast ${ballast.length} MB asked)`);
  report('git config (spawn)', spawned);
  report('git files (read)', read);
  // /proc counts in clock ticks (10 ms): only the mean over all rounds means something.
  console.log(`git's own CPU (the child), mean per run: ${((childrenCpuMs() - children) / (ROUNDS + 1)).toFixed(2)} ms`);
  console.log(`ratio of medians, known after: ${(median(spawned.map((s) => s.knownMs)) / median(read.map((s) => s.knownMs))).toFixed(0)}x; CPU: ${(median(spawned.map((s) => s.cpuMs)) / median(read.map((s) => s.cpuMs))).toFixed(0)}x`);
}

void main();
