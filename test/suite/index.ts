// Mocha entry for the extension-host suites. `run()` has the shape
// @vscode/test-electron expects; the code-server harness calls `runSuites()` to
// get the counts, the failures and the text of the run.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface SuiteFailure {
  title: string;
  message: string;
  stack: string;
}

export interface SuiteResult {
  passed: number;
  failed: number;
  pending: number;
  failures: SuiteFailure[];
  output: string;
}

export interface RunOptions {
  /** Called with each line of the report as it is produced. */
  onLine?: (line: string) => void;
  /** Only tests whose full title matches. */
  grep?: string;
}

/** Writes a spec-like report line by line to the console and to `onLine`. */
class LineReporter {
  constructor(runner: Mocha.Runner, options: { reporterOptions?: { emit?: (line: string) => void } }) {
    const emit = options.reporterOptions?.emit ?? ((line: string) => console.log(line));
    let depth = 0;
    const indent = () => '  '.repeat(depth);
    const { constants } = Mocha.Runner;
    runner.on(constants.EVENT_SUITE_BEGIN, (suite: Mocha.Suite) => {
      if (suite.title) emit(`${indent()}${suite.title}`);
      depth++;
    });
    runner.on(constants.EVENT_SUITE_END, () => {
      depth--;
    });
    runner.on(constants.EVENT_TEST_PASS, (test: Mocha.Test) => emit(`${indent()}✔ ${test.title} (${test.duration ?? 0}ms)`));
    runner.on(constants.EVENT_TEST_PENDING, (test: Mocha.Test) => emit(`${indent()}- ${test.title} (pending)`));
    runner.on(constants.EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) =>
      emit(`${indent()}✘ ${test.title}: ${error?.message ?? String(error)}`),
    );
  }
}

export async function runSuites(options: RunOptions = {}): Promise<SuiteResult> {
  const lines: string[] = [];
  const emit = (line: string) => {
    lines.push(line);
    console.log(line);
    options.onLine?.(line);
  };
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: 20000,
    forbidOnly: true,
    forbidPending: true,
    reporter: LineReporter as unknown as typeof Mocha.reporters.Base,
    reporterOptions: { emit },
    ...(options.grep ? { grep: options.grep } : {}),
  });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const failures: SuiteFailure[] = [];
  const stats = await new Promise<Mocha.Stats>((resolve, reject) => {
    try {
      const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 0, pending: 0 } as Mocha.Stats)));
      runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, error: Error) => {
        failures.push({ title: test.fullTitle(), message: error?.message ?? String(error), stack: error?.stack ?? '' });
      });
    } catch (error) {
      reject(error);
    }
  });
  for (const [index, failure] of failures.entries()) {
    emit('');
    emit(`${index + 1}) ${failure.title}`);
    for (const line of (failure.stack || failure.message).split('\n')) emit(`   ${line}`);
  }
  emit('');
  emit(`${stats.passes} passing, ${stats.failures} failing, ${stats.pending} pending`);
  return { passed: stats.passes, failed: stats.failures, pending: stats.pending, failures, output: lines.join('\n') };
}

export async function run(): Promise<void> {
  const result = await runSuites();
  if (result.failed > 0) throw new Error(`${result.failed} tests failed.`);
  if (result.passed === 0) throw new Error('No tests ran.');
}
