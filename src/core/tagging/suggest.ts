/**
 * Quote suggestions: offline, rule-based (no model). Finds
 *   - direct quotes: text in quotation marks with a cue verb ("said", "told",
 *     "according to", … — the configurable list) in the same sentence;
 *   - reported speech without marks: "X said that …" up to the end of the
 *     sentence (only with "that", and never around a direct quote: precision first);
 * and their likely speaker:
 *   - a registered actor's name ('registry') or alias ('alias') next to the cue,
 *   - else a capitalised name ('capitalised-name': "Ukrainian President
 *     Volodymyr Zelenskyy" gives "Volodymyr Zelenskyy"),
 *   - else an anaphor ('pronoun': he/she/him/her/they, or "the spokesperson",
 *     "the minister") resolved to the last fitting actor named before it.
 * Spans count code points; a direct quote's span is inside the marks.
 */

import { overlaps } from '../anchoring/anchor';
import { parseSeed, type Span } from '../format/format';
import type { Actor, Registry } from '../files/registry';
import type { QuoteRecord } from '../files/sidecar';
import { DEFAULT_CUE_VERBS, findCue } from './speech';
import { anchorText } from '../text/lineEnds';
import { CodePointMap } from '../text/text';

export interface SuggestedSpeaker {
  /** The registry id, or null when the speaker is not a registered actor. */
  readonly actorId: string | null;
  readonly name: string;
  readonly how: 'registry' | 'alias' | 'capitalised-name' | 'pronoun';
  /** Where the words naming (or pointing to) the speaker are. */
  readonly span?: Span;
}

export interface Suggestion {
  /** Code points; inside the marks for direct quotes. */
  readonly span: Span;
  readonly direct: boolean;
  readonly cue: string | null;
  /** Where the cue stands, when there is one. */
  readonly cueSpan?: Span;
  readonly speaker: SuggestedSpeaker | null;
  /** 0–1: a rough ranking, not a probability. */
  readonly confidence: number;
}

export interface SuggestOptions {
  readonly cueVerbs?: readonly string[];
  readonly registry?: Registry | null;
  /** Quotes already tagged: suggestions overlapping them are left out. */
  readonly existing?: readonly QuoteRecord[];
  /** Also suggest reported speech without marks ("X said that …"). Default true. */
  readonly indirect?: boolean;
}

/** A name found in the text. */
interface Mention extends Span {
  readonly name: string;
  readonly actor: Actor | null;
  readonly how: 'registry' | 'alias' | 'capitalised-name';
  /** True when it can be "he" or "she". */
  readonly person: boolean;
}

const PRONOUNS = /(?<![\p{L}\p{N}])(?:he|she|him|her|they|them)(?![\p{L}\p{N}])/giu;
const ROLE_NOUNS = new Set([
  'minister', 'president', 'spokesperson', 'spokesman', 'spokeswoman', 'official', 'chancellor', 'secretary', 'ambassador',
  'governor', 'mayor', 'general', 'commander', 'adviser', 'advisor', 'senator', 'premier', 'leader', 'chief', 'envoy', 'diplomat',
]);
const TITLES = new Set([
  'president', 'prime', 'minister', 'foreign', 'defence', 'defense', 'secretary', 'state', 'general', 'spokesperson', 'spokesman',
  'chancellor', 'senator', 'mr', 'mrs', 'ms', 'dr', 'former', 'deputy', 'chief', 'head', 'ambassador', 'governor', 'mayor', 'king',
  'queen', 'pope', 'sir', 'lord', 'interior', 'finance', 'health', 'economy', 'vice', 'odious', 'ex-adviser', 'adviser', 'dictator',
  'colonel', 'captain', 'commander', 'professor', 'prof', 'us', 'u.s.', 'un', 'eu', 'nato',
]);
const STOP = new Set([
  'the', 'a', 'an', 'in', 'on', 'at', 'as', 'but', 'and', 'or', 'according', 'earlier', 'later', 'last', 'this', 'that', 'these', 'those',
  'meanwhile', 'while', 'when', 'after', 'before', 'if', 'one', 'two', 'three', 'officials', 'sources', 'however', 'also', 'is', 'it', 'its',
  'his', 'her', 'their', 'our', 'we', 'i', 'you', 'he', 'she', 'they', 'there', 'then', 'so', 'for', 'from', 'with', 'by', 'of', 'to',
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december', 'let', 'not', 'no', 'yes', 'what', 'why', 'how', 'who', 'all',
]);
const DEMONYM = /^(?:\p{Lu}\p{Ll}+(?:ian|ean|ese|ish|ican|ani|i)|American|German|French|Israeli|Russian|Ukrainian|British|Chinese|Western|Eastern)$/u;
const SENTENCE_END = /[.!?]["”»’]?\s+["“«„]?[\p{Lu}\p{N}]/u;

/** Suggests quotes (and their speakers) in a seed document's text. */
export function suggestQuotes(text: string, options: SuggestOptions = {}): Suggestion[] {
  const plain = anchorText(text);
  const points = new CodePointMap(plain);
  const chars = [...plain];
  const parsed = parseSeed(plain);
  const verbs = options.cueVerbs ?? DEFAULT_CUE_VERBS;
  const registry = options.registry ?? null;
  const existing = options.existing ?? [];
  const quotations = parsed.quotations;
  const inQuote = (s: Span): boolean => quotations.some((q) => s.start >= q.inner.start && s.end <= q.inner.end);
  const mentions = findMentions(chars, registry).filter((m) => !inQuote(m));
  const paragraphOf = (offset: number): Span => parsed.paragraphs.find((p) => offset >= p.start && offset <= p.end) ?? { start: 0, end: chars.length };
  const slice = (a: number, b: number): string => chars.slice(a, b).join('');
  /** A sentence end between a and b that is not inside a quotation. */
  const crossesSentence = (a: number, b: number): boolean => {
    const gap = slice(a, b);
    const re = new RegExp(SENTENCE_END.source, 'gu');
    let m: RegExpExecArray | null;
    while ((m = re.exec(gap))) {
      const at = a + [...gap.slice(0, m.index)].length;
      if (!quotations.some((q) => at >= q.inner.start && at < q.inner.end)) return true;
    }
    return false;
  };

  const suggestions: Suggestion[] = [];
  for (const q of quotations) {
    const span = trimSpan(chars, q.inner);
    if (span.end - span.start < 2) continue;
    const cue = findCue(points, q, verbs);
    if (!cue) continue;
    // The cue must govern this quote: same sentence, not inside another quotation.
    // (The gap takes in the capital after the opening mark: "said. “Grain …" is a new sentence.)
    if (cue.end <= q.start ? crossesSentence(cue.end, Math.min(q.end, q.start + 2)) : crossesSentence(q.end - 1, cue.start)) continue;
    // "“… near.” Brandt said: …" — a quote closed by a full stop ends its sentence; a cue after it is the next one's.
    if (cue.start >= q.end && /\.\s*$/.test(slice(q.inner.start, q.inner.end))) continue;
    if (quotations.some((o) => o !== q && cue.start >= o.inner.start && cue.end <= o.inner.end)) continue;
    const speaker = chooseSpeaker({ chars, mentions, quote: q, cue, paragraph: paragraphOf(q.start), crossesSentence, registry });
    let confidence = 0.6;
    if (speaker) confidence += speaker.how === 'registry' || speaker.how === 'alias' ? 0.3 : speaker.how === 'capitalised-name' ? 0.2 : 0.1;
    suggestions.push({ span, direct: true, cue: cue.verb, cueSpan: { start: cue.start, end: cue.end }, speaker, confidence: round(confidence) });
  }

  if (options.indirect !== false) {
    for (const s of findReportedSpeech(chars, verbs, quotations, parsed.paragraphs)) {
      const speaker = chooseSpeaker({
        chars, mentions, quote: { start: s.span.start, end: s.span.end, inner: s.span }, cue: s.cue, paragraph: paragraphOf(s.span.start), crossesSentence, registry,
      });
      let confidence = 0.4;
      if (speaker) confidence += speaker.how === 'registry' || speaker.how === 'alias' ? 0.3 : speaker.how === 'capitalised-name' ? 0.2 : 0.1;
      suggestions.push({ span: s.span, direct: false, cue: s.cue.verb, cueSpan: { start: s.cue.start, end: s.cue.end }, speaker, confidence: round(confidence) });
    }
  }

  return suggestions
    .filter((s) => !existing.some((e) => overlaps(e.anchor, s.span)))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

function round(n: number): number {
  return Math.round(Math.min(0.95, n) * 100) / 100;
}

function trimSpan(chars: readonly string[], span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(chars[start]!)) start++;
  while (end > start && /\s/.test(chars[end - 1]!)) end--;
  return { start, end };
}

/** Every registered name or alias (longest first at a place), then capitalised names elsewhere. */
function findMentions(chars: readonly string[], registry: Registry | null): Mention[] {
  const text = chars.join('');
  const toCp = utf16ToCodePoint(text);
  const found: Mention[] = [];
  const taken: Span[] = [];
  if (registry) {
    const names: Array<{ actor: Actor; name: string; how: 'registry' | 'alias' }> = [];
    for (const actor of registry.actors) {
      names.push({ actor, name: actor.name, how: 'registry' });
      for (const alias of actor.aliases) names.push({ actor, name: alias, how: 'alias' });
    }
    names.sort((a, b) => b.name.length - a.name.length);
    for (const { actor, name, how } of names) {
      const escaped = name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
      if (!escaped) continue;
      // Case matters (the alias "US" is not the pronoun "us"), except for the first letter ("the Post", "The Post").
      const first = escaped[0]!;
      const head = first.toLowerCase() !== first.toUpperCase() ? `[${first.toLowerCase()}${first.toUpperCase()}]` : first;
      const re = new RegExp(`(?<![\\p{L}\\p{N}])${head}${escaped.slice(1)}(?![\\p{L}\\p{N}])`, 'gu');
      let m: RegExpExecArray | null;
      while ((m = re.exec(text))) {
        const span = { start: toCp(m.index), end: toCp(m.index + m[0].length) };
        if (taken.some((t) => overlaps(t, span))) continue;
        taken.push(span);
        found.push({ ...span, name: m[0], actor, how, person: actor.kind === 'person' });
      }
    }
  }
  const cap = /(?<![\p{L}\p{N}])\p{Lu}[\p{L}'’.-]*(?:\s+\p{Lu}[\p{L}'’.-]*)*/gu;
  let m: RegExpExecArray | null;
  while ((m = cap.exec(text))) {
    const words = m[0].split(/\s+/);
    let offset = m.index;
    while (words.length && isLeadingNoise(words[0]!, words.length)) {
      offset += words[0]!.length;
      words.shift();
      while (/\s/.test(text[offset] ?? '')) offset++;
    }
    if (words.length === 0) continue;
    let name = words.join(' ');
    name = name.replace(/[.’'-]+$/, '');
    const sentenceInitial = /(?:^|[.!?]["”»’]?\s+|\n\s*)$/.test(text.slice(0, offset)) || /[“"«„]\s*$/.test(text.slice(0, offset));
    if (words.length === 1 && (sentenceInitial || STOP.has(name.toLowerCase()))) continue;
    const start = toCp(offset);
    const span = { start, end: start + [...name].length };
    if (taken.some((t) => overlaps(t, span))) continue;
    found.push({ ...span, name, actor: null, how: 'capitalised-name', person: words.length >= 2 });
  }
  return found.sort((a, b) => a.start - b.start);
}

function isLeadingNoise(word: string, remaining: number): boolean {
  const w = word.toLowerCase().replace(/[’']s$/, '');
  if (STOP.has(w) || TITLES.has(w)) return true;
  return remaining > 1 && DEMONYM.test(word);
}

function utf16ToCodePoint(text: string): (i: number) => number {
  const map = new CodePointMap(text);
  return (i) => map.toCodePoint(i);
}

interface SpeakerContext {
  readonly chars: readonly string[];
  readonly mentions: readonly Mention[];
  readonly quote: Span & { inner: Span };
  readonly cue: Span & { verb: string };
  readonly paragraph: Span;
  readonly crossesSentence: (a: number, b: number) => boolean;
  readonly registry: Registry | null;
}

function asSpeaker(m: Mention): SuggestedSpeaker {
  return { actorId: m.actor?.id ?? null, name: m.actor?.name ?? m.name, how: m.how, span: { start: m.start, end: m.end } };
}

/** The speaker of a quote, from the words around its cue. */
function chooseSpeaker(ctx: SpeakerContext): SuggestedSpeaker | null {
  const { chars, quote, cue, paragraph } = ctx;
  const slice = (a: number, b: number): string => chars.slice(a, b).join('');
  const near = ctx.mentions.filter((m) => m.start >= paragraph.start && m.end <= paragraph.end && !(m.start >= quote.start && m.end <= quote.end));
  const sameSentence = (a: number, b: number): boolean => !ctx.crossesSentence(Math.min(a, b), Math.max(a, b));
  const between = (a: number, b: number): Mention[] => near.filter((m) => m.start >= a && m.end <= b);
  const pronounIn = (a: number, b: number, last: boolean): SuggestedSpeaker | null => {
    const seg = slice(a, b);
    const all = [...seg.matchAll(PRONOUNS)];
    const hit = last ? all[all.length - 1] : all[0];
    if (!hit) return null;
    const start = a + [...seg.slice(0, hit.index)].length;
    return resolvePronoun(ctx, hit[0].toLowerCase(), { start, end: start + hit[0].length });
  };
  const anaphorIn = (a: number, b: number): SuggestedSpeaker | null => {
    const seg = slice(a, b);
    // "the minister", "the unnamed spokesperson": a role noun among the first words after the article.
    const m = /(?<![\p{L}])the\s+((?:[\p{Ll}-]+\s+){0,3}[\p{Ll}-]+)/u.exec(seg);
    const noun = m ? m[1]!.split(/\s+/).reverse().find((w) => ROLE_NOUNS.has(w)) : undefined;
    if (!m || !noun) return null;
    const start = a + [...seg.slice(0, seg.indexOf(m[0]))].length;
    const span = { start, end: start + [...m[0]].length };
    // An actor whose name ends with the noun ("State Department spokesperson") …
    const byName = [...ctx.mentions].reverse().find((x) => x.end <= quote.start && x.actor && x.name.toLowerCase().endsWith(noun));
    if (byName) return { actorId: byName.actor!.id, name: byName.actor!.name, how: 'pronoun', span };
    const inRegistry = ctx.registry?.actors.find((x) => [x.name, ...x.aliases].some((n) => n.toLowerCase().split(/\s+/).pop() === noun));
    if (inRegistry) return { actorId: inRegistry.id, name: inRegistry.name, how: 'pronoun', span };
    // … else the last person named before ("Defence Minister Anna Kovalenko … the minister said").
    const person = [...ctx.mentions].reverse().find((x) => x.end <= span.start && x.person);
    return person ? { ...asSpeaker(person), how: 'pronoun', span } : null;
  };

  const cueBefore = cue.end <= quote.start;
  if (cue.verb === 'according to') {
    const after = between(cue.end, cueBefore ? quote.start : Math.min(paragraph.end, cue.end + 60)).filter((m) => sameSentence(cue.end, m.start));
    if (after.length) return asSpeaker(after[0]!);
    return pronounIn(cue.end, Math.min(cue.end + 8, cueBefore ? quote.start : paragraph.end), false);
  }
  if (cueBefore) {
    // "X said: “…”" — the subject before the cue, nearest to it.
    const before = between(paragraph.start, cue.start).filter((m) => sameSentence(m.end, cue.start));
    const pron = pronounIn(Math.max(paragraph.start, before.length ? before[before.length - 1]!.end : paragraph.start), cue.start, true);
    const anaphor = anaphorIn(Math.max(paragraph.start, before.length ? before[before.length - 1]!.end : paragraph.start), cue.start);
    const candidates: Array<{ at: number; s: SuggestedSpeaker }> = [];
    if (before.length) candidates.push({ at: before[before.length - 1]!.end, s: asSpeaker(before[before.length - 1]!) });
    if (pron?.span && sameSentence(pron.span.end, cue.start)) candidates.push({ at: pron.span.end, s: pron });
    if (anaphor?.span && sameSentence(anaphor.span.end, cue.start)) candidates.push({ at: anaphor.span.end, s: anaphor });
    candidates.sort((a, b) => b.at - a.at);
    if (candidates.length) return candidates[0]!.s;
    // "said Biden: “…”"
    const after = between(cue.end, Math.min(quote.start, cue.end + 40));
    if (after.length) return asSpeaker(after[0]!);
  } else {
    // "“…,” X said." — between the quote and the cue, nearest to the cue.
    const mid = between(quote.end, cue.start);
    const pron = pronounIn(quote.end, cue.start, true);
    const anaphor = anaphorIn(quote.end, cue.start);
    const candidates: Array<{ at: number; s: SuggestedSpeaker }> = [];
    if (mid.length) candidates.push({ at: mid[mid.length - 1]!.end, s: asSpeaker(mid[mid.length - 1]!) });
    if (pron?.span) candidates.push({ at: pron.span.end, s: pron });
    if (anaphor?.span) candidates.push({ at: anaphor.span.end, s: anaphor });
    candidates.sort((a, b) => b.at - a.at);
    if (candidates.length) return candidates[0]!.s;
    // "“…,” said the minister / said Biden."
    const tail = slice(cue.end, Math.min(paragraph.end, cue.end + 40)).split(/\bthat\b|[,.;:!?]/)[0] ?? '';
    const end = cue.end + [...tail].length;
    const after = between(cue.end, end);
    if (after.length) return asSpeaker(after[0]!);
    const pronAfter = pronounIn(cue.end, end, false);
    if (pronAfter) return pronAfter;
    const anaphorAfter = anaphorIn(cue.end, end);
    if (anaphorAfter) return anaphorAfter;
  }
  return null;
}

/** he/she/him/her → the last person named before; they/them → the last group or organisation named before. */
function resolvePronoun(ctx: SpeakerContext, pronoun: string, span: Span): SuggestedSpeaker | null {
  const before = ctx.mentions.filter((m) => m.end <= span.start);
  const plural = pronoun === 'they' || pronoun === 'them';
  for (let i = before.length - 1; i >= 0; i--) {
    const m = before[i]!;
    const fits = plural ? m.actor !== null && (m.actor.kind === 'other' || m.actor.kind === 'organisation') : m.person;
    if (fits) return { ...asSpeaker(m), how: 'pronoun', span };
  }
  return null;
}

/** "X said that …": the clause after "that", to the end of the sentence. */
function findReportedSpeech(
  chars: readonly string[],
  verbs: readonly string[],
  quotations: ReadonlyArray<Span & { inner: Span }>,
  paragraphs: ReadonlyArray<Span>,
): Array<{ span: Span; cue: Span & { verb: string } }> {
  const text = chars.join('');
  const toCp = utf16ToCodePoint(text);
  const alternatives = verbs.filter((v) => v.trim() && v !== 'according to').map((v) => v.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'));
  if (!alternatives.length) return [];
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives.join('|')})(?:\\s+\\p{Ll}+ly)?\\s+that\\s+`, 'giu');
  const found: Array<{ span: Span; cue: Span & { verb: string } }> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const cueStart = toCp(m.index);
    const cue = { start: cueStart, end: cueStart + [...m[1]!].length, verb: m[1]!.toLowerCase().replace(/\s+/g, ' ') };
    const start = toCp(m.index + m[0].length);
    const paragraph = paragraphs.find((p) => start >= p.start && start < p.end);
    if (!paragraph) continue;
    // To the end of the sentence (a stop before a capital, or the paragraph end).
    const rest = chars.slice(start, paragraph.end).join('');
    const stop = /[.!?](?=["”»’]?\s+["“«„]?[\p{Lu}\p{N}]|["”»’]?\s*$)/u.exec(rest);
    let end = start + [...(stop ? rest.slice(0, stop.index) : rest)].length;
    while (end > start && /[\s,;:]/.test(chars[end - 1]!)) end--;
    const span = { start, end };
    if (end - start < 12) continue;
    // A direct quote inside or around: the marks tell the story, not this rule.
    if (quotations.some((q) => overlaps(q, span) || (cue.start >= q.inner.start && cue.end <= q.inner.end))) continue;
    found.push({ span, cue });
  }
  return found;
}

// ---- evaluation -------------------------------------------------------------

/** A hand-tagged quote, as the evaluation compares against. */
export interface GoldQuote {
  readonly span: Span;
  readonly speaker: string | null;
  readonly direct: boolean;
}

/** Precision and recall of suggestions against hand-tagged quotes. */
export interface SuggestionScore {
  readonly suggestions: number;
  readonly gold: number;
  /** Suggestions matched to a tagged quote (span only) and the tagged quotes found. */
  readonly spanMatches: number;
  /** Of those, the ones whose speaker's actor id is the tagged one (null matches null). */
  readonly speakerMatches: number;
  readonly spanPrecision: number;
  readonly spanRecall: number;
  readonly fullPrecision: number;
  readonly fullRecall: number;
}

/**
 * A suggestion matches a tagged quote when they share at least half of the
 * longer of the two spans; each tagged quote is matched at most once (best
 * overlap first).
 */
export function scoreSuggestions(gold: readonly GoldQuote[], suggestions: readonly Suggestion[]): SuggestionScore {
  const pairs: Array<{ g: number; s: number; overlap: number }> = [];
  gold.forEach((g, gi) =>
    suggestions.forEach((s, si) => {
      const overlap = Math.min(g.span.end, s.span.end) - Math.max(g.span.start, s.span.start);
      const longer = Math.max(g.span.end - g.span.start, s.span.end - s.span.start);
      if (overlap > 0 && overlap * 2 >= longer) pairs.push({ g: gi, s: si, overlap });
    }),
  );
  pairs.sort((a, b) => b.overlap - a.overlap);
  const usedG = new Set<number>();
  const usedS = new Set<number>();
  let spanMatches = 0;
  let speakerMatches = 0;
  for (const p of pairs) {
    if (usedG.has(p.g) || usedS.has(p.s)) continue;
    usedG.add(p.g);
    usedS.add(p.s);
    spanMatches++;
    if ((suggestions[p.s]!.speaker?.actorId ?? null) === gold[p.g]!.speaker) speakerMatches++;
  }
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
  return {
    suggestions: suggestions.length,
    gold: gold.length,
    spanMatches,
    speakerMatches,
    spanPrecision: ratio(spanMatches, suggestions.length),
    spanRecall: ratio(spanMatches, gold.length),
    fullPrecision: ratio(speakerMatches, suggestions.length),
    fullRecall: ratio(speakerMatches, gold.length),
  };
}

/** Adds up scores (micro-average). */
export function sumScores(scores: readonly SuggestionScore[]): SuggestionScore {
  const s = scores.reduce((a, b) => ({ suggestions: a.suggestions + b.suggestions, gold: a.gold + b.gold, spanMatches: a.spanMatches + b.spanMatches, speakerMatches: a.speakerMatches + b.speakerMatches }), { suggestions: 0, gold: 0, spanMatches: 0, speakerMatches: 0 });
  const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);
  return {
    ...s,
    spanPrecision: ratio(s.spanMatches, s.suggestions),
    spanRecall: ratio(s.spanMatches, s.gold),
    fullPrecision: ratio(s.speakerMatches, s.suggestions),
    fullRecall: ratio(s.speakerMatches, s.gold),
  };
}

/** "span P 0.90 (9/10) R 0.82 (9/11); span+speaker P … R …" */
export function formatScore(s: SuggestionScore): string {
  const f = (n: number): string => n.toFixed(2);
  return `span P ${f(s.spanPrecision)} (${s.spanMatches}/${s.suggestions}) R ${f(s.spanRecall)} (${s.spanMatches}/${s.gold}); ` +
    `span+speaker P ${f(s.fullPrecision)} (${s.speakerMatches}/${s.suggestions}) R ${f(s.fullRecall)} (${s.speakerMatches}/${s.gold})`;
}
