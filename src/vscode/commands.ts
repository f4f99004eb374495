/**
 * The editor's commands: Tag Quote, Tag Actor, Remove Annotation, Open
 * Sidecar, Show in Tree. Each is a thin shell: it reads the editor, asks the
 * user, and hands the work to the core. They are listed in commandTable.ts.
 */

import * as vscode from 'vscode';
import { parseSeed } from '../core/format/format';
import type { Registry } from '../core/files/registry';
import { describe, refusal, sidecarLocationFor, type AnnotationStore } from '../core/files/store';
import { isMergeConflict } from '../core/files/yamlFile';
import { contentHash } from '../core/anchoring/anchor';
import type { Annotation } from '../core/files/sidecar';
import { addMention, addQuote, draftMention, draftQuote, TagError } from '../core/tagging/tagging';
import { pickActor, type ActorChoice } from './actorPicker';
import { actorsByDistance } from '../core/tagging/actorChoice';
import type { AnchorTracker } from './liveAnchoring';
import type { DocumentsTreeProvider, DocumentsNode } from './documentsTree';
import { EditorText } from './editorText';
import { toLocation, toUri } from './workspaceFiles';
import type { Config } from './config';
import { currentOrigin, type AnnotationUndo } from './undoCommands';
import { annotationItem, annotationsAtCursor, describeAnnotation, editAnnotation } from './editAnnotation';
import { excerpt } from '../core/text/excerpt';
import { registeredNameAt } from '../core/tagging/mentions';
import { speakerChoicesInBackground } from '../node/englishAnalyser';

/** What the command handlers need. */
export interface CommandContext {
  readonly store: AnnotationStore;
  readonly tree: DocumentsTreeProvider;
  readonly treeView: vscode.TreeView<DocumentsNode>;
  readonly log: vscode.LogOutputChannel;
  readonly tracker: AnchorTracker;
  readonly undo: AnnotationUndo;
  readonly config: Config;
}

/** The active editor, when it shows a seed document; else a refusal that says what to open. */
export function seedEditor(): vscode.TextEditor {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'seed') {
    throw new TagError('Open a seed document (a .txt file starting with “ date YYYY-MM-DD”) first.');
  }
  return editor;
}

async function usableRegistry(ctx: CommandContext, location: string): Promise<Registry> {
  const state = await ctx.store.registry(location);
  if (state.status === 'broken') {
    if (isMergeConflict(state.problems)) throw new TagError(refusal(state.location, state.problems, 'registry'));
    throw new TagError(`Nothing was tagged: the actor registry cannot be read (${describe(state.problems)}). Fix it by hand or restore it from git. (${state.location.split('/').pop()})`);
  }
  return state.registry;
}

async function documentActors(ctx: CommandContext, location: string, offset: number): Promise<string[]> {
  const state = await ctx.store.sidecar(location);
  if (state.status === 'broken') {
    if (isMergeConflict(state.problems)) throw new TagError(refusal(state.location, state.problems, 'sidecar'));
    throw new TagError(`Nothing was tagged: this document's sidecar cannot be read (${describe(state.problems)}). Fix it with Open Sidecar, or restore it from git. (${state.location.split('/').pop()})`);
  }
  return state.status === 'ok' ? actorsByDistance(state.sidecar.annotations, offset) : [];
}

function resolveActor(registry: Registry, choice: ActorChoice): string {
  if ('actor' in choice) return choice.actor.id;
  return (registry.findByName(choice.name) ?? registry.add(choice.name, choice.kind)).id;
}

/** Tag Quote…: the selection (or the quotation around the cursor) as a quote, with the speaker the user picks. */
export async function tagQuote(ctx: CommandContext): Promise<string | undefined> {
  const editor = seedEditor();
  const text = EditorText.of(editor.document);
  const location = toLocation(editor.document.uri);
  const draft = draftQuote(text.text, text.spanOf(editor.selection), ctx.config.cueSettings);
  const registry = await usableRegistry(ctx, location);
  const near = await documentActors(ctx, location, draft.span.start);
  const existing = ctx.store.peekSidecar(location);
  const same = existing?.status === 'ok' ? existing.sidecar.value.quotes.find((q) => q.anchor.start === draft.anchor.start && q.anchor.end === draft.anchor.end) : undefined;
  if (same) {
    // Tagging a tagged quote means changing it: offer the edit instead of a refusal.
    const described = describeAnnotation({ kind: 'quote', ...same }, registry);
    return editAnnotation(ctx, location, same.id, `This ${described} is already tagged: change it?`);
  }
  // Found in the suggestion worker: the language library never loads on the host's thread.
  const choices = await speakerChoicesInBackground(text.text, draft.span, { ...ctx.config.cueSettings, registry });
  const suggested = [
    ...(choices.suggested ? [{ name: choices.suggested.name, actorId: choices.suggested.actorId, detail: 'suggested speaker of this quote' }] : []),
    ...choices.names.slice(0, 12),
  ];
  const choice = await pickActor(registry, {
    title: `Speaker of “${excerpt(draft.anchor.exact, 60)}”`,
    placeholder: 'Who said it? Pick an actor or type a new name',
    documentActors: near,
    suggested,
  });
  if (!choice) return undefined;
  const speakerName = 'actor' in choice ? choice.actor.name : choice.name;
  const quote = await ctx.undo.history.edit(`tag quote “${excerpt(draft.anchor.exact, 40)}” by ${speakerName}`, location, contentHash(text.text),
    (sidecar, fresh) => addQuote(sidecar, draft, resolveActor(fresh, choice)), currentOrigin());
  vscode.window.setStatusBarMessage(`$(quote) Tagged ${quote.direct ? 'a direct' : 'an indirect'} quote by ${speakerName}${quote.cue ? ` (${quote.cue})` : ''} (Ctrl+Z to undo)`, 6000);
  return quote.id;
}

/** Tag Actor…: the selection (or the word at the cursor) as a mention of the actor the user picks. */
export async function tagActor(ctx: CommandContext): Promise<string | undefined> {
  const editor = seedEditor();
  const text = EditorText.of(editor.document);
  const location = toLocation(editor.document.uri);
  const registry = await usableRegistry(ctx, location);
  if (editor.selection.isEmpty) {
    // A cursor in part of a registered name (“Trump” of “Donald Trump”) takes the whole name.
    const names = registry.actors.flatMap((a) => [a.name, ...a.aliases]);
    const known = registeredNameAt(text.text, text.offsetAt(editor.selection.active), names);
    const word = known ? text.rangeOf(known) : editor.document.getWordRangeAtPosition(editor.selection.active);
    if (!word) throw new TagError('Select the name of the actor to tag, or put the cursor in it.');
    editor.selection = new vscode.Selection(word.start, word.end);
  }
  const draft = draftMention(text.text, text.spanOf(editor.selection));
  const near = await documentActors(ctx, location, draft.span.start);
  const choice = await pickActor(registry, {
    title: `Actor mentioned as “${draft.anchor.exact}”`,
    placeholder: 'Enter tags the highlighted actor; to create a new one, pick the “new actor” row',
    documentActors: near,
    value: draft.anchor.exact,
  });
  if (!choice) return undefined;
  const name = 'actor' in choice ? choice.actor.name : choice.name;
  const result = await ctx.undo.history.edit(`tag ${name} in “${excerpt(draft.anchor.exact, 40)}”`, location, contentHash(text.text), (sidecar, fresh) => {
    const id = resolveActor(fresh, choice);
    return addMention(sidecar, fresh, draft, fresh.get(id)!);
  }, currentOrigin());
  vscode.window.setStatusBarMessage(`$(person) Tagged ${name}${result.aliasAdded ? ` (new alias “${draft.anchor.exact}”)` : ''} (Ctrl+Z to undo)`, 6000);
  return result.mention.id;
}

/** Remove Annotation at Cursor (or the one named by document and id). */
export async function removeAnnotation(ctx: CommandContext, documentArg?: unknown, idArg?: unknown): Promise<string | undefined> {
  let location: string;
  let target: Annotation | undefined;
  let registry: Registry | null;
  if (typeof documentArg === 'string' && typeof idArg === 'string') {
    location = documentArg;
    const state = await ctx.store.sidecar(location);
    target = state.status === 'ok' ? state.sidecar.annotations.find((a) => a.id === idArg) : undefined;
    if (!target) throw new TagError('That annotation is no longer in the sidecar (removed or undone since).');
    const r = await ctx.store.registry(location);
    registry = r.status === 'ok' ? r.registry : null;
  } else {
    const found = await annotationsAtCursor(ctx, seedEditor());
    location = found.location;
    registry = found.registry;
    if (found.hits.length === 0) throw new TagError('Put the cursor in a tagged quote or actor mention to remove it.');
    target = found.hits[0];
    if (found.hits.length > 1) {
      const pick = await vscode.window.showQuickPick(found.hits.map((a) => ({ ...annotationItem(a, registry), annotation: a })), { title: 'Remove which annotation?' });
      if (!pick) return undefined;
      target = pick.annotation;
    }
  }
  const annotation = target!;
  const what = describeAnnotation(annotation, registry);
  await ctx.undo.history.edit(`remove ${what}`, location, null, (sidecar) => {
    if (!sidecar.remove(annotation.id)) throw new TagError(`The ${annotation.kind} was already removed.`);
  }, currentOrigin());
  vscode.window.setStatusBarMessage(`$(trash) Removed ${what} (Ctrl+Z to undo)`, 6000);
  const actorId = annotation.kind === 'quote' ? annotation.speaker : annotation.actor;
  if (actorId) void offerActorRemoval(ctx, location, actorId);
  return annotation.id;
}

/**
 * After a remove, an actor a tag created (this session, still undoable) that
 * nothing quotes or mentions any more is offered for removal from the
 * registry; an actor registered by hand is left alone.
 */
async function offerActorRemoval(ctx: CommandContext, location: string, actorId: string): Promise<void> {
  const actor = await ctx.undo.history.createdActorLeftUnused(location, actorId);
  if (!actor) return;
  const registryLocation = ctx.store.registryLocationOf(location);
  const answer = await vscode.window.showInformationMessage(`${actor.name} has no quotes or mentions left. Remove ${actor.name} from the actor registry too?`, 'Remove Actor', 'Keep');
  if (answer !== 'Remove Actor') return;
  await ctx.undo.history.editRegistry(`remove actor ${actor.name}`, registryLocation, (registry) => registry.remove(actorId));
  vscode.window.setStatusBarMessage(`$(trash) Removed ${actor.name} from the registry (Ctrl+Alt+Z to undo)`, 6000);
}

function uriArgument(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (arg && typeof arg === 'object' && 'location' in arg && typeof (arg as { location: unknown }).location === 'string') {
    return toUri((arg as { location: string }).location);
  }
  return vscode.window.activeTextEditor?.document.uri;
}

/** Open Sidecar: the sidecar of the document (a tree item, a URI, or the active editor's), beside it. */
export async function openSidecar(arg: unknown): Promise<void> {
  const uri = uriArgument(arg);
  if (!uri) throw new TagError('Open a seed document first.');
  const sidecar = toUri(sidecarLocationFor(toLocation(uri)));
  try {
    await vscode.workspace.fs.stat(sidecar);
  } catch {
    throw new TagError(`No sidecar yet: tag a quote or an actor to create it. (${uri.path.split('/').pop()})`);
  }
  await vscode.window.showTextDocument(sidecar, { viewColumn: vscode.ViewColumn.Beside, preview: true });
}

/** Show in Documents Tree: reveals the document (a tree item, a URI, or the active editor's). */
export async function showInTree(ctx: CommandContext, arg: unknown): Promise<void> {
  const uri = uriArgument(arg);
  if (!uri) throw new TagError('Open a seed document first.');
  const node = ctx.tree.nodeForDocument(toLocation(uri));
  if (!node) {
    const parsed = parseSeed(EditorText.of(await vscode.workspace.openTextDocument(uri)).text);
    throw new TagError(`This document is not in the Documents tree${parsed.problem ? `: ${parsed.problem}` : ' (it is outside the workspace or excluded by seedAnnotator.documents.exclude)'}.`);
  }
  await ctx.treeView.reveal(node, { select: true, focus: true, expand: true });
}
