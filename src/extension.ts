/**
 * The composition root: builds the services, registers every provider,
 * command and view, and hands every disposable to VS Code.
 */

import * as vscode from 'vscode';
import { host } from './node/extensionHost';
import type { ExtensionHost } from './vscode/hostFacilities';
import type { CorpusIndex } from './core/corpus/corpusIndex';
import { looksLikeSeed } from './core/format/format';
import { AnnotationStore } from './core/files/store';
import { commandTable, registerCommands, type CommandReport } from './vscode/commandTable';
import { Config } from './vscode/config';
import { CorpusService, indexCacheOptions, registryLocator, type ScanReport } from './vscode/workspaceCorpus';
import { AnnotatorIdentity } from './vscode/annotatorIdentity';
import { provenanceOf } from './node/annotator';
import { DateLensProvider } from './vscode/dateLens';
import { CorpusDiagnostics } from './vscode/diagnostics';
import { DocumentsTreeProvider, type DocumentsNode } from './vscode/documentsTree';
import { toLocation, workspaceFiles } from './vscode/workspaceFiles';
import { AnnotationHover, Highlights } from './vscode/highlights';
import { ActorCommands, PREVIEW_SCHEME } from './vscode/actorCommands';
import { ActorsTreeProvider, type ActorsNode } from './vscode/actorsTree';
import { LedgerService } from './vscode/ledgerLoader';
import { TIMELINE_VIEW_TYPE, TimelinePanel } from './vscode/timelinePanel';
import { AnchorTracker } from './vscode/liveAnchoring';
import { ReviewAdapter } from './vscode/reviewQueue';
import { SuggestionsAdapter } from './vscode/suggestions';
import { EditHistory } from './core/files/history';
import { AnnotationUndo } from './vscode/undoCommands';
import { bundledCli, MergeConflicts } from './vscode/mergeConflicts';
import { CorpusProblems } from './vscode/corpusProblems';
import { DocumentMoves } from './vscode/documentMoves';
import { MigrationOffer } from './vscode/migrationOffer';
import { recoverInterruptedWrites } from './vscode/interruptedWrites';

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
  /** Who said what: the ledger behind the Actors view and the timeline. */
  readonly ledger: LedgerService;
  /** The Actors view's provider. */
  readonly actorsTree: ActorsTreeProvider;
  /** The quote timeline panel (Show Timeline). */
  readonly timeline: TimelinePanel;
  /** Live anchors and the review queue. */
  readonly anchors: AnchorTracker;
  /** Diagnostics and quick fixes of the review queue. */
  readonly reviews: ReviewAdapter;
  /** Quote suggestions. */
  readonly suggestions: SuggestionsAdapter;
  /** The checks of documents and sidecars that are not open. */
  readonly corpusProblems: CorpusProblems;
  /** Undo and redo of annotation changes. */
  readonly undo: AnnotationUndo;
  /** Resolve Merge Conflict by Annotation Id, its CodeLens and quick fix, and the merge driver offer. */
  readonly mergeConflicts: MergeConflicts;
  /** Sidecars that follow renamed, moved and deleted documents, and re-attach offers. */
  readonly documentMoves: DocumentMoves;
  readonly migration: MigrationOffer;
  /** Fires when a command shows a refusal or a failure (the message as the user saw it). */
  readonly onDidReportCommand: vscode.Event<CommandReport>;
  /** Resolves when the scan in progress (or the first one) has finished. */
  whenIndexed(): Promise<void>;
  /** The extension host running the extension: Node.js, or the browser's web worker. */
  readonly hostKind: ExtensionHost['kind'];
  /** How long activate() took, in milliseconds (from its first line to its return). */
  readonly activationMs: number;
  /** When activate() began, in milliseconds since the epoch (as Date.now()). */
  readonly activatedAt: number;
  /** The last scan: its duration, the files listed, how many came from the index cache and how many were read. */
  lastScan(): ScanReport | undefined;
  /** Resolves when the Documents tree first has something to show (the cached index, or the first documents read), with that time. */
  whenShown(): Promise<number>;
}

const SEED_SELECTOR: vscode.DocumentSelector = { language: 'seed' };

export function activate(context: vscode.ExtensionContext): SeedAnnotatorApi {
  const activationStart = performance.now();
  const activatedAt = Date.now();
  const log = vscode.window.createOutputChannel('Seed Annotator', { log: true });
  log.info(host.kind === 'webworker'
    ? "running in the browser's web-worker extension host: files through the workspace file system, locks within this window, no git"
    : 'running in the Node.js extension host');
  const config = new Config(vscode.workspace);
  const annotator = new AnnotatorIdentity(config);
  const store = new AnnotationStore(workspaceFiles, registryLocator(config), { provenance: provenanceOf(() => annotator.name) });
  const cache = indexCacheOptions(context);
  const corpus = new CorpusService(store, log, config, cache.uri, cache.salt);
  // The ledger is built below; the history asks it only when an undo removes an actor.
  const late: { ledger?: LedgerService } = {};
  const documentsReferencing = (actorId: string): string[] => late.ledger?.ledger.documentsReferencing(actorId) ?? [];
  const history = new EditHistory(store, { documentsReferencing });
  const undo = new AnnotationUndo(history);
  const tracker = new AnchorTracker(store, log, history);
  const reviews = new ReviewAdapter(tracker);
  const suggestions = new SuggestionsAdapter(store, config, history, log);
  const tree = new DocumentsTreeProvider(corpus.index, store, tracker.review, config);
  const treeView = vscode.window.createTreeView('seedAnnotator.documents', { treeDataProvider: tree, showCollapseAll: true });
  const lenses = new DateLensProvider(store);
  const highlights = new Highlights(store, tracker, config);
  const diagnostics = new CorpusDiagnostics(store);
  const corpusProblems = new CorpusProblems(corpus.index, store, corpus.onDidFinishScan, config);
  const ledger = new LedgerService(corpus.index, store, log);
  late.ledger = ledger;
  const documentMoves = new DocumentMoves(store, corpus.index, log);
  const actorsTree = new ActorsTreeProvider(ledger, store, config, () => documentMoves.orphanedAnnotations());
  const actorsView = vscode.window.createTreeView<ActorsNode>('seedAnnotator.actors', { treeDataProvider: actorsTree, showCollapseAll: true });
  const timeline = new TimelinePanel(context.extensionUri, ledger, store, log, config);
  const mergeConflicts = new MergeConflicts(store, log, config);
  const migration = new MigrationOffer(store, context.workspaceState, log, config);
  const cli = bundledCli(context.extensionPath);
  const actorCommands = new ActorCommands({ store, index: corpus.index, ledger, actors: actorsTree, log, history });
  const commandReports = new vscode.EventEmitter<CommandReport>();
  const commands = commandTable({
    store, index: corpus.index, corpus, tree, treeView, log, tracker, undo, config, actorCommands, suggestions, timeline,
    memory: context.globalState, mergeConflicts, migration, cli, documentMoves,
  });

  context.subscriptions.push(
    log,
    undo,
    annotator,
    corpus,
    tracker,
    reviews,
    suggestions,
    vscode.languages.registerCodeActionsProvider(SEED_SELECTOR, suggestions, { providedCodeActionKinds: SuggestionsAdapter.providedCodeActionKinds }),
    tree,
    treeView,
    lenses,
    highlights,
    diagnostics,
    corpusProblems,
    ledger,
    actorsTree,
    actorsView,
    timeline,
    mergeConflicts,
    documentMoves,
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, { deserializeWebviewPanel: (panel) => timeline.restore(panel) }),
    vscode.languages.registerCodeLensProvider(SEED_SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SEED_SELECTOR, new AnnotationHover(store, tracker)),
    vscode.languages.registerHoverProvider(SEED_SELECTOR, reviews),
    vscode.languages.registerCodeActionsProvider(SEED_SELECTOR, reviews, { providedCodeActionKinds: ReviewAdapter.providedCodeActionKinds }),
    corpus.onDidChangeDocumentFile((location) => void tracker.documentChangedOnDisk(location)),
    corpus.onDidDeleteDocumentFile((location) => tracker.forget(location)),
    toDisposable(tracker.review.onDidChange(() => void vscode.commands.executeCommand('setContext', 'seedAnnotator.hasReview', tracker.review.size > 0))),
    corpus.index.onDidChange((changed) => {
      for (const location of changed) if (!corpus.index.get(location)) tracker.forget(location);
    }),
    commandReports,
    ...registerCommands(commands, log, (shown) => commandReports.fire(shown)),
    vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, actorCommands),
    vscode.workspace.onDidOpenTextDocument(promoteToSeed),
    vscode.window.onDidChangeActiveTextEditor((editor) => revealActive(editor)),
    treeView.onDidChangeVisibility((e) => {
      if (e.visible) revealActive(vscode.window.activeTextEditor);
    }),
    corpus.onDidFinishScan(() => revealActive(vscode.window.activeTextEditor)),
    config.onDidChange(['documents.sortOrder'], () => void updateSortContext(config)),
  );

  function revealActive(editor: vscode.TextEditor | undefined): void {
    if (!editor || !treeView.visible) return;
    const node = tree.nodeForDocument(toLocation(editor.document.uri));
    if (node) void treeView.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => undefined);
  }

  for (const document of vscode.workspace.textDocuments) promoteToSeed(document);
  void updateSortContext(config);
  void corpus.rescan();
  // Offered once per repository, after the first scan found a corpus to merge.
  const offer = corpus.onDidFinishScan(() => {
    offer.dispose();
    if (corpus.index.size > 0) void mergeConflicts.offerMergeDriver(context.globalState, cli).catch((error: unknown) => log.warn(`merge driver offer: ${String(error)}`));
    void migration.offer().catch((error: unknown) => log.warn(`migration offer: ${String(error)}`));
    void recoverInterruptedWrites(vscode.workspace.workspaceFolders ?? [], log).catch((error: unknown) => log.warn(`interrupted writes: ${String(error)}`));
  });
  context.subscriptions.push(offer);
  log.info('Seed Annotator activated');

  return { index: corpus.index, store, documentsTree: tree, documentsView: treeView, dateLenses: lenses, highlights, diagnostics, ledger, actorsTree, timeline, anchors: tracker, reviews, suggestions, undo, corpusProblems, mergeConflicts, migration, documentMoves, onDidReportCommand: commandReports.event, whenIndexed: () => corpus.whenScanned(), whenShown: () => corpus.whenShown(), hostKind: host.kind,
    activatedAt, lastScan: () => corpus.lastScan, activationMs: performance.now() - activationStart };
}

function toDisposable(d: { dispose(): void }): vscode.Disposable {
  return new vscode.Disposable(() => d.dispose());
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

async function updateSortContext(config: Config): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'seedAnnotator.sortOrder', config.sortOrder);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
