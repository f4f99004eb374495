// The annotator's name from git's configuration files, checked against git itself:
// for each shape of repository, home folder and environment built here on a real
// disk, the files read without git must give exactly what `git config --get
// user.name` prints there (run by `gitUserName`, the fallback, with the same
// environment), or say that only git can tell, in which case the name used is git's.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { annotatorName, gitUserName, osUserName } from '../../src/node/annotator';
import { gitUserNameFromFiles } from '../../src/node/gitConfigFiles';

/** The environment git sees in a scenario: no GIT_* or XDG_CONFIG_HOME from outside. */
function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('GIT_') && k !== 'XDG_CONFIG_HOME') env[k] = v;
  return { ...env, HOME: home, GIT_CONFIG_NOSYSTEM: '1' };
}

/** Setup commands: no system or global config of their own, a fixed author. */
const setupEnv: NodeJS.ProcessEnv = {
  ...cleanEnv(os.tmpdir()),
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Setup',
  GIT_AUTHOR_EMAIL: 'setup@example.invalid',
  GIT_COMMITTER_NAME: 'Setup',
  GIT_COMMITTER_EMAIL: 'setup@example.invalid',
};

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: setupEnv });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

/** A repository with one commit (a worktree needs one). */
function repo(dir: string, ...initArgs: string[]): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main', ...initArgs);
  git(dir, 'commit', '-q', '--allow-empty', '-m', 'init');
  return dir;
}

function folder(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function write(file: string, text: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Appends to the repository's own config file, in shapes `git config` would not write. */
function appendConfig(repoDir: string, text: string): void {
  fs.appendFileSync(path.join(repoDir, '.git', 'config'), text);
}

interface Scenario {
  readonly title: string;
  /** Whether the files alone must settle it (false: the lookup must hand over to git). */
  readonly known: boolean;
  /** Builds the scenario under `root` (with `home`, HOME, inside it). */
  make(root: string, home: string, env: NodeJS.ProcessEnv): string;
}

const scenarios: Scenario[] = [
  {
    title: 'the repository’s user.name, from a folder deep inside it',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'repo'));
      git(r, 'config', 'user.name', 'Repo Person');
      fs.mkdirSync(path.join(r, 'articles', '2024'), { recursive: true });
      return path.join(r, 'articles', '2024');
    },
  },
  {
    title: 'a folder reached through a symbolic link: git walks up from where it really is',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'real', 'repo'));
      git(r, 'config', 'user.name', 'Linked Folder Person');
      fs.mkdirSync(path.join(r, 'articles'));
      fs.mkdirSync(path.join(root, 'elsewhere'));
      fs.symlinkSync(path.join(r, 'articles'), path.join(root, 'elsewhere', 'link'));
      return path.join(root, 'elsewhere', 'link');
    },
  },
  {
    title: 'the global ~/.gitconfig when the repository has no name',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Global Person\n\temail = g@example.invalid\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'both: the repository wins over the global file',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Global Person\n');
      const r = repo(path.join(root, 'repo'));
      git(r, 'config', 'user.name', 'Repo Person');
      return r;
    },
  },
  {
    title: 'an empty name in the repository hides the global one',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Global Person\n');
      const r = repo(path.join(root, 'repo'));
      git(r, 'config', 'user.name', '');
      return r;
    },
  },
  {
    title: 'outside any repository: the global name',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Global Person\n');
      return folder(path.join(root, 'plain', 'folder'));
    },
  },
  {
    title: 'no name anywhere',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[core]\n\tautocrlf = false\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: '$XDG_CONFIG_HOME/git/config, then ~/.gitconfig, which wins',
    known: true,
    make(root, home, env) {
      env.XDG_CONFIG_HOME = path.join(root, 'xdg');
      write(path.join(root, 'xdg', 'git', 'config'), '[user]\n\tname = Xdg Person\n');
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Home Person\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: '$XDG_CONFIG_HOME/git/config alone',
    known: true,
    make(root, _home, env) {
      env.XDG_CONFIG_HOME = path.join(root, 'xdg');
      write(path.join(root, 'xdg', 'git', 'config'), '[user]\n\tname = Xdg Person\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: '~/.config/git/config when XDG_CONFIG_HOME is not set',
    known: true,
    make(root, home) {
      write(path.join(home, '.config', 'git', 'config'), '[user]\n\tname = Dot Config Person\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'GIT_CONFIG_GLOBAL replaces ~/.gitconfig',
    known: true,
    make(root, home, env) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Home Person\n');
      env.GIT_CONFIG_GLOBAL = write(path.join(root, 'elsewhere', 'global'), '[user]\n\tname = Env Global\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'GIT_CONFIG_GLOBAL=/dev/null hides ~/.gitconfig',
    known: true,
    make(root, home, env) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Home Person\n');
      env.GIT_CONFIG_GLOBAL = '/dev/null';
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'GIT_CONFIG_SYSTEM is read first, the global file wins over it',
    known: true,
    make(root, home, env) {
      delete env.GIT_CONFIG_NOSYSTEM;
      env.GIT_CONFIG_SYSTEM = write(path.join(root, 'etc', 'gitconfig'), '[user]\n\tname = System Person\n');
      write(path.join(home, '.gitconfig'), '[user]\n\temail = only@example.invalid\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'GIT_CONFIG_NOSYSTEM hides GIT_CONFIG_SYSTEM',
    known: true,
    make(root, _home, env) {
      env.GIT_CONFIG_SYSTEM = write(path.join(root, 'etc', 'gitconfig'), '[user]\n\tname = System Person\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'the system file of the git on PATH (/etc/gitconfig for /usr/bin/git on Linux)',
    known: process.platform === 'linux' && gitOnPath() === '/usr/bin/git',
    make(root, home, env) {
      delete env.GIT_CONFIG_NOSYSTEM;
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Home Person\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'no git on PATH: no name, since running git fails too',
    known: true,
    make(root, home, env) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Home Person\n');
      env.PATH = folder(path.join(root, 'bin-without-git'));
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'a linked worktree (git worktree add) uses the main repository’s config',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'main'));
      git(r, 'config', 'user.name', 'Main Repo Person');
      git(r, 'worktree', 'add', '-q', '-b', 'side', path.join(root, 'linked'));
      return path.join(root, 'linked');
    },
  },
  {
    title: 'a linked worktree with extensions.worktreeConfig reads its config.worktree',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'main'));
      git(r, 'config', 'user.name', 'Main Repo Person');
      git(r, 'worktree', 'add', '-q', '-b', 'side', path.join(root, 'linked'));
      git(r, 'config', 'extensions.worktreeConfig', 'true');
      git(path.join(root, 'linked'), 'config', '--worktree', 'user.name', 'Linked Worktree Person');
      return path.join(root, 'linked');
    },
  },
  {
    title: 'the main worktree with extensions.worktreeConfig reads .git/config.worktree',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'main'));
      git(r, 'config', 'user.name', 'Main Repo Person');
      git(r, 'config', 'extensions.worktreeConfig', 'true');
      git(r, 'config', '--worktree', 'user.name', 'Main Worktree Person');
      return r;
    },
  },
  {
    title: 'config.worktree is ignored without extensions.worktreeConfig',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'main'));
      git(r, 'config', 'user.name', 'Main Repo Person');
      write(path.join(r, '.git', 'config.worktree'), '[user]\n\tname = Ignored Person\n');
      return r;
    },
  },
  {
    title: 'a .git file (git init --separate-git-dir)',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'work'), '--separate-git-dir', path.join(root, 'store.git'));
      git(r, 'config', 'user.name', 'Separate Person');
      assert.ok(fs.statSync(path.join(r, '.git')).isFile());
      return r;
    },
  },
  {
    title: 'a submodule: its .git file points into the parent’s .git/modules',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Global Person\n');
      const source = repo(path.join(root, 'source'));
      const parent = repo(path.join(root, 'parent'));
      git(parent, 'config', 'user.name', 'Parent Person');
      git(parent, '-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', source, 'sub');
      git(path.join(parent, 'sub'), 'config', 'user.name', 'Submodule Person');
      return path.join(parent, 'sub');
    },
  },
  {
    title: 'GIT_DIR names the repository',
    known: true,
    make(root, _home, env) {
      const r = repo(path.join(root, 'named'));
      git(r, 'config', 'user.name', 'Named Dir Person');
      env.GIT_DIR = path.join(r, '.git');
      return folder(path.join(root, 'unrelated'));
    },
  },
  {
    title: 'GIT_CONFIG_COUNT pairs come last and win',
    known: true,
    make(root, _home, env) {
      const r = repo(path.join(root, 'repo'));
      git(r, 'config', 'user.name', 'Repo Person');
      Object.assign(env, { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'User.Name', GIT_CONFIG_VALUE_0: 'Env Person', GIT_CONFIG_KEY_1: 'core.bare', GIT_CONFIG_VALUE_1: 'false' });
      return r;
    },
  },
  {
    title: 'value shapes: [User] NAME, quotes, escapes, a comment, a subsection, last wins',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'repo'));
      appendConfig(r, '[user "work"]\n\tname = Not This\n[User]\n\tNAME = First ; a comment\n[user]\n  name = "  Ann \\"the pen\\" \\\\ Lee " # comment\n');
      return r;
    },
  },
  {
    title: 'value shapes: a continued line and a section with the setting on its line',
    known: true,
    make(root) {
      const r = repo(path.join(root, 'repo'));
      appendConfig(r, '[user] name = Ann \\\n   Lee\n');
      return r;
    },
  },
  {
    title: 'value shapes: CRLF line ends and a BOM',
    known: true,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '\uFEFF[user]\r\n\tname = Crlf Person\r\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'an [include] in ~/.gitconfig: git decides',
    known: false,
    make(root, home) {
      write(path.join(home, 'more.gitconfig'), '[user]\n\tname = Included Person\n');
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Home Person\n[include]\n\tpath = more.gitconfig\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'an [includeIf] in the repository’s config: git decides',
    known: false,
    make(root) {
      const r = repo(path.join(root, 'repo'));
      write(path.join(root, 'work.gitconfig'), '[user]\n\tname = Work Person\n');
      appendConfig(r, `[includeIf "gitdir:${root}/"]\n\tpath = ${path.join(root, 'work.gitconfig')}\n`);
      return r;
    },
  },
  {
    title: 'GIT_CONFIG_COUNT with an include: git decides',
    known: false,
    make(root, home, env) {
      write(path.join(home, 'more.gitconfig'), '[user]\n\tname = Included Person\n');
      Object.assign(env, { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'include.path', GIT_CONFIG_VALUE_0: path.join(home, 'more.gitconfig') });
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'a file git rejects: git decides (and fails, so the OS user)',
    known: false,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = "unterminated\n');
      return repo(path.join(root, 'repo'));
    },
  },
  {
    title: 'a tab inside an unquoted name (git versions differ): git decides',
    known: false,
    make(root) {
      const r = repo(path.join(root, 'repo'));
      appendConfig(r, '[user]\n\tname = Ann\tLee\n');
      return r;
    },
  },
  {
    title: 'a name written without =: git decides',
    known: false,
    make(root) {
      const r = repo(path.join(root, 'repo'));
      appendConfig(r, '[user]\n\tname\n');
      return r;
    },
  },
  {
    title: 'a bare repository: git decides',
    known: false,
    make(root) {
      const bare = path.join(root, 'bare.git');
      fs.mkdirSync(bare);
      git(bare, 'init', '-q', '--bare');
      git(bare, 'config', 'user.name', 'Bare Person');
      return bare;
    },
  },
];

// git reads a repository owned by another user only if safe.directory allows it;
// the lookup hands such a repository to git. Needs root to give files away.
if (process.geteuid?.() === 0) {
  scenarios.push({
    title: 'a repository owned by another user (safe.directory): git decides',
    known: false,
    make(root, home) {
      write(path.join(home, '.gitconfig'), '[user]\n\tname = Global Person\n');
      const r = repo(path.join(root, 'repo'));
      git(r, 'config', 'user.name', 'Repo Person');
      spawnSync('chown', ['-R', '12345:12345', r]);
      return r;
    },
  });
}

/** The real path of the first `git` on PATH. */
function gitOnPath(): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'git');
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
  }
  return null;
}

describe('the annotator’s name from git’s files, against `git config --get user.name`', function () {
  this.timeout(60_000);
  let base: string;

  before(() => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-gitname-'));
  });
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  scenarios.forEach((scenario, i) => {
    it(scenario.title, async () => {
      const root = path.join(base, String(i));
      const home = path.join(root, 'home');
      fs.mkdirSync(home, { recursive: true });
      const env = cleanEnv(home);
      const folder = scenario.make(root, home, env);
      const fromGit = await gitUserName(folder, env);
      const fromFiles = gitUserNameFromFiles(folder, env);
      if (scenario.known) {
        assert.ok(fromFiles.known, `the files should settle it, but: ${fromFiles.known ? '' : fromFiles.reason}`);
        assert.equal(fromFiles.name, fromGit);
      } else {
        assert.equal(fromFiles.known, false, `should be left to git, but the files gave ${JSON.stringify(fromFiles)}`);
      }
      // What the extension stamps as creator: git's answer, else the OS user.
      assert.equal(await annotatorName(null, folder, env), fromGit ?? osUserName());
    });
  });

  it('the scenarios are not trivial: git gives names, different ones, and none', async () => {
    // Guards against a setup in which git (and so the oracle) sees nothing at all.
    const root = path.join(base, 'check');
    const home = path.join(root, 'home');
    fs.mkdirSync(home, { recursive: true });
    const env = cleanEnv(home);
    const r = repo(path.join(root, 'repo'));
    assert.equal(await gitUserName(r, env), null);
    git(r, 'config', 'user.name', 'Someone');
    assert.equal(await gitUserName(r, env), 'Someone');
    assert.deepEqual(gitUserNameFromFiles(r, env), { known: true, name: 'Someone' });
  });
});
