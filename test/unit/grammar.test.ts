// Tokenizes seed documents with the extension's TextMate grammar through the same engine VS Code
// uses (vscode-textmate + the oniguruma wasm) and checks the scopes the grammar assigns.
import * as assert from 'node:assert';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

// The test is bundled to out/test/unit/grammar.test.js, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');
const grammarPath = path.join(repoRoot, 'syntaxes', 'seed.tmLanguage.json');
const configPath = path.join(repoRoot, 'language-configuration.json');
const seed000 = path.join(repoRoot, 'seeds', '000_ce07b70b4b1d5ccc.txt');
const seed002 = path.join(repoRoot, 'seeds', '002_ee4912a3b61f8db2.txt');

const HEADER = 'meta.header.seed';
const DATE_KEYWORD = 'keyword.other.date.seed';
const DATE = 'constant.numeric.date.seed';
const AUTHOR = 'entity.name.author.seed';
const TIME = 'constant.numeric.time.seed';
const LEAD = 'markup.heading.lead.seed';
const HEADING = 'markup.heading.seed';
const PARAGRAPH = 'meta.paragraph.seed';
const CURLY = 'string.quoted.other.curly.seed';
const STRAIGHT = 'string.quoted.double.seed';
const GUILLEMET = 'string.quoted.other.guillemet.seed';
const GERMAN = 'string.quoted.other.german.seed';
const BEGIN = 'punctuation.definition.string.begin.seed';
const END = 'punctuation.definition.string.end.seed';

interface Line {
  text: string;
  tokens: vsctm.IToken[];
}

let grammar: vsctm.IGrammar;

async function loadGrammar(): Promise<vsctm.IGrammar> {
  // Resolved from the repository root at run time (esbuild bundles the JS but not the .wasm).
  const resolveFromRoot = createRequire(path.join(repoRoot, 'package.json')).resolve;
  const wasm = fs.readFileSync(resolveFromRoot('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) =>
      scopeName === 'text.seed' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const loaded = await registry.loadGrammar('text.seed');
  if (!loaded) throw new Error('grammar text.seed did not load');
  return loaded;
}

/** Tokenizes a whole document line by line, carrying the rule stack like VS Code does. */
function tokenize(text: string): Line[] {
  let stack = vsctm.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, stack);
    stack = result.ruleStack;
    return { text: line, tokens: result.tokens };
  });
}

function tokenizeFile(file: string): Line[] {
  return tokenize(fs.readFileSync(file, 'utf8'));
}

/** `scopes` contains `scope` itself or a more specific scope below it. */
function has(scopes: readonly string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

/** The line's tokens overlapping [start, end), asserting the range is inside the line. */
function tokensIn(line: Line, start: number, end: number): vsctm.IToken[] {
  assert.ok(start >= 0 && end <= line.text.length && start < end, `bad range ${start}..${end} in ${JSON.stringify(line.text)}`);
  return line.tokens.filter((t) => t.startIndex < end && t.endIndex > start);
}

function find(line: Line, needle: string, occurrence = 0): number {
  let index = -1;
  for (let i = 0; i <= occurrence; i++) {
    index = line.text.indexOf(needle, index + 1);
    assert.ok(index >= 0, `${JSON.stringify(needle)} (occurrence ${occurrence}) not found in ${JSON.stringify(line.text)}`);
  }
  return index;
}

function describeTokens(line: Line, tokens: vsctm.IToken[]): string {
  return tokens.map((t) => `${JSON.stringify(line.text.slice(t.startIndex, t.endIndex))}: ${t.scopes.join(' ')}`).join('\n  ');
}

/** Every token covering `needle` in the line carries `scope`. */
function assertScope(line: Line, needle: string, scope: string, occurrence = 0): void {
  const start = find(line, needle, occurrence);
  const tokens = tokensIn(line, start, start + needle.length);
  assert.ok(
    tokens.every((t) => has(t.scopes, scope)),
    `${JSON.stringify(needle)} should be ${scope}; got\n  ${describeTokens(line, tokens)}`,
  );
}

/** No token covering `needle` in the line carries `scope`. */
function assertNoScope(line: Line, needle: string, scope: string, occurrence = 0): void {
  const start = find(line, needle, occurrence);
  const tokens = tokensIn(line, start, start + needle.length);
  assert.ok(
    tokens.every((t) => !has(t.scopes, scope)),
    `${JSON.stringify(needle)} should not be ${scope}; got\n  ${describeTokens(line, tokens)}`,
  );
}

/** No token anywhere on the line carries `scope`. */
function assertLineHasNo(line: Line, scope: string): void {
  const offending = line.tokens.filter((t) => has(t.scopes, scope));
  assert.deepStrictEqual(offending.length, 0, `line ${JSON.stringify(line.text)} should have no ${scope}:\n  ${describeTokens(line, offending)}`);
}

/**
 * `open + inner + close` occurs in the line and is tokenized as one quotation of `kind`: the marks
 * are single-character tokens with the begin/end punctuation scopes, the text between them is in
 * `kind` without punctuation, and the quotation does not start earlier or continue later.
 */
function assertQuote(line: Line, inner: string, kind: string, open: string, close: string, occurrence = 0): void {
  const start = find(line, open + inner + close, occurrence);
  const openTokens = tokensIn(line, start, start + 1);
  assert.strictEqual(openTokens.length, 1, describeTokens(line, openTokens));
  const [openToken] = openTokens;
  assert.deepStrictEqual([openToken.startIndex, openToken.endIndex], [start, start + 1], `opening mark of ${inner}`);
  assert.ok(has(openToken.scopes, kind) && has(openToken.scopes, BEGIN), `opening mark of ${JSON.stringify(inner)}: ${openToken.scopes.join(' ')}`);

  const innerStart = start + 1;
  const innerEnd = innerStart + inner.length;
  const innerTokens = tokensIn(line, innerStart, innerEnd);
  for (const t of innerTokens) {
    assert.ok(has(t.scopes, kind), `inside ${JSON.stringify(inner)} not ${kind}:\n  ${describeTokens(line, [t])}`);
  }

  const closeTokens = tokensIn(line, innerEnd, innerEnd + 1);
  assert.strictEqual(closeTokens.length, 1, describeTokens(line, closeTokens));
  const [closeToken] = closeTokens;
  assert.deepStrictEqual([closeToken.startIndex, closeToken.endIndex], [innerEnd, innerEnd + 1], `closing mark of ${inner}`);
  assert.ok(has(closeToken.scopes, kind) && has(closeToken.scopes, END), `closing mark of ${JSON.stringify(inner)}: ${closeToken.scopes.join(' ')}`);

  // Same nesting depth outside as before the quote: the character after the close mark is not in this quote.
  const depth = (scopes: readonly string[]) => scopes.filter((s) => s === kind).length;
  if (innerEnd + 1 < line.text.length) {
    const [after] = tokensIn(line, innerEnd + 1, innerEnd + 2);
    assert.strictEqual(depth(after.scopes), depth(openToken.scopes) - 1, `text after ${JSON.stringify(inner)} is still quoted: ${after.scopes.join(' ')}`);
  }
  if (start > 0) {
    const [before] = tokensIn(line, start - 1, start);
    assert.strictEqual(depth(before.scopes), depth(openToken.scopes) - 1, `text before ${JSON.stringify(inner)} is already quoted: ${before.scopes.join(' ')}`);
  }
}

/** Indices of lines with at least one subheading token. */
function headingLines(lines: Line[]): number[] {
  return lines.flatMap((line, i) => (line.tokens.some((t) => has(t.scopes, HEADING) && !has(t.scopes, LEAD)) ? [i] : []));
}

function countScope(lines: Line[], scope: string): number {
  return lines.reduce((n, line) => n + line.tokens.filter((t) => t.scopes.includes(scope)).length, 0);
}

describe('seed TextMate grammar', function () {
  before(async function () {
    grammar = await loadGrammar();
  });

  it('is the grammar package.json contributes for the seed language', function () {
    const raw = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));
    assert.strictEqual(raw.scopeName, 'text.seed');
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const contributed = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'seed');
    assert.ok(contributed, 'package.json contributes a grammar for seed');
    assert.strictEqual(contributed.scopeName, 'text.seed');
    assert.strictEqual(path.resolve(repoRoot, contributed.path), grammarPath);
  });

  describe('seed 000 (byline header)', function () {
    let lines: Line[];
    before(function () {
      lines = tokenizeFile(seed000);
    });

    it('scopes the header: date keyword, date, author and time stamp', function () {
      const header = lines[0];
      assert.ok(header.text.startsWith(' date 2023-11-04 Marta Gichko10:09, 04.11.23'));
      assertScope(header, 'date', DATE_KEYWORD);
      assertScope(header, 'date', HEADER);
      assertScope(header, '2023-11-04', DATE);
      assertNoScope(header, '2023-11-04', DATE_KEYWORD);
      assertScope(header, 'Marta Gichko', AUTHOR);
      assertNoScope(header, 'Marta Gichko', TIME);
      assertScope(header, '10:09, 04.11.23', TIME);
      assertNoScope(header, '10:09, 04.11.23', AUTHOR);
      // The author token is exactly the name: it ends where the time begins.
      const author = header.tokens.find((t) => has(t.scopes, AUTHOR));
      assert.strictEqual(author && header.text.slice(author.startIndex, author.endIndex), 'Marta Gichko');
      const time = header.tokens.find((t) => has(t.scopes, TIME));
      assert.strictEqual(time && header.text.slice(time.startIndex, time.endIndex), '10:09, 04.11.23');
      assertLineHasNo(header, LEAD);
    });

    it('finds the curly quotations and nothing else', function () {
      assertQuote(lines[20], 'behind closed doors', CURLY, '“', '”');
      assertQuote(lines[20], 'peace formula', CURLY, '“', '”');
      assertNoScope(lines[20], ' with Russia. According to him, the basis of the ', CURLY);
      assert.strictEqual(countScope(lines, BEGIN), 2);
      assert.strictEqual(countScope(lines, END), 2);
    });

    it('finds the one subheading and leaves the paragraphs alone', function () {
      assert.strictEqual(lines[18].text, 'Is Ukraine negotiating with the Russian Federation?');
      assertScope(lines[18], lines[18].text, HEADING);
      assert.deepStrictEqual(headingLines(lines), [18]);
      lines.forEach((line, i) => {
        if (i === 0 || i === 18 || line.text.trim() === '') return;
        assertScope(line, line.text, PARAGRAPH);
        assertLineHasNo(line, HEADER);
      });
    });
  });

  describe('seed 002 (lead header)', function () {
    let lines: Line[];
    before(function () {
      lines = tokenizeFile(seed002);
    });

    it('scopes the lead text after the date, with its quotation', function () {
      const header = lines[0];
      assertScope(header, 'date', DATE_KEYWORD);
      assertScope(header, '2022-11-06', DATE);
      assertScope(header, 'The United States government is engaging', LEAD);
      assertScope(header, 'continue negotiation with Russia.', LEAD);
      assertScope(header, 'continue negotiation with Russia.', HEADER);
      assertNoScope(header, '2022-11-06', LEAD);
      assertLineHasNo(header, AUTHOR);
      assertLineHasNo(header, TIME);
      assertQuote(header, 'familiar with the discussions', CURLY, '“', '”');
      assertScope(header, 'familiar with the discussions', LEAD);
      assertNoScope(header, 'According to a report by the Washington Post, sources', CURLY);
    });

    it('finds every curly quotation', function () {
      assertQuote(lines[2], 'Ukraine fatigue is a real thing for some of our partners.', CURLY, '“', '”');
      assertQuote(
        lines[4],
        'The Kremlin has demonstrated its unwillingness to seriously engage in negotiations since even before it launched its full-scale invasion of Ukraine,',
        CURLY,
        '“',
        '”',
      );
      assertQuote(lines[8], 'incredibly serious mistake', CURLY, '“', '”');
      assertQuote(lines[8], 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon,', CURLY, '“', '”');
    });

    it('closes a straight opening quote with a curly closing one', function () {
      assertQuote(
        lines[10],
        'He (Putin) does not know what dignity and honesty are. Therefore, we are ready for a dialogue with Russia, but with another president of Russia.',
        STRAIGHT,
        '"',
        '”',
      );
    });

    it('does not take apostrophes for quotes', function () {
      assertNoScope(lines[2], 'nations fear Russia’s impact on the global economy', CURLY);
      assertNoScope(lines[10], "adopted by Ukraine's National Security", STRAIGHT);
      // Exactly the six quotations, opened and closed.
      assert.strictEqual(countScope(lines, BEGIN), 6);
      assert.strictEqual(countScope(lines, END), 6);
    });

    it('finds the one subheading and leaves the paragraphs alone', function () {
      assert.strictEqual(lines[6].text, 'Biden warns Russia over nuclear threat');
      assertScope(lines[6], lines[6].text, HEADING);
      assert.deepStrictEqual(headingLines(lines), [6]);
      for (const i of [2, 4, 8, 10]) {
        assertScope(lines[i], lines[i].text.slice(0, 40), PARAGRAPH);
        assertLineHasNo(lines[i], HEADING);
      }
    });
  });

  describe('edge cases', function () {
    it('only treats the first line as a header', function () {
      const lines = tokenize(
        [
          ' date 2023-11-04 Marta Gichko10:09, 04.11.23',
          '',
          'date 2020-01-01 The talks resumed in Istanbul.',
          '',
          'date 2020-01-01 Marta Gichko10:09, 04.11.23',
          'date 2020-01-01 is also the second line of that paragraph.',
        ].join('\n'),
      );
      assertScope(lines[0], 'date', DATE_KEYWORD);
      for (const i of [2, 4, 5]) {
        assertLineHasNo(lines[i], HEADER);
        assertLineHasNo(lines[i], DATE_KEYWORD);
        assertLineHasNo(lines[i], DATE);
        assertLineHasNo(lines[i], AUTHOR);
        assertLineHasNo(lines[i], TIME);
      }
      assertScope(lines[2], lines[2].text, PARAGRAPH);
      assertScope(lines[5], lines[5].text, PARAGRAPH);
    });

    it('accepts a byte order mark before the header', function () {
      const lines = tokenize('\uFEFF date 2023-11-04 Marta Gichko10:09, 04.11.23\n\nBody text.');
      assertScope(lines[0], 'date', DATE_KEYWORD);
      assertScope(lines[0], '2023-11-04', DATE);
      assertScope(lines[0], 'Marta Gichko', AUTHOR);
      assertScope(lines[0], '10:09, 04.11.23', TIME);
      const lead = tokenize('\uFEFFdate 2022-11-06 Talks “may resume” soon.');
      assertScope(lead[0], 'date', DATE_KEYWORD);
      assertScope(lead[0], 'Talks', LEAD);
      assertQuote(lead[0], 'may resume', CURLY, '“', '”');
      // Without "date" there is no header at all.
      const none = tokenize('\uFEFF 2023-11-04 Marta Gichko10:09, 04.11.23');
      assertLineHasNo(none[0], HEADER);
    });

    it('scopes «…» and „…“ quotations, nested ones included', function () {
      const lines = tokenize(
        [
          ' date 2023-11-04 Олена Коваль09:15, 05.11.23',
          '',
          'Зеленський заявив: «Ми не будемо вести переговори з „цим“ режимом». Україна’s позиція незмінна.',
          '',
          'Scholz sagte: „Wir stehen an der Seite der Ukraine.“ Danach folgten Fragen.',
        ].join('\n'),
      );
      assertScope(lines[0], 'Олена Коваль', AUTHOR);
      assertScope(lines[0], '09:15, 05.11.23', TIME);
      assertQuote(lines[2], 'Ми не будемо вести переговори з „цим“ режимом', GUILLEMET, '«', '»');
      assertQuote(lines[2], 'цим', GERMAN, '„', '“');
      assertScope(lines[2], 'цим', GUILLEMET);
      assertNoScope(lines[2], 'Україна’s позиція незмінна.', GUILLEMET);
      assertQuote(lines[4], 'Wir stehen an der Seite der Ukraine.', GERMAN, '„', '“');
      assertNoScope(lines[4], 'Danach folgten Fragen.', GERMAN);
      assertNoScope(lines[4], 'Danach folgten Fragen.', CURLY);
    });

    it('keeps quote offsets right after emoji (surrogate pairs)', function () {
      const lines = tokenize('🇺🇦 “Glory to Ukraine!” he wrote, adding 🔥«Слава» and 👍"yes" to the post.');
      assertQuote(lines[0], 'Glory to Ukraine!', CURLY, '“', '”');
      assertQuote(lines[0], 'Слава', GUILLEMET, '«', '»');
      assertQuote(lines[0], 'yes', STRAIGHT, '"', '"');
      assertNoScope(lines[0], '🇺🇦 ', CURLY);
      assertNoScope(lines[0], '🔥', GUILLEMET);
      assertNoScope(lines[0], '👍', STRAIGHT);
    });

    it('does not let an unclosed quotation leak into the next paragraph', function () {
      const lines = tokenize(
        [
          ' date 2023-11-04 The minister said “talks are possible, but', // unclosed in the lead
          '',
          'He added “this quote is never closed and goes on,',
          'and the paragraph wraps onto a second line.',
          '',
          'The next paragraph is plain text.',
          '',
          'Then «a guillemet and "a straight one, both open.',
          '',
          'And „a low one as well.',
          '',
          'Finally a plain closing paragraph.',
        ].join('\n'),
      );
      assertScope(lines[0], 'talks are possible, but', CURLY);
      assertLineHasNo(lines[1], CURLY);
      assertScope(lines[2], 'this quote is never closed', CURLY);
      // Within the paragraph the quotation continues (a hard-wrapped quote)...
      assertScope(lines[3], 'and the paragraph wraps', CURLY);
      // ...but it stops at the blank line.
      for (const i of [4, 5, 6, 8, 10, 11]) {
        for (const scope of [CURLY, STRAIGHT, GUILLEMET, GERMAN]) assertLineHasNo(lines[i], scope);
      }
      assertScope(lines[5], lines[5].text, PARAGRAPH);
      assertScope(lines[7], 'a straight one', STRAIGHT);
      assertScope(lines[7], 'a straight one', GUILLEMET);
      assertScope(lines[9], 'a low one', GERMAN);
      assertScope(lines[11], lines[11].text, PARAGRAPH);
    });

    it('recognises subheadings only as short, unpunctuated first lines of a paragraph', function () {
      const lines = tokenize(
        [
          ' date 2023-11-04 Marta Gichko10:09, 04.11.23',
          '',
          'What “peace formula” means for Kyiv', // 2: heading with a quote
          '',
          'The talks resumed.', // 4: ends in a period
          '',
          'Officials said:', // 6: ends in a colon
          '',
          '“We are ready.”', // 8: a quoted sentence
          '',
          'It rained. Then it stopped', // 10: two sentences
          '',
          'U.S. warns Russia over nuclear threat', // 12: abbreviation, still a heading
          '',
          'A '.repeat(60).trim(), // 14: longer than 100 characters
          '',
          'Short first line of a wrapped paragraph', // 16: indistinguishable from a heading...
          'whose second line is never a heading', // 17: ...but later lines are paragraph text
          '',
          'A paragraph whose first line ends in a full stop.', // 19
          'So this short second line is no heading', // 20: not preceded by a blank line
        ].join('\n'),
      );
      assert.deepStrictEqual(headingLines(lines), [2, 12, 16]);
      assertQuote(lines[2], 'peace formula', CURLY, '“', '”');
      assertScope(lines[2], 'peace formula', HEADING);
      assertQuote(lines[8], 'We are ready.', CURLY, '“', '”');
      for (const i of [4, 6, 8, 10, 14, 17, 19, 20]) assertScope(lines[i], lines[i].text, PARAGRAPH);
    });

    // How fast is measured by npm run bench (bench/grammar.ts); this checks what comes out.
    it('tokenizes a 100,000-character line to its end', function () {
      this.timeout(30_000);
      const chunk = 'Officials said that “talks are possible” while «others» disagreed with „them“ and "him”. ';
      const long = chunk.repeat(Math.ceil(100_000 / chunk.length)).slice(0, 100_000);
      // A lead of 100,000 characters on the header line, then a body paragraph of the same length.
      const header = grammar.tokenizeLine(' date 2023-11-04 ' + long, vsctm.INITIAL);
      const body = grammar.tokenizeLine(long, header.ruleStack);
      // No blank, no period: every subheading look-ahead runs on this one.
      const heading = grammar.tokenizeLine('x'.repeat(100_000), vsctm.INITIAL);
      assert.ok(has(header.tokens[header.tokens.length - 1].scopes, LEAD), 'the lead runs to the end of the header line');
      assert.ok(body.tokens.length > 1000, 'the long line was tokenized to the end');
      const last = body.tokens[body.tokens.length - 1];
      assert.ok(last.endIndex >= long.length, 'tokens reach the end of the line');
      assert.ok(heading.tokens.every((t) => !has(t.scopes, HEADING)), 'a very long line is no heading');
    });
  });
});

describe('seed language configuration', function () {
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));

  it('auto-closes and surrounds with every quote pair and bracket', function () {
    const expected: Array<[string, string]> = [
      ['“', '”'],
      ['"', '"'],
      ['«', '»'],
      ['„', '“'],
      ['(', ')'],
      ['[', ']'],
    ];
    const autoClosing = config.autoClosingPairs.map((p: { open: string; close: string }) => [p.open, p.close]);
    for (const pair of expected) {
      assert.ok(autoClosing.some((p: string[]) => p[0] === pair[0] && p[1] === pair[1]), `autoClosingPairs has ${pair.join('')}`);
      assert.ok(config.surroundingPairs.some((p: string[]) => p[0] === pair[0] && p[1] === pair[1]), `surroundingPairs has ${pair.join('')}`);
    }
    assert.strictEqual(typeof config.autoCloseBefore, 'string');
    assert.ok(config.comments === undefined || Object.keys(config.comments).length === 0, 'plain text has no comments');
  });

  it('has a word pattern for prose with Cyrillic and inner apostrophes', function () {
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    assert.deepStrictEqual(words('Russia’s war-torn «Україна» Ukraine\'s ёлка, 10:09'), [
      'Russia’s',
      'war-torn',
      'Україна',
      "Ukraine's",
      'ёлка',
      '10:09',
    ]);
    assert.deepStrictEqual(words('“quoted” (words).'), ['quoted', 'words']);
  });
});
