/**
 * git's `user.name`, read from git's configuration files instead of running
 * `git config --get user.name`: forking the extension host to run git stalled it
 * at activation (109 ms in `spawn` in one profiled start, issue 14).
 *
 * The files are read in git's order, the last value winning: the system file
 * (`/etc/gitconfig`, unless `GIT_CONFIG_NOSYSTEM`; `GIT_CONFIG_SYSTEM` moves it),
 * the global files (`$XDG_CONFIG_HOME/git/config` or `~/.config/git/config`, then
 * `~/.gitconfig`; `GIT_CONFIG_GLOBAL` replaces both), the repository's `config`
 * (found from the folder upwards as git does, through a `.git` file and a linked
 * worktree's `commondir`), its `config.worktree` when `extensions.worktreeConfig`
 * is on, then `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`.
 *
 * Whenever the files do not settle the answer for sure — an include, a file that
 * cannot be read or parsed, a repository owned by another user (git's
 * `safe.directory`), a git installed where its system file is not known, Windows —
 * the answer is "unknown", and the caller runs git as before.
 *
 * Synchronous on purpose: a handful of small files (a few hundred microseconds),
 * so the name is known before activation returns, with no stall and no queueing
 * behind the index's reads in libuv's thread pool.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDecoder } from 'node:util';
import { gitConfigBool, lastGitConfigValue, parseGitConfig, type GitConfigEntry } from '../core/identity/gitConfig';

/** What the files say about `user.name`: the name (null when none is set), or that only git can tell. */
export type GitUserNameLookup = { readonly known: true; readonly name: string | null } | { readonly known: false; readonly reason: string };

class Unknown extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A file's entries; none when it does not exist (git skips it too). */
function readConfigFile(file: string): readonly GitConfigEntry[] {
  const text = readText(file);
  if (text === null) return [];
  const parsed = parseGitConfig(text);
  if (!parsed.ok) throw new Unknown(`${file} line ${parsed.line}: ${parsed.reason}`);
  if (parsed.includes) throw new Unknown(`${file} includes other files`);
  return parsed.entries;
}

/** A small file's text, or null when it does not exist. */
function readText(file: string): string | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Unknown(`${file} cannot be read (${code ?? String(error)})`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new Unknown(`${file} is not UTF-8`);
  }
}

function statOrNull(file: string, follow = true): fs.Stats | null {
  try {
    return follow ? fs.statSync(file) : fs.lstatSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw new Unknown(`${file} cannot be examined (${code ?? String(error)})`);
  }
}

/**
 * `target` (as written in a `.git` file or a `commondir`) seen from `base`, with
 * symbolic links resolved before each `..` as git's `strbuf_realpath` does (Node's
 * `path.resolve` would drop a `..` after a link instead).
 */
function physicalPath(base: string, target: string): string {
  try {
    return fs.realpathSync.native(path.isAbsolute(target) ? target : `${base}/${target}`);
  } catch (error) {
    throw new Unknown(`${target} from ${base} cannot be resolved (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Where git keeps the objects and refs of `gitDir`: its `commondir` (a linked worktree), else itself. */
function commonDir(gitDir: string): string {
  const text = readText(path.join(gitDir, 'commondir'));
  return text === null ? gitDir : physicalPath(gitDir, text.replace(/[\r\n]+$/, ''));
}

/** git's `is_git_directory`: a valid HEAD, and objects/ and refs/ in the common directory. */
function isGitDirectory(dir: string): boolean {
  const headStat = statOrNull(path.join(dir, 'HEAD'), false);
  if (!headStat) return false;
  if (!headStat.isFile()) throw new Unknown(`${dir}/HEAD is not a plain file`);
  const head = readText(path.join(dir, 'HEAD')) ?? '';
  if (!/^ref:\s*refs\//.test(head) && !/^[0-9a-f]{40}(?:[0-9a-f]{24})?\s*$/.test(head)) return false;
  const common = commonDir(dir);
  return Boolean(statOrNull(path.join(common, 'objects'))?.isDirectory() && statOrNull(path.join(common, 'refs'))?.isDirectory());
}

/** The git directory a `.git` file (`gitdir: …`) points to. */
function readGitFile(file: string): string {
  const text = readText(file) ?? '';
  if (!text.startsWith('gitdir: ')) throw new Unknown(`${file} is not a gitdir file`);
  const target = physicalPath(path.dirname(file), text.slice('gitdir: '.length).replace(/[\r\n]+$/, ''));
  if (!isGitDirectory(target)) throw new Unknown(`${file} points to ${target}, which is not a git directory`);
  return target;
}

/**
 * git's ownership check (`ensure_valid_ownership`): when a path is not owned by this
 * user, git reads the repository's config only if `safe.directory` allows it.
 */
function ownedByMe(files: readonly string[], env: NodeJS.ProcessEnv): void {
  const uid = process.geteuid?.();
  if (uid === undefined) throw new Unknown('file ownership cannot be checked here');
  if (uid === 0 && env.SUDO_UID !== undefined) throw new Unknown('run through sudo');
  for (const file of files) {
    for (const follow of [false, true]) {
      const st = statOrNull(file, follow);
      if (!st || st.uid !== uid) throw new Unknown(`${file} is not owned by this user (git's safe.directory)`);
    }
  }
}

/** The repository's git directory seen from `folder`, as git discovers it; null outside any. */
function discoverGitDir(folder: string, env: NodeJS.ProcessEnv): string | null {
  if (env.GIT_DIR !== undefined) {
    const given = absoluteFromEnv(env, 'GIT_DIR');
    const st = statOrNull(given);
    if (st?.isFile()) return readGitFile(given);
    if (st?.isDirectory() && isGitDirectory(given)) return given;
    throw new Unknown(`GIT_DIR ${given} is not a git directory`);
  }
  // git walks up from its working directory as the system gives it: links resolved.
  let dir = physicalPath('/', path.resolve(folder));
  const start = statOrNull(dir);
  if (!start?.isDirectory()) throw new Unknown(`${dir} is not a folder`);
  for (;;) {
    const dotGit = path.join(dir, '.git');
    const st = statOrNull(dotGit);
    if (st?.isFile()) {
      const gitDir = readGitFile(dotGit);
      ownedByMe([dir, dotGit, gitDir], env);
      return gitDir;
    }
    if (st?.isDirectory()) {
      if (!isGitDirectory(dotGit)) throw new Unknown(`${dotGit} is not a git directory git would use`);
      ownedByMe([dir, dotGit], env);
      return dotGit;
    }
    if (st) throw new Unknown(`${dotGit} is neither a file nor a folder`);
    if (statOrNull(path.join(dir, 'HEAD'), false) && isGitDirectory(dir)) throw new Unknown(`${dir} is a bare repository`);
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    // git stops at a file-system boundary (GIT_DISCOVERY_ACROSS_FILESYSTEM).
    if (statOrNull(parent)?.dev !== start.dev) throw new Unknown(`${parent} is on another file system`);
    dir = parent;
  }
}

/** An environment variable as git's boolean, or Unknown. */
function envBool(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = env[name];
  if (value === undefined) return false;
  const b = gitConfigBool(value);
  if (b === undefined) throw new Unknown(`${name}=${value}`);
  return b;
}

/** An absolute path from the environment, or Unknown (git would resolve it from another folder). */
function absoluteFromEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]!;
  if (!path.isAbsolute(value)) throw new Unknown(`${name} is not an absolute path`);
  return value;
}

/**
 * The real path of the git that `execFile('git')` would run (the first executable
 * `git` on PATH), or null when there is none: running it would fail, so no name.
 */
function gitOnPath(env: NodeJS.ProcessEnv): string | null {
  for (const entry of (env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(entry)) throw new Unknown('PATH has a relative entry');
    const candidate = path.join(entry, 'git');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
    } catch {
      continue;
    }
    if (statOrNull(candidate)?.isFile()) return fs.realpathSync(candidate);
  }
  return null;
}

/**
 * The system file of `git`: known only for the distribution's `/usr/bin/git` on Linux
 * (prefix /usr, so `/etc/gitconfig`); elsewhere it depends on how git was built.
 */
function systemConfigOf(git: string): string {
  if (process.platform !== 'linux' || git !== '/usr/bin/git') throw new Unknown(`git is ${git} on ${process.platform}, whose system file is not known`);
  return '/etc/gitconfig';
}

/** `GIT_CONFIG_COUNT` pairs, canonicalised as git's `git_config_parse_key` does. */
function environmentEntries(env: NodeJS.ProcessEnv): GitConfigEntry[] {
  const countText = env.GIT_CONFIG_COUNT;
  if (countText === undefined) return [];
  if (!/^\d{1,4}$/.test(countText)) throw new Unknown(`GIT_CONFIG_COUNT=${countText}`);
  const entries: GitConfigEntry[] = [];
  for (let i = 0; i < Number(countText); i++) {
    const key = env[`GIT_CONFIG_KEY_${i}`];
    const value = env[`GIT_CONFIG_VALUE_${i}`];
    if (key === undefined || value === undefined) throw new Unknown(`GIT_CONFIG_KEY_${i} or GIT_CONFIG_VALUE_${i} is missing`);
    const m = /^([A-Za-z0-9-]+)((?:\.[^\n]*)?)\.([A-Za-z][A-Za-z0-9-]*)$/.exec(key);
    if (!m) throw new Unknown(`GIT_CONFIG_KEY_${i}=${key}`);
    const name = `${m[1]!.toLowerCase()}${m[2]!}.${m[3]!.toLowerCase()}`;
    if (/^include(?:if)?\./.test(name)) throw new Unknown(`GIT_CONFIG_KEY_${i} is an include`);
    entries.push({ name, value });
  }
  return entries;
}

/** Every entry git reads for `git config --get` run in `folder`, in order. */
function configSequence(folder: string, env: NodeJS.ProcessEnv): GitConfigEntry[] {
  for (const name of ['GIT_CONFIG', 'GIT_CONFIG_PARAMETERS', 'GIT_COMMON_DIR', 'GIT_CEILING_DIRECTORIES', 'GIT_DISCOVERY_ACROSS_FILESYSTEM', 'GIT_WORK_TREE', 'GIT_TEST_ASSUME_DIFFERENT_OWNER']) {
    if (env[name] !== undefined) throw new Unknown(`${name} is set`);
  }
  if (process.platform === 'win32') throw new Unknown('Windows (git for Windows has more config files, and ownership by SID)');
  const git = gitOnPath(env);
  if (git === null) return [];
  const entries: GitConfigEntry[] = [];
  if (!envBool(env, 'GIT_CONFIG_NOSYSTEM')) {
    entries.push(...readConfigFile(env.GIT_CONFIG_SYSTEM !== undefined ? absoluteFromEnv(env, 'GIT_CONFIG_SYSTEM') : systemConfigOf(git)));
  }
  if (env.GIT_CONFIG_GLOBAL !== undefined) {
    if (env.GIT_CONFIG_GLOBAL !== '') entries.push(...readConfigFile(absoluteFromEnv(env, 'GIT_CONFIG_GLOBAL')));
  } else {
    if (!env.HOME || !path.isAbsolute(env.HOME)) throw new Unknown('HOME is not an absolute path');
    const xdg = env.XDG_CONFIG_HOME ? absoluteFromEnv(env, 'XDG_CONFIG_HOME') : path.join(env.HOME, '.config');
    entries.push(...readConfigFile(path.join(xdg, 'git', 'config')));
    entries.push(...readConfigFile(path.join(env.HOME, '.gitconfig')));
  }
  const gitDir = discoverGitDir(folder, env);
  if (gitDir !== null) {
    const repository = readConfigFile(path.join(commonDir(gitDir), 'config'));
    const version = lastGitConfigValue(repository, 'core.repositoryformatversion');
    if (version !== undefined && version !== '0' && version !== '1') throw new Unknown(`repository format version ${version}`);
    const extensions = repository.filter((e) => e.name.startsWith('extensions.') && e.name !== 'extensions.worktreeconfig');
    if (extensions.length > 0) throw new Unknown(`repository extension ${extensions[0]!.name}`);
    entries.push(...repository);
    const worktreeConfig = lastGitConfigValue(repository, 'extensions.worktreeconfig');
    if (worktreeConfig !== undefined) {
      const on = gitConfigBool(worktreeConfig);
      if (on === undefined) throw new Unknown(`extensions.worktreeConfig=${worktreeConfig}`);
      if (on) entries.push(...readConfigFile(path.join(gitDir, 'config.worktree')));
    }
  }
  entries.push(...environmentEntries(env));
  return entries;
}

/**
 * What `git config --get user.name`, run in `folder` with `env`, would print
 * (trimmed; null when nothing or only blanks), read from git's files without
 * running git; or `known: false` with the reason when only git can tell.
 *
 * @param folder the workspace folder git would run in
 * @param env the environment git would see (the process's own by default)
 */
export function gitUserNameFromFiles(folder: string, env: NodeJS.ProcessEnv = process.env): GitUserNameLookup {
  try {
    const value = lastGitConfigValue(configSequence(folder, env), 'user.name');
    if (value === null) return { known: false, reason: 'user.name has no value (written without =)' };
    return { known: true, name: value?.trim() || null };
  } catch (error) {
    if (error instanceof Unknown) return { known: false, reason: error.message };
    return { known: false, reason: `unexpected: ${error instanceof Error ? error.message : String(error)}` };
  }
}
