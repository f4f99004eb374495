// Quote suggestions (src/core/tagging/suggest.ts): each rule on short sentences written for this test.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../../src/core/files/registry';
import { buildCorpusFiles } from './fixtures/suggest/corpus';
import { RU_ACTORS, RU_DOCUMENTS, UK_ACTORS, UK_DOCUMENTS } from './fixtures/suggest/slavic';
import { guessActorKind } from '../../src/core/tagging/actorKind';
import { speakerChoices, suggestQuotes, type SuggestOptions } from '../../src/core/tagging/suggest';
import { firstNameGender, winkAnalysis } from '../../src/nlp/winkAnalysis';

const HEAD = ' date 2024-01-01 Test\n\n';

function cp(text: string, s: string): { start: number; end: number } {
  const i = text.indexOf(s);
  assert.ok(i >= 0, s);
  const start = [...text.slice(0, i)].length;
  return { start, end: start + [...s].length };
}

function run(body: string, options: SuggestOptions = {}): { text: string; out: ReturnType<typeof suggestQuotes> } {
  const text = HEAD + body;
  return { text, out: suggestQuotes(text, { analyser: winkAnalysis, ...options }) };
}

// Loading the language model takes a while on a busy machine: once, before the rules are timed out.
before(function () {
  this.timeout(60_000);
  winkAnalysis('Warm up.');
});

describe('suggest', () => {
  it('finds a quote with the cue after it, straight marks paired properly, the speaker after the closing mark', () => {
    const { text, out } = run('"We will not back down," Fallon said on Monday.\n');
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.span, cp(text, '"We will not back down,"'));
    assert.equal(out[0]!.direct, true);
    assert.equal(out[0]!.cue, 'said');
    assert.equal(out[0]!.speaker?.name, 'Fallon');
  });

  it('makes an interrupted quote and the quoted sentences after it ONE span', () => {
    const { text, out } = run('“The bridge is open,” Maria Santos said, “and it will stay open.” “Nobody will close it.”\n');
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.span, cp(text, '“The bridge is open,” Maria Santos said, “and it will stay open.” “Nobody will close it.”'));
    assert.equal(out[0]!.speaker?.name, 'Maria Santos');
  });

  it('does not split sentences after Mr., Dr. or an initial', () => {
    const { out } = run('Mr. Rove said that Janet L. Yellen would keep the rates where they are for now.\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.cue, 'said');
    assert.equal(out[0]!.direct, false);
    assert.match(out[0]!.speaker?.name ?? '', /Rove/);
  });

  it('finds reported speech: "X said that …", "…, X said." and "according to X, …"', () => {
    const { text, out } = run('Olaf Brandt warned that the winter would be hard for everyone.\n\nThe convoy reached the city late at night, the ministry said.\n\nAccording to the mayor, the water supply was restored by noon.\n');
    assert.deepEqual(out.map((s) => [s.cue, s.direct]), [['warned', false], ['said', false], ['according to', false]]);
    assert.deepEqual(out[0]!.span, cp(text, 'that the winter would be hard for everyone'));
    assert.deepEqual(out[1]!.span, cp(text, 'The convoy reached the city late at night'));
    assert.equal(out[1]!.speaker?.name, 'the ministry');
    assert.deepEqual(out[2]!.span, cp(text, 'the water supply was restored by noon'));
    assert.equal(out[2]!.speaker?.name, 'the mayor');
  });

  it('takes a colon and verbs such as tweeted or responded as cues', () => {
    const { out } = run('Anna Kovalenko tweeted: “The talks are over.”\n\nThe minister responded, “We will see about that tomorrow.”\n');
    assert.deepEqual(out.map((s) => s.cue), ['tweeted', 'responded']);
  });

  it('does not suggest a title or a scare quote with no cue', () => {
    const { out } = run('She appeared on “Meet the Press” on Sunday, in a “historic” week for the “grain corridor” plan.\n');
    assert.deepEqual(out, []);
    const { out: one } = run('The “peace formula” was on the table in Kyiv. “It is the only way,” Olena Petrenko said.\n');
    assert.deepEqual(one.map((s) => s.speaker?.name), ['Olena Petrenko']);
  });

  it('never takes a cue from inside a name ("United States")', () => {
    const { out } = run('The United States and its allies met in Brussels on Tuesday to discuss the “long war” ahead.\n');
    assert.deepEqual(out, []);
  });

  it('resolves a pronoun to the last named person of that gender', () => {
    const { out } = run('Mr. Carter met Ms. Olena Petrenko in Kyiv on Friday. Carter left early.\n\n“We agreed on the main points,” she said.\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.speaker?.how, 'pronoun');
    assert.equal(out[0]!.speaker?.name, 'Olena Petrenko');
  });

  it('gives a description when no name is there', () => {
    const { out } = run('“The visit is postponed,” a State Department spokesperson said.\n');
    assert.equal(out[0]!.speaker?.name, 'a State Department spokesperson');
    assert.equal(out[0]!.speaker?.how, 'description');
  });

  it('prefers a registered actor, by name or alias', () => {
    const registry = Registry.create();
    const biden = registry.add('Joe Biden', 'person', ['Biden']);
    const { out } = run('“Not one inch,” Biden told reporters.\n', { registry });
    assert.equal(out[0]!.speaker?.actorId, biden.id);
    assert.equal(out[0]!.speaker?.name, 'Joe Biden');
  });

  it('counts code points after emoji and leaves tagged quotes out', () => {
    const { text, out } = run('🇺🇦 🔴 “We are ready,” Zelenskyy said.\n');
    assert.deepEqual(out[0]!.span, cp(text, '“We are ready,”'));
    const again = suggestQuotes(text, { analyser: winkAnalysis, existing: [{ id: 'q', speaker: null, cue: 'said', direct: true, anchor: { ...out[0]!.span, exact: '', prefix: '', suffix: '' } } as never] });
    assert.deepEqual(again, []);
  });

  it('reads Ukrainian «…» with the dash that introduces speech, and Russian „…“', () => {
    const uk = HEAD + '«Ми готові до переговорів», — заявив Зеленський.\n';
    const [u] = suggestQuotes(uk);
    assert.deepEqual(u!.span, cp(uk, '«Ми готові до переговорів»'));
    assert.equal(u!.cue, 'заявив');
    assert.equal(u!.speaker?.name, 'Зеленський');
    const ru = HEAD + 'Министр Сергей Лавров сказал: „Переговоры продолжатся завтра“.\n';
    const [r] = suggestQuotes(ru);
    assert.deepEqual(r!.span, cp(ru, '„Переговоры продолжатся завтра“'));
    assert.equal(r!.cue, 'сказал');
    assert.equal(r!.speaker?.name, 'Сергей Лавров');
  });

  it('takes the cue words of a language from the options', () => {
    const text = HEAD + '«Мост открыт», — проговорил Иван Петров.\n';
    assert.deepEqual(suggestQuotes(text), []);
    assert.equal(suggestQuotes(text, { cueWordsByLanguage: { ru: ['проговорил'] } })[0]?.cue, 'проговорил');
  });
});

describe('speaker choices and actor kinds', () => {
  it('offers the suggested speaker of the quote first, then the names of the document, nearest first', () => {
    const text = `${HEAD}Anna Kovalenko met Olaf Brandt in Berlin.\n\n“The winter will be hard,” Brandt said.\n`;
    const choices = speakerChoices(text, cp(text, 'The winter will be hard,'), { analyser: winkAnalysis });
    assert.equal(choices.suggested?.name, 'Olaf Brandt');
    assert.deepEqual(choices.names.map((n) => n.name).slice(0, 2), ['Olaf Brandt', 'Anna Kovalenko']);
  });

  it('offers the person a description means (“the mayor” after “Mayor Ivo Marsh”), while the suggestion keeps the description', () => {
    const text = `${HEAD}Mayor Ivo Marsh closed the quay on Monday.\n\n“The storm is not over,” the mayor told reporters.\n`;
    const choices = speakerChoices(text, cp(text, '“The storm is not over,”'), { analyser: winkAnalysis });
    assert.equal(choices.suggested?.name, 'Ivo Marsh');
    const [suggestion] = suggestQuotes(text, { analyser: winkAnalysis });
    assert.equal(suggestion?.speaker?.name, 'the mayor');
    assert.equal(suggestion?.speaker?.person?.name, 'Ivo Marsh');
  });

  it('guesses a new actor’s kind from its name', () => {
    assert.equal(guessActorKind('The Washington Post'), 'media');
    assert.equal(guessActorKind('State Department'), 'organisation');
    assert.equal(guessActorKind('Ukraine'), 'country');
    assert.equal(guessActorKind('Olena Petrenko'), 'person');
    assert.equal(guessActorKind('Міністерство оборони'), 'organisation');
  });
});

describe('the Ukrainian and Russian test corpora', () => {
  it('are what test/unit/fixtures/suggest/slavic.ts declares, byte for byte', () => {
    const root = path.resolve(__dirname, '../../..', 'test', 'unit', 'fixtures', 'suggest');
    for (const [sub, actors, docs] of [['uk', UK_ACTORS, UK_DOCUMENTS], ['ru', RU_ACTORS, RU_DOCUMENTS]] as const) {
      const files = buildCorpusFiles(actors, docs);
      assert.ok([...files.keys()].filter((n) => n.endsWith('.annotations.yaml')).length >= 4);
      for (const [name, content] of files) assert.equal(fs.readFileSync(path.join(root, sub, name), 'utf8'), content, `${sub}/${name}`);
    }
  });
});

describe('suggest: sentences and cues', () => {
  it('continues a sentence cut after an abbreviation in brackets ("(D-Ore.) said")', () => {
    const { text, out } = run('Sen. Ann Hale (D-Ore.) said Friday that the bill was dead for this year.\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.cue, 'said');
    assert.equal(out[0]!.speaker?.name, 'Ann Hale');
    assert.deepEqual(out[0]!.span, cp(text, 'that the bill was dead for this year'));
  });

  it('keeps “…?” X said. together: the question mark does not end the sentence', () => {
    const { text, out } = run('The room went quiet.\n\n“Are we really done here?” Olga Marsh asked the panel.\n');
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.span, cp(text, '“Are we really done here?”'));
    assert.equal(out[0]!.speaker?.name, 'Olga Marsh');
    assert.equal(out[0]!.cue, 'asked');
  });

  it('prefers the verb of speech to "Asked about …," and to "in a statement"', () => {
    const { out } = run('Asked about the budget, Tom Reyes said: “We will cut nothing at all.”\n\nIn a statement, Lena Ortiz said that the plan was over for good.\n');
    assert.deepEqual(out.map((s) => s.cue), ['said', 'said']);
    assert.deepEqual(out.map((s) => s.speaker?.name), ['Tom Reyes', 'Lena Ortiz']);
  });
});

describe('suggest: the speaker', () => {
  it('skips an apposition between commas and a bracket to reach the name', () => {
    const { out } = run('“The cuts go too far,” Mark Holden, chairman of the county board, said.\n\n“We will appeal,” Rita Vance (R-Ohio) told reporters.\n');
    assert.deepEqual(out.map((s) => s.speaker?.name), ['Mark Holden', 'Rita Vance']);
  });

  it('takes the subject of the clause for "…, saying" and never the one told ("told Channel 5")', () => {
    const { out } = run('The Vermont senator emailed supporters on Sunday, saying: “The fight goes on.”\n\n“It was a long night,” Paul Grant told Channel Five on Monday.\n');
    assert.deepEqual(out.map((s) => s.speaker?.name), ['The Vermont senator', 'Paul Grant']);
  });

  it('never takes a day or a month for a speaker ("said Friday")', () => {
    const { out } = run('Governor Ellen Price said Friday that the roads would reopen by the weekend.\n');
    assert.equal(out[0]!.speaker?.name, 'Ellen Price');
  });

  it('describes a speaker with no name by the noun phrase before its clause ("the man who …")', () => {
    const { out } = run('“We will win this,” said the man who ran the campaign for ten years.\n');
    assert.equal(out[0]!.speaker?.name, 'the man');
    assert.equal(out[0]!.speaker?.how, 'description');
  });

  it('takes the name inside the apposition when only it names someone, and a name before a bracket and a comma', () => {
    const { out } = run('“No comment at all,” the spokesman, John Pike, said.\n\nLater Gov. Ann Hale (R-Ohio), said: “We are going west.”\n');
    assert.deepEqual(out.map((s) => s.speaker?.name), ['John Pike', 'Ann Hale']);
  });

  it('resolves "he" to the subject of the sentence before, even after a title ("Former mayor Sam Ruiz")', () => {
    const { out } = run('Tom Baxter visited the site on Monday. Former mayor Sam Ruiz, a long-time critic, was less kind.\n\n“It is a mess,” he said.\n');
    assert.equal(out[0]!.speaker?.name, 'Sam Ruiz');
    assert.equal(out[0]!.speaker?.how, 'pronoun');
  });

  it('does not take "When asked" for the cue when a verb of speech follows', () => {
    const { out } = run('When asked about the vote, Jo Banner said: “We counted every ballot twice.”\n');
    assert.equal(out[0]!.cue, 'said');
    assert.equal(out[0]!.speaker?.name, 'Jo Banner');
  });

  it('takes the name after the last title of a run ("Committee Chairman Rep. Dan Ellis", "Police Chief Carl Webb")', () => {
    const { out } = run('Committee Chairman Rep. Dan Ellis said that the hearing would go on.\n\nPolice Chief Carl Webb spoke later.\n');
    assert.equal(out[0]!.speaker?.name, 'Dan Ellis');
  });

  it('finds the subject of "…, saying" past an infinitive, and leaves out an adverb before the verb', () => {
    const { out } = run('Police Chief Carl Webb tried to calm the crowd, saying: “Go home now, all of you.”\n\n“We are ready for this,” the president also told reporters.\n');
    assert.deepEqual(out.map((s) => s.speaker?.name), ['Carl Webb', 'the president']);
  });

  it('takes a capitalised word before the cue for a name when the tagger did not ("“…,” Ward said")', () => {
    const { out } = run('“You have to trust the data,” Ward said.\n');
    assert.equal(out[0]!.speaker?.name, 'Ward');
  });

  it("reads two apostrophes as quotation marks (''…'') but does not call such a quote direct", () => {
    const { text, out } = run("The board met on Monday.\n\n''We will build the bridge next year,'' said Nora Quinn.\n");
    assert.equal(out.length, 1);
    assert.equal(out[0]!.speaker?.name, 'Nora Quinn');
    assert.equal(out[0]!.direct, false);
    const span = cp(text, "''We will build the bridge next year,''");
    assert.ok(out[0]!.span.start <= span.start + 1 && out[0]!.span.end >= span.end - 1);
  });

  it('takes "shows" and "found" for cues only after a source of findings ("the poll shows")', () => {
    const { out } = run('A new county poll shows that most voters want the bridge rebuilt.\n\nThe hikers found that the trail was closed for the winter.\n');
    assert.deepEqual(out.map((s) => s.cue), ['shows']);
  });
});


describe('suggest: reported speech after a long subject', () => {
  it('takes the clause after the cue when a long subject with an apposition comes before it', () => {
    const { text, out } = run('Tom Reyes, a farmer from the valley who has grown apples there for thirty years, said the harvest would be late this year.\n');
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.span, cp(text, 'the harvest would be late this year'));
    assert.equal(out[0]!.speaker?.name, 'Tom Reyes');
  });

  it('still takes the words before the comma for "…, X said in an interview."', () => {
    const { text, out } = run('The harvest in the valley will be late this year because the spring was cold and wet and the bees came out late, Tom Reyes said in an interview.\n');
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.span, cp(text, 'The harvest in the valley will be late this year because the spring was cold and wet and the bees came out late'));
  });
});

describe('suggest: markup', () => {
  it('takes no cue from inside a pasted tag ("<tweet tweet-author=…>")', () => {
    const { out } = run('The mayor posted a note.\n\n<tweet tweet-author="@cityhall" tweet-date="May 2, 2024">“The park opens on Sunday for everyone who wants to come.”</tweet>.\n');
    assert.deepEqual(out, []);
  });
});

describe("suggest: quotes in two apostrophes (''…'')", () => {
  it("continues the quote into the quoted sentences that follow, as with double marks", () => {
    const { text, out } = run("The board met on Monday.\n\n''We will build the bridge next year,'' said Nora Quinn. ''The money is there.''\n");
    assert.equal(out.length, 1);
    const whole = cp(text, "''We will build the bridge next year,'' said Nora Quinn. ''The money is there.''");
    assert.ok(out[0]!.span.start <= whole.start + 1 && out[0]!.span.end >= whole.end - 1, JSON.stringify(out[0]!.span));
  });
});

describe('suggest: gender from first names', () => {
  it('resolves "she" past a man who is the subject, to a woman known only by her first name', () => {
    const { out } = run('Margaret Olsen chairs the water board. Peter Lund, its treasurer, presented the budget on Monday.\n\n“We cannot raise the fees again this year,” she said.\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.speaker?.how, 'pronoun');
    assert.equal(out[0]!.speaker?.name, 'Margaret Olsen');
  });

  it('gives the usual gender of an English first name, and none for a word that is not one', () => {
    assert.equal(firstNameGender('Margaret'), 'f');
    assert.equal(firstNameGender('peter'), 'm');
    assert.equal(firstNameGender('Treasurer'), null);
  });
});

describe('suggest: party and state after a name', () => {
  it('reaches the name past ", R-Ky.," and past a bracket cut by the sentence splitter ("(D-R.I.),")', () => {
    const a = run('Sen. Carl Hale, R-Ky., told reporters that the vote would be close.\n').out;
    assert.equal(a[0]?.speaker?.name, 'Carl Hale');
    const b = run('Sen. Jack Reed (D-R.I.), said after a lunch on Tuesday that he had not read the plan.\n').out;
    assert.equal(b.length, 1);
    assert.equal(b[0]!.speaker?.name, 'Jack Reed');
  });
});

describe('suggest: a quote that begins outside its marks', () => {
  it('finds the speaker between the parts of a quote that starts with plain words (Rubio “…,” Hale said. “…”)', () => {
    const { out } = run('Rubio "was wrong about the bridge," Hale said. "He knows it too."\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.speaker?.name, 'Hale');
    assert.equal(out[0]!.direct, true);
  });
});

describe('suggest: descriptions and clause verbs', () => {
  it('describes a speaker introduced by a possessive ("her lawyer")', () => {
    const { out } = run('“We will appeal the ruling next week,” her lawyer said.\n');
    assert.equal(out[0]?.speaker?.name, 'her lawyer');
    assert.equal(out[0]?.speaker?.how, 'description');
  });

  it('skips a verb inside a hyphenated word when looking for the subject of "…, saying"', () => {
    const { out } = run('Chief Ada Moss lobbied to ban open-carry rights downtown, saying, “Fewer guns make safer streets.”\n');
    assert.equal(out[0]?.speaker?.name, 'Ada Moss');
  });
});

describe('suggest: several attributions in one sentence, and quoted words after any verb', () => {
  it('makes “…,” X said, adding that … two suggestions, the second with the same speaker', () => {
    const { text, out } = run('“The roads are in bad shape,” Dana Wright said, adding that the county “has waited far too long.”\n');
    assert.deepEqual(out.map((s) => s.cue), ['said', 'adding']);
    assert.deepEqual(out[0]!.span, cp(text, '“The roads are in bad shape,”'));
    assert.deepEqual(out[1]!.span, cp(text, 'that the county “has waited far too long.”'));
    assert.equal(out[1]!.speaker?.name, 'Dana Wright');
  });

  it('takes quoted words after a verb that is not one of speech for someone’s words, the verb for the cue', () => {
    const { text, out } = run('Mayor Tom Greer dismissed the new bus plan as “a waste of good money.”\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.cue, 'dismissed');
    assert.deepEqual(out[0]!.span, cp(text, 'the new bus plan as “a waste of good money.”'));
    assert.equal(out[0]!.speaker?.name, 'Tom Greer');
  });

  it('still leaves a title and a one-word scare quote alone when no verb of speech is there', () => {
    const { out } = run('Tom Greer watched “The Long Road Home” on Sunday.\n\nThe plan was “bold”, the paper wrote.\n\nHe called it a “bargain” last year.\n');
    assert.deepEqual(out.map((s) => s.cue), ['wrote', 'called']);
  });

  it('leaves quoted words that modify a noun alone (“no parking” zone): they name a thing, nobody’s words', () => {
    const { out } = run('Drivers ignored the “no parking” zone outside the school.\n\nThe council adopted a “zero waste” target in March.\n');
    assert.deepEqual(out, []);
  });

  it('ends a quote that continues into a sentence with plain words after the quotation at that sentence’s end', () => {
    const { text, out } = run('“They like the plan,” said Ana Ruiz, a pollster. “They are not there yet” to vote for it.\n');
    assert.equal(out.length, 1);
    assert.deepEqual(out[0]!.span, cp(text, '“They like the plan,” said Ana Ruiz, a pollster. “They are not there yet” to vote for it'));
  });
});

describe('suggest: a quote whose sentence names no speaker', () => {
  it('continues the speaker of the quote just before (“…,” read one.)', () => {
    const { out } = run('“We want the old bridge back,” said Lena Park, who organised the march. “Nobody asked us,” read one of her signs.\n');
    assert.equal(out.length, 2);
    assert.equal(out[1]!.speaker?.name, 'Lena Park');
  });
});

describe('suggest: a description names the speaker as written', () => {
  it('keeps “the mayor” as written, not the person last named with that title', () => {
    const { out } = run('Mayor Rosa Diaz opened the new library on Monday.\n\n“Books change lives,” the mayor said.\n');
    assert.equal(out.length, 1);
    assert.equal(out[0]!.speaker?.name, 'the mayor');
    assert.equal(out[0]!.speaker?.how, 'description');
  });
});

describe('suggest: a name that speaks is a person', () => {
  it('resolves a later “he” to a surname only ever seen as a speaker (“…,” Doyle said.)', () => {
    const { out } = run('“The vote is close,” Doyle said at the county fair.\n\nThe Wildcats won the game on Saturday.\n\n“We will keep working until the last day,” he said.\n');
    assert.equal(out.length, 2);
    assert.equal(out[1]!.speaker?.how, 'pronoun');
    assert.equal(out[1]!.speaker?.name, 'Doyle');
  });
});
