/**
 * Short news articles written for these tests (not taken from any corpus),
 * in the seed document format, with the quotes and names the simulated
 * annotators tag.
 */

export interface Article {
  readonly name: string;
  readonly text: string;
  /** Quotes: the words tagged and who said them. */
  readonly quotes: ReadonlyArray<{ readonly words: string; readonly speaker: string; readonly kind: 'person' | 'organisation' }>;
  /** Names tagged as mentions. */
  readonly mentions: ReadonlyArray<{ readonly words: string; readonly kind: 'person' | 'organisation' | 'country' }>;
}

const a = (name: string, lines: string[], quotes: Article['quotes'], mentions: Article['mentions']): Article => ({ name, text: `${lines.join('\n\n')}\n`, quotes, mentions });

export const ARTICLES: readonly Article[] = [
  a('harbour.txt', [
    ' date 2024-03-12 Harbour strike ends after nine days',
    'Dock workers in Port Elling returned to work on Tuesday after the union accepted a new pay offer.',
    '“We got most of what we asked for, and nobody was fired,” said Marta Kovač, who chairs the Harbour Workers’ Union.',
    'The port authority said that the backlog of 340 ships would be cleared within two weeks.',
    'Jonas Lind, the port director, told reporters: “Every crane will run day and night until the queue is gone.”',
    'Shipping firms had warned that the strike was costing them more than a million euros a day.',
    '“It was the longest stoppage in thirty years,” said Anna Kovacs, an economist at Elling University.',
    'The transport minister, Pieter Voss, welcomed the deal but added that the government would review port safety rules.',
    '“Nobody wants to see the harbour shut again,” Voss said.',
  ], [
    { words: 'We got most of what we asked for, and nobody was fired,', speaker: 'Marta Kovač', kind: 'person' },
    { words: 'the backlog of 340 ships would be cleared within two weeks', speaker: 'Port Elling Authority', kind: 'organisation' },
    { words: 'Every crane will run day and night until the queue is gone.', speaker: 'Jonas Lind', kind: 'person' },
    { words: 'the strike was costing them more than a million euros a day', speaker: 'Shipping firms', kind: 'organisation' },
    { words: 'It was the longest stoppage in thirty years,', speaker: 'Anna Kovacs', kind: 'person' },
    { words: 'the government would review port safety rules', speaker: 'Pieter Voss', kind: 'person' },
    { words: 'Nobody wants to see the harbour shut again,', speaker: 'Pieter Voss', kind: 'person' },
  ], [
    { words: 'Marta Kovač', kind: 'person' },
    { words: 'Jonas Lind', kind: 'person' },
    { words: 'Anna Kovacs', kind: 'person' },
    { words: 'Pieter Voss', kind: 'person' },
  ]),
  a('floods.txt', [
    ' date 2024-05-02 Rivers rise in the north as rain continues',
    'Emergency services evacuated 1,200 people from villages along the Varra river on Wednesday night.',
    '“The water rose faster than any model predicted,” said Ilse Brandt, head of the regional flood office.',
    'The weather service said that more rain was expected until Saturday.',
    'Mayor Tomas Reyes said the town hall would stay open as a shelter “for as long as it takes”.',
    '“We lost the bridge, but we did not lose a single life,” Reyes told the local radio station.',
    'The Red Cross said that it had sent forty volunteers and two field kitchens to the area.',
    'Farmers’ union leader Eva Holm warned that the spring harvest in the valley was “almost certainly gone”.',
  ], [
    { words: 'The water rose faster than any model predicted,', speaker: 'Ilse Brandt', kind: 'person' },
    { words: 'more rain was expected until Saturday', speaker: 'National Weather Service', kind: 'organisation' },
    { words: 'for as long as it takes', speaker: 'Tomas Reyes', kind: 'person' },
    { words: 'We lost the bridge, but we did not lose a single life,', speaker: 'Tomas Reyes', kind: 'person' },
    { words: 'it had sent forty volunteers and two field kitchens to the area', speaker: 'Red Cross', kind: 'organisation' },
    { words: 'almost certainly gone', speaker: 'Eva Holm', kind: 'person' },
  ], [
    { words: 'Ilse Brandt', kind: 'person' },
    { words: 'Tomas Reyes', kind: 'person' },
    { words: 'Eva Holm', kind: 'person' },
  ]),
  a('budget.txt', [
    ' date 2024-09-30 Council passes a smaller budget',
    'The city council approved a budget of 410 million euros on Monday, eight percent less than last year.',
    '“This is the budget we can afford, not the one we would like,” said finance councillor Rosa Almeida.',
    'Opposition leader Karl Mertens called the cuts to libraries “short-sighted and cruel”.',
    'The teachers’ association said that class sizes would grow by two pupils on average.',
    '“We will judge this budget by what happens in classrooms,” said Lena Park, who speaks for the association.',
    'Almeida said the council would revisit the library cuts in the spring if tax income recovers.',
    'The mayor’s office said that no public jobs would be lost.',
  ], [
    { words: 'This is the budget we can afford, not the one we would like,', speaker: 'Rosa Almeida', kind: 'person' },
    { words: 'short-sighted and cruel', speaker: 'Karl Mertens', kind: 'person' },
    { words: 'class sizes would grow by two pupils on average', speaker: 'Teachers’ Association', kind: 'organisation' },
    { words: 'We will judge this budget by what happens in classrooms,', speaker: 'Lena Park', kind: 'person' },
    { words: 'the council would revisit the library cuts in the spring if tax income recovers', speaker: 'Rosa Almeida', kind: 'person' },
    { words: 'no public jobs would be lost', speaker: 'Mayor’s Office', kind: 'organisation' },
  ], [
    { words: 'Rosa Almeida', kind: 'person' },
    { words: 'Karl Mertens', kind: 'person' },
    { words: 'Lena Park', kind: 'person' },
  ]),
];
