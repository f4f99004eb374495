/**
 * The CodeLens on the date header: "Saturday, 4 November 2023 · 3 quotes ·
 * 5 actors", then *Tag quote…* and *Show in documents tree*. Lenses are built
 * synchronously from the header line and the last known counts, so they never
 * flicker or vanish while the user types.
 */

import * as vscode from 'vscode';
import { isMergeConflict } from '../core/files/yamlFile';
import { formatLongDate, parseHeaderLine } from '../core/format/format';
import type { AnnotationStore } from '../core/files/store';
import { countsOf, describeCounts, type AnnotationCounts } from '../core/corpus/summary';
import { toLocation } from './workspaceFiles';

type LensKind = 'summary' | 'tag' | 'edit' | 'reveal';

class DateLens extends vscode.CodeLens {
  constructor(range: vscode.Range, readonly kind: LensKind, readonly uri: vscode.Uri, readonly summary: string) {
    super(range);
  }
}

/** Provides the date-header CodeLens of seed documents. */
export class DateLensProvider implements vscode.CodeLensProvider<DateLens>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changeEmitter.event;
  /** The last counts seen per document, shown while a sidecar is being read. */
  private readonly lastCounts = new Map<string, AnnotationCounts | 'broken' | 'conflict'>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly store: AnnotationStore) {
    this.subscription = store.onDidChange(() => this.changeEmitter.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): DateLens[] {
    const location = toLocation(document.uri);
    const firstLine = document.lineCount > 0 ? document.lineAt(0).text.replace(/^\uFEFF/, '') : '';
    const header = parseHeaderLine(firstLine.length > 4096 ? firstLine.slice(0, 4096) : firstLine);
    const range = new vscode.Range(0, 0, 0, 0);

    let datePart: string;
    if (!header) datePart = '$(warning) No date header: the first line should read “ date YYYY-MM-DD”';
    else if (header.problem) datePart = `$(warning) ${capitalise(header.problem)}`;
    else datePart = formatLongDate(header.date!);

    const state = this.store.peekSidecar(location);
    if (state?.status === 'ok') this.lastCounts.set(location, countsOf(state.sidecar));
    else if (state?.status === 'broken') this.lastCounts.set(location, isMergeConflict(state.problems) ? 'conflict' : 'broken');
    else if (state?.status === 'missing') this.lastCounts.set(location, { quotes: 0, actors: 0, mentions: 0 });
    else void this.store.sidecar(location).then(() => this.changeEmitter.fire(), () => undefined);
    const counts = this.lastCounts.get(location);
    const countPart = counts === 'broken' ? '$(error) Sidecar has errors: fix it to tag (Open Sidecar)' : counts === 'conflict' ? '$(git-merge) Sidecar has a merge conflict: resolve it to tag (Resolve Merge Conflict by Annotation Id)' : counts ? describeCounts(counts) : '';
    const summary = [datePart, countPart].filter(Boolean).join(' · ');

    // Commands that would be refused are not offered: nothing can be tagged or edited until a broken sidecar is fixed.
    const usable = counts !== 'broken' && counts !== 'conflict';
    const annotated = counts !== undefined && counts !== 'broken' && counts !== 'conflict' && counts.quotes + counts.mentions > 0;
    return [
      new DateLens(range, 'summary', document.uri, summary),
      ...(usable ? [new DateLens(range, 'tag', document.uri, summary)] : []),
      ...(annotated ? [new DateLens(range, 'edit', document.uri, summary)] : []),
      new DateLens(range, 'reveal', document.uri, summary),
    ];
  }

  resolveCodeLens(lens: DateLens): DateLens {
    switch (lens.kind) {
      case 'summary':
        lens.command = { title: lens.summary, command: '', tooltip: 'Date and annotations of this document' };
        break;
      case 'tag':
        lens.command = { title: '$(quote) Tag quote…', command: 'seedAnnotator.tagQuote', tooltip: 'Tag the selected words, or the quotation under the cursor, with their speaker' };
        break;
      case 'edit':
        lens.command = { title: '$(edit) Edit annotation…', command: 'seedAnnotator.editAnnotation', tooltip: 'Change the quote or mention under the cursor: speaker, cue, direct or indirect, span, actor (Ctrl+Alt+E)' };
        break;
      case 'reveal':
        lens.command = { title: '$(list-tree) Show in documents tree', command: 'seedAnnotator.showInTree', arguments: [lens.uri] };
        break;
    }
    return lens;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
