/**
 * The review queue in the editor: a diagnostic per annotation that could not
 * be re-anchored with confidence, quick fixes (accept the proposed place,
 * relocate to the selection, delete), and a hover with the old text against
 * the new.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { ReviewItem } from '../core/anchoring/review';
import type { AnchorTracker } from './liveAnchoring';
import { EditorText } from './editorText';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';
import { excerpt } from '../core/text/excerpt';
import { CodePointMap, stripBom } from '../core/text/text';

/** The diagnostic code of an annotation under review. */
export const REVIEW_CODE = 'anchor-review';

/** Publishes review items as diagnostics and offers their quick fixes. */
export class ReviewAdapter extends Disposable implements vscode.CodeActionProvider, vscode.HoverProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = vscode.languages.createDiagnosticCollection('seedAnnotator.review');

  constructor(private readonly tracker: AnchorTracker) {
    super();
    this._register(
      this.collection,
      tracker.review.onDidChange((documents) => {
        for (const d of documents) void this.publish(d);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => void this.publish(toLocation(d.uri))),
    );
  }

  /** Diagnostics of a document's review items. */
  diagnosticsOf(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  private async publish(location: string): Promise<void> {
    const items = this.tracker.review.itemsOf(location);
    const uri = toUri(location);
    if (items.length === 0) {
      this.collection.delete(uri);
      return;
    }
    const open = vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location);
    const placeOf = open ? rangeIn(EditorText.of(open)) : await rangeInFile(location);
    this.collection.set(uri, items.map((item) => {
      // On the proposal, or where the words last were: a warning at line 1 cannot be reached with a selection.
      const range = placeOf(item.proposal ?? item.recorded);
      const what = item.kind === 'quote' ? 'Quote' : 'Mention';
      const message = item.proposal
        ? `${what} “${short(item.recorded.exact)}” moved or changed: best match ${Math.round(item.proposal.confidence * 100)}% “${short(item.proposal.exact)}”. Accept it, relocate it or delete it.`
        : `${what} “${short(item.recorded.exact)}” is no longer in the document. Relocate it to a selection or delete it.`;
      const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'Seed Annotator';
      diagnostic.code = REVIEW_CODE;
      (diagnostic as vscode.Diagnostic & { reviewId?: string }).reviewId = item.id;
      return diagnostic;
    }));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const location = toLocation(document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.code !== REVIEW_CODE) continue;
      const id = (diagnostic as vscode.Diagnostic & { reviewId?: string }).reviewId ?? this.itemAt(location, diagnostic.range)?.id;
      const item = id ? this.tracker.review.get(location, id) : undefined;
      if (!item) continue;
      if (item.proposal) actions.push(action(`Accept the proposed place (${Math.round(item.proposal.confidence * 100)}%)`, 'seedAnnotator.review.accept', [location, item.id], diagnostic, true));
      if (!range.isEmpty) {
        const span = EditorText.of(document).spanOf(range);
        actions.push(action('Relocate to the selection', 'seedAnnotator.review.relocate', [location, item.id, span.start, span.end], diagnostic, false));
      }
      actions.push(action(`Delete the ${item.kind}`, 'seedAnnotator.review.delete', [location, item.id], diagnostic, false));
    }
    // A selection anywhere can take any annotation under review: the new words need not touch the warning.
    if (!range.isEmpty) {
      const offered = new Set(context.diagnostics.map((d) => (d as vscode.Diagnostic & { reviewId?: string }).reviewId));
      const span = EditorText.of(document).spanOf(range);
      for (const item of this.tracker.review.itemsOf(location)) {
        if (offered.has(item.id)) continue;
        const a = new vscode.CodeAction(`Relocate ${item.kind} “${excerpt(item.recorded.exact, 40)}” to the selection`, vscode.CodeActionKind.QuickFix);
        a.command = { title: a.title, command: 'seedAnnotator.review.relocate', arguments: [location, item.id, span.start, span.end] };
        actions.push(a);
      }
    }
    return actions;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const location = toLocation(document.uri);
    const text = EditorText.of(document);
    const offset = text.offsetAt(position);
    const item = this.tracker.review.itemsOf(location).find((i) => i.proposal && offset >= i.proposal.start && offset <= i.proposal.end);
    if (!item?.proposal) return undefined;
    const md = new vscode.MarkdownString();
    md.appendMarkdown(`**Needs review** · ${item.kind} \`${item.id}\` · match ${Math.round(item.proposal.confidence * 100)}%\n\n`);
    md.appendMarkdown('Was:\n');
    md.appendCodeblock(item.recorded.exact, 'text');
    md.appendMarkdown('Now:\n');
    md.appendCodeblock(item.proposal.exact, 'text');
    return new vscode.Hover(md, text.rangeOf(item.proposal));
  }

  private itemAt(location: string, range: vscode.Range): ReviewItem | undefined {
    const open = vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location);
    if (!open) return undefined;
    const span = EditorText.of(open).spanOf(range);
    return this.tracker.review.itemsOf(location).find((i) => i.proposal?.start === span.start);
  }
}

function action(title: string, command: string, args: unknown[], diagnostic: vscode.Diagnostic, preferred: boolean): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  a.command = { title, command, arguments: args };
  a.diagnostics = [diagnostic];
  a.isPreferred = preferred;
  return a;
}

function short(text: string): string {
  return excerpt(text, 60);
}

/** Clamps a span to the text and turns it into a range. */
function rangeIn(text: EditorText): (span: { start: number; end: number }) => vscode.Range {
  const length = text.points.length;
  return (span) => text.rangeOf({ start: Math.min(span.start, length), end: Math.min(Math.max(span.end, span.start), length) });
}

/** Ranges in a document that is not open, from its file. */
async function rangeInFile(location: string): Promise<(span: { start: number; end: number }) => vscode.Range> {
  const bytes = await workspaceFiles.read(location).catch(() => null);
  const text = stripBom(bytes ? new TextDecoder('utf-8').decode(bytes) : '');
  const points = new CodePointMap(text);
  const position = (offset: number): vscode.Position => {
    const utf16 = points.toUtf16(Math.min(offset, points.length));
    const lineStart = text.lastIndexOf('\n', utf16 - 1) + 1;
    let line = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < utf16; i = text.indexOf('\n', i + 1)) line++;
    return new vscode.Position(line, utf16 - lineStart);
  };
  return (span) => new vscode.Range(position(span.start), position(Math.max(span.start, span.end)));
}
