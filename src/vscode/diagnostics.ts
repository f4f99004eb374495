/**
 * The corpus checks in the Problems panel, live: each open seed document is
 * checked as it changes, and a sidecar or registry that cannot be read is
 * reported on that file with its line and column.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { checkDisagreements, checkDocument, checkRegistry, type Problem } from '../core/corpus/checks';
import type { AnnotationStore } from '../core/files/store';
import { CodePointMap } from '../core/text/text';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';

const CHECK_DELAY_MS = 250;
/** Documents longer than this (UTF-16 units) are not checked live: parsing them would stall the extension host. */
export const MAX_LIVE_CHECK_CHARS = 5 * 1024 * 1024;
const decoder = new TextDecoder('utf-8');

/** Publishes check results as diagnostics. */
export class CorpusDiagnostics extends Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('seedAnnotator');
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** Files other than the document that each document's last check reported on. */
  private readonly reportedElsewhere = new Map<string, Set<string>>();

  constructor(private readonly store: AnnotationStore) {
    super();
    this._register(
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d)),
      store.onDidChange((change) => {
        for (const document of vscode.workspace.textDocuments) {
          if (change.registry || change.documents.includes(toLocation(document.uri))) this.schedule(document);
        }
      }),
    );
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
  }

  /** The diagnostics of a file, as last published. */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'seed' || document.uri.scheme === 'git' || document.uri.scheme === 'output') return;
    const key = toLocation(document.uri);
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.check(document);
    }, CHECK_DELAY_MS));
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const location = toLocation(document.uri);
    // The length without building the text: a huge document is not parsed on every keystroke.
    const size = document.offsetAt(document.lineAt(document.lineCount - 1).range.end);
    if (size > MAX_LIVE_CHECK_CHARS) {
      const tooLarge = new vscode.Diagnostic(
        new vscode.Range(0, 0, 0, Math.min(document.lineAt(0).text.length, 200)),
        `document too large for live checks (${Math.round(size / 1048576)} MB; the limit is ${MAX_LIVE_CHECK_CHARS / 1048576} MB): run “seed-annotator check” on the folder instead`,
        vscode.DiagnosticSeverity.Information,
      );
      tooLarge.source = 'Seed Annotator';
      tooLarge.code = 'too-large';
      this.collection.set(document.uri, [tooLarge]);
      return;
    }
    const [sidecar, registryState] = await Promise.all([this.store.sidecar(location), this.store.registry(location)]);
    // Anchors that no longer match are the review queue's: it knows where they went.
    // The sidecar's text gives code-point columns and the disagreements a merge left in it.
    const sidecarText = sidecar.status === 'missing' ? undefined : await textOf(sidecar.location);
    const problems: Problem[] = checkDocument({
      location,
      text: document.getText(),
      sidecar,
      ...(sidecarText === undefined ? {} : { sidecarText }),
      registry: registryState.status === 'ok' ? registryState.registry : null,
    }).filter((p) => p.code !== 'anchor-mismatch');
    if (registryState.status === 'broken') problems.push(...checkRegistry(registryState.location, registryState.problems, await textOf(registryState.location)));
    else if (registryState.exists) problems.push(...checkDisagreements(registryState.location, (await textOf(registryState.location)) ?? ''));

    const byFile = new Map<string, Problem[]>([[location, []]]);
    for (const p of problems) byFile.set(p.location, [...(byFile.get(p.location) ?? []), p]);
    const elsewhere = new Set<string>();
    for (const [file, list] of byFile) {
      const uri = toUri(file);
      const lines = file === location ? (n: number) => (n < document.lineCount ? document.lineAt(n).text : '') : await linesOf(file);
      this.collection.set(uri, list.map((p) => toDiagnostic(p, lines)));
      if (file !== location) elsewhere.add(file);
    }
    for (const old of this.reportedElsewhere.get(location) ?? []) if (!elsewhere.has(old)) this.collection.delete(toUri(old));
    this.reportedElsewhere.set(location, elsewhere);
  }

  private clear(document: vscode.TextDocument): void {
    const location = toLocation(document.uri);
    this.collection.delete(document.uri);
    for (const old of this.reportedElsewhere.get(location) ?? []) this.collection.delete(toUri(old));
    this.reportedElsewhere.delete(location);
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    super.dispose();
  }
}

async function textOf(location: string): Promise<string | undefined> {
  const bytes = await workspaceFiles.read(location).catch(() => null);
  return bytes ? decoder.decode(bytes) : undefined;
}

export async function linesOf(location: string): Promise<(line: number) => string> {
  const bytes = await workspaceFiles.read(location).catch(() => null);
  const lines = bytes ? decoder.decode(bytes).split('\n') : [];
  return (n) => lines[n] ?? '';
}

/** Converts a problem (one-based lines, code-point columns) into a diagnostic (UTF-16 columns). */
export function toDiagnostic(problem: Problem, lineText: (line: number) => string): vscode.Diagnostic {
  const utf16 = (line: number, column: number): number => new CodePointMap(lineText(line)).toUtf16(Math.max(0, column - 1));
  const startLine = Math.max(0, problem.line - 1);
  const start = new vscode.Position(startLine, utf16(startLine, problem.column));
  const endLine = problem.endLine !== undefined ? problem.endLine - 1 : startLine;
  const end = problem.endColumn !== undefined ? new vscode.Position(endLine, utf16(endLine, problem.endColumn)) : start.translate(0, Math.max(1, lineText(startLine).length - start.character));
  const severity = problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : problem.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information;
  const diagnostic = new vscode.Diagnostic(new vscode.Range(start, end), problem.message, severity);
  diagnostic.source = 'Seed Annotator';
  diagnostic.code = problem.code;
  return diagnostic;
}
