/**
 * git's configuration files (`.git/config`, `~/.gitconfig`, `/etc/gitconfig`), read
 * the way git reads them, so that the annotator's `user.name` can be found without
 * running `git`. A port of the parser in git's `config.c` (`git_parse_source`,
 * `get_base_var`, `get_extended_base_var`, `get_value`, `parse_value`) as of git
 * 2.39, with the syntax of git-config(1):
 *
 * - `[section]`, `[section "subsection"]` (subsection case kept, `\"` and `\\`
 *   escaped, any other backslash dropped) and the deprecated `[section.sub]`;
 *   section and key names are case-insensitive;
 * - `key = value`, or `key` alone (git's boolean true);
 * - `#` and `;` start a comment outside double quotes; a trailing `\` continues the
 *   value on the next line; escapes `\"`, `\\`, `\n`, `\t`, `\b`; leading and
 *   trailing blanks are dropped unless quoted.
 *
 * Wherever the answer is not certain — a line git rejects, or a shape that git
 * versions read differently — the result says so (`ok: false`) and the caller asks
 * `git` itself. Pure: no file system.
 */

/** One setting, in file order. */
export interface GitConfigEntry {
  /**
   * The name as git compares it: section and key lower-case, the subsection as
   * written (`user.name`, `remote.origin.url`).
   */
  readonly name: string;
  /** The value; null for a key written without `=` (git's boolean true). */
  readonly value: string | null;
}

/** A configuration file as git would read it, or why it cannot be read for sure. */
export type GitConfigFile =
  | {
      readonly ok: true;
      /** Every setting, in file order (later ones win). */
      readonly entries: readonly GitConfigEntry[];
      /** An `[include]` or `[includeIf …]` section appears: settings may come from other files. */
      readonly includes: boolean;
    }
  | { readonly ok: false; /** 1-based. */ readonly line: number; readonly reason: string };

/** git's `isspace` (sane_ctype): space, tab, LF and CR only. */
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isKeyChar = (c: string): boolean => isAlpha(c) || (c >= '0' && c <= '9') || c === '-';

class Unsure extends Error {}

/** git's `get_next_char`: CRLF reads as LF; the end of the text reads as a last LF. */
class Reader {
  private pos = 0;
  line = 1;
  eof = false;

  constructor(private readonly text: string) {
    if (text.startsWith('\uFEFF')) this.pos = 1;
  }

  next(): string {
    if (this.pos >= this.text.length) {
      this.eof = true;
      return '\n';
    }
    let c = this.text[this.pos++]!;
    if (c === '\r' && this.text[this.pos] === '\n') {
      this.pos++;
      c = '\n';
    }
    if (c === '\n') this.line++;
    return c;
  }
}

/**
 * Parses the text of one git configuration file.
 *
 * @param text the file's text, decoded as UTF-8 (a leading BOM is skipped, as git does)
 * @returns every setting in order, or `ok: false` with the line when git would reject
 *   the file or git versions disagree on its meaning (a tab inside an unquoted value,
 *   a key before any section, a NUL character)
 */
export function parseGitConfig(text: string): GitConfigFile {
  const reader = new Reader(text);
  try {
    if (text.includes('\0')) throw new Unsure('a NUL character');
    const entries: GitConfigEntry[] = [];
    let includes = false;
    let stem: string | null = null;
    let comment = false;
    for (;;) {
      const c = reader.next();
      if (c === '\n') {
        if (reader.eof) return { ok: true, entries, includes };
        comment = false;
        continue;
      }
      if (comment || isSpace(c)) continue;
      if (c === '#' || c === ';') {
        comment = true;
        continue;
      }
      if (c === '[') {
        stem = sectionHeader(reader);
        const base = stem.split('.')[0];
        if (base === 'include' || base === 'includeif') includes = true;
        continue;
      }
      if (!isAlpha(c)) throw new Unsure('a line that is neither a section, a setting nor a comment');
      // git 2.39 files such a key under no section; a later git may not.
      if (stem === null) throw new Unsure('a setting before any [section]');
      entries.push(setting(reader, `${stem}.${c.toLowerCase()}`));
    }
  } catch (error) {
    if (error instanceof Unsure) return { ok: false, line: reader.line, reason: error.message };
    throw error;
  }
}

/** After `[`: the section name, lower-case, with its subsection as written after a dot. */
function sectionHeader(reader: Reader): string {
  let name = '';
  for (;;) {
    const c = reader.next();
    if (reader.eof) throw new Unsure('a section header that does not end');
    if (c === ']') break;
    if (isSpace(c)) {
      name += subsection(reader, c);
      break;
    }
    if (!isKeyChar(c) && c !== '.') throw new Unsure(`a section name with “${c}”`);
    name += c.toLowerCase();
  }
  if (name.length === 0) throw new Unsure('an empty section name');
  return name;
}

/** After `[section` and a blank: `"subsection"]`, returned as `.subsection`. */
function subsection(reader: Reader, first: string): string {
  let c = first;
  do {
    if (c === '\n') throw new Unsure('a section header that does not end');
    c = reader.next();
  } while (isSpace(c));
  if (c !== '"') throw new Unsure('a subsection name that is not in double quotes');
  let name = '.';
  for (;;) {
    c = reader.next();
    if (c === '\n') throw new Unsure('a subsection name that does not end');
    if (c === '"') break;
    if (c === '\\') {
      c = reader.next();
      if (c === '\n') throw new Unsure('a subsection name that does not end');
    }
    name += c;
  }
  if (reader.next() !== ']') throw new Unsure('text after a subsection name');
  return name;
}

/** The rest of a key (its first letter read) and its value, if any. */
function setting(reader: Reader, start: string): GitConfigEntry {
  let name = start;
  let c: string;
  for (;;) {
    c = reader.next();
    if (reader.eof || !isKeyChar(c)) break;
    name += c.toLowerCase();
  }
  while (c === ' ' || c === '\t') c = reader.next();
  if (c === '\n') return { name, value: null };
  if (c !== '=') throw new Unsure(`a key name with “${c}”`);
  return { name, value: value(reader) };
}

const ESCAPES: Readonly<Record<string, string>> = { t: '\t', b: '\b', n: '\n', '\\': '\\', '"': '"' };

/** After `=`: the value, to the end of its (possibly continued) line. */
function value(reader: Reader): string {
  let out = '';
  let quote = false;
  let comment = false;
  // Blanks seen since the last character kept: written out only if more follows.
  let blanks = '';
  for (;;) {
    const c = reader.next();
    if (c === '\n') {
      if (quote) throw new Unsure('a double quote that does not close');
      return out;
    }
    if (comment) continue;
    if (isSpace(c) && !quote) {
      if (out.length > 0) blanks += c;
      continue;
    }
    if (!quote && (c === ';' || c === '#')) {
      comment = true;
      continue;
    }
    // git 2.39 writes each blank inside a value as a space; later gits keep tabs as written.
    if (/[^ ]/.test(blanks)) throw new Unsure('a tab or carriage return inside an unquoted value');
    out += blanks;
    blanks = '';
    if (c === '\\') {
      const escaped = reader.next();
      if (escaped === '\n') continue;
      const meaning = ESCAPES[escaped];
      if (meaning === undefined) throw new Unsure(`an unknown escape “\\${escaped}”`);
      out += meaning;
      continue;
    }
    if (c === '"') {
      quote = !quote;
      continue;
    }
    out += c;
  }
}

/**
 * The value git would give for `name` after reading `entries` in order: the last
 * one wins. Undefined when no entry has that name; null for a key written without `=`.
 *
 * @param name as git compares it: `user.name`
 */
export function lastGitConfigValue(entries: readonly GitConfigEntry[], name: string): string | null | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]!.name === name) return entries[i]!.value;
  return undefined;
}

/**
 * A boolean as git reads it (`git_config_maybe_bool`): a key without `=`, `true`,
 * `yes`, `on` or a non-zero number are true; `false`, `no`, `off`, `0` and the empty
 * value false. Undefined for anything else (git would stop with an error).
 */
export function gitConfigBool(value: string | null): boolean | undefined {
  if (value === null) return true;
  const v = value.toLowerCase();
  if (v === '' || v === 'false' || v === 'no' || v === 'off') return false;
  if (v === 'true' || v === 'yes' || v === 'on') return true;
  if (/^[+-]?\d+$/.test(v)) return Number(v) !== 0;
  return undefined;
}
