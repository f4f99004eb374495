import * as assert from 'node:assert/strict';
import { gitConfigBool, lastGitConfigValue, parseGitConfig, type GitConfigEntry } from '../../src/core/identity/gitConfig';

/** The entries of a file that must parse. */
function entries(text: string): readonly GitConfigEntry[] {
  const parsed = parseGitConfig(text);
  assert.ok(parsed.ok, `should parse: ${JSON.stringify(text)} (${parsed.ok ? '' : parsed.reason})`);
  return parsed.entries;
}

/** `user.name` as git would print it for this one file. */
const userName = (text: string): string | null | undefined => lastGitConfigValue(entries(text), 'user.name');

/** The reason a file is left to git, failing if it parses. */
function unsure(text: string): string {
  const parsed = parseGitConfig(text);
  assert.ok(!parsed.ok, `should be left to git: ${JSON.stringify(text)}`);
  return parsed.reason;
}

// Expected values checked against git 2.39 (`git config -f FILE --get user.name`).
describe('git config files (parseGitConfig)', () => {
  it('reads sections, keys and values in order', () => {
    assert.deepEqual(entries('[core]\n\tbare = false\n[user]\n\tname = Ann Lee\n\temail = ann@example.org\n'), [
      { name: 'core.bare', value: 'false' },
      { name: 'user.name', value: 'Ann Lee' },
      { name: 'user.email', value: 'ann@example.org' },
    ]);
  });

  it('section and key names are case-insensitive; values keep their case', () => {
    assert.equal(userName('[User]\n\tNAME = Ann LEE\n'), 'Ann LEE');
    assert.equal(userName('[USER]\nName=Bo\n'), 'Bo');
  });

  it('a subsection is part of the name, kept as written, and is not [user]', () => {
    const e = entries('[user "Work"]\n\tname = Work Name\n[remote "origin"]\n\turl = x\n');
    assert.deepEqual(e.map((x) => x.name), ['user.Work.name', 'remote.origin.url']);
    assert.equal(lastGitConfigValue(e, 'user.name'), undefined);
    assert.deepEqual(entries('[a "q\\"s\\\\l\\x"]\nk = v\n').map((x) => x.name), ['a.q"s\\lx.k']);
    // The deprecated [section.subsection] form is lower-cased.
    assert.deepEqual(entries('[user.Work]\nname = W\n').map((x) => x.name), ['user.work.name']);
  });

  it('the last value wins', () => {
    assert.equal(userName('[user]\n\tname = A\n[core]\n[user]\n\tname = B\n'), 'B');
    assert.equal(userName('[user]\n\tname = A\n\tname =\n'), '');
  });

  it('a key without = is git’s boolean true (null)', () => {
    assert.deepEqual(entries('[user]\n\tname\n'), [{ name: 'user.name', value: null }]);
    assert.deepEqual(entries('[core]\n\tbare   \n'), [{ name: 'core.bare', value: null }]);
  });

  it('escapes: \\" \\\\ \\n \\t \\b', () => {
    assert.equal(userName('[user]\n\tname = "Ann \\"the pen\\" Lee"\n'), 'Ann "the pen" Lee');
    assert.equal(userName('[user]\n\tname = back\\\\slash\n'), 'back\\slash');
    assert.equal(userName('[user]\n\tname = \\ta\\nb\\b\n'), '\ta\nb\b');
  });

  it('an unknown escape is left to git (git rejects the file)', () => {
    assert.match(unsure('[user]\n\tname = "a\\qb"\n'), /escape/);
  });

  it('quotes keep blanks and comment characters; outside them blanks at the ends go', () => {
    assert.equal(userName('[user]\n\tname = "  Ann ; # Lee  "\n'), '  Ann ; # Lee  ');
    assert.equal(userName('[user]\n  name  =  spaced  out  \n'), 'spaced  out');
    assert.equal(userName('[user]\n\tname = "a"  "b"\n'), 'a  b');
  });

  it('# and ; start comments, on their own line or after a value or a header', () => {
    assert.equal(userName('# a comment\n; another\n[user] ; here too\n\tname = Ann # the pen name\n'), 'Ann');
    assert.equal(userName('[user]\n\tname=a;b\n'), 'a');
  });

  it('a trailing backslash continues the value on the next line', () => {
    assert.equal(userName('[user]\n\tname = Ann \\\nLee\n'), 'Ann Lee');
    assert.equal(userName('[user]\n\tname = a\\\n  b\n'), 'a  b');
    assert.equal(userName('[user]\n\tname = "x \\\n y"\n'), 'x  y');
    assert.equal(userName('[user]\n\tname = a\\\r\nb\r\n'), 'ab');
    assert.equal(userName('[user]\n\tname = a\\'), 'a');
  });

  it('a setting may follow its section header on the same line; CRLF and a BOM are read as git does', () => {
    assert.equal(userName('[user] name = Inline\n'), 'Inline');
    assert.equal(userName('\uFEFF[user]\r\n\tname = Bom\r\n'), 'Bom');
  });

  it('leaves to git what git rejects', () => {
    assert.match(unsure('[user]\n\tname = "unterminated\n'), /quote/);
    assert.match(unsure('[user]\n\tna_me = x\n'), /key/);
    assert.match(unsure('[user]\n\t1name = x\n'), /neither/);
    assert.match(unsure('[user\n\tname = x\n'), /section/);
    assert.match(unsure('[user"sub"]\nname = z\n'), /section name/);
    assert.match(unsure('[ user]\n'), /subsection/);
    assert.match(unsure('[]\n'), /empty/);
  });

  it('leaves to git what git versions read differently', () => {
    // git 2.39 reads a tab inside an unquoted value as a space, later versions keep it.
    assert.match(unsure('[user]\n\tname = Ann\tLee\n'), /tab/);
    assert.equal(userName('[user]\n\tname = "Ann\tLee"\n'), 'Ann\tLee');
    assert.equal(userName('[user]\n\tname =\t\tAnn Lee\t\n'), 'Ann Lee');
    assert.match(unsure('name = x\n[user]\n\tname = y\n'), /before any/);
    assert.match(unsure('[user]\n\tname = a\0b\n'), /NUL/);
  });

  it('detects [include] and [includeIf] sections, even without a path', () => {
    const flags = (text: string): boolean => {
      const parsed = parseGitConfig(text);
      assert.ok(parsed.ok);
      return parsed.includes;
    };
    assert.equal(flags('[user]\n\tname = A\n'), false);
    assert.equal(flags('[include]\n\tpath = ~/more.gitconfig\n'), true);
    assert.equal(flags('[Include]\n'), true);
    assert.equal(flags('[includeIf "gitdir:~/work/"]\n\tpath = work.gitconfig\n'), true);
    assert.equal(flags('[INCLUDEIF "onbranch:main"]\n'), true);
    assert.equal(flags('[include.x]\n'), true);
    // Only the section name counts, not a key or a value that says include.
    assert.equal(flags('[user]\n\tinclude = yes\n\tname = "[include]"\n'), false);
  });

  it('reads booleans as git does', () => {
    assert.equal(gitConfigBool(null), true);
    assert.equal(gitConfigBool('TRUE'), true);
    assert.equal(gitConfigBool('on'), true);
    assert.equal(gitConfigBool('2'), true);
    assert.equal(gitConfigBool(''), false);
    assert.equal(gitConfigBool('no'), false);
    assert.equal(gitConfigBool('0'), false);
    assert.equal(gitConfigBool('maybe'), undefined);
  });
});
