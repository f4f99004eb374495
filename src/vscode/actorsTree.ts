/**
 * The Actors view: actors by kind, each with its quotes in date order and its
 * mentions. It refreshes from the ledger and the registry.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { formatLongDate } from '../core/format/format';
import type { LedgerMention, LedgerQuote } from '../core/whoSaid/ledger';
import { basename } from '../core/text/paths';
import { ACTOR_KINDS, type Actor, type ActorKind } from '../core/files/registry';
import { describe, type AnnotationStore } from '../core/files/store';
import { orphanNote } from '../core/exports/exportFormats';
import { isMergeConflict } from '../core/files/yamlFile';
import { KIND_ICONS } from './actorPicker';
import { EditorText } from './editorText';
import type { LedgerService } from './ledgerLoader';
import { toLocation, toUri } from './workspaceFiles';
import type { Config } from './config';

/** A node of the Actors view. */
export type ActorsNode =
  | { readonly type: 'kind'; readonly key: string; readonly kind: ActorKind }
  | { readonly type: 'actor'; readonly key: string; readonly registry: string; readonly id: string }
  | { readonly type: 'quote'; readonly key: string; readonly quote: LedgerQuote }
  | { readonly type: 'mentions'; readonly key: string; readonly registry: string; readonly id: string }
  | { readonly type: 'mention'; readonly key: string; readonly mention: LedgerMention }
  | { readonly type: 'unreadable'; readonly key: string; readonly registry: string; readonly conflict: boolean; readonly problem: string }
  | { readonly type: 'orphans'; readonly key: string; readonly sidecars: readonly string[]; readonly annotations: number };

/** Counts the annotations in sidecars whose document is gone (they are in no actor's count). */
export type OrphanCounter = () => Promise<{ readonly sidecars: readonly string[]; readonly annotations: number }>;

const KIND_LABELS: Readonly<Record<ActorKind, string>> = {
  person: 'People',
  organisation: 'Organisations',
  country: 'Countries',
  media: 'Media',
  other: 'Other',
};

/** The registry file of every workspace folder. */
export function registryLocations(config: Config): string[] {
  const name = config.registryFileName;
  return (vscode.workspace.workspaceFolders ?? []).map((f) => toLocation(vscode.Uri.joinPath(f.uri, name)));
}

/** Provides the Actors view. */
export class ActorsTreeProvider extends Disposable implements vscode.TreeDataProvider<ActorsNode> {
  private readonly changeEmitter = new vscode.EventEmitter<ActorsNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly ledger: LedgerService, private readonly store: AnnotationStore, private readonly config: Config, private readonly orphans?: OrphanCounter) {
    super();
    this._register(
      this.changeEmitter,
      ledger.ledger.onDidChange(() => this.scheduleRefresh()),
      store.onDidChange((change) => {
        if (change.registry) this.scheduleRefresh();
      }),
    );
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changeEmitter.fire();
    }, 80);
  }

  /** Every actor of every registry, with its registry location. */
  async actors(): Promise<Array<{ registry: string; actor: Actor }>> {
    const all: Array<{ registry: string; actor: Actor }> = [];
    for (const location of registryLocations(this.config)) {
      const state = await this.store.registryAt(location);
      if (state.status === 'ok') for (const actor of state.registry.actors) all.push({ registry: location, actor });
    }
    this.ledger.refreshResolver();
    return all;
  }

  /** The actor of a node, as the registry has it now. */
  async actorOf(node: ActorsNode): Promise<{ registry: string; actor: Actor } | undefined> {
    if (node.type !== 'actor' && node.type !== 'mentions') return undefined;
    const state = await this.store.registryAt(node.registry);
    const actor = state.status === 'ok' ? state.registry.get(node.id) : undefined;
    return actor ? { registry: node.registry, actor } : undefined;
  }

  async getChildren(element?: ActorsNode): Promise<ActorsNode[]> {
    await this.ledger.ensureLoaded();
    const ledger = this.ledger.ledger;
    if (!element) {
      const present = new Set((await this.actors()).map((a) => a.actor.kind));
      // A registry that cannot be read says so: an empty view would claim there are no actors.
      const unreadable: ActorsNode[] = [];
      for (const location of registryLocations(this.config)) {
        const state = await this.store.registryAt(location);
        if (state.status === 'broken') {
          unreadable.push({ type: 'unreadable', key: `unreadable:${location}`, registry: location, conflict: isMergeConflict(state.problems), problem: describe(state.problems) });
        }
      }
      const orphaned = await this.orphans?.().catch(() => undefined);
      if (orphaned?.sidecars.length) unreadable.push({ type: 'orphans', key: 'orphans', ...orphaned });
      return [...unreadable, ...ACTOR_KINDS.filter((k) => present.has(k)).map((kind): ActorsNode => ({ type: 'kind', key: `kind:${kind}`, kind }))];
    }
    switch (element.type) {
      case 'kind': {
        const actors = (await this.actors()).filter((a) => a.actor.kind === element.kind);
        // Most quoted first: the view answers "who said the most".
        actors.sort((a, b) => ledger.quoteCount(b.actor.id) - ledger.quoteCount(a.actor.id) || ledger.mentionCount(b.actor.id) - ledger.mentionCount(a.actor.id) || a.actor.name.localeCompare(b.actor.name));
        return actors.map(({ registry, actor }) => ({ type: 'actor', key: `actor:${registry}#${actor.id}`, registry, id: actor.id }));
      }
      case 'actor': {
        const quotes: ActorsNode[] = ledger.quotesBy(element.id).map((quote) => ({ type: 'quote', key: `quote:${quote.document}#${quote.id}`, quote }));
        const mentions: ActorsNode[] = ledger.mentionCount(element.id) ? [{ type: 'mentions', key: `mentions:${element.registry}#${element.id}`, registry: element.registry, id: element.id }] : [];
        return [...quotes, ...mentions];
      }
      case 'mentions':
        return ledger.mentionsOf(element.id).map((mention) => ({ type: 'mention', key: `mention:${mention.document}#${mention.id}`, mention }));
      default:
        return [];
    }
  }

  async getTreeItem(element: ActorsNode): Promise<vscode.TreeItem> {
    const ledger = this.ledger.ledger;
    switch (element.type) {
      case 'kind': {
        const count = (await this.actors()).filter((a) => a.actor.kind === element.kind).length;
        const item = new vscode.TreeItem(KIND_LABELS[element.kind], vscode.TreeItemCollapsibleState.Expanded);
        item.id = element.key;
        item.description = String(count);
        item.iconPath = new vscode.ThemeIcon(KIND_ICONS[element.kind]);
        item.contextValue = 'kind';
        return item;
      }
      case 'actor': {
        const found = await this.actorOf(element);
        const quotes = ledger.quoteCount(element.id);
        const mentions = ledger.mentionCount(element.id);
        const item = new vscode.TreeItem(found?.actor.name ?? element.id, quotes || mentions ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        item.id = element.key;
        item.description = `${quotes} quote${quotes === 1 ? '' : 's'} · ${mentions} mention${mentions === 1 ? '' : 's'}`;
        const tooltip = new vscode.MarkdownString(undefined, true);
        tooltip.appendMarkdown(`**${found?.actor.name ?? element.id}** · ${found?.actor.kind ?? ''}\n\n`);
        if (found?.actor.aliases.length) tooltip.appendMarkdown(`Also: ${found.actor.aliases.join(', ')}\n\n`);
        if (found?.actor.wikidata) tooltip.appendMarkdown(`Wikidata: [${found.actor.wikidata}](https://www.wikidata.org/wiki/${found.actor.wikidata})\n\n`);
        tooltip.appendMarkdown(`id \`${element.id}\``);
        item.tooltip = tooltip;
        item.iconPath = new vscode.ThemeIcon(KIND_ICONS[found?.actor.kind ?? 'other']);
        item.contextValue = 'actor';
        return item;
      }
      case 'quote': {
        const q = element.quote;
        const text = q.anchor.exact.replace(/\s+/g, ' ');
        const item = new vscode.TreeItem(`${q.date ?? 'undated'}  ${q.direct ? '“' : ''}${text.length > 70 ? `${text.slice(0, 69)}…` : text}${q.direct ? '”' : ''}`);
        item.id = element.key;
        item.description = basename(q.document);
        item.tooltip = new vscode.MarkdownString(`${q.date ? formatLongDate(q.date) : 'No date'} · ${q.direct ? 'direct' : 'indirect'}${q.cue ? ` · cue *${q.cue}*` : ''}\n\n> ${text}\n\n${vscode.workspace.asRelativePath(toUri(q.document))}`);
        item.iconPath = new vscode.ThemeIcon('quote');
        item.command = { command: 'seedAnnotator.openAnnotation', title: 'Open Quote', arguments: [q.document, q.anchor.start, q.anchor.end] };
        item.contextValue = 'quote';
        return item;
      }
      case 'mentions': {
        const n = ledger.mentionCount(element.id);
        const item = new vscode.TreeItem('Mentions', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = element.key;
        item.description = String(n);
        item.iconPath = new vscode.ThemeIcon('mention');
        item.contextValue = 'mentions';
        return item;
      }
      case 'orphans': {
        const n = element.annotations;
        const item = new vscode.TreeItem(`${n} annotation${n === 1 ? '' : 's'} in orphaned sidecars`);
        item.id = element.key;
        item.description = 'not counted: re-attach them';
        item.tooltip = `${orphanNote(element.sidecars.map((s) => vscode.workspace.asRelativePath(toUri(s))), n)}.\n\nClick to look for the documents they belong to.`;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.command = { command: 'seedAnnotator.reattachOrphans', title: 'Re-attach Orphaned Sidecars' };
        item.contextValue = 'orphans';
        return item;
      }
      case 'unreadable': {
        const uri = toUri(element.registry);
        const name = basename(element.registry);
        const item = new vscode.TreeItem(element.conflict ? `${name} has a merge conflict` : `${name} cannot be read`);
        item.id = element.key;
        item.description = element.conflict ? 'resolve it by actor id' : element.problem;
        item.tooltip = element.conflict
          ? `The actor registry still holds git conflict markers, so its actors cannot be shown or changed. Click to run Resolve Merge Conflict by Annotation Id.\n\n${vscode.workspace.asRelativePath(uri)}`
          : `The actor registry cannot be read: ${element.problem}. Click to open it.\n\n${vscode.workspace.asRelativePath(uri)}`;
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
        item.command = element.conflict
          ? { command: 'seedAnnotator.resolveMergeConflict', title: 'Resolve Merge Conflict by Annotation Id', arguments: [uri] }
          : { command: 'vscode.open', title: 'Open', arguments: [uri] };
        item.contextValue = element.conflict ? 'registry conflict' : 'registry unreadable';
        return item;
      }
      case 'mention': {
        const m = element.mention;
        const item = new vscode.TreeItem(`${m.date ?? 'undated'}  ${m.anchor.exact}`);
        item.id = element.key;
        item.description = basename(m.document);
        item.tooltip = `…${m.anchor.prefix}${m.anchor.exact}${m.anchor.suffix}…`;
        item.iconPath = new vscode.ThemeIcon('symbol-reference');
        item.command = { command: 'seedAnnotator.openAnnotation', title: 'Open Mention', arguments: [m.document, m.anchor.start, m.anchor.end] };
        item.contextValue = 'mention';
        return item;
      }
    }
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}

/** Opens a document with a code-point span selected. */
export async function openAnnotation(document: string, start: number, end: number): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(toUri(document));
  const text = EditorText.of(doc);
  const range = text.rangeOf({ start, end });
  return vscode.window.showTextDocument(doc, { selection: range, preview: true });
}
