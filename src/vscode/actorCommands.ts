/**
 * Commands of the Actors view: rename and merge (every sidecar and the
 * registry change together, all or nothing, after a preview of the files,
 * and can be undone as one step), aliases, kinds, Wikidata ids, and Tag All
 * Mentions.
 */

import * as vscode from 'vscode';
import { planActorChange, type ActorChange, type ActorChangePlan, type FileChange } from '../core/tagging/actorChanges';
import { contentHash, overlaps } from '../core/anchoring/anchor';
import { basename } from '../core/text/paths';
import { anchorText } from '../core/text/lineEnds';
import type { Actor, ActorKind, Registry } from '../core/files/registry';
import { readRegistryFiles, type AnnotationStore } from '../core/files/store';
import { untaggedMentions } from '../core/tagging/mentions';
import { addMention, draftMention, parseActorKind, TagError } from '../core/tagging/tagging';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import { EditorText } from './editorText';
import { pickKind } from './actorPicker';
import type { ActorsNode, ActorsTreeProvider } from './actorsTree';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';
import type { LedgerService } from './ledgerLoader';
import { diffActors, mergeChanges, type ChangeSet, type EditHistory, type HistoryEntry } from '../core/files/history';
import { currentOrigin } from './undoCommands';

/** What the actor commands need. */
export interface ActorCommandContext {
  readonly store: AnnotationStore;
  readonly index: CorpusIndex;
  readonly ledger: LedgerService;
  readonly actors: ActorsTreeProvider;
  readonly log?: vscode.LogOutputChannel;
  readonly history: EditHistory;
}

const decoder = new TextDecoder('utf-8');

async function readText(location: string): Promise<string> {
  const bytes = await workspaceFiles.read(location);
  return bytes ? decoder.decode(bytes) : '';
}

/** The actor a command is about: the tree item it was run on, or one the user picks. */
async function chooseActor(ctx: ActorCommandContext, node: unknown, title: string): Promise<{ registry: string; actor: Actor } | undefined> {
  if (node && typeof node === 'object' && 'type' in node) {
    const found = await ctx.actors.actorOf(node as ActorsNode);
    if (found) return found;
  }
  const all = await ctx.actors.actors();
  if (all.length === 0) throw new TagError('There are no actors yet: tag one with Tag Actor first.');
  const pick = await vscode.window.showQuickPick(
    all.map((a) => ({ label: a.actor.name, description: a.actor.kind, detail: a.actor.aliases.join(', ') || undefined, value: a })),
    { title, matchOnDetail: true },
  );
  return pick?.value;
}

/** Scheme of the read-only documents that show a file as a change would leave it. */
export const PREVIEW_SCHEME = 'seed-annotator-preview';

interface PreviewItem extends vscode.QuickPickItem {
  readonly action?: 'apply' | 'cancel';
  readonly change?: FileChange;
}

/**
 * Shows which files a change will touch, with a diff of each on demand, and
 * resolves true when the user applies it.
 */
async function confirmPlan(changes: readonly FileChange[], label: string, previews: Map<string, string>): Promise<boolean> {
  const stamp = Date.now().toString(36);
  const items: PreviewItem[] = [
    { label: `$(check) Apply to ${changes.length} file${changes.length === 1 ? '' : 's'}`, description: 'one step; Undo reverts it', action: 'apply' },
    { label: '$(close) Cancel', action: 'cancel' },
    { label: 'Files that will change (pick one to see its diff)', kind: vscode.QuickPickItemKind.Separator },
    ...changes.map((change) => ({
      label: `$(file) ${vscode.workspace.asRelativePath(toUri(change.location))}`,
      description: change.references ? `${change.references} reference${change.references === 1 ? '' : 's'}` : 'actor registry',
      change,
    })),
  ];
  for (;;) {
    const choice = await vscode.window.showQuickPick(items, { title: label, placeHolder: 'Review the files, then apply', ignoreFocusOut: true });
    if (!choice || choice.action === 'cancel') return false;
    if (choice.action === 'apply') return true;
    if (choice.change) {
      const key = `${stamp}:${choice.change.location}`;
      previews.set(key, choice.change.after);
      const after = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: toUri(choice.change.location).path, query: key });
      await vscode.commands.executeCommand('vscode.diff', toUri(choice.change.location), after, `${basename(choice.change.location)} ↔ after ${label}`, { preview: true });
    }
  }
}

/** Closes the diff tabs a change preview opened: once applied or undone they show a stale state. */
async function closePreviews(): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.input.modified.scheme === PREVIEW_SCHEME);
  if (tabs.length) await vscode.window.tabGroups.close(tabs);
}

/**
 * Applies a plan in one step (every file, or none), after the user has seen
 * and confirmed the files it changes, and records it for undo. Returns false
 * when the user cancels.
 */
async function applyPlan(ctx: ActorCommandContext, previews: Map<string, string>, plan: ActorChangePlan & { location: string }, documents: string[], label: string): Promise<boolean> {
  const changes = plan.registry.filter((c) => c.after !== c.before);
  if (changes.length === 0) return true;
  const confirmed = await confirmPlan(changes, label, previews);
  await closePreviews();
  if (!confirmed) return false;
  for (const change of changes) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === toUri(change.location).toString());
    if (open?.isDirty) throw new TagError(`Nothing was changed: a file it would rewrite has unsaved changes. Save or revert it, then try again. (${basename(change.location)})`);
  }
  const origin = currentOrigin();
  await ctx.store.replaceFiles(changes, documents);
  const entry: HistoryEntry = {
    label: label.charAt(0).toLowerCase() + label.slice(1),
    // No sidecar changes: annotations keep the actor id they were made with.
    changes: { documents: new Map(), registries: new Map([[plan.location, diffActors(plan.actorsBefore, plan.actorsAfter)]]) },
    origin,
  };
  ctx.history.record(entry);
  ctx.log?.info(`${label}: wrote ${changes.length} file(s)`);
  void vscode.window.showInformationMessage(`${label}: ${changes.length} file${changes.length === 1 ? '' : 's'} changed. Undo it with Ctrl+Alt+Z.`, 'Undo').then(async (answer) => {
    if (answer === 'Undo') await vscode.commands.executeCommand('seedAnnotator.undo');
  });
  return true;
}

async function changeActor(ctx: ActorCommandContext, previews: Map<string, string>, registry: string, change: ActorChange, label: string): Promise<string | undefined> {
  await ctx.ledger.ensureLoaded();
  const id = change.type === 'rename' ? change.id : change.fromId;
  // Annotations keep the id they were made with: the documents are only refreshed.
  const documents = ctx.ledger.ledger.documentsReferencing(id);
  const read = await readRegistryFiles(workspaceFiles, registry);
  const decoded = { location: registry, legacy: read.legacy ? decoder.decode(read.legacy) : null, actors: read.actors.map((a) => ({ id: a.id, text: decoder.decode(a.bytes) })) };
  const plan = planActorChange(decoded, change);
  const applied = await applyPlan(ctx, previews, { ...plan, location: registry }, documents, label);
  if (!applied) return undefined;
  vscode.window.setStatusBarMessage(`$(check) ${label}: ${plan.registry.length} actor file${plan.registry.length === 1 ? '' : 's'}; every annotation keeps its actor id`, 5000);
  return plan.resultId;
}

/**
 * The actor commands, and the state they keep: the texts the change preview
 * shows (it serves them as the preview scheme's content provider).
 */
export class ActorCommands implements vscode.TextDocumentContentProvider {
  /** The "after" side of each preview diff, by the preview URI's query. */
  private readonly previews = new Map<string, string>();

  constructor(private readonly ctx: ActorCommandContext) {}

  /** Serves the "after" side of the change preview's diffs. */
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.previews.get(uri.query) ?? '';
  }

  /** Rename Actor…: every sidecar that refers to the actor follows; the old name stays as an alias. */
  async renameActor(node?: unknown, name?: unknown): Promise<string | undefined> {
    const found = await chooseActor(this.ctx, node, 'Rename which actor?');
    if (!found) return undefined;
    const newName = typeof name === 'string' ? name : await vscode.window.showInputBox({
      title: `Rename ${found.actor.name}`,
      value: found.actor.name,
      prompt: 'Every sidecar that refers to this actor follows. The old name stays as an alias.',
      validateInput: (v) => (v.trim() ? undefined : 'An actor needs a name'),
    });
    if (!newName || newName.trim() === found.actor.name) return undefined;
    return changeActor(this.ctx, this.previews, found.registry, { type: 'rename', id: found.actor.id, newName }, `Rename ${found.actor.name} to ${newName.trim()}`);
  }

  /** Merge Actor Into…: the actor's quotes and mentions move to another; its names become aliases. */
  async mergeActor(node?: unknown, intoId?: unknown): Promise<string | undefined> {
    const from = await chooseActor(this.ctx, node, 'Merge which actor?');
    if (!from) return undefined;
    const others = (await this.ctx.actors.actors()).filter((a) => a.registry === from.registry && a.actor.id !== from.actor.id);
    const given = others.find((a) => a.actor.id === intoId);
    const into = given ? { value: given } : await vscode.window.showQuickPick(
      others.map((a) => ({ label: a.actor.name, description: a.actor.kind, detail: a.actor.aliases.join(', ') || undefined, value: a })),
      { title: `Merge ${from.actor.name} into…`, placeHolder: `${from.actor.name}'s quotes and mentions move to the actor you pick; its names become aliases`, matchOnDetail: true },
    );
    if (!into) return undefined;
    return changeActor(this.ctx, this.previews, from.registry, { type: 'merge', fromId: from.actor.id, intoId: into.value.actor.id }, `Merge ${from.actor.name} into ${into.value.actor.name}`);
  }

  /** Add Alias…: another name of the actor. */
  async addAlias(node?: unknown, given?: unknown): Promise<boolean | undefined> {
    const found = await chooseActor(this.ctx, node, 'Add an alias to which actor?');
    if (!found) return undefined;
    const alias = typeof given === 'string' ? given : await vscode.window.showInputBox({ title: `Another name for ${found.actor.name}`, placeHolder: 'e.g. the US President' });
    if (!alias?.trim()) return undefined;
    const added = await this.ctx.history.editRegistry(`add alias “${alias.trim()}” to ${found.actor.name}`, found.registry, (r) => r.addAlias(found.actor.id, alias), currentOrigin());
    if (!added) void vscode.window.showInformationMessage(`${found.actor.name} already has the name “${alias.trim()}”.`);
    return added;
  }

  /** Set Actor Kind…. */
  async setKind(node?: unknown, given?: unknown): Promise<ActorKind | undefined> {
    const found = await chooseActor(this.ctx, node, 'Set the kind of which actor?');
    if (!found) return undefined;
    const kind = (typeof given === 'string' && parseActorKind(given)) || (await pickKind(found.actor.name, found.actor.kind));
    if (!kind) return undefined;
    await this.ctx.history.editRegistry(`set the kind of ${found.actor.name} to ${kind}`, found.registry, (r) => r.setKind(found.actor.id, kind), currentOrigin());
    return kind;
  }

  /** Set Wikidata Id…; an empty id removes it. */
  async setWikidata(node?: unknown, given?: unknown): Promise<string | null | undefined> {
    const found = await chooseActor(this.ctx, node, 'Set the Wikidata id of which actor?');
    if (!found) return undefined;
    if (typeof given === 'string' && given.trim() !== '' && !/^Q\d+$/.test(given.trim())) throw new TagError('A Wikidata item id is Q followed by digits, such as Q6279.');
    const qid = typeof given === 'string' ? given : await vscode.window.showInputBox({
      title: `Wikidata item of ${found.actor.name}`,
      value: found.actor.wikidata ?? '',
      placeHolder: 'Q6279 (leave empty to remove)',
      validateInput: (v) => (v.trim() === '' || /^Q\d+$/.test(v.trim()) ? undefined : 'A Wikidata item id is Q followed by digits, such as Q6279'),
    });
    if (qid === undefined) return undefined;
    await this.ctx.history.editRegistry(`set the Wikidata id of ${found.actor.name}`, found.registry, (r) => r.setWikidata(found.actor.id, qid.trim() || null), currentOrigin());
    return qid.trim() || null;
  }

  /** Tag All Mentions…: the untagged occurrences of the actor's names, in the document or the corpus. */
  tagAllMentions(node?: unknown): Promise<number | undefined> {
    return tagAllMentions(this.ctx, node);
  }
}

interface Occurrence {
  readonly document: string;
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly context: string;
  readonly checked: boolean;
  readonly reason?: string;
}

async function tagAllMentions(ctx: ActorCommandContext, node: unknown): Promise<number | undefined> {
  const found = await chooseActor(ctx, node, 'Tag all mentions of which actor?');
  if (!found) return undefined;
  const active = vscode.window.activeTextEditor?.document;
  const scopes = [
    ...(active?.languageId === 'seed' ? [{ label: '$(file) This document', description: basename(active.uri.path), value: 'document' as const }] : []),
    { label: '$(files) The whole corpus', description: `${ctx.index.size} documents`, value: 'corpus' as const },
  ];
  const scope = scopes.length === 1 ? scopes[0] : await vscode.window.showQuickPick(scopes, { title: `Tag all mentions of ${found.actor.name} in…` });
  if (!scope) return undefined;
  const locations = scope.value === 'document' && active ? [toLocation(active.uri)] : [...ctx.index.all()].map((e) => e.location);
  const names = [found.actor.name, ...found.actor.aliases];
  const registryState = await ctx.store.registryAt(found.registry);
  const registered = registryState.status === 'ok' ? registryState.registry.actors : [];
  const occurrences: Occurrence[] = [];
  for (const location of locations) {
    const open = vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location);
    const text = open ? EditorText.of(open).text : anchorText(await readText(location));
    const state = await ctx.store.sidecarData(location);
    for (const o of untaggedMentions(text, found.actor, registered, state?.mentions ?? [])) occurrences.push({ document: location, ...o });
  }
  if (occurrences.length === 0) {
    void vscode.window.showInformationMessage(`No untagged mentions of ${found.actor.name} (${names.join(', ')}).`);
    return 0;
  }
  // Places that are most likely someone else (“Mrs. Trump” for Donald Trump) are listed unchecked, with why.
  const items = occurrences.map((o) => ({ label: o.context, description: `${basename(o.document)}:${o.line}`, detail: o.reason ? `$(circle-slash) not checked: ${o.reason}` : undefined, picked: o.checked, occurrence: o }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: `Tag ${occurrences.length} mention${occurrences.length === 1 ? '' : 's'} of ${found.actor.name}`,
    placeHolder: 'Check the places that are this actor, uncheck the others, then press Enter',
    canPickMany: true,
    matchOnDescription: true,
  });
  if (!chosen || chosen.length === 0) return undefined;
  const byDocument = new Map<string, Occurrence[]>();
  for (const c of chosen) byDocument.set(c.occurrence.document, [...(byDocument.get(c.occurrence.document) ?? []), c.occurrence]);
  let tagged = 0;
  const origin = currentOrigin();
  const steps: ChangeSet[] = [];
  for (const [location, list] of byDocument) {
    const open = vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location);
    const text = open ? EditorText.of(open).text : anchorText(await readText(location));
    const step = await ctx.history.recordEdit(location, contentHash(text), (sidecar, registry: Registry) => {
      const actor = registry.get(found.actor.id);
      if (!actor) throw new TagError(`${found.actor.name} is no longer in the registry.`);
      let n = 0;
      for (const o of list) {
        const draft = draftMention(text, { start: o.start, end: o.end });
        if (sidecar.value.mentions.some((m) => overlaps(m.anchor, draft.anchor))) continue;
        addMention(sidecar, registry, draft, actor);
        n++;
      }
      return n;
    });
    tagged += step.result;
    steps.push(step.changes);
  }
  ctx.history.record({ label: `tag ${tagged} mention${tagged === 1 ? '' : 's'} of ${found.actor.name}`, changes: mergeChanges(steps), origin });
  vscode.window.setStatusBarMessage(`$(person) Tagged ${tagged} mention${tagged === 1 ? '' : 's'} of ${found.actor.name} (Ctrl+Alt+Z to undo)`, 6000);
  return tagged;
}
