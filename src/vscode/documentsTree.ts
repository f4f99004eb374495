/**
 * The Documents tree: year › month › day › document, then a final group for
 * documents without a usable date. Children are computed per level on demand,
 * and the tree refreshes from the corpus index and the annotation store.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { isMergeConflict } from '../core/files/yamlFile';
import { splitDate, type CorpusIndex, type DocumentEntry } from '../core/corpus/corpusIndex';
import { basename } from '../core/text/paths';
import { formatLongDate, monthName } from '../core/format/format';
import type { ReviewQueue } from '../core/anchoring/review';
import type { AnnotationStore } from '../core/files/store';
import { countsOf, describeCounts } from '../core/corpus/summary';
import { toUri } from './workspaceFiles';
import type { Config } from './config';

/** The least time between two refreshes of the whole tree. */
const REFRESH_MS = 50;

/** A node of the Documents tree. */
export type DocumentsNode =
  | { readonly type: 'year'; readonly key: string; readonly year: number }
  | { readonly type: 'month'; readonly key: string; readonly year: number; readonly month: number }
  | { readonly type: 'day'; readonly key: string; readonly year: number; readonly month: number; readonly day: number }
  | { readonly type: 'undated'; readonly key: string }
  | { readonly type: 'document'; readonly key: string; readonly location: string }
  | { readonly type: 'review'; readonly key: string }
  | { readonly type: 'reviewItem'; readonly key: string; readonly document: string; readonly id: string };

/** Provides the Documents tree from the corpus index. */
export class DocumentsTreeProvider extends Disposable implements vscode.TreeDataProvider<DocumentsNode> {
  private readonly changeEmitter = new vscode.EventEmitter<DocumentsNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  /** Nodes are kept so that the same element is returned for the same key (reveal needs it). */
  private readonly nodes = new Map<string, DocumentsNode>();
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  private lastRefresh = 0;

  constructor(private readonly index: CorpusIndex, private readonly store: AnnotationStore, private readonly review: ReviewQueue, private readonly config: Config) {
    super();
    this._register(
      this.changeEmitter,
      review.onDidChange(() => this.scheduleRefresh()),
      index.onDidChange(() => this.scheduleRefresh()),
      store.onDidChange((change) => {
        // Only documents whose items exist need a new description.
        for (const location of change.documents) {
          const node = this.nodes.get(`doc:${location}`);
          if (node) this.changeEmitter.fire(node);
        }
      }),
      config.onDidChange(['documents.sortOrder'], () => this.changeEmitter.fire()),
    );
  }

  private scheduleRefresh(): void {
    // The first change of a while shows at once; a burst after it (a git checkout touching
    // thousands of files, the index filling in slices) is coalesced into one refresh.
    if (this.refreshTimer) return;
    const wait = this.lastRefresh + REFRESH_MS - Date.now();
    if (wait <= 0) return this.refresh();
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = undefined;
      this.refresh();
    }, wait);
  }

  private refresh(): void {
    this.lastRefresh = Date.now();
    this.changeEmitter.fire();
  }

  /** The node of a document, when it is in the index. */
  nodeForDocument(location: string): DocumentsNode | undefined {
    return this.index.get(location) ? this.node({ type: 'document', key: `doc:${location}`, location }) : undefined;
  }

  getChildren(element?: DocumentsNode): DocumentsNode[] {
    const order = this.config.sortOrder;
    if (!element) {
      const years = this.index.years(order).map((year) => this.node({ type: 'year', key: `y:${year}`, year }));
      const undated = this.index.undatedDocuments().length ? [this.node({ type: 'undated', key: 'undated' })] : [];
      const review = this.review.size ? [this.node({ type: 'review', key: 'review' })] : [];
      return [...review, ...years, ...undated];
    }
    switch (element.type) {
      case 'year':
        return this.index.months(element.year, order).map((month) => this.node({ type: 'month', key: `m:${element.year}-${month}`, year: element.year, month }));
      case 'month':
        return this.index.days(element.year, element.month, order).map((day) =>
          this.node({ type: 'day', key: `d:${element.year}-${element.month}-${day}`, year: element.year, month: element.month, day }),
        );
      case 'day':
        return this.index.documentsOn(element.year, element.month, element.day).map((e) => this.documentNode(e));
      case 'undated':
        return this.index.undatedDocuments().map((e) => this.documentNode(e));
      case 'review':
        return this.review.documents().flatMap((document) =>
          this.review.itemsOf(document).map((i) => this.node({ type: 'reviewItem', key: `review:${document}#${i.id}`, document, id: i.id })),
        );
      case 'document':
      case 'reviewItem':
        return [];
    }
  }

  getParent(element: DocumentsNode): DocumentsNode | undefined {
    switch (element.type) {
      case 'year':
      case 'undated':
      case 'review':
        return undefined;
      case 'reviewItem':
        return this.node({ type: 'review', key: 'review' });
      case 'month':
        return this.node({ type: 'year', key: `y:${element.year}`, year: element.year });
      case 'day':
        return this.node({ type: 'month', key: `m:${element.year}-${element.month}`, year: element.year, month: element.month });
      case 'document': {
        const entry = this.index.get(element.location);
        const parts = splitDate(entry?.date ?? null);
        if (!parts) return this.node({ type: 'undated', key: 'undated' });
        const [year, month, day] = parts;
        return this.node({ type: 'day', key: `d:${year}-${month}-${day}`, year, month, day });
      }
    }
  }

  getTreeItem(element: DocumentsNode): vscode.TreeItem {
    const item = this.itemOf(element);
    return item;
  }

  private itemOf(element: DocumentsNode): vscode.TreeItem {
    const collapsed = vscode.TreeItemCollapsibleState.Collapsed;
    switch (element.type) {
      case 'year': {
        const item = new vscode.TreeItem(String(element.year), collapsed);
        item.description = plural(this.index.count(element.year), 'document');
        item.iconPath = new vscode.ThemeIcon('calendar');
        item.contextValue = 'group year';
        return item;
      }
      case 'month': {
        const item = new vscode.TreeItem(monthName(element.month), collapsed);
        item.description = plural(this.index.count(element.year, element.month), 'document');
        item.contextValue = 'group month';
        return item;
      }
      case 'day': {
        const date = `${element.year}-${pad(element.month)}-${pad(element.day)}`;
        const item = new vscode.TreeItem(formatLongDate(date), collapsed);
        item.description = plural(this.index.count(element.year, element.month, element.day), 'document');
        item.contextValue = 'group day';
        return item;
      }
      case 'undated': {
        const docs = this.index.undatedDocuments();
        const item = new vscode.TreeItem('Without a usable date', collapsed);
        item.description = plural(docs.length, 'document');
        item.tooltip = 'Documents whose first line is not a valid “ date YYYY-MM-DD” header. Each item says what is wrong.';
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = 'group undated';
        return item;
      }
      case 'document':
        return this.documentItem(element);
      case 'review': {
        const item = new vscode.TreeItem('Needs review', vscode.TreeItemCollapsibleState.Expanded);
        item.description = `${this.review.size} annotation${this.review.size === 1 ? '' : 's'}`;
        item.tooltip = 'Annotations whose text changed or moved and could not be re-anchored with confidence. Open one to accept its proposed place, relocate it or delete it.';
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
        item.contextValue = 'group review';
        return item;
      }
      case 'reviewItem': {
        const review = this.review.get(element.document, element.id);
        const exact = (review?.recorded.exact ?? element.id).replace(/\s+/g, ' ');
        const item = new vscode.TreeItem(`“${exact.length > 60 ? `${exact.slice(0, 59)}…` : exact}”`, vscode.TreeItemCollapsibleState.None);
        item.description = `${basename(element.document)} · ${review?.proposal ? `best match ${Math.round(review.proposal.confidence * 100)}%` : 'not found'}`;
        item.iconPath = new vscode.ThemeIcon(review?.kind === 'mention' ? 'person' : 'quote');
        // The proposal, or else where the words last were: never the top of the document.
        const target = review?.proposal ?? review?.recorded ?? { start: 0, end: 0 };
        item.command = { command: 'seedAnnotator.openAnnotation', title: 'Review', arguments: [element.document, target.start, target.end] };
        item.tooltip = review?.proposal
          ? 'Accept the proposed place, select the right words and Relocate to the Selection, or Delete (right-click, or Ctrl+. in the document).'
          : 'Select the words it belongs to now and choose Relocate to the Selection, or Delete (right-click, or Ctrl+. in the document).';
        item.contextValue = review?.proposal ? 'reviewItem proposal' : 'reviewItem';
        return item;
      }
    }
  }

  private documentItem(element: Extract<DocumentsNode, { type: 'document' }>): vscode.TreeItem {
    const entry = this.index.get(element.location);
    const uri = toUri(element.location);
    const item = new vscode.TreeItem(entry?.title ?? basename(element.location), vscode.TreeItemCollapsibleState.None);
    item.id = element.key;
    item.resourceUri = uri;
    item.command = { command: 'vscode.open', title: 'Open Document', arguments: [uri] };
    const state = this.store.peekSidecar(element.location);
    if (!state) void this.store.sidecar(element.location).catch(() => undefined);
    const counts = state?.status === 'ok' ? describeCounts(countsOf(state.sidecar)) : state?.status === 'broken' ? (isMergeConflict(state.problems) ? 'sidecar has a merge conflict' : 'sidecar has errors') : '';
    item.description = [basename(element.location), counts].filter(Boolean).join(' · ');
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown(`**${escapeMd(entry?.title ?? '')}**\n\n`);
    tooltip.appendMarkdown(entry?.date ? `$(calendar) ${formatLongDate(entry.date)}\n\n` : `$(warning) ${escapeMd(entry?.problem ?? 'no date')}\n\n`);
    tooltip.appendMarkdown(`$(file) ${escapeMd(vscode.workspace.asRelativePath(uri))}\n\n`);
    tooltip.appendCodeblock(entry?.headerLine ?? '', 'text');
    item.tooltip = tooltip;
    item.iconPath = entry?.date ? new vscode.ThemeIcon('file-text') : new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    if (!entry?.date && entry?.problem) item.description = `${item.description} · ${entry.problem}`;
    item.contextValue = 'document';
    return item;
  }

  private documentNode(entry: DocumentEntry): DocumentsNode {
    return this.node({ type: 'document', key: `doc:${entry.location}`, location: entry.location });
  }

  private node<T extends DocumentsNode>(fresh: T): T {
    const existing = this.nodes.get(fresh.key);
    if (existing) return existing as T;
    this.nodes.set(fresh.key, fresh);
    return fresh;
  }

  override dispose(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    super.dispose();
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;
}

function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
