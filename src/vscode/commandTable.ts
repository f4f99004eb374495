/**
 * Every command of the extension, in one table of ids → handlers (as
 * rust-analyzer's `createCommands()`), registered in one way: inside the
 * guard of commandGuard.ts. A new command is a handler plus one line here
 * (and its entry in package.json's `contributes.commands`).
 */

import type { DocumentMoves } from './documentMoves';
import * as vscode from 'vscode';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import type { ActorCommands } from './actorCommands';
import { openAnnotation } from './actorsTree';
import { guardCommand, type CommandHandler } from './commandGuard';
import { openSidecar, removeAnnotation, seedEditor, showInTree, tagActor, tagQuote, type CommandContext } from './commands';
import { editAnnotation } from './editAnnotation';
import { exportCorpus } from './exportCommand';
import { GIT_SETUP_COMMAND, RESOLVE_COMMAND, type MergeConflicts } from './mergeConflicts';
import { MIGRATE_COMMAND, type MigrationOffer } from './migrationOffer';
import { runReviewFix } from './reviewCommands';
import type { SuggestionsAdapter } from './suggestions';
import type { TimelinePanel } from './timelinePanel';
import type { CorpusService } from './workspaceCorpus';

/** What the commands need: the services the composition root builds. */
export interface CommandServices extends CommandContext {
  readonly corpus: CorpusService;
  readonly index: CorpusIndex;
  readonly actorCommands: ActorCommands;
  readonly suggestions: SuggestionsAdapter;
  readonly timeline: TimelinePanel;
  /** Remembers the last export folder. */
  readonly memory: vscode.Memento;
  readonly mergeConflicts: MergeConflicts;
  readonly migration: MigrationOffer;
  /** How to run the bundled CLI (for the git merge driver). */
  readonly cli: readonly string[];
  /** Sidecars that follow their documents, and re-attach offers. */
  readonly documentMoves: DocumentMoves;
}

/** Every command, by id. */
export function commandTable(s: CommandServices): Readonly<Record<string, CommandHandler>> {
  const actors = s.actorCommands;
  return {
    'seedAnnotator.tagQuote': () => tagQuote(s),
    'seedAnnotator.tagActor': () => tagActor(s),
    'seedAnnotator.removeAnnotation': (document, id) => removeAnnotation(s, document, id),
    'seedAnnotator.editAnnotation': (document, id) => editAnnotation(s, document, id),
    'seedAnnotator.undo': () => s.undo.undo(),
    'seedAnnotator.redo': () => s.undo.redo(),
    'seedAnnotator.undoInEditor': () => s.undo.undoInEditor(),
    'seedAnnotator.redoInEditor': () => s.undo.redoInEditor(),
    'seedAnnotator.openSidecar': (arg) => openSidecar(arg),
    'seedAnnotator.showInTree': (arg) => showInTree(s, arg),
    'seedAnnotator.sortNewestFirst': () => s.config.setSortOrder('newestFirst'),
    'seedAnnotator.sortOldestFirst': () => s.config.setSortOrder('oldestFirst'),
    'seedAnnotator.refresh': () => s.corpus.rescan(),
    'seedAnnotator.openAnnotation': (document, start, end) => openAnnotation(String(document), Number(start), Number(end)),
    'seedAnnotator.review.accept': (...args) => runReviewFix(s.tracker, 'accept', args),
    'seedAnnotator.review.relocate': (...args) => runReviewFix(s.tracker, 'relocate', args),
    'seedAnnotator.review.delete': (...args) => runReviewFix(s.tracker, 'delete', args),
    'seedAnnotator.renameActor': (node, name) => actors.renameActor(node, name),
    'seedAnnotator.mergeActor': (node, intoId) => actors.mergeActor(node, intoId),
    'seedAnnotator.addAlias': (node, alias) => actors.addAlias(node, alias),
    'seedAnnotator.setKind': (node, kind) => actors.setKind(node, kind),
    'seedAnnotator.setWikidata': (node, qid) => actors.setWikidata(node, qid),
    'seedAnnotator.tagAllMentions': (node) => actors.tagAllMentions(node),
    'seedAnnotator.showTimeline': () => s.timeline.show(),
    [RESOLVE_COMMAND]: (uri) => s.mergeConflicts.resolve(uri),
    [MIGRATE_COMMAND]: (uri) => s.migration.migrate(uri),
    [GIT_SETUP_COMMAND]: (uri) => s.mergeConflicts.installMergeDriver(uri, s.cli),
    'seedAnnotator.reviewSuggestions': () => s.suggestions.walk(seedEditor()),
    'seedAnnotator.acceptSuggestion': (location, start, end, actorId, name, ask) =>
      s.suggestions.accept(String(location), Number(start), Number(end), (actorId as string | null) ?? null, (name as string | null) ?? null, ask === true),
    'seedAnnotator.exportQuotes': (format, target) => exportCorpus(s, format, target),
    'seedAnnotator.reattachOrphans': () => s.documentMoves.offerAll(),
  };
}

/** What a command's guard showed the user: a refusal's warning, or a failure's error. */
export interface CommandReport {
  readonly command: string;
  readonly outcome: 'refused' | 'failed';
  /** The message as shown. */
  readonly message: string;
}

/**
 * Registers every command of `table` inside the guard: a refusal is shown as a warning, a
 * failure is logged and shown; each message shown also goes to `report`.
 */
export function registerCommands(table: Readonly<Record<string, CommandHandler>>, log: vscode.LogOutputChannel, report: (shown: CommandReport) => void = () => undefined): vscode.Disposable[] {
  return Object.entries(table).map(([command, handler]) => {
    const sink = {
      info: (message: string) => log.info(message),
      error: (error: Error | string) => log.error(error),
      showWarning: (message: string) => {
        report({ command, outcome: 'refused', message });
        void vscode.window.showWarningMessage(message);
      },
      showError: (message: string) => {
        report({ command, outcome: 'failed', message });
        void vscode.window.showErrorMessage(message);
      },
    };
    return vscode.commands.registerCommand(command, guardCommand(command, handler, sink));
  });
}
