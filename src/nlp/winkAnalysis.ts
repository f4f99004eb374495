/**
 * The English analyser: wink-nlp with its lite web model (from npm, offline).
 * Bundled on its own (dist/nlp.js) and loaded at first use, so that the
 * extension activates without it; it uses no Node built-ins, so a web build
 * can load it too. Its entry is ./chunk.ts.
 */

import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Analysis, Word } from '../core/tagging/language';
// The English list only (the package's entry loads six languages): about 32,000 first names.
import firstNames from 'gender-detection-from-name/names/en';

/** The usual gender of an English first name, from gender-detection-from-name's list. */
export function firstNameGender(firstName: string): 'm' | 'f' | null {
  const g = (firstNames as ReadonlyMap<string, string>).get(firstName.toLowerCase());
  return g === 'male' ? 'm' : g === 'female' ? 'f' : null;
}

let nlp: ReturnType<typeof winkNLP> | undefined;

/**
 * Paragraphs already analysed, by their text (offsets relative to the
 * paragraph): after an edit only the paragraphs that changed are analysed
 * again. Map order is insertion order, so the oldest entry goes first.
 */
const cache = new Map<string, Analysis>();
const CACHE_PARAGRAPHS = 4000;

/** Forgets the paragraphs analysed so far (for the benchmark: a fresh article's cost). */
export function clearAnalysisCache(): void {
  cache.clear();
}

/** Analyses one paragraph with wink, offsets relative to it. */
function analyseParagraph(text: string): Analysis {
  const hit = cache.get(text);
  if (hit) return hit;
  nlp ??= winkNLP(model, ['sbd', 'pos']);
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const words: Word[] = [];
  /** Token index → word index (wink keeps line breaks as SPACE tokens; words leave them out). */
  const wordOf: number[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    wordOf.push(words.length);
    if (pos[i] === 'SPACE' || !value.trim()) continue;
    // wink keeps the text of each token; find it from where the last one ended.
    let start = text.indexOf(value, at);
    if (start < 0) start = at;
    const end = start + value.length;
    words.push({ start, end, text: value, pos: pos[i] ?? 'X' });
    at = end;
  }
  const sentenceStarts = [...new Set((doc.sentences().out(its.span) as unknown as Array<[number, number]>).map((s) => wordOf[s[0]] ?? words.length))].filter((i) => i < words.length);
  if (sentenceStarts[0] !== 0 && words.length) sentenceStarts.unshift(0);
  const analysis = { words, sentenceStarts };
  if (cache.size >= CACHE_PARAGRAPHS) cache.delete(cache.keys().next().value!);
  cache.set(text, analysis);
  return analysis;
}

/**
 * A text's paragraphs: the stretches between blank lines ("\n\n"), as [start, end)
 * in UTF-16 units. wink never carries a sentence or a part of speech across
 * a blank line, so analysing paragraph by paragraph gives the same words,
 * tags and sentences as the whole text at once (checked on every PolNeAR dev
 * and train article), and lets a run stop between two paragraphs.
 */
export function paragraphsOf(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const blank = /\n\n/g;
  let at = 0;
  let m: RegExpExecArray | null;
  while ((m = blank.exec(text))) {
    out.push([at, m.index]);
    at = m.index + m[0].length;
  }
  out.push([at, text.length]);
  return out.filter(([a, b]) => /\S/.test(text.slice(a, b)));
}

/** Builds the whole text's analysis from its paragraphs' analyses. */
class AnalysisBuilder {
  readonly words: Word[] = [];
  readonly sentenceStarts: number[] = [];

  add(offset: number, part: Analysis): void {
    const base = this.words.length;
    for (const s of part.sentenceStarts) if (this.sentenceStarts[this.sentenceStarts.length - 1] !== base + s) this.sentenceStarts.push(base + s);
    for (const w of part.words) this.words.push({ start: w.start + offset, end: w.end + offset, text: w.text, pos: w.pos });
  }

  result(): Analysis {
    if (this.sentenceStarts[0] !== 0) this.sentenceStarts.unshift(0);
    return { words: this.words, sentenceStarts: this.sentenceStarts, firstNameGender };
  }
}

/** Cuts English text into words (with parts of speech) and sentences, in one go. */
export function winkAnalysis(text: string): Analysis {
  const built = new AnalysisBuilder();
  for (const [a, b] of paragraphsOf(text)) built.add(a, analyseParagraph(text.slice(a, b)));
  return built.result();
}

/** How long a slice of {@link winkAnalysisInSlices} may run before it yields. */
const SLICE_MS = 10;

/**
 * The same analysis as {@link winkAnalysis}, paragraph by paragraph, handing
 * control back (`pause`) whenever a slice has run for about 10 ms, so that a
 * cancellation, or other work on the same thread, gets its turn. Returns
 * undefined when `cancelled()` turned true at a pause.
 */
export async function winkAnalysisInSlices(text: string, pause: () => Promise<void>, cancelled: () => boolean): Promise<Analysis | undefined> {
  const built = new AnalysisBuilder();
  let sliceStart = Date.now();
  for (const [a, b] of paragraphsOf(text)) {
    if (Date.now() - sliceStart >= SLICE_MS) {
      await pause();
      if (cancelled()) return undefined;
      sliceStart = Date.now();
    }
    built.add(a, analyseParagraph(text.slice(a, b)));
  }
  return built.result();
}
