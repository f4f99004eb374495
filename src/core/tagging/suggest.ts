/**
 * Quote suggestions: who said what, found in a seed document's text with
 * rules over words, parts of speech and sentences (a language library gives
 * them: see ./language.ts). For each sentence with a cue (a verb of speech or
 * writing, "according to", or a colon before a quotation), the content is
 *   - a quotation, with the interrupted parts and the quoted sentences that
 *     follow it in the paragraph: “A,” she said, “B.” “C.” is ONE span, from
 *     the first mark to the last (ARCHITECTURE.md);
 *   - or what the speaker said in the cue's sentence: "X said (that) …",
 *     "…, X said.", "according to X, …".
 * A quotation with no cue (a title, a scare quote) is not suggested. The
 * speaker is the subject of the cue, before or after it: a registered actor
 * first, else a name, else a description ("the State Department
 * spokesperson"); a pronoun is resolved to the last compatible person named.
 * Spans count code points.
 */

import { overlaps } from '../anchoring/anchor';
import type { Span } from '../format/format';
import type { Actor, Registry as ActorRegistry } from '../files/registry';
import type { QuoteRecord } from '../files/sidecar';
import { anchorText } from '../text/lineEnds';
import { CodePointMap } from '../text/text';
import { ACCORDING_TO, DEFAULT_CUE_WORDS, guessLanguage, type CueLanguage } from './cueWords';
import { plainAnalysis, type Analyser, type Word } from './language';
import { pairQuotationMarks, type MarkedQuotation } from './quotationMarks';

/**
 * What the rules need of the registry: a `Registry`, or, in the suggestion
 * worker (src/nlp/suggestService.ts), an index of its actors' names.
 */
export type ActorLookup = Pick<ActorRegistry, 'findByName'>;
type Registry = ActorLookup;

/** The suggested speaker of a quote. */
export interface SuggestedSpeaker {
  /** The registry id, or null when the speaker is not a registered actor. */
  readonly actorId: string | null;
  /** The actor's name, the name as written, or the description. */
  readonly name: string;
  readonly how: 'registry' | 'alias' | 'name' | 'description' | 'pronoun';
  /** Where the words naming (or pointing to) the speaker are. */
  readonly span?: Span;
  /**
   * For a description ("the US President"), the person last named with that
   * title before it ("US President Joe Biden"): who it means. The suggestion
   * keeps the description as written; the speaker picker offers the person first.
   */
  readonly person?: SuggestedSpeaker;
}

/** One suggested quote. */
export interface Suggestion {
  /** Code points. A direct quote's span includes its quotation marks. */
  readonly span: Span;
  /** True when the span holds quoted words. */
  readonly direct: boolean;
  readonly cue: string | null;
  /** Where the cue stands, when there is one. */
  readonly cueSpan?: Span;
  readonly speaker: SuggestedSpeaker | null;
  /** 0–1: a rough ranking, not a probability. */
  readonly confidence: number;
}

/** Options of {@link suggestQuotes}. */
export interface SuggestOptions {
  /** Extra cue words, for every language (the `seedAnnotator.cueVerbs` setting). */
  readonly cueVerbs?: readonly string[];
  /** Cue words per language, replacing the built-in list of that language. */
  readonly cueWordsByLanguage?: Readonly<Record<string, readonly string[]>>;
  /** The document's language; guessed from its letters when absent. */
  readonly language?: CueLanguage;
  readonly registry?: Registry | null;
  /** Quotes already tagged: suggestions overlapping them are left out. */
  readonly existing?: readonly QuoteRecord[];
  /** Also suggest reported speech without quotation marks. Default true. */
  readonly indirect?: boolean;
  /** The English analyser (wink-nlp); without it a plain rule-based one is used. */
  readonly analyser?: Analyser;
}

interface Sentence {
  readonly start: number;
  readonly end: number;
  /** Indices into the word list. */
  readonly first: number;
  readonly last: number;
  /** Cut from the sentence before at ", adding that …": a second attribution of the same speaker. */
  readonly participle?: boolean;
}

interface Found {
  start: number;
  end: number;
  cue: Word | null;
  cueText: string | null;
  speaker: SuggestedSpeaker | null;
  confidence: number;
}

const FEMALE = new Set(['she', 'her', 'hers', 'herself', 'вона', 'її', 'она', 'ее', 'её']);
const MALE = new Set(['he', 'him', 'his', 'himself', 'він', 'його', 'он', 'его']);
const PLURAL = new Set(['they', 'them', 'their', 'вони', 'їх', 'они', 'их']);
const SUBJECT_PRONOUNS = new Set(['he', 'she', 'they', 'i', 'we', 'він', 'вона', 'вони', 'я', 'ми', 'он', 'она', 'они', 'мы']);
const HONORIFIC_MALE = /^(?:mr\.?|sir|lord|king|пан)$/i;
const HONORIFIC_FEMALE = /^(?:mrs\.?|ms\.?|miss|madam|queen|lady|пані)$/i;
const TITLE_WORDS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gov', 'gen', 'prof', 'president', 'vice', 'secretary', 'senator', 'governor', 'chairman',
  'chairwoman', 'chair', 'speaker', 'leader', 'minister', 'prime', 'chief', 'director', 'spokesman', 'spokeswoman', 'spokesperson',
  'candidate', 'nominee', 'former', 'attorney', 'general', 'judge', 'justice', 'mayor', 'rev', 'ambassador', 'representative',
  'congressman', 'congresswoman', 'democratic', 'republican', 'gop', 'u.s', 'us', 'state', 'house', 'majority', 'minority', 'deputy',
  'campaign', 'manager', 'press', 'white', 'commissioner', 'treasurer', 'coach', 'host', 'anchor', 'author', 'columnist', 'pastor',
  'presidential', 'sheriff', 'officer', 'agent', 'lt', 'col', 'sgt', 'capt', 'adviser', 'advisor', 'strategist', 'pollster', 'analyst',
  'президент', 'міністр', 'прем’єр-міністр', 'речник', 'посол', 'министр', 'премьер-министр', 'пресс-секретарь', 'глава', 'голова',
]);
const ORGANISATION_WORDS = /\b(?:Party|Committee|Department|Post|Times|News|Journal|Council|Association|University|Campaign|Inc|Corp|House|Senate|Congress|Foundation|Institute|Agency|Ministry|Court|Network|Center|Centre|Group|Bureau|Office|Administration|Service|Commission|Press|Tribune|Herald|Review|Magazine|Media|Radio|TV|Company|Fund|Union|Federation|Bank|Reuters|CNN|Fox|NBC|ABC|CBS|MSNBC|NPR|PolitiFact|Breitbart|Politico|POLITICO|FBI|CIA|NATO|GOP|Democrats|Republicans|State|States|America|Twitter|Facebook)\b/;
const PLACES = /^(?:Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming|Washington D\.C\.|Los Angeles|San Francisco|Las Vegas|New Orleans|Des Moines|Puerto Rico|Carolina|United States|United Kingdom|Great Britain|North Korea|South Korea|Saudi Arabia|Middle East|Wall Street|Capitol Hill|Silicon Valley|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December)$/;
/** Verbs of finding, cues only after a source of findings ("the poll shows"). */
const FINDING_VERB = /^(?:show|shows|showed|shown|found|finds|find|suggests|suggested|indicates|indicated|revealed|reveals)$/;
const FINDING_SOURCE = /^(?:polls?|surveys?|study|studies|reports?|analysis|analyses|data|research|records|documents|investigation|review|audit|figures|numbers|results|estimates|filings?)$/i;
/** Days, months and times: "said Friday", "told MSNBC Monday" name no one. */
const TIME_WORD = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Today|Tonight|Yesterday|Tomorrow|Morning|Evening|Night|Afternoon)\.?$/;
/** Capitalised words that are not names when they stand before a verb. */
const NOT_A_NAME_WORD = /^(?:The|A|An|This|That|These|Those|It|He|She|They|We|I|You|His|Her|Their|Its|Our|My|Some|Many|Most|Others?|Another|One|Both|All|Each|Few|Several|Critics|Officials|Supporters|Experts|Analysts|Democrats|Republicans|Americans|Voters|People|Aides|Sources|Police|Witnesses|Residents)$/;
const NOT_A_SUBJECT = new Set(['it', 'this', 'that', 'there', 'what', 'which', 'who', 'you', 'as', 'so']);

/** Suggests quotes (and their speakers) in a seed document's text. */
export function suggestQuotes(text: string, options: SuggestOptions = {}): Suggestion[] {
  return analyseQuotes(text, options).suggestions;
}

/** Whom the speaker picker offers for a quote: its suggested speaker, then the names of the document. */
export interface SpeakerChoices {
  /** The speaker suggested for a quote overlapping the span, or null. */
  readonly suggested: SuggestedSpeaker | null;
  /** Names found in the document (outside quotation marks), nearest to the span first, each once. */
  readonly names: ReadonlyArray<{ readonly name: string; readonly actorId: string | null }>;
}

/** The speakers to offer for the quote at `span` (code points). */
export function speakerChoices(text: string, span: Span, options: SuggestOptions = {}): SpeakerChoices {
  const { suggestions, people, points } = analyseQuotes(text, { ...options, existing: [] });
  let best: Suggestion | null = null;
  let bestOverlap = 0;
  for (const s of suggestions) {
    const overlap = Math.min(s.span.end, span.end) - Math.max(s.span.start, span.start);
    if (overlap > bestOverlap) {
      best = s;
      bestOverlap = overlap;
    }
  }
  const at = points.toUtf16(span.start);
  const distance = (p: Person): number => Math.abs(p.start - at);
  const names: Array<{ name: string; actorId: string | null }> = [];
  const seen = new Set<string>();
  for (const p of [...people].sort((a, b) => distance(a) - distance(b))) {
    const name = p.actor?.name ?? p.full;
    // People, organisations and registered actors; not places ("Berlin") or stray capitals.
    if (!p.actor && !p.isPerson && !ORGANISATION_WORDS.test(p.full)) continue;
    if (seen.has(name) || name.length < 2) continue;
    seen.add(name);
    names.push({ name, actorId: p.actor?.id ?? null });
  }
  // A description offers who it means: the annotator tags the person.
  return { suggested: best?.speaker?.person ?? best?.speaker ?? null, names };
}

function analyseQuotes(text: string, options: SuggestOptions): { suggestions: Suggestion[]; people: readonly Person[]; points: CodePointMap } {
  const plain = anchorText(text);
  const language = options.language ?? guessLanguage(plain);
  const bodyStart = /^\s?date\s/.test(plain) ? plain.indexOf('\n') + 1 || plain.length : 0;
  const analysis = language === 'en' && options.analyser ? options.analyser(plain) : plainAnalysis(plain);
  const words = analysis.words;
  const cues = cueLexicon(language, options);
  // Two apostrophes stand for a double mark in typewritten text (''Yes,'' she said): paired as one, same length.
  const marks = plain.includes("''") ? plain.replace(/(^|[\s(])''(?=\S)/g, '$1 "').replace(/(\S)''(?=[\s.,;:!?)—–-]|$)/g, '$1" ').replace(/ ''(?=\s)/g, ' " ') : plain;
  const quotations = pairQuotationMarks(marks).filter((q) => q.open >= bodyStart);
  const registry = options.registry ?? null;
  const inQuotation = quoteMask(words, quotations);
  const sentences = splitParticiples(words, joinAttributions(marks, words, outerSentences(plain, words, analysis.sentenceStarts, quotations, bodyStart), quotations, cues), inQuotation, cues);
  const people = findPeople(plain, words, inQuotation, registry, language, analysis.firstNameGender);

  const found: Found[] = [];
  const speakers = new Set<string>();
  const taken: Array<[number, number]> = [];
  const free = (a: number, b: number): boolean => !taken.some(([s, e]) => a < e && s < b);
  const quotationsIn = (a: number, b: number): MarkedQuotation[] => quotations.filter((q) => q.open >= a && q.open < b);

  for (let si = 0; si < sentences.length; si++) {
    const s = sentences[si]!;
    const qs = quotationsIn(s.start, s.end);
    const cue = findCueIn(words, s, inQuotation, cues) ?? (language === 'en' ? quotedObjectVerb(plain, words, s, qs, inQuotation) : null);
    if (!cue && !qs.length) continue;
    if (!cue) {
      // “…:” A quotation alone after a sentence ending with a colon ("He said:") belongs to it.
      continue;
    }
    const startsWithQuote = qs.length > 0 && !/[\p{L}\p{N}]/u.test(plain.slice(s.start, qs[0]!.open));
    let start: number;
    let end: number;
    let direct = qs.length > 0;
    let confidence = 0.5;
    const cueStart = words[cue.first]!.start;
    const cueEnd = words[cue.last]!.end;
    if (cue.according) {
      // "According to X, …" or "…, according to X."
      const speakerEnd = clauseEnd(words, cue.last + 1, s.last, inQuotation);
      if (cueStart - s.start < 3) {
        start = skipSpaceAndPunct(plain, words[speakerEnd]?.end ?? cueEnd, s.end);
        end = trimSentenceEnd(plain, start, s.end);
      } else {
        start = s.start;
        end = trimSentenceEnd(plain, start, cueStart);
      }
      confidence = 0.7;
    } else if (qs.length && cueStart > qs[0]!.end - 1 && startsWithQuote) {
      // “A,” X said, “B.” — from the first mark to the last quotation of the sentence.
      start = qs[0]!.open;
      end = qs[qs.length - 1]!.end;
      confidence = 0.9;
    } else if (qs.length && cueEnd <= qs[0]!.open && onlyAttributionBetween(plain, words, cue, qs[0]!, cues)) {
      // X said: “A.” / X said, “A.”
      start = qs[0]!.open;
      end = qs[qs.length - 1]!.end;
      confidence = 0.85;
    } else if (cueEnd <= s.end) {
      // Reported speech with or without a quoted phrase: what follows the cue, or what precedes ", X said."
      const tail = s.last - cue.last;
      const before = cue.first - s.first;
      if (tail >= 3 && (before <= 12 || hasThat(words, cue.last + 1) || clauseFollows(words, cue.last + 1, s.last, inQuotation))) {
        start = skipSpaceAndPunct(plain, cueEnd, s.end);
        start = skipAdverbials(words, cue.last + 1, s.last, start, inQuotation);
        end = trimSentenceEnd(plain, start, s.end);
      } else {
        const comma = lastCommaBefore(plain, words, s.first, cue.first, inQuotation);
        if (comma < 0) continue;
        start = s.start;
        end = trimSentenceEnd(plain, start, comma);
      }
      direct = quotations.some((q) => q.open >= start && q.open < end);
      // A headline ("Biden warns Russia over threat") has no final stop: not reported speech.
      if (!/[.!?"”»…]\s*$/.test(plain.slice(s.start, s.end)) && /^[ \t]*(?:\n|$)/.test(plain.slice(s.end)) && /(?:^|\n)[ \t]*$/.test(plain.slice(0, s.start))) continue;
      confidence = direct ? 0.75 : 0.6;
      if (!direct && options.indirect === false) continue;
    } else continue;
    if (end - start < 8) continue;
    // Quoted sentences that follow in the paragraph, with no cue of their own, continue the quote.
    let k = si + 1;
    while (direct && k < sentences.length) {
      const next = sentences[k]!;
      const nq = quotationsIn(next.start, next.end);
      const gap = plain.slice(end, next.start);
      if (gap.includes('\n') && !quotations.some((q) => q.continues && q.end <= next.start && q.end >= end - 1)) break;
      if (!nq.length || nq[0]!.open !== firstNonSpace(marks, next.start, next.end)) break;
      if (findCueIn(words, next, inQuotation, cues)) break;
      // “They agree with him,” … “but they aren't there yet” to support him.: the quote ends the sentence's words.
      const tail = trimSentenceEnd(marks, next.start, next.end);
      if (tail > nq[nq.length - 1]!.end + 1) {
        end = tail;
        k++;
        break;
      }
      end = nq[nq.length - 1]!.end;
      k++;
    }
    if (!free(start, end)) continue;
    taken.push([start, end]);
    // "…, adding that …": the speaker of the clause before.
    const previous = found[found.length - 1];
    let speaker = s.participle && previous ? previous.speaker : findSpeaker(plain, words, s, cue, inQuotation, people, registry, start, end, speakers);
    // A quote with a cue but no speaker in its sentence (“…,” read one.) continues the speaker just before.
    if (!speaker && previous?.speaker && start - previous.end < 600) speaker = previous.speaker;
    // A name that speaks is a person's ("Doyle said"), even when the document never gives it in full.
    if (speaker?.how === 'name' && speaker.span) {
      const named = people.find((p) => p.start === speaker!.span!.start);
      if (named && !named.isPerson && !ORGANISATION_WORDS.test(named.name) && !PLACES.test(named.name)) (named as { isPerson: boolean }).isPerson = true;
    }
    if (speaker && speaker.how !== 'description') speakers.add(speaker.name);
    found.push({ start, end, cue: words[cue.first]!, cueText: cueTextOf(plain, words, cue), speaker, confidence: speaker ? confidence : confidence - 0.2 });
    if (k > si + 1) si = k - 1;
  }

  const points = new CodePointMap(plain);
  const existing = options.existing ?? [];
  const suggestions = found
    .map((f): Suggestion => {
      const span = { start: points.toCodePoint(f.start), end: points.toCodePoint(f.end) };
      const cueSpan = f.cue ? { start: points.toCodePoint(f.cue.start), end: points.toCodePoint(f.cue.start + (f.cueText?.length ?? 0)) } : undefined;
      const speaker = f.speaker?.span ? { ...f.speaker, span: { start: points.toCodePoint(f.speaker.span.start), end: points.toCodePoint(f.speaker.span.end) } } : f.speaker;
      const direct = /["“”«»„]/.test(plain.slice(f.start, f.end));
      return { span, direct, cue: f.cueText, ...(cueSpan ? { cueSpan } : {}), speaker, confidence: Math.round(Math.min(0.95, f.confidence) * 100) / 100 };
    })
    .filter((s) => options.indirect !== false || s.direct)
    .filter((s) => !existing.some((e) => overlaps(e.anchor, s.span)))
    .sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  return { suggestions, people, points };
}

interface CueLexicon {
  /** Single cue words. */
  readonly words: ReadonlySet<string>;
  /** Phrases, as lists of lower-case words. */
  readonly phrases: ReadonlyArray<readonly string[]>;
}

function cueLexicon(language: CueLanguage, options: SuggestOptions): CueLexicon {
  const list = [...(options.cueWordsByLanguage?.[language] ?? DEFAULT_CUE_WORDS[language]), ...(options.cueVerbs ?? [])];
  const words = new Set<string>();
  const phrases: string[][] = [];
  for (const raw of list) {
    const parts = raw.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (parts.length === 1) words.add(parts[0]!);
    else if (parts.length > 1) phrases.push(parts);
  }
  phrases.sort((a, b) => b.length - a.length);
  return { words, phrases };
}

/** For each word, true when it stands inside quotation marks. */
function quoteMask(words: readonly Word[], quotations: readonly MarkedQuotation[]): boolean[] {
  const mask = new Array<boolean>(words.length).fill(false);
  let q = 0;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    while (q < quotations.length && quotations[q]!.end <= w.start) q++;
    const cur = quotations[q];
    if (cur && w.start > cur.open && w.end <= cur.end && !(cur.closed && w.start === cur.end - 1)) mask[i] = true;
  }
  return mask;
}

/**
 * Sentences that do not break inside quotation marks, nor across lines;
 * the header line is left out.
 */
function outerSentences(text: string, words: readonly Word[], starts: readonly number[], quotations: readonly MarkedQuotation[], bodyStart: number): Sentence[] {
  const boundaries = new Set<number>();
  for (const i of starts) {
    const w = words[i];
    if (!w) continue;
    const inside = quotations.some((q) => w.start > q.open && w.start < q.end - (q.closed ? 1 : 0));
    if (!inside) boundaries.add(i);
  }
  for (let i = 1; i < words.length; i++) {
    if (text.slice(words[i - 1]!.end, words[i]!.start).includes('\n')) {
      const inside = quotations.some((q) => q.continues && words[i]!.start > q.open && words[i]!.start < q.end);
      if (!inside) boundaries.add(i);
    }
  }
  const sorted = [...boundaries].sort((a, b) => a - b);
  if (sorted[0] !== 0) sorted.unshift(0);
  const out: Sentence[] = [];
  for (let b = 0; b < sorted.length; b++) {
    const first = sorted[b]!;
    const last = (sorted[b + 1] ?? words.length) - 1;
    if (last < first) continue;
    const start = words[first]!.start;
    if (start < bodyStart) continue;
    out.push({ start, end: words[last]!.end, first, last });
  }
  return out;
}

/**
 * Joins what a sentence splitter cut too early: a "sentence" starting with a
 * small letter ("(R-Fla.) said Saturday") continues the one before, and
 * “Really?” Smith said. is one sentence, the question mark notwithstanding.
 */
function joinAttributions(text: string, words: readonly Word[], sentences: Sentence[], quotations: readonly MarkedQuotation[], lex: CueLexicon): Sentence[] {
  const out: Sentence[] = [];
  for (const s of sentences) {
    const prev = out[out.length - 1];
    if (prev && !text.slice(prev.end, s.start).includes('\n') && (/^\p{Ll}/u.test(words[s.first]!.text) || openBracket(words, prev) || (wholeQuotation(text, prev, quotations) && attributionOnly(words, s, lex)))) {
      out[out.length - 1] = { start: prev.start, end: s.end, first: prev.first, last: s.last };
    } else out.push(s);
  }
  return out;
}

/** The sentence ends inside a bracket: "Sen. Jo Reed (D-R.I.), said" was cut after "R.". */
function openBracket(words: readonly Word[], s: Sentence): boolean {
  let depth = 0;
  for (let k = s.first; k <= s.last; k++) {
    if (words[k]!.text === '(') depth++;
    else if (words[k]!.text === ')') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/** Participles that add a second attribution to a sentence: "X said, adding that …". */
const PARTICIPLE_CUE = /^(?:adding|noting|explaining|arguing|warning|insisting|stressing|acknowledging|recalling|calling|pointing|suggesting|claiming)$/;

/**
 * Cuts a sentence before ", adding that …" (and other participles of speech)
 * when a cue stands before it: “A,” Jo Hale said, adding that B. holds two
 * attributions, the quote and what was added.
 */
function splitParticiples(words: readonly Word[], sentences: Sentence[], inQuotation: readonly boolean[], lex: CueLexicon): Sentence[] {
  const out: Sentence[] = [];
  for (const s of sentences) {
    let cut = -1;
    for (let j = s.first + 2; j < s.last - 2; j++) {
      if (inQuotation[j] || words[j - 1]!.text !== ',' || !PARTICIPLE_CUE.test(words[j]!.text)) continue;
      const cue = findCueIn(words, { ...s, last: j - 2 }, inQuotation, lex);
      if (cue && cue.last < j - 1) cut = j;
      break;
    }
    if (cut < 0) {
      out.push(s);
      continue;
    }
    out.push({ start: s.start, end: words[cut - 1]!.end, first: s.first, last: cut - 1 });
    out.push({ start: words[cut]!.start, end: s.end, first: cut, last: s.last, participle: true });
  }
  return out;
}

/** The sentence is one quotation, closed at its end. */
function wholeQuotation(text: string, s: Sentence, quotations: readonly MarkedQuotation[]): boolean {
  const open = firstNonSpace(text, s.start, s.end);
  return quotations.some((q) => q.open === open && q.closed && q.end >= s.end && q.end - s.end <= 1);
}

/** "Smith said.", "the senator told reporters on Monday.": a few words naming someone, a cue, and no "that". */
function attributionOnly(words: readonly Word[], s: Sentence, lex: CueLexicon): boolean {
  for (let i = s.first; i <= Math.min(s.last, s.first + 6); i++) {
    const w = words[i]!;
    if (lex.words.has(w.text.toLowerCase()) && i > s.first && w.pos !== 'NOUN') {
      for (let k = i + 1; k <= s.last; k++) if (/^(?:that|:)$/i.test(words[k]!.text) || /^["“«„]$/.test(words[k]!.text)) return false;
      return true;
    }
    if (!/^(?:PROPN|NOUN|DET|PRON|ADJ|PUNCT|NUM|X)$/.test(w.pos)) return false;
  }
  return false;
}

interface CueMatch {
  readonly first: number;
  readonly last: number;
  readonly according: boolean;
  readonly colon: boolean;
}

/**
 * The cue of a sentence: the first verb of speech outside quotation marks
 * that is not part of a name; failing that a colon before a quotation, then
 * a cue word tagged as a noun ("his remarks"), a sentence-opening "Asked
 * about …," or "in a statement", which only stand in when nothing better does.
 */
function findCueIn(words: readonly Word[], s: Sentence, inQuotation: readonly boolean[], lex: CueLexicon): CueMatch | null {
  let fallback: { match: CueMatch; rank: number } | null = null;
  const consider = (match: CueMatch, rank: number): void => {
    if (!fallback || rank < fallback.rank) fallback = { match, rank };
  };
  for (let i = s.first; i <= s.last; i++) {
    if (inQuotation[i]) continue;
    const w = words[i]!;
    const lower = w.text.toLowerCase();
    let phraseFound = false;
    for (const phrase of lex.phrases) {
      if (phrase[0] !== lower) continue;
      let ok = true;
      for (let j = 1; j < phrase.length; j++) if (words[i + j]?.text.toLowerCase() !== phrase[j]) ok = false;
      if (!ok) continue;
      const text = phrase.join(' ');
      const match = { first: i, last: i + phrase.length - 1, according: ACCORDING_TO.has(text), colon: false };
      // "said in a statement": the verb is the cue; the phrase only when there is none.
      if (/^in\s/.test(text)) consider(match, 3);
      else return match;
      phraseFound = true;
      break;
    }
    if (phraseFound) continue;
    // "A new poll shows …", "the report found …": findings are attributed to their source, in English.
    if (FINDING_VERB.test(lower) && lex.words.has('said') && words.slice(Math.max(s.first, i - 4), i).some((x) => FINDING_SOURCE.test(x.text))) {
      return { first: i, last: i, according: false, colon: false };
    }
    if (lex.words.has(lower)) {
      // "<tweet id=…>": markup pasted with an embedded post names no cue.
      if (insideMarkup(words, i)) continue;
      // "to confirm", "will tell": an infinitive or a future is not something said.
      if (/^(?:to|will|would|could|should|might|can|may|must)$/i.test(words[i - 1]?.text ?? '')) continue;
      // A capitalised cue inside a sentence is part of a name ("United States", "Tell City").
      if (/^\p{Lu}/u.test(w.text) && i > s.first) continue;
      const match = { first: i, last: i, according: false, colon: false };
      if (w.pos === 'PROPN' || w.pos === 'NOUN' || w.pos === 'ADJ') {
        // "the call", "a report": nouns are not cues (wink's tags; the plain analyser leaves verbs as X).
        const prev = words[i - 1]?.text.toLowerCase();
        if (prev && /^(?:the|a|an|his|her|their|its|this|that)$/.test(prev)) continue;
        consider(match, 2);
        continue;
      }
      // "Asked about the plan, Smith said": the question frames the answer, whose verb is the cue.
      if ((i === s.first || (i === s.first + 1 && /^(?:when|as|if|after|once)$/i.test(words[s.first]!.text))) && /^(?:asked|pressed)$/.test(lower)) {
        consider(match, 3);
        continue;
      }
      return match;
    }
    if (w.text === ':' && i + 1 <= s.last && /["“«„]/.test(words[i + 1]!.text) && i - s.first >= 1) {
      consider({ first: i, last: i, according: false, colon: true }, 1);
    }
  }
  return (fallback as { match: CueMatch } | null)?.match ?? null;
}

/**
 * A sentence with no verb of speech whose object holds quoted words: "Hale
 * dismissed the plan as “a waste of money.”" The quoted words are someone's,
 * so the clause's verb stands for the cue.
 */
function quotedObjectVerb(text: string, words: readonly Word[], s: Sentence, qs: readonly MarkedQuotation[], inQuotation: readonly boolean[]): CueMatch | null {
  const q = qs.find((x) => {
    const inner = text.slice(x.open + 1, x.end - 1).trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
    // A title ("Meet the Press") capitalises its words; a scare quote is a word or two.
    if (inner.length < 2 || inner.every((w) => /^[\p{Lu}\d]/u.test(w) || /^(?:of|the|a|an|and|in|on|for|to|with)$/.test(w))) return false;
    // "ignored the “no swimming” sign": quoted words that modify a noun name a thing, nobody's words.
    const after = words.find((w) => w.start >= x.end);
    return !(after && after.start <= s.end && after.pos === 'NOUN' && /^\p{Ll}/u.test(after.text));
  });
  if (!q) return null;
  // The verb nearest before the quotation ("landed a dig at", "citing her"), with a subject before it
  // and at most a dozen words of object between them.
  let verb = -1;
  for (let k = s.first; k <= s.last && words[k]!.start < q.open; k++) {
    if (inQuotation[k]) return null;
    if (words[k]!.pos === 'VERB' && /^\p{Ll}/u.test(words[k]!.text) && k > s.first) verb = k;
    // "met to discuss the “long war”": an infinitive is not something said.
    if (verb === k && /^to$/i.test(words[k - 1]!.text)) verb = -1;
  }
  if (verb < 0 || !words.slice(s.first, verb).some((w) => /^(?:PROPN|PRON|NOUN)$/.test(w.pos))) return null;
  if (words.slice(verb, s.last + 1).findIndex((w) => w.start >= q.open) > 12) return null;
  return { first: verb, last: verb, according: false, colon: false };
}

/** True when word `i` stands inside a markup tag ("<tweet tweet-author=…>"), whose words name no cue. */
function insideMarkup(words: readonly Word[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 30); k--) {
    if (words[k]!.text === '>') return false;
    if (words[k]!.text === '<' && words[k]!.end === words[k + 1]!.start) return true;
  }
  return false;
}

function cueTextOf(text: string, words: readonly Word[], cue: CueMatch): string {
  return text.slice(words[cue.first]!.start, words[cue.last]!.end).toLowerCase().replace(/\s+/g, ' ');
}

function firstNonSpace(text: string, a: number, b: number): number {
  while (a < b && /\s/.test(text[a]!)) a++;
  return a;
}

function skipSpaceAndPunct(text: string, a: number, b: number): number {
  while (a < b && /[\s,:;—–-]/.test(text[a]!)) a++;
  return a;
}

/** Drops a final stop outside quotation marks, and spaces. */
function trimSentenceEnd(text: string, a: number, b: number): number {
  while (b > a && /[\s,;:—–-]/.test(text[b - 1]!)) b--;
  if (b > a && /[.!?]/.test(text[b - 1]!)) b--;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  return b;
}

/** True when only the cue, commas, a colon or "that" stand between it and the quotation. */
function onlyAttributionBetween(text: string, words: readonly Word[], cue: CueMatch, q: MarkedQuotation, lex: CueLexicon): boolean {
  const gap = text.slice(words[cue.last]!.end, q.open);
  if (/^[\s,:—–-]*$/.test(gap)) return true;
  // "he said in a statement: “…”", "she told reporters, “…”"
  return /[,:]\s*$/.test(gap) && gap.split(/\s+/).filter(Boolean).length <= 7 && !lex.words.has(gap.trim().split(/\s+/)[0]!.toLowerCase());
}

function hasThat(words: readonly Word[], i: number): boolean {
  for (let k = i; k < Math.min(words.length, i + 5); k++) if (/^(?:that|що|что)$/i.test(words[k]!.text)) return true;
  return false;
}

/**
 * True when a clause of its own follows the cue: "Jo Hale, a farmer from the
 * valley who grew up there, said the harvest was late" (a verb before any
 * comma), not "…, said Jo Hale, a farmer" nor "…, she said in an interview".
 */
function clauseFollows(words: readonly Word[], from: number, last: number, inQuotation: readonly boolean[]): boolean {
  let k = from;
  while (k <= last && (TIME_WORD.test(words[k]!.text) || words[k]!.pos === 'ADV')) k++;
  const first = words[k];
  if (!first || first.pos === 'ADP' || first.pos === 'PUNCT') return false;
  for (let n = k + 1; n <= Math.min(last, k + 10); n++) {
    if (inQuotation[n] || /^[,;:—–()]$/.test(words[n]!.text)) return false;
    if (words[n]!.pos === 'VERB' || words[n]!.pos === 'AUX') return true;
  }
  return false;
}

/** Skips "on Monday", "in a statement", "reporters" before "that". */
function skipAdverbials(words: readonly Word[], from: number, last: number, start: number, inQuotation: readonly boolean[]): number {
  for (let k = from; k <= Math.min(last, from + 8); k++) {
    if (inQuotation[k]) break;
    if (/^(?:that)$/i.test(words[k]!.text)) return words[k]!.start;
  }
  return start;
}

/** The last comma outside quotation marks before word `before` (and after `first`), or -1. */
function lastCommaBefore(text: string, words: readonly Word[], first: number, before: number, inQuotation: readonly boolean[]): number {
  for (let k = before - 1; k > first; k--) {
    if (inQuotation[k]) continue;
    const t = words[k]!.text;
    if (t === ',' || t === '—' || t === '–') return words[k]!.start;
  }
  // “…,” inside the marks: the comma is within the quotation.
  for (let k = before - 1; k > first; k--) if (/["”»]/.test(words[k]!.text) && /,/.test(text[words[k]!.start - 1] ?? '')) return words[k]!.end;
  return -1;
}

/** The index of the last word of the clause starting at `from` (up to a comma). */
function clauseEnd(words: readonly Word[], from: number, last: number, inQuotation: readonly boolean[]): number {
  for (let k = from; k <= last; k++) if (!inQuotation[k] && /^[,;:—–]$/.test(words[k]!.text)) return k;
  return last;
}

// ---- people and speakers -------------------------------------------------------------------

interface Person {
  /** Code units. */
  readonly start: number;
  readonly end: number;
  readonly name: string;
  /** The full name this mention refers to ("Trump" → "Donald Trump"). */
  full: string;
  readonly actor: Actor | null;
  readonly how: 'registry' | 'alias' | 'name';
  readonly isPerson: boolean;
  gender: 'm' | 'f' | null;
  /** Stands at the start of its clause: more likely the one a later "he" or "she" means. */
  readonly subject: boolean;
  /** The title written before the name, lower case ("us president" in "US President Joe Biden"). */
  readonly title?: string;
}

/**
 * True when no verb stands between the start of the name's clause and the
 * name: "Former governor Ed Rendell was …", "In Iowa, Trump said …", not
 * "… said McConnell was right".
 */
function isSentenceSubject(text: string, words: readonly Word[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 12; k--) {
    const w = words[k]!;
    if (/^[.!?;:"”“,—–]$/.test(w.text) || text.slice(w.end, words[k + 1]!.start).includes('\n')) return true;
    if (w.pos === 'VERB' || w.pos === 'AUX' || w.pos === 'ADP' && /^(?:of|by|with|to|for|against|about)$/i.test(w.text)) return false;
  }
  return i < 12;
}

/** Names outside quotation marks: registry names and aliases first, then runs of proper nouns. */
function findPeople(text: string, words: readonly Word[], inQuotation: readonly boolean[], registry: Registry | null, language: CueLanguage, firstNameGender?: (firstName: string) => 'm' | 'f' | null): Person[] {
  const people: Person[] = [];
  const takenWord = new Set<number>();
  if (registry) {
    for (let i = 0; i < words.length; i++) {
      if (inQuotation[i] || takenWord.has(i)) continue;
      for (let len = Math.min(6, words.length - i); len >= 1; len--) {
        const name = text.slice(words[i]!.start, words[i + len - 1]!.end);
        if (!/^\p{Lu}/u.test(name)) continue;
        const actor = registry.findByName(name);
        if (!actor) continue;
        for (let k = i; k < i + len; k++) takenWord.add(k);
        people.push({ start: words[i]!.start, end: words[i + len - 1]!.end, name, full: actor.name, actor, how: actor.name === name ? 'registry' : 'alias', isPerson: actor.kind === 'person', gender: null, subject: isSentenceSubject(text, words, i) });
        break;
      }
    }
  }
  const nameWord = (k: number): boolean => isNameWord(words[k]!, language) || (/^\p{Lu}\p{Ll}/u.test(words[k]!.text) && /^(?:mr|mrs|ms|dr)\.?$/i.test(words[k - 1]?.text ?? ''));
  for (let i = 0; i < words.length; i++) {
    if (inQuotation[i] || takenWord.has(i) || !nameWord(i)) continue;
    let j = i;
    while (j + 1 < words.length && !inQuotation[j + 1] && !takenWord.has(j + 1) && nameWord(j + 1) && !/\n/.test(text.slice(words[j]!.end, words[j + 1]!.start))) j++;
    // A surname the tagger took for a verb or a noun ("Paul Grant told"): a capital after a first name, ending the run.
    const next = words[j + 1];
    if (next && j === i && !inQuotation[j + 1] && /^\p{Lu}\p{Ll}+$/u.test(next.text) && /^(?:VERB|NOUN|ADJ)$/.test(next.pos) && !/^(?:Says|Said|Tells|Told|Writes|Wrote|Asks|Asked)$/.test(next.text) &&
      !/^\p{Lu}/u.test(words[j + 2]?.text ?? '') && text.slice(words[j]!.end, next.start) === ' ' && !TITLE_WORDS.has(words[j]!.text.toLowerCase())) j++;
    // Drop trailing days and months ("MSNBC Monday").
    while (j > i && TIME_WORD.test(words[j]!.text)) j--;
    if (j === i && TIME_WORD.test(words[i]!.text)) continue;
    // Drop leading titles ("Sen.", "President", "Republican").
    let a = i;
    while (a < j && TITLE_WORDS.has(words[a]!.text.toLowerCase().replace(/\.$/, ''))) a++;
    // "Committee Chairman Rep. Jason Chaffetz": the name follows the last title of the run.
    for (let t = j - 1; t > a; t--) {
      if (TITLE_WORDS.has(words[t]!.text.toLowerCase().replace(/\.$/, '')) && /^(?:mr|mrs|ms|dr|sen|rep|gov|gen|chairman|chairwoman|secretary|speaker|director|spokesman|spokeswoman|spokesperson|president|minister|judge|mayor|chief|commissioner)$/.test(words[t]!.text.toLowerCase().replace(/\.$/, ''))) {
        a = t + 1;
        break;
      }
    }
    const name = text.slice(words[a]!.start, words[j]!.end).replace(/[’']s$/, '');
    const honorific = i > 0 ? words[a - 1]?.text ?? '' : '';
    const isOrg = ORGANISATION_WORDS.test(name);
    const multi = j > a;
    const titled = a > i || /^(?:mr|mrs|ms|dr)\.?$/i.test(words[i - 1]?.text ?? '');
    const gender = HONORIFIC_MALE.test(honorific) || HONORIFIC_MALE.test(words[i]!.text) ? 'm' : HONORIFIC_FEMALE.test(honorific) || HONORIFIC_FEMALE.test(words[i]!.text) ? 'f' : language !== 'en' ? slavicGender(name) : multi && firstNameGender ? firstNameGender(words[a]!.text) : null;
    const single = TITLE_WORDS.has(name.toLowerCase());
    if (!single && name.length > 1) {
      // Title words before the run too, whatever their tag ("US President" is PROPN NOUN to wink).
      let t = i;
      while (t > 0 && !inQuotation[t - 1] && /^\p{Lu}/u.test(words[t - 1]!.text) && TITLE_WORDS.has(words[t - 1]!.text.toLowerCase().replace(/\.$/, ''))) t--;
      const title = a > t ? text.slice(words[t]!.start, words[a - 1]!.end).toLowerCase() : undefined;
      people.push({ start: words[a]!.start, end: words[a]!.start + name.length, name, full: name, actor: null, how: 'name', isPerson: !isOrg && !PLACES.test(name) && (multi || titled), gender, subject: isSentenceSubject(text, words, a), ...(title ? { title } : {}) });
    }
    i = j;
  }
  // A surname names the person first named in full ("Donald Trump" … "Trump").
  const byLast = new Map<string, Person>();
  for (const p of people) {
    const parts = p.name.split(/\s+/);
    if (parts.length >= 2 && p.isPerson) {
      if (!byLast.has(parts[parts.length - 1]!)) byLast.set(parts[parts.length - 1]!, p);
    } else if (parts.length === 1) {
      const full = byLast.get(parts[0]!);
      if (full) {
        (p as { full: string }).full = full.full;
        (p as { isPerson: boolean }).isPerson = true;
        if (!p.gender) p.gender = full.gender;
        if (!full.gender && p.gender) full.gender = p.gender;
      }
    }
  }
  inferGender(text, people);
  return people;
}

function isNameWord(w: Word, language: CueLanguage): boolean {
  if (w.pos !== 'PROPN') return false;
  if (!/^\p{Lu}/u.test(w.text)) return false;
  if (language === 'en' && /^(?:I|The|A|An|But|And|In|On|At|He|She|They|It|We)$/.test(w.text)) return false;
  return true;
}

function slavicGender(name: string): 'm' | 'f' | null {
  const last = name.split(/\s+/).pop() ?? '';
  if (/(?:ська|цька|ова|єва|іна|ина|ская|цкая|ева|ая)$/.test(last)) return 'f';
  if (/(?:ський|цький|ов|єв|ін|ин|ский|цкий|ев|енко|чук|юк|ук|ич)$/.test(last)) return 'm';
  return null;
}

/** Gender from the pronouns that follow a person named alone in a sentence (he/his, she/her). */
function inferGender(text: string, people: Person[]): void {
  const votes = new Map<string, number>();
  for (let n = 0; n < people.length; n++) {
    const p = people[n]!;
    if (!p.isPerson) continue;
    const next = people[n + 1];
    const stop = Math.min(next ? next.start : text.length, p.end + 300);
    const seg = text.slice(p.end, stop);
    const m = /\b(he|his|him|she|her)\b/i.exec(seg);
    if (!m) continue;
    const v = votes.get(p.full) ?? 0;
    votes.set(p.full, v + (/^(?:he|his|him)$/i.test(m[1]!) ? 1 : -1));
  }
  for (const p of people) {
    if (p.gender) continue;
    const v = votes.get(p.full) ?? 0;
    if (v > 0) p.gender = 'm';
    else if (v < 0) p.gender = 'f';
  }
  // Gender known for one mention is known for all of that person's mentions.
  const known = new Map<string, 'm' | 'f'>();
  for (const p of people) if (p.gender && !known.has(p.full)) known.set(p.full, p.gender);
  for (const p of people) if (!p.gender) p.gender = known.get(p.full) ?? null;
}

function asSpeaker(p: Person): SuggestedSpeaker {
  return { actorId: p.actor?.id ?? null, name: p.actor?.name ?? p.full, how: p.how, span: { start: p.start, end: p.end } };
}

/** The speaker: the subject of the cue (after it for "said X" and "according to X", else before it). */
function findSpeaker(text: string, words: readonly Word[], s: Sentence, cue: CueMatch, inQuotation: readonly boolean[], people: readonly Person[], registry: Registry | null, contentStart: number, contentEnd: number, speakers: ReadonlySet<string>): SuggestedSpeaker | null {
  // Inside a paraphrase the words are the content; in an interrupted quotation the cue's subject stands between the marks.
  // So does a content that holds its cue: Rubio “was wrong,” Hale said, “and knows it.”
  const cueStart = words[cue.first]!.start;
  const quoted = /^["“«„]/.test(text.slice(contentStart, contentStart + 1)) || (cueStart > contentStart && cueStart < contentEnd);
  const outside = (i: number): boolean => !inQuotation[i] && (quoted || words[i]!.end <= contentStart || words[i]!.start >= contentEnd);
  // Words after the cue up to a clause break: "said Trump", "according to the ministry".
  const after: number[] = [];
  for (let k = cue.last + 1; k <= s.last && after.length < 8; k++) {
    if (!outside(k) || /^[,.;:!?—–()]$/.test(words[k]!.text) || /^(?:that|що|что)$/i.test(words[k]!.text)) break;
    after.push(k);
  }
  // Words before the cue back to a clause break: "Trump said", "the State Department spokesperson told";
  // for "…, saying" the subject of the clause's own verb ("The senator emailed supporters, saying").
  let from = cue.first;
  if (/ing$/i.test(words[cue.first]!.text) && !cue.according) {
    for (let k = cue.first - 1; k >= s.first && outside(k); k--) {
      if (/^[.;:!?"“”«»„]$/.test(words[k]!.text)) break;
      if ((words[k]!.pos === 'VERB' || words[k]!.pos === 'AUX') && !/ing$/i.test(words[k]!.text)) {
        // "tried to downplay": the main verb, not the infinitive; "has not picked": from its auxiliaries.
        if (/^to$/i.test(words[k - 1]?.text ?? '')) continue;
        // "open-carry rights": a verb inside a hyphenated word is not the clause's verb.
        if (words[k - 1]?.text === '-' && words[k - 1]!.end === words[k]!.start) continue;
        from = k;
        while (from - 1 > s.first && /^(?:AUX|PART|ADV)$/.test(words[from - 1]!.pos)) from--;
        break;
      }
    }
  }
  const before = subjectBefore(words, from, s.first, outside, people);
  // "told reporters", "telling them": after these the words name whom it was said to.
  const addressee = /^(?:told|tells|tell|telling|informed|assured|reminded|emailed|texted|messaged)$/i.test(words[cue.first]!.text);
  if (addressee || from !== cue.first) after.length = 0;
  const useAfter = cue.according || (after.length > 0 && (before.length === 0 || before.every((k) => /^[\p{P}\s]*$/u.test(words[k]!.text) || /^(?:also|then|later|once|again)$/i.test(words[k]!.text))));
  const order = cue.according ? [after] : useAfter ? [after, before] : [before, after];
  for (const group of order) {
    if (!group.length) continue;
    const a = words[group[0]!]!.start;
    const b = words[group[group.length - 1]!]!.end;
    const named = people.filter((p) => p.start >= a && p.end <= b);
    if (named.length) {
      // The name nearest the cue; but "a State Department spokesperson" is a description, not the department.
      const p = cueStart >= b ? named[named.length - 1]! : named[0]!;
      const head = words[group[group.length - 1]!]!;
      if (!p.isPerson && cueStart >= b && head.start >= p.end && /^\p{Ll}/u.test(head.text) && head.pos === 'NOUN') {
        const description = describe(text, words, group);
        if (description) return description;
      }
      return asSpeaker(p);
    }
    const pron = group.find((k) => SUBJECT_PRONOUNS.has(words[k]!.text.toLowerCase()) || PLURAL.has(words[k]!.text.toLowerCase()));
    if (pron !== undefined) {
      const resolved = resolvePronoun(words[pron]!, people, registry, speakers);
      if (resolved) return resolved;
      continue;
    }
    const description = describe(text, words, group);
    // "the US President" stays as written: the description names the speaker (as PolNeAR's annotators
    // record it); the person it means, when named with that title before, goes with it for the picker.
    if (description) {
      const person = byTitle(description, people, registry);
      return person ? { ...description, person } : description;
    }
    // "“…,” Ward said": a surname the tagger did not take for a name.
    const caps = group.filter((k) => !/^[\p{P}]+$/u.test(words[k]!.text));
    if (caps.length >= 1 && caps.length <= 3 && caps.every((k) => /^\p{Lu}\p{Ll}/u.test(words[k]!.text) && !NOT_A_NAME_WORD.test(words[k]!.text) && !TIME_WORD.test(words[k]!.text))) {
      const a = words[caps[0]!]!.start;
      const b = words[caps[caps.length - 1]!]!.end;
      return { actorId: null, name: text.slice(a, b), how: 'name', span: { start: a, end: b } };
    }
  }
  return null;
}

/**
 * The words before index `from` back to a clause break: the subject of a
 * verb. Skips a bracket ("Sen. Ann Hale (D-Ore.) said") and an apposition
 * between commas ("Fred Kagan, director of a think tank, said").
 */
function subjectBefore(words: readonly Word[], from: number, first: number, outside: (i: number) => boolean, people: readonly Person[]): number[] {
  const before: number[] = [];
  for (let k = from - 1; k >= first && before.length < 10; k--) {
    if (!outside(k)) break;
    const t = words[k]!.text;
    if (t === ')') {
      let open = k - 1;
      while (open > first && words[open]!.text !== '(' && k - open < 8) open--;
      if (words[open]!.text === '(') {
        k = open;
        continue;
      }
    }
    if (/^[.;:!?—–"“”«»„()]$/.test(t)) break;
    if (t === ',') {
      // An apposition: "Mark Holden, chairman of the board, said" — skip back to the name before it,
      // unless the apposition is the name ("The spokesman, John Smith, said").
      let prevComma = -1;
      for (let c = k - 1; c > first && k - c <= 20 && outside(c); c--) {
        if (words[c]!.text === ',') {
          prevComma = c;
          break;
        }
        if (/^[.;:!?"“”«»„]$/.test(words[c]!.text) && !abbreviationStop(words, c)) break;
      }
      if (prevComma > 0 && before.length === 0) {
        // "Mark Holden, chairman of the board, said": the name before the apposition, unless only
        // the apposition names someone ("The spokesman, John Smith, said").
        const personIn = (a: number, b: number): boolean => people.some((p) => p.start >= a && p.end <= b && p.isPerson);
        const clauseStart = (() => {
          let c = prevComma - 1;
          while (c > first && outside(c - 1) && !/^[.;:!?,"“”«»„]$/.test(words[c - 1]!.text)) c--;
          return c;
        })();
        const inner = personIn(words[prevComma]!.end, words[k]!.start);
        if (inner && !personIn(words[clauseStart]!.start, words[prevComma]!.start)) continue;
        k = prevComma;
        continue;
      }
      // "Gov. Ann Hale (R-Ohio), said": a lone comma between the subject and its verb.
      if (prevComma < 0 && before.length === 0) continue;
      break;
    }
    if (words[k]!.pos === 'VERB' && before.length) break;
    if (/^(?:and|but|while|as|because|when|after|if|which|who|where|that|і|та|а|но|и)$/i.test(t) && before.length) break;
    // "The president also told": an adverb next to the verb is not part of its subject.
    if (before.length === 0 && (words[k]!.pos === 'ADV' || words[k]!.pos === 'PART')) continue;
    before.unshift(k);
  }
  return before;
}

/** A stop the tagger split from a short abbreviation: "R-Ky." in "Sen. Ann Hale, R-Ky., said". */
function abbreviationStop(words: readonly Word[], k: number): boolean {
  const prev = words[k - 1];
  return words[k]!.text === '.' && prev !== undefined && prev.end === words[k]!.start && /^\p{Lu}\p{L}{0,3}$/u.test(prev.text) && /^[,)]$/.test(words[k + 1]?.text ?? '');
}

/** "the US President" after "US President Joe Biden": the person last named with that title. */
function byTitle(description: SuggestedSpeaker, people: readonly Person[], registry: Registry | null): SuggestedSpeaker | null {
  const m = /^the\s+(.+)$/i.exec(description.name);
  if (!m || !description.span) return null;
  const title = m[1]!.toLowerCase();
  for (let n = people.length - 1; n >= 0; n--) {
    const p = people[n]!;
    if (p.end > description.span.start || !p.isPerson || !p.title) continue;
    if (p.title === title || p.title.endsWith(` ${title}`) || title.endsWith(` ${p.title}`)) {
      const actor = p.actor ?? (registry ? registry.findByName(p.full) ?? null : null);
      return { actorId: actor?.id ?? null, name: actor?.name ?? p.full, how: 'name', span: description.span };
    }
  }
  return null;
}

/** "the State Department spokesperson", "a friend", "One intelligence source". */
function describe(text: string, words: readonly Word[], group: readonly number[]): SuggestedSpeaker | null {
  let ws = group.filter((k) => !/^[\p{P}]+$/u.test(words[k]!.text));
  // "the man who built his career", "a source involved in the talks": the noun phrase before the clause.
  const clause = ws.findIndex((k, n) => n > 0 && (/^(?:who|whom|whose|which|that)$/i.test(words[k]!.text) || (/^(?:VERB|AUX)$/.test(words[k]!.pos) && /^(?:NOUN|PROPN)$/.test(words[ws[n - 1]!]!.pos))));
  if (clause > 0) ws = ws.slice(0, clause);
  if (!ws.length || ws.length > 8) return null;
  const first = words[ws[0]!]!;
  if (NOT_A_SUBJECT.has(first.text.toLowerCase())) return null;
  if (!/^(?:the|a|an|one|another|this|his|her|their|its|some|two|three|several|many|other)$/i.test(first.text) && ws.length > 4) return null;
  // "her lawyers": a possessive opens a description like an article.
  if (ws.some((k, n) => /^(?:VERB|AUX|ADP|SCONJ|PRON)$/.test(words[k]!.pos) && !(/^(?:of|for|at|from|with|in|on)$/i.test(words[k]!.text) && n > 0 && n < ws.length - 1) && !(n === 0 && ws.length > 1 && /^(?:his|her|their|its|our)$/i.test(words[k]!.text)))) return null;
  if (!/^(?:NOUN|PROPN|X)$/.test(words[ws[ws.length - 1]!]!.pos)) return null;
  if (PLACES.test(words[ws[ws.length - 1]!]!.text)) return null;
  const a = first.start;
  const b = words[ws[ws.length - 1]!]!.end;
  const name = text.slice(a, b);
  if (!/\p{L}{3}/u.test(name)) return null;
  return { actorId: null, name, how: 'description', span: { start: a, end: b } };
}

/** He, she: the last person named before, of that gender; they: the last organisation or group. */
function resolvePronoun(pronoun: Word, people: readonly Person[], registry: Registry | null, speakers: ReadonlySet<string>): SuggestedSpeaker | null {
  const resolved = (p: Person): SuggestedSpeaker => {
    const actor = p.actor ?? (registry ? registry.findByName(p.full) ?? null : null);
    return { actorId: actor?.id ?? null, name: actor?.name ?? p.full, how: 'pronoun', span: { start: pronoun.start, end: pronoun.end } };
  };
  const lower = pronoun.text.toLowerCase();
  const span = { start: pronoun.start, end: pronoun.end };
  if (lower === 'i' || lower === 'we' || lower === 'я' || lower === 'ми' || lower === 'мы') return null;
  const gender = FEMALE.has(lower) ? 'f' : MALE.has(lower) ? 'm' : null;
  const plural = PLURAL.has(lower);
  let fallback: Person | null = null;
  for (let n = people.length - 1; n >= 0; n--) {
    const p = people[n]!;
    if (p.end > pronoun.start) continue;
    if (pronoun.start - p.end > 1500) break;
    if (plural) {
      if (p.isPerson) continue;
      return { ...asSpeaker(p), how: 'pronoun', span };
    }
    if (!p.isPerson) continue;
    if (gender && p.gender && p.gender !== gender) continue;
    // A speaker already found, or a name that is the subject of its sentence, before any other name.
    if (!(p.subject || speakers.has(p.full))) {
      fallback ??= p;
      continue;
    }
    return resolved(p);
  }
  return fallback ? resolved(fallback) : null;
}
