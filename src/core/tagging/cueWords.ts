/**
 * The words that introduce speech, per language: verbs of speech and writing
 * in all their forms ("said", "saying", "tweeted"), phrases ("according to",
 * "pointed out", "за словами"), and the languages a document can be in.
 */

/** Languages with a built-in cue list. */
export type CueLanguage = 'en' | 'uk' | 'ru';

const EN_VERBS = [
  'say', 'tell', 'add', 'write', 'tweet', 'ask', 'respond', 'reply', 'call', 'claim', 'argue', 'warn', 'note', 'explain', 'insist',
  'state', 'declare', 'announce', 'report', 'continue', 'recall', 'describe', 'acknowledge', 'admit', 'agree', 'allege', 'assert',
  'boast', 'caution', 'charge', 'comment', 'complain', 'concede', 'conclude', 'confirm', 'contend', 'counter', 'deny', 'emphasize',
  'emphasise', 'joke', 'maintain', 'mention', 'observe', 'predict', 'promise', 'quip', 'remark', 'repeat', 'retort', 'reveal',
  'scoff', 'shout', 'stress', 'suggest', 'testify', 'urge', 'vow', 'pledge', 'blast', 'slam', 'proclaim', 'exclaim', 'muse',
  'lament', 'brag', 'demand', 'threaten', 'accuse', 'answer', 'chant', 'echo', 'hint', 'plead', 'recount', 'reiterate', 'remind',
  'scream', 'sing', 'snap', 'summarize', 'summarise', 'tease', 'whisper', 'yell', 'assure', 'opine', 'believe', 'think',
  'estimate', 'mock', 'rail', 'thunder', 'advise', 'inform', 'confide', 'question', 'wonder', 'fret', 'gush', 'rave', 'tout',
   'speculate', 'criticize', 'criticise', 'praise', 'read',
];
const EN_IRREGULAR: Record<string, readonly string[]> = {
  say: ['said', 'says', 'saying', 'say'],
  tell: ['told', 'tells', 'telling', 'tell'],
  write: ['wrote', 'writes', 'writing', 'written', 'write'],
  think: ['thinks', 'thought'],
  read: ['reads', 'read'],
  sing: ['sings', 'sang', 'singing'],
};
/** Verbs whose final consonant doubles (admitted, quipped). */
const DOUBLING = new Set(['admit', 'quip', 'snap', 'chat', 'text']);
/** Phrases that are cues as a whole. */
const EN_PHRASES = ['according to', 'pointed out', 'points out', 'pointing out', 'went on', 'goes on', 'in a statement'];

function englishForms(verb: string): string[] {
  if (EN_IRREGULAR[verb]) return [...EN_IRREGULAR[verb]!];
  const double = DOUBLING.has(verb) && verb !== 'text' ? verb + verb[verb.length - 1] : verb;
  const s = /(?:s|x|z|ch|sh)$/.test(verb) ? `${verb}es` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ies` : `${verb}s`;
  const ed = verb.endsWith('e') ? `${verb}d` : /[^aeiou]y$/.test(verb) ? `${verb.slice(0, -1)}ied` : `${double}ed`;
  const ing = verb.endsWith('e') && !verb.endsWith('ee') ? `${verb.slice(0, -1)}ing` : `${double}ing`;
  return [verb, s, ed, ing];
}

/** Ukrainian: verbs in the past (all genders and the plural) and the present. */
const UK = [
  'заявив', 'заявила', 'заявили', 'заявляє', 'заявляють', 'сказав', 'сказала', 'сказали', 'каже', 'кажуть', 'повідомив', 'повідомила',
  'повідомили', 'повідомляє', 'повідомляють', 'зазначив', 'зазначила', 'зазначили', 'зазначає', 'наголосив', 'наголосила', 'наголосили',
  'наголошує', 'додав', 'додала', 'додали', 'підкреслив', 'підкреслила', 'підкреслили', 'розповів', 'розповіла', 'розповіли', 'пояснив',
  'пояснила', 'пояснили', 'написав', 'написала', 'написали', 'пише', 'відповів', 'відповіла', 'відповіли', 'запевнив', 'запевнила',
  'попередив', 'попередила', 'попередили', 'вважає', 'вважають', 'говорить', 'сказано', 'заявив', 'закликав', 'закликала', 'визнав',
  'визнала', 'нагадав', 'нагадала', 'уточнив', 'уточнила', 'за словами', 'як зазначив', 'як повідомив',
];
/** Russian: the same verbs. */
const RU = [
  'заявил', 'заявила', 'заявили', 'заявляет', 'заявляют', 'сказал', 'сказала', 'сказали', 'говорит', 'говорят', 'сообщил', 'сообщила',
  'сообщили', 'сообщает', 'сообщают', 'отметил', 'отметила', 'отметили', 'отмечает', 'подчеркнул', 'подчеркнула', 'подчеркнули',
  'подчеркивает', 'добавил', 'добавила', 'добавили', 'рассказал', 'рассказала', 'рассказали', 'пояснил', 'пояснила', 'пояснили',
  'написал', 'написала', 'написали', 'пишет', 'ответил', 'ответила', 'ответили', 'заверил', 'заверила', 'предупредил', 'предупредила',
  'считает', 'считают', 'призвал', 'призвала', 'признал', 'признала', 'напомнил', 'напомнила', 'уточнил', 'уточнила', 'по словам',
  'по данным', 'как отметил', 'как сообщил',
];

/** The built-in cue words of each language (lower case). */
export const DEFAULT_CUE_WORDS: Readonly<Record<CueLanguage, readonly string[]>> = {
  en: [...new Set([...EN_VERBS.flatMap(englishForms), ...EN_PHRASES])],
  uk: [...new Set(UK)],
  ru: [...new Set(RU)],
};

/** Phrases meaning "according to": the speaker follows them and the content is the rest of the sentence. */
export const ACCORDING_TO = new Set(['according to', 'за словами', 'по словам', 'по данным']);

/** Guesses a document's language from its letters: Cyrillic with і/ї/є/ґ is Ukrainian, other Cyrillic Russian. */
export function guessLanguage(text: string): CueLanguage {
  const sample = text.slice(0, 20_000);
  const cyrillic = (sample.match(/[\u0400-\u04FF]/g) ?? []).length;
  const latin = (sample.match(/[A-Za-z]/g) ?? []).length;
  if (cyrillic <= latin) return 'en';
  const uk = (sample.match(/[іїєґІЇЄҐ]/g) ?? []).length;
  const ru = (sample.match(/[ыэъёЫЭЪЁ]/g) ?? []).length;
  return uk >= ru ? 'uk' : 'ru';
}
