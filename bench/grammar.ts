/**
 * The TextMate grammar on pathological lines: how long one 100,000-character
 * line takes to tokenize (a header line with a long lead, a body paragraph,
 * and a line without a blank or a full stop, on which every subheading
 * look-ahead runs). Moved here from the unit tier, which asserts no timings.
 */

import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

/** Milliseconds to tokenize each kind of 100,000-character line (the worst of `rounds`). */
export async function grammarLongLines(repoRoot: string, rounds = 3): Promise<{ headerMs: number; bodyMs: number; unpunctuatedMs: number }> {
  const grammarPath = path.join(repoRoot, 'syntaxes', 'seed.tmLanguage.json');
  const wasm = fs.readFileSync(createRequire(path.join(repoRoot, 'package.json')).resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === 'text.seed' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null),
  });
  const grammar = await registry.loadGrammar('text.seed');
  if (!grammar) throw new Error('grammar text.seed did not load');
  const chunk = 'Officials said that “talks are possible” while «others» disagreed with „them“ and "him”. ';
  const long = chunk.repeat(Math.ceil(100_000 / chunk.length)).slice(0, 100_000);
  const timed = <T>(run: () => T): [T, number] => {
    const started = performance.now();
    const result = run();
    return [result, performance.now() - started];
  };
  const worst = { headerMs: 0, bodyMs: 0, unpunctuatedMs: 0 };
  for (let i = 0; i < rounds; i++) {
    const [header, headerMs] = timed(() => grammar.tokenizeLine(' date 2023-11-04 ' + long, vsctm.INITIAL));
    const [, bodyMs] = timed(() => grammar.tokenizeLine(long, header.ruleStack));
    const [, unpunctuatedMs] = timed(() => grammar.tokenizeLine('x'.repeat(100_000), vsctm.INITIAL));
    worst.headerMs = Math.max(worst.headerMs, headerMs);
    worst.bodyMs = Math.max(worst.bodyMs, bodyMs);
    worst.unpunctuatedMs = Math.max(worst.unpunctuatedMs, unpunctuatedMs);
  }
  return worst;
}
