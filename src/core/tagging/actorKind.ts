/**
 * A new actor's kind, guessed from its name: "The Washington Post" is media,
 * "State Department" an organisation, "Ukraine" a country, "Olena Petrenko"
 * a person. The editor preselects the guess; the user can change it.
 */

import type { ActorKind } from '../files/registry';

const MEDIA = /(?<![\p{L}\p{N}])(?:Post|Times|News|Journal|Tribune|Herald|Guardian|Gazette|Telegraph|Daily|Magazine|Radio|TV|Television|Press|Reuters|Bloomberg|CNN|MSNBC|NBC|ABC|CBS|Fox|BBC|NPR|PBS|Politico|POLITICO|Breitbart|Axios|Vox|HuffPost|BuzzFeed|Interfax|Ukrinform|UNIAN|Ukrainska Pravda|TASS|RIA|Deutsche Welle|Al Jazeera|Le Monde|Der Spiegel|Kyiv Independent|Pravda|Kommersant|ТАСС|Укрінформ|Інтерфакс|Інтерфакс-Україна|РИА|Коммерсант|Правда)(?![\p{L}\p{N}])/u;
const ORGANISATION = /(?<![\p{L}\p{N}])(?:Department|Ministry|Party|Committee|Council|Commission|Agency|Office|House|Senate|Congress|Parliament|Foundation|Institute|University|Company|Inc|Corp|Group|Union|Association|Bank|Court|Army|Forces|Navy|Police|Service|Bureau|Administration|Government|Cabinet|Campaign|Center|Centre|Fund|Organization|Organisation|Federation|Alliance|League|Network|NATO|UN|EU|FBI|CIA|NSA|IMF|WHO|OSCE|GOP|Kremlin|Pentagon|Verkhovna Rada|Rada|Міністерство|Міноборони|МЗС|Офіс|Рада|Кабмін|Уряд|СБУ|ЗСУ|Министерство|Минобороны|МИД|Госдума|Кремль|Правительство)(?![\p{L}\p{N}])/u;
const COUNTRIES = new Set([
  'ukraine', 'russia', 'united states', 'us', 'u.s.', 'usa', 'america', 'united kingdom', 'uk', 'britain', 'great britain', 'germany', 'france',
  'poland', 'china', 'japan', 'india', 'italy', 'spain', 'canada', 'mexico', 'brazil', 'turkey', 'iran', 'iraq', 'israel', 'syria', 'belarus',
  'moldova', 'georgia', 'hungary', 'romania', 'slovakia', 'czech republic', 'lithuania', 'latvia', 'estonia', 'finland', 'sweden', 'norway',
  'denmark', 'netherlands', 'belgium', 'austria', 'switzerland', 'greece', 'north korea', 'south korea', 'saudi arabia', 'egypt', 'qatar',
  'україна', 'росія', 'сша', 'польща', 'німеччина', 'франція', 'велика британія', 'китай', 'білорусь', 'россия', 'украина', 'германия',
  'франция', 'польша', 'великобритания', 'беларусь',
]);

/** The kind a name most likely names. */
export function guessActorKind(name: string): ActorKind {
  const n = name.trim().replace(/^(?:the|a|an)\s+/i, '');
  if (COUNTRIES.has(n.toLowerCase())) return 'country';
  if (MEDIA.test(n)) return 'media';
  if (ORGANISATION.test(n)) return 'organisation';
  return 'person';
}
