/**
 * Finding an actor's names in a text, for Tag All Mentions.
 */

import { CodePointMap } from '../text/text';
import { overlaps } from '../anchoring/anchor';
import { foldName } from '../files/registry';

/** One place where a name stands, in code points, with its line (one-based) and a short context. */
export interface NameOccurrence {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly context: string;
}

/** Word-bounded occurrences of any of `names` in `text`, in code points, longest names first. */
export function findNameOccurrences(text: string, names: readonly string[]): NameOccurrence[] {
  const points = new CodePointMap(text);
  const taken: Array<[number, number]> = [];
  const found: NameOccurrence[] = [];
  const sorted = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 1))].sort((a, b) => b.length - a.length);
  for (const name of sorted) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'gu');
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const a = m.index;
      const b = a + m[0].length;
      if (taken.some(([x, y]) => a < y && x < b)) continue;
      taken.push([a, b]);
      const lineStart = text.lastIndexOf('\n', a) + 1;
      const lineEnd = text.indexOf('\n', b);
      const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
      const col = a - lineStart;
      const context = `${col > 40 ? '…' : ''}${line.slice(Math.max(0, col - 40), col + m[0].length + 40)}${col + m[0].length + 40 < line.length ? '…' : ''}`;
      found.push({ start: points.toCodePoint(a), end: points.toCodePoint(b), line: text.slice(0, a).split('\n').length, context });
    }
  }
  return found.sort((x, y) => x.start - y.start);
}


/** A place Tag All Mentions offers: checked when it is most likely the actor, else unchecked with why. */
export interface MentionCandidate extends NameOccurrence {
  /** The words found. */
  readonly words: string;
  readonly checked: boolean;
  /** Why it is left unchecked, in the user's words. */
  readonly reason?: string;
}

/** Titles that, attached to a surname, may make it someone else (“Mrs. Trump”). */
const TITLES = new Set([
  'mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'professor', 'sir', 'dame', 'lady', 'lord', 'madam', 'madame', 'monsieur',
  'president', 'senator', 'sen', 'rep', 'representative', 'governor', 'gov', 'minister', 'secretary', 'judge', 'justice',
  'general', 'gen', 'colonel', 'col', 'captain', 'capt', 'mayor', 'king', 'queen', 'prince', 'princess', 'pope', 'father',
  'rev', 'reverend', 'chancellor', 'premier', 'ambassador', 'first', 'former', 'sheikh', 'herr', 'frau',
]);

/** Titles written with a full stop; any other word before a full stop ends a sentence. */
const ABBREVIATED_TITLES = new Set(['mr', 'mrs', 'ms', 'mx', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'capt', 'rev']);

/** Capitalised words that start sentences rather than names. */
const SENTENCE_WORDS = new Set([
  'the', 'a', 'an', 'but', 'and', 'or', 'so', 'yet', 'when', 'while', 'if', 'as', 'at', 'in', 'on', 'for', 'with', 'then',
  'after', 'before', 'since', 'because', 'although', 'though', 'meanwhile', 'however', 'also', 'still', 'now', 'today',
  'yesterday', 'why', 'how', 'what', 'where', 'who', 'that', 'this', 'these', 'those', 'there', 'here', 'by', 'from', 'to',
  'of', 'said', 'says', 'asked', 'according', 'unlike', 'like', 'even', 'only', 'both', 'neither', 'nor', 'not',
]);

const WORD_BEFORE = /([\p{L}][\p{L}'’-]*)(\.?)\s+$/u;
const WORD_AFTER = /^\s+([\p{Lu}][\p{L}'’-]*)/u;

/**
 * The places where an actor's name or aliases stand, for Tag All Mentions.
 * The full name and multi-word aliases are checked. A single-word alias (a
 * surname) is left unchecked, with the reason, when another given name or a
 * title is attached to it (“Melania Trump”, “Mrs. Trump” for Donald Trump's
 * “Trump”) or it is part of a longer capitalised name (“Trump Tower”), or when
 * the words are another actor's registered name.
 */
export function findMentionCandidates(
  text: string,
  actor: { readonly name: string; readonly aliases: readonly string[] },
  otherNames: readonly string[] = [],
): MentionCandidate[] {
  const own = [actor.name, ...actor.aliases];
  const ownFolded = new Set(own.map(foldName));
  const others = new Set(otherNames.map(foldName).filter((n) => !ownFolded.has(n)));
  const points = new CodePointMap(text);
  return findNameOccurrences(text, own).map((o) => {
    const from = points.toUtf16(o.start);
    const to = points.toUtf16(o.end);
    const words = text.slice(from, to);
    const base = { ...o, words };
    if (/\s/.test(words.trim())) return { ...base, checked: true };
    const before = WORD_BEFORE.exec(text.slice(Math.max(0, from - 40), from));
    const after = WORD_AFTER.exec(text.slice(to, to + 40));
    const prior = before?.[1];
    const abbreviated = before?.[2] === '.';
    if (prior && TITLES.has(foldName(prior)) && (!abbreviated || ABBREVIATED_TITLES.has(foldName(prior)))) return { ...base, checked: false, reason: `title attached: “${prior}${before![2]} ${words}”` };
    if (prior && before![2] === '' && /^\p{Lu}/u.test(prior) && !SENTENCE_WORDS.has(foldName(prior))) {
      const longer = `${prior} ${words}`;
      const why = others.has(foldName(longer)) ? 'another actor' : 'another given name attached';
      return { ...base, checked: false, reason: `${why}: “${longer}”` };
    }
    if (after?.[1] && !SENTENCE_WORDS.has(foldName(after[1]))) {
      const longer = `${words} ${after[1]}`;
      return { ...base, checked: false, reason: `${others.has(foldName(longer)) ? 'another actor' : 'part of a longer name'}: “${longer}”` };
    }
    return { ...base, checked: true };
  });
}

/**
 * What Tag All Mentions offers for an actor in one document: the places where
 * its names stand ({@link findMentionCandidates}, with every other registered
 * actor's names to tell them apart) that no mention tags yet.
 */
export function untaggedMentions(
  text: string,
  actor: { readonly id: string; readonly name: string; readonly aliases: readonly string[] },
  registered: ReadonlyArray<{ readonly id: string; readonly name: string; readonly aliases: readonly string[] }>,
  tagged: ReadonlyArray<{ readonly anchor: { readonly start: number; readonly end: number } }>,
): MentionCandidate[] {
  const otherNames = registered.filter((a) => a.id !== actor.id).flatMap((a) => [a.name, ...a.aliases]);
  return findMentionCandidates(text, actor, otherNames).filter((c) => !tagged.some((m) => overlaps(m.anchor, c)));
}

/**
 * The registered name or alias around a cursor: the longest whole-word
 * occurrence of any of `names` that covers `offset` (code points), so that
 * Tag Actor with the cursor in “Trump” of “Donald Trump” takes “Donald Trump”.
 */
export function registeredNameAt(text: string, offset: number, names: readonly string[]): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf('\n', new CodePointMap(text).toUtf16(offset) - 1) + 1;
  const lineEndAt = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, lineEndAt < 0 ? undefined : lineEndAt);
  const shift = new CodePointMap(text).toCodePoint(lineStart);
  const covering = findNameOccurrences(line, names)
    .map((o) => ({ start: o.start + shift, end: o.end + shift }))
    .filter((o) => o.start <= offset && offset <= o.end);
  return covering.sort((a, b) => b.end - b.start - (a.end - a.start))[0];
}

