/**
 * Git conflict markers in a sidecar or actor file: finding them, and splitting
 * the file into the versions of each side (and of the base, in diff3 style)
 * so that each can be parsed and merged by id.
 */

const OURS = /^<{7}(?: (.*?))?\r?$/;
const BASE = /^\|{7}(?: (.*?))?\r?$/;
const SEPARATOR = /^={7}\r?$/;
const THEIRS = /^>{7}(?: (.*?))?\r?$/;

/** The sides of a file that holds git conflict markers. */
export interface ConflictSides {
  /** The file as our side had it (the lines between `<<<<<<<` and `=======`, and every line outside a conflict). */
  readonly ours: string;
  /** The file as their side had it. */
  readonly theirs: string;
  /** The file as the common ancestor had it, when git wrote diff3 style (`|||||||`); otherwise null. */
  readonly base: string | null;
  /** The label after `<<<<<<<` (HEAD, a branch), or null. */
  readonly oursLabel: string | null;
  /** The label after `>>>>>>>`, or null. */
  readonly theirsLabel: string | null;
  /** How many conflicts the file holds. */
  readonly conflicts: number;
}

/** The one-based line of the first conflict marker (`<<<<<<<` or `>>>>>>>`), or null when there is none. */
export function firstConflictLine(text: string): number | null {
  const lines = text.split('\n');
  const index = lines.findIndex((line) => OURS.test(line) || THEIRS.test(line));
  return index < 0 ? null : index + 1;
}

/** True when the text holds a git conflict marker. */
export function hasConflictMarkers(text: string): boolean {
  return firstConflictLine(text) !== null;
}

/**
 * Splits text with conflict markers into its sides. Returns an explanation
 * instead when the markers are not well formed (a `<<<<<<<` without its
 * `=======` or `>>>>>>>`, for example after a hand edit).
 */
export function splitConflictSides(text: string): ConflictSides | { readonly problem: string; readonly line: number } {
  const ours: string[] = [];
  const theirs: string[] = [];
  const base: string[] = [];
  let state: 'out' | 'ours' | 'base' | 'theirs' = 'out';
  let hasBase = false;
  let oursLabel: string | null = null;
  let theirsLabel: string | null = null;
  let conflicts = 0;
  let opened = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = i === lines.length - 1;
    const push = (to: string[][]): void => {
      for (const list of to) list.push(line);
    };
    if (OURS.test(line)) {
      if (state !== 'out') return { problem: `a second <<<<<<< before the conflict that starts on line ${opened} was closed`, line: i + 1 };
      state = 'ours';
      opened = i + 1;
      oursLabel ??= OURS.exec(line)![1] ?? null;
      continue;
    }
    if (state === 'ours' && BASE.test(line)) {
      state = 'base';
      hasBase = true;
      continue;
    }
    if ((state === 'ours' || state === 'base') && SEPARATOR.test(line)) {
      state = 'theirs';
      continue;
    }
    if (THEIRS.test(line)) {
      if (state !== 'theirs') return { problem: `>>>>>>> without its <<<<<<< and =======`, line: i + 1 };
      state = 'out';
      conflicts++;
      theirsLabel ??= THEIRS.exec(line)![1] ?? null;
      continue;
    }
    if (last && line === '') break;
    if (state === 'out') push([ours, theirs, base]);
    else if (state === 'ours') push([ours]);
    else if (state === 'base') push([base]);
    else push([theirs]);
  }
  if (state !== 'out') return { problem: `the conflict that starts on line ${opened} is not closed with ======= and >>>>>>>`, line: opened };
  const join = (list: string[]): string => (list.length ? `${list.join('\n')}\n` : '');
  return {
    ours: join(ours),
    theirs: join(theirs),
    base: hasBase ? join(base) : null,
    oursLabel: oursLabel?.trim() || null,
    theirsLabel: theirsLabel?.trim() || null,
    conflicts,
  };
}
