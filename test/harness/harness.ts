// A test-only extension that runs the mocha suites inside code-server's extension
// host, where `--extensionTestsPath` is not available. The runner passes the result
// file through the environment, which the extension host inherits from code-server.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';

interface SuiteModule {
  runSuites(options: { onLine?: (line: string) => void; grep?: string }): Promise<unknown>;
}

function writeAtomically(file: string, text: string): void {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

async function runAndReport(resultFile: string): Promise<void> {
  const progressFile = `${resultFile}.progress`;
  const suitePath = process.env.SEED_TEST_SUITE || path.join(__dirname, '..', 'suite', 'index.js');
  const startedAt = Date.now();
  let result: unknown;
  try {
    // A path known only at run time, loaded as CommonJS by the extension host's own loader.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const suites = require(suitePath) as SuiteModule;
    result = await suites.runSuites({
      onLine: (line) => fs.appendFileSync(progressFile, `${line}\n`),
      grep: process.env.SEED_TEST_GREP || undefined,
    });
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    result = {
      passed: 0,
      failed: 1,
      pending: 0,
      failures: [{ title: `loading or running ${suitePath}`, message: failure.message, stack: failure.stack ?? '' }],
      output: failure.stack ?? failure.message,
    };
  }
  writeAtomically(resultFile, JSON.stringify({ ...(result as object), durationMs: Date.now() - startedAt, pid: process.pid }, null, 2));
}

export function activate(_context: vscode.ExtensionContext): void {
  const resultFile = process.env.SEED_TEST_RESULT;
  // Inert outside the runner, and runs once even if the window reconnects.
  if (!resultFile || fs.existsSync(resultFile) || fs.existsSync(`${resultFile}.progress`)) return;
  fs.writeFileSync(`${resultFile}.progress`, '');
  void runAndReport(resultFile);
}

export function deactivate(): void {}
