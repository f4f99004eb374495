/**
 * Edit Annotation: change a quote's speaker, cue, direct or indirect, and span
 * (to the selection), or a mention's actor, in place, as one undoable step.
 * Reached from the palette and the context menu (at the cursor), the hover's
 * Edit link, the header CodeLens, the Actors view, and Tag Quote on a quote
 * that is already tagged.
 */

import * as vscode from 'vscode';
import type { Registry } from '../core/files/registry';
import type { Annotation } from '../core/files/sidecar';
import { describe } from '../core/files/store';
import { excerpt } from '../core/text/excerpt';
import { annotationsAt, draftMention, draftQuote, TagError } from '../core/tagging/tagging';
import { pickActor } from './actorPicker';
import { actorsByDistance } from '../core/tagging/actorChoice';
import type { CommandContext } from './commands';
import { currentOrigin } from './undoCommands';
import { EditorText } from './editorText';
import { toLocation, toUri } from './workspaceFiles';

/** An annotation in the user's words: `quote “We will not…” by Jane Roe`. */
export function describeAnnotation(annotation: Annotation, registry: Registry | null, max = 50): string {
  if (annotation.kind === 'quote') {
    const speaker = annotation.speaker ? registry?.get(annotation.speaker)?.name ?? annotation.speaker : null;
    return `quote “${excerpt(annotation.anchor.exact, max)}”${speaker ? ` by ${speaker}` : ''}`;
  }
  const actor = registry?.get(annotation.actor)?.name ?? annotation.actor;
  return `mention “${excerpt(annotation.anchor.exact, max)}” of ${actor}`;
}

/** A picker item for an annotation: its words, then who said it or who it names; never its id. */
export function annotationItem(annotation: Annotation, registry: Registry | null): vscode.QuickPickItem {
  if (annotation.kind === 'quote') {
    const speaker = annotation.speaker ? registry?.get(annotation.speaker)?.name ?? annotation.speaker : 'no speaker yet';
    return { label: `$(quote) “${excerpt(annotation.anchor.exact, 60)}”`, description: `${speaker}${annotation.cue ? ` · ${annotation.cue}` : ''} · ${annotation.direct ? 'direct' : 'indirect'}` };
  }
  return { label: `$(person) ${excerpt(annotation.anchor.exact, 60)}`, description: `mention of ${registry?.get(annotation.actor)?.name ?? annotation.actor}` };
}

/** The annotations of the active document under the cursor, innermost first, with their current anchors. */
export async function annotationsAtCursor(ctx: CommandContext, editor: vscode.TextEditor): Promise<{ location: string; hits: Annotation[]; registry: Registry | null }> {
  const location = toLocation(editor.document.uri);
  const state = await ctx.store.sidecar(location);
  if (state.status === 'missing') throw new TagError('This document has no annotations yet: select a quote and run Tag Quote, or a name and run Tag Actor.');
  if (state.status === 'broken') throw new TagError(`Nothing can be changed until the sidecar is fixed (${describe(state.problems)}). Open it with Open Sidecar, or restore it from git. (${state.location.split('/').pop()})`);
  const offset = EditorText.of(editor.document).offsetAt(editor.selection.active);
  const current = ctx.tracker.currentAnnotations(location, state.sidecar.annotations) ?? state.sidecar.annotations;
  const hits = annotationsAt(current, offset);
  const registryState = await ctx.store.registry(location);
  return { location, hits, registry: registryState.status === 'ok' ? registryState.registry : null };
}

/** Asks which of several annotations under the cursor is meant. */
export async function pickAnnotation(hits: readonly Annotation[], registry: Registry | null, title: string): Promise<Annotation | undefined> {
  if (hits.length <= 1) return hits[0];
  const pick = await vscode.window.showQuickPick(hits.map((a) => ({ ...annotationItem(a, registry), annotation: a })), { title });
  return pick?.annotation;
}

type EditChoice = 'speaker' | 'cue' | 'direct' | 'span' | 'actor' | 'remove';

/**
 * Edit Annotation at Cursor, or of a given annotation (document location and
 * id, as the hover link and the Actors view pass them).
 */
export async function editAnnotation(ctx: CommandContext, documentArg?: unknown, idArg?: unknown, heading?: string): Promise<string | undefined> {
  // The Actors view passes its node: a quote or a mention, with its document and id.
  const node = ledgerEntryOf(documentArg);
  if (node) [documentArg, idArg] = [node.document, node.id];
  let editor = vscode.window.activeTextEditor;
  if (typeof documentArg === 'string' && (!editor || toLocation(editor.document.uri) !== documentArg)) {
    editor = await vscode.window.showTextDocument(toUri(documentArg), { preview: false });
  }
  if (!editor || editor.document.languageId !== 'seed') throw new TagError('Open a seed document and put the cursor in a tagged quote or mention first.');
  let annotation: Annotation | undefined;
  let registry: Registry | null;
  const location = toLocation(editor.document.uri);
  if (typeof idArg === 'string') {
    const state = await ctx.store.sidecar(location);
    if (state.status !== 'ok') throw new TagError('The annotations of this document cannot be read; open its sidecar to see why.');
    const all = ctx.tracker.currentAnnotations(location, state.sidecar.annotations) ?? state.sidecar.annotations;
    annotation = all.find((a) => a.id === idArg);
    if (!annotation) throw new TagError('That annotation is no longer in the sidecar (removed or undone since).');
    const r = await ctx.store.registry(location);
    registry = r.status === 'ok' ? r.registry : null;
  } else {
    const found = await annotationsAtCursor(ctx, editor);
    registry = found.registry;
    if (found.hits.length === 0) throw new TagError('Put the cursor in a tagged quote or actor mention to edit it.');
    annotation = await pickAnnotation(found.hits, registry, 'Edit which annotation?');
  }
  if (!annotation) return undefined;
  const text = EditorText.of(editor.document);
  const selection = text.spanOf(editor.selection);
  const items: Array<vscode.QuickPickItem & { choice: EditChoice }> = [];
  if (annotation.kind === 'quote') {
    const speaker = annotation.speaker ? registry?.get(annotation.speaker)?.name ?? annotation.speaker : 'none yet';
    items.push(
      { label: '$(person) Change speaker…', description: `now ${speaker}`, choice: 'speaker' },
      { label: '$(symbol-event) Change cue…', description: `now ${annotation.cue ?? 'none'}`, choice: 'cue' },
      { label: annotation.direct ? '$(comment) Make it indirect (paraphrase)' : '$(quote) Make it direct (in quotation marks)', description: `now ${annotation.direct ? 'direct' : 'indirect'}`, choice: 'direct' },
    );
  } else {
    items.push({ label: '$(person) Change actor…', description: `now ${registry?.get(annotation.actor)?.name ?? annotation.actor}`, choice: 'actor' });
  }
  const spanDiffers = selection.end > selection.start && (selection.start !== annotation.anchor.start || selection.end !== annotation.anchor.end);
  if (spanDiffers) items.push({ label: '$(selection) Set the span to the selection', description: `“${excerpt(text.points.slice(selection.start, selection.end), 40)}”`, choice: 'span' });
  else items.push({ label: '$(selection) Change the span…', description: 'select the new words first, then edit again', choice: 'span' });
  items.push({ label: '$(trash) Remove', choice: 'remove' });
  const what = describeAnnotation(annotation, registry);
  const choice = await vscode.window.showQuickPick(items, { title: heading ?? `Edit ${what}`, placeHolder: 'What do you want to change?' });
  if (!choice) return undefined;
  const id = annotation.id;
  const origin = currentOrigin();
  switch (choice.choice) {
    case 'speaker':
    case 'actor': {
      if (!registry) throw new TagError('The actor registry cannot be read, so nothing was changed; open it to see why.');
      const near = actorsByDistance((await ctx.store.sidecar(location)).status === 'ok' ? annotationsOf(ctx, location) : [], annotation.anchor.start);
      const picked = await pickActor(registry, { title: choice.choice === 'speaker' ? `Speaker of “${excerpt(annotation.anchor.exact, 50)}”` : `Actor mentioned as “${excerpt(annotation.anchor.exact, 50)}”`, placeholder: 'Pick an actor, or type a new name and press Enter', documentActors: near });
      if (!picked) return undefined;
      const name = 'actor' in picked ? picked.actor.name : picked.name;
      await ctx.undo.history.edit(`change ${choice.choice} of ${what} to ${name}`, location, null, (sidecar, fresh) => {
        const actorId = 'actor' in picked ? picked.actor.id : (fresh.findByName(picked.name) ?? fresh.add(picked.name, picked.kind)).id;
        if (!sidecar.update(id, choice.choice === 'speaker' ? { speaker: actorId } : { actor: actorId })) throw new TagError('That annotation is no longer in the sidecar (removed or undone since).');
        if (choice.choice === 'actor') fresh.addAlias(actorId, annotation!.anchor.exact);
      }, origin);
      vscode.window.setStatusBarMessage(`$(edit) ${annotation.kind === 'quote' ? 'Speaker' : 'Actor'} is now ${name} (Ctrl+Z to undo)`, 6000);
      return id;
    }
    case 'cue': {
      if (annotation.kind !== 'quote') return undefined;
      const cue = await vscode.window.showInputBox({ title: `Cue of ${what}`, value: annotation.cue ?? '', prompt: 'The verb that introduces the quote (said, told, according to…); leave empty for none' });
      if (cue === undefined) return undefined;
      await ctx.undo.history.edit(`change cue of ${what}`, location, null, (sidecar) => {
        if (!sidecar.update(id, { cue: cue.trim() || null })) throw new TagError('That quote is no longer in the sidecar (removed or undone since).');
      }, origin);
      vscode.window.setStatusBarMessage(`$(edit) Cue is now ${cue.trim() || 'none'} (Ctrl+Z to undo)`, 6000);
      return id;
    }
    case 'direct': {
      if (annotation.kind !== 'quote') return undefined;
      const direct = !annotation.direct;
      await ctx.undo.history.edit(`make ${what} ${direct ? 'direct' : 'indirect'}`, location, null, (sidecar) => {
        if (!sidecar.update(id, { direct })) throw new TagError('That quote is no longer in the sidecar (removed or undone since).');
      }, origin);
      vscode.window.setStatusBarMessage(`$(edit) The quote is now ${direct ? 'direct' : 'indirect'} (Ctrl+Z to undo)`, 6000);
      return id;
    }
    case 'span': {
      if (!spanDiffers) throw new TagError('Select the words the annotation should cover, then run Edit Annotation again and pick “Set the span to the selection”.');
      const anchor = annotation.kind === 'quote' ? draftQuote(text.text, selection).anchor : draftMention(text.text, selection).anchor;
      await ctx.undo.history.edit(`change the span of ${what}`, location, null, (sidecar) => {
        if (!sidecar.setAnchor(id, anchor)) throw new TagError('That annotation is no longer in the sidecar (removed or undone since).');
      }, origin);
      vscode.window.setStatusBarMessage(`$(edit) The ${annotation.kind} now covers “${excerpt(anchor.exact, 40)}” (Ctrl+Z to undo)`, 6000);
      return id;
    }
    case 'remove':
      await vscode.commands.executeCommand('seedAnnotator.removeAnnotation', location, id);
      return id;
  }
}

/** The document and id of an Actors view node of a quote or a mention, if `arg` is one. */
function ledgerEntryOf(arg: unknown): { document: string; id: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as { type?: unknown; quote?: { document?: unknown; id?: unknown }; mention?: { document?: unknown; id?: unknown } };
  const entry = node.type === 'quote' ? node.quote : node.type === 'mention' ? node.mention : undefined;
  return typeof entry?.document === 'string' && typeof entry.id === 'string' ? { document: entry.document, id: entry.id } : undefined;
}

function annotationsOf(ctx: CommandContext, location: string): Annotation[] {
  const state = ctx.store.peekSidecar(location);
  return state?.status === 'ok' ? state.sidecar.annotations : [];
}
