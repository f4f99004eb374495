/**
 * Scoring of quote suggestions against annotated attributions, as `npm run
 * eval` prints it. The matching rule is the common one for PolNeAR: a
 * suggestion matches a gold content when their overlap covers at least half
 * of the gold content (its fragments), one-to-one, largest overlaps first.
 */

import type { SuggestionRecord } from '../src/core/tagging/suggestRecords';

/** [start, end) in code points. */
export type Piece = readonly [number, number];

/** One annotated attribution. */
export interface GoldAttribution {
  readonly document: string;
  /** The content's pieces (one unless a cue interrupts it). */
  readonly content: readonly Piece[];
  readonly direct: boolean;
  /** The cue's pieces, when the annotation places it; else only its text is known. */
  readonly cue: readonly Piece[] | null;
  readonly cueText: string | null;
  /** Names that count as the right speaker (the source as written; for a pronoun, whom it refers to). */
  readonly speakerNames: readonly string[];
  /** True when the annotated source is a pronoun (its referent then comes from automatic coreference). */
  readonly pronoun: boolean;
}

/** Counts of one comparison. */
export interface Score {
  suggestions: number;
  gold: number;
  matched: number;
  /** Matched pairs whose speaker could be judged, and those judged right. */
  speakerJudged: number;
  speakerRight: number;
  pronounJudged: number;
  pronounRight: number;
  cueJudged: number;
  cueRight: number;
}

/** An empty score. */
export function emptyScore(): Score {
  return { suggestions: 0, gold: 0, matched: 0, speakerJudged: 0, speakerRight: 0, pronounJudged: 0, pronounRight: 0, cueJudged: 0, cueRight: 0 };
}

/** Adds `b` into `a`. */
export function addScore(a: Score, b: Score): Score {
  for (const k of Object.keys(a) as Array<keyof Score>) a[k] += b[k];
  return a;
}

function overlapWith(pieces: readonly Piece[], start: number, end: number): number {
  return pieces.reduce((sum, [s, e]) => sum + Math.max(0, Math.min(e, end) - Math.max(s, start)), 0);
}

function lengthOf(pieces: readonly Piece[]): number {
  return pieces.reduce((sum, [s, e]) => sum + (e - s), 0);
}

/** One matched pair, for listing misses and mistakes. */
export interface MatchedPair {
  readonly gold: GoldAttribution;
  readonly suggestion: SuggestionRecord;
  readonly speakerRight: boolean | null;
  readonly cueRight: boolean | null;
}

/** Pairs suggestions with gold contents of one document (the rule above). */
export function matchDocument(gold: readonly GoldAttribution[], suggestions: readonly SuggestionRecord[]): { score: Score; pairs: MatchedPair[]; missed: GoldAttribution[]; wrong: SuggestionRecord[] } {
  const candidates: Array<{ g: number; s: number; overlap: number }> = [];
  gold.forEach((g, gi) => {
    const need = lengthOf(g.content) / 2;
    suggestions.forEach((s, si) => {
      const overlap = overlapWith(g.content, s.start, s.end);
      if (overlap > 0 && overlap >= need) candidates.push({ g: gi, s: si, overlap });
    });
  });
  candidates.sort((a, b) => b.overlap - a.overlap || a.g - b.g || a.s - b.s);
  const usedG = new Set<number>();
  const usedS = new Set<number>();
  const score = emptyScore();
  score.gold = gold.length;
  score.suggestions = suggestions.length;
  const pairs: MatchedPair[] = [];
  for (const c of candidates) {
    if (usedG.has(c.g) || usedS.has(c.s)) continue;
    usedG.add(c.g);
    usedS.add(c.s);
    score.matched++;
    const g = gold[c.g]!;
    const s = suggestions[c.s]!;
    let speakerRight: boolean | null = null;
    if (g.speakerNames.length) {
      speakerRight = s.speaker !== null && g.speakerNames.some((n) => sameSpeaker(n, s.speaker!));
      if (g.pronoun) {
        score.pronounJudged++;
        if (speakerRight) score.pronounRight++;
      } else {
        score.speakerJudged++;
        if (speakerRight) score.speakerRight++;
      }
    }
    let cueRight: boolean | null = null;
    if (g.cue || g.cueText) {
      score.cueJudged++;
      cueRight = g.cue && s.cueStart !== null && s.cueEnd !== null
        ? overlapWith(g.cue, s.cueStart, s.cueEnd) > 0
        : s.cue !== null && g.cueText !== null && sameCue(g.cueText, s.cue);
      if (cueRight) score.cueRight++;
    }
    pairs.push({ gold: g, suggestion: s, speakerRight, cueRight });
  }
  return { score, pairs, missed: gold.filter((_g, i) => !usedG.has(i)), wrong: suggestions.filter((_s, i) => !usedS.has(i)) };
}

/** Words that do not identify a speaker: articles, honorifics and the commonest titles. */
const NOT_A_NAME = new Set([
  'the', 'a', 'an', 'of', 'mr', 'mrs', 'ms', 'dr', 'sen', 'senator', 'rep', 'gov', 'governor', 'president', 'former', 'presidential',
  'candidate', 'nominee', 'secretary', 'vice', 'jr', 'sr', 'and', 's', 'republican', 'democratic', 'democrat', 'gop', 'u', 'us',
]);

function nameWords(name: string): string[] {
  return name.toLowerCase().normalize('NFKD').replace(/[’']s\b/g, '').split(/[^\p{L}\p{N}]+/u).filter((w) => w && !NOT_A_NAME.has(w));
}

/** What PolNeAR gives about an attribution's source. */
export interface PolnearSource {
  readonly sourceText: string | null;
  readonly sourcePronoun: boolean;
  readonly sourceCorefRepresentative: string | null;
  readonly sourceCorefNames: readonly string[] | null;
}

/**
 * The names that count as the right speaker: the source as written; for a
 * pronoun, the representative mention of CoreNLP's chain and the names in it,
 * but only when the chain holds a name (a chain of pronouns and descriptions,
 * "the retired neurosurgeon", does not tell whom the pronoun means: not judged).
 */
export function goldSpeakerNames(g: PolnearSource): string[] {
  if (!g.sourcePronoun) return g.sourceText ? [g.sourceText] : [];
  if (!g.sourceCorefNames?.length) return [];
  return [g.sourceCorefRepresentative, g.sourceCorefNames.join(' ')].filter((n): n is string => Boolean(n)).map((n) => n.replace(/``|''/g, ''));
}

/**
 * True when a suggested speaker names the gold one: they share a word other
 * than articles and titles ("Trump" and "Donald Trump"; "a State Department
 * spokesperson" and "the State Department spokesperson"). A source with no
 * name ("the governor") needs all its words in the suggestion.
 */
export function sameSpeaker(gold: string, suggested: string): boolean {
  const g = new Set(nameWords(gold));
  if (g.size) return nameWords(suggested).some((w) => g.has(w));
  // A source with no name ("the governor"): right when the suggestion holds all its words.
  const words = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w && !/^(?:the|a|an)$/.test(w));
  const s = new Set(words(suggested));
  const need = words(gold);
  return need.length > 0 && need.every((w) => s.has(w));
}

/** True when the cue texts share their verb ("said in a statement" and "said"). */
export function sameCue(gold: string, suggested: string): boolean {
  const words = (s: string): string[] => s.toLowerCase().split(/[^\p{L}\p{N}:—―–-]+/u).filter(Boolean);
  const g = words(gold);
  const s = words(suggested);
  return s.some((w) => g.includes(w)) || g.some((w) => s.includes(w));
}

/** Precision, recall and F1 of a score. */
export function prf(s: Score): { p: number; r: number; f: number } {
  const p = s.suggestions ? s.matched / s.suggestions : 1;
  const r = s.gold ? s.matched / s.gold : 1;
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0 };
}
