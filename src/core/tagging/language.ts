/**
 * What the quote suggestions need from a language library: words with their
 * part of speech, and sentences. The English analyser (wink-nlp, in its own
 * lazily loaded chunk: src/nlp/) and the plain rule-based one below (for
 * Ukrainian, Russian, and for English until the chunk is loaded) both give it.
 */

/** Universal part-of-speech tags, as wink-nlp gives them; 'X' when unknown. */
export type PartOfSpeech = 'PROPN' | 'NOUN' | 'VERB' | 'AUX' | 'PRON' | 'DET' | 'ADJ' | 'ADV' | 'ADP' | 'SCONJ' | 'CCONJ' | 'PUNCT' | 'NUM' | 'PART' | 'X' | string;

/** One word or punctuation mark. Offsets count UTF-16 units of the analysed string. */
export interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly pos: PartOfSpeech;
}

/** A text cut into words and sentences. */
export interface Analysis {
  readonly words: readonly Word[];
  /** The index of the first word of each sentence, ascending, starting with 0. */
  readonly sentenceStarts: readonly number[];
  /**
   * The gender a first name usually has ("Hillary" → f), when the analyser
   * knows first names: a "she" then means a woman named before. Null when unknown.
   */
  readonly firstNameGender?: (firstName: string) => 'm' | 'f' | null;
}

/** Analyses a text. */
export type Analyser = (text: string) => Analysis;

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sen', 'rep', 'gov', 'gen', 'col', 'lt', 'sgt', 'capt', 'st', 'jr', 'sr', 'inc', 'co', 'corp', 'ltd',
  'vs', 'no', 'jan', 'feb', 'mar', 'apr', 'aug', 'sept', 'sep', 'oct', 'nov', 'dec', 'u.s', 'u.k', 'u.n', 'a.m', 'p.m', 'etc', 'approx',
  'ст', 'вул', 'проф', 'акад', 'ген', 'тис', 'млн', 'млрд', 'грн', 'руб', 'т.д', 'т.п', 'им', 'г',
]);
const PRONOUNS = new Set([
  'he', 'she', 'they', 'him', 'her', 'them', 'it', 'we', 'i', 'you',
  'він', 'вона', 'вони', 'його', 'її', 'їх', 'он', 'она', 'они', 'его', 'ее', 'её', 'их',
]);
const DETERMINERS = new Set(['the', 'a', 'an', 'this', 'that', 'these', 'those']);
const WORD = /[\p{L}\p{N}]+(?:[’'.-][\p{L}\p{N}]+)*\.?|[^\s\p{L}\p{N}]/gu;

/**
 * A plain analyser with no language model: words by pattern, sentences at
 * . ! ? before a capital (not after an abbreviation or an initial), capitalised
 * words inside a sentence taken as names.
 */
export function plainAnalysis(text: string): Analysis {
  const words: Word[] = [];
  const sentenceStarts: number[] = [0];
  let sentenceStart = true;
  let m: RegExpExecArray | null;
  WORD.lastIndex = 0;
  while ((m = WORD.exec(text))) {
    let raw = m[0];
    // A trailing stop belongs to the word only for abbreviations and initials ("Mr.", "L.").
    const bare = raw.length > 1 && raw.endsWith('.') ? raw.slice(0, -1) : raw;
    const keepsStop = bare !== raw && (ABBREVIATIONS.has(bare.toLowerCase()) || /^\p{Lu}$/u.test(bare) || bare.includes('.'));
    if (bare !== raw && !keepsStop) raw = bare;
    const start = m.index;
    WORD.lastIndex = start + raw.length;
    const previous = words[words.length - 1];
    if (previous && text.slice(previous.end, start).includes('\n') && sentenceStarts[sentenceStarts.length - 1] !== words.length) {
      sentenceStarts.push(words.length);
      sentenceStart = true;
    }
    const lower = raw.toLowerCase();
    let pos: PartOfSpeech = 'X';
    if (/^[^\p{L}\p{N}]$/u.test(raw)) pos = 'PUNCT';
    else if (PRONOUNS.has(lower)) pos = 'PRON';
    else if (DETERMINERS.has(lower)) pos = 'DET';
    else if (/^\p{N}/u.test(raw)) pos = 'NUM';
    else if (/^\p{Lu}/u.test(raw) && !sentenceStart) pos = 'PROPN';
    else if (/^\p{Lu}/u.test(raw)) pos = 'PROPN?';
    if (sentenceStart && pos !== 'PUNCT') sentenceStart = false;
    words.push({ start, end: start + raw.length, text: raw, pos });
    if (/^[.!?…]$/.test(raw)) {
      // The sentence ends after any closing marks, before a capital or an opening mark.
      const rest = text.slice(start + 1, start + 6);
      if (/^["”»“’)]*(?:\s+["“«„]?\s*[\p{Lu}\p{N}—–-]|\s*$)/u.test(rest)) {
        const closing = /^["”»“’)]*/.exec(rest)![0];
        for (const ch of closing) {
          const at: number = words[words.length - 1]!.end;
          words.push({ start: at, end: at + ch.length, text: ch, pos: 'PUNCT' });
          WORD.lastIndex = at + ch.length;
        }
        sentenceStarts.push(words.length);
        sentenceStart = true;
      }
    }
  }
  // Capitalised sentence-initial words are names when the same word is capitalised inside a sentence too.
  const names = new Set(words.filter((w) => w.pos === 'PROPN').map((w) => w.text));
  const fixed = words.map((w) => (w.pos === 'PROPN?' ? { ...w, pos: names.has(w.text) ? 'PROPN' : 'X' } : w));
  if (sentenceStarts[sentenceStarts.length - 1] === fixed.length && fixed.length) sentenceStarts.pop();
  return { words: fixed, sentenceStarts };
}
