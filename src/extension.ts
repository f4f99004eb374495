/**
 * The composition root: builds the services, registers every provider,
 * command and view, and hands every disposable to VS Code.
 */

import * as vscode from 'vscode';
import type { CorpusIndex } from './core/corpus';
import { looksLikeSeed } from './core/format';
import { AnnotationStore } from './core/store';
import { createCommands } from './vscode/commands';
import { CorpusService, registryLocationFor } from './vscode/corpus';
import { DateLensProvider } from './vscode/dateLens';
import { CorpusDiagnostics } from './vscode/diagnostics';
import { DocumentsTreeProvider, sortOrder, type DocumentsNode } from './vscode/documentsTree';
import { toLocation, workspaceFiles } from './vscode/files';
import { AnnotationHover, Highlights } from './vscode/highlights';

/** What the extension exports to other extensions and to its tests. */
export interface SeedAnnotatorApi {
  readonly index: CorpusIndex;
  readonly store: AnnotationStore;
  /** The Documents tree's provider, for tests and other extensions that show the same tree. */
  readonly documentsTree: DocumentsTreeProvider;
  /** The Documents view. */
  readonly documentsView: vscode.TreeView<DocumentsNode>;
  /** The CodeLens provider of the date header. */
  readonly dateLenses: DateLensProvider;
  /** The highlights drawn in editors. */
  readonly highlights: Highlights;
  /** The checks shown in the Problems panel. */
  readonly diagnostics: CorpusDiagnostics;
  /** Resolves when the scan in progress (or the first one) has finished. */
  whenIndexed(): Promise<void>;
}

const SEED_SELECTOR: vscode.DocumentSelector = { language: 'seed' };

export function activate(context: vscode.ExtensionContext): SeedAnnotatorApi {
  const log = vscode.window.createOutputChannel('Seed Annotator', { log: true });
  const store = new AnnotationStore(workspaceFiles, registryLocationFor);
  const corpus = new CorpusService(store, log);
  const tree = new DocumentsTreeProvider(corpus.index, store);
  const treeView = vscode.window.createTreeView('seedAnnotator.documents', { treeDataProvider: tree, showCollapseAll: true });
  const lenses = new DateLensProvider(store);
  const highlights = new Highlights(store);
  const diagnostics = new CorpusDiagnostics(store);

  context.subscriptions.push(
    log,
    corpus,
    tree,
    treeView,
    lenses,
    highlights,
    diagnostics,
    vscode.languages.registerCodeLensProvider(SEED_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SEED_SELECTOR, new AnnotationHover(store)),
    ...Object.entries(createCommands({ store, tree, treeView, log })).map(([id, handler]) => vscode.commands.registerCommand(id, handler)),
    vscode.commands.registerCommand('seedAnnotator.refresh', () => corpus.rescan()),
    vscode.workspace.onDidOpenTextDocument(promoteToSeed),
    vscode.window.onDidChangeActiveTextEditor((editor) => revealActive(editor)),
    treeView.onDidChangeVisibility((e) => {
      if (e.visible) revealActive(vscode.window.activeTextEditor);
    }),
    corpus.onDidFinishScan(() => revealActive(vscode.window.activeTextEditor)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('seedAnnotator.documents.sortOrder')) void updateSortContext();
    }),
  );

  function revealActive(editor: vscode.TextEditor | undefined): void {
    if (!editor || !treeView.visible) return;
    const node = tree.nodeForDocument(toLocation(editor.document.uri));
    if (node) void treeView.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  }

  for (const document of vscode.workspace.textDocuments) promoteToSeed(document);
  void updateSortContext();
  void corpus.rescan();
  log.info('Seed Annotator activated');

  return { index: corpus.index, store, documentsTree: tree, documentsView: treeView, dateLenses: lenses, highlights, diagnostics, whenIndexed: () => corpus.whenScanned() };
}

/**
 * Gives the seed language to a plain-text document whose first line is a
 * date header, in case an explicit `.txt` association outranks `firstLine`.
 */
function promoteToSeed(document: vscode.TextDocument): void {
  if (document.languageId !== 'plaintext' || document.lineCount === 0) return;
  const first = document.lineAt(0).text;
  if (looksLikeSeed(first.slice(0, 64))) void vscode.languages.setTextDocumentLanguage(document, 'seed').then(undefined, () => undefined);
}

async function updateSortContext(): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'seedAnnotator.sortOrder', sortOrder());
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
