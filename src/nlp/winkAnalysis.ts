/**
 * The English analyser: wink-nlp with its lite web model (from npm, offline).
 * Bundled on its own (dist/nlp.js) and loaded at first use, so that the
 * extension activates without it; it uses no Node built-ins, so a web build
 * can load it too.
 */

import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import type { Analysis, Word } from '../core/tagging/language';

let nlp: ReturnType<typeof winkNLP> | undefined;

/** Cuts English text into words (with parts of speech) and sentences. */
export function winkAnalysis(text: string): Analysis {
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
    const end = start < 0 ? at : start + value.length;
    words.push({ start, end, text: value, pos: pos[i] ?? 'X' });
    at = end;
  }
  const sentenceStarts = [...new Set((doc.sentences().out(its.span) as unknown as Array<[number, number]>).map((s) => wordOf[s[0]] ?? words.length))].filter((i) => i < words.length);
  if (sentenceStarts[0] !== 0) sentenceStarts.unshift(0);
  return { words, sentenceStarts };
}
