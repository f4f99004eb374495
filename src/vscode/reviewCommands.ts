/**
 * The review queue's fixes as commands that can be reached from everywhere:
 * the quick fixes (with their arguments), the Needs review tree item (its
 * node), and the palette (a picker of the annotations under review).
 */

import * as vscode from 'vscode';
import type { ReviewItem } from '../core/anchoring/review';
import { excerpt } from '../core/text/excerpt';
import { basename } from '../core/text/paths';
import { TagError } from '../core/tagging/tagging';
import type { AnchorTracker } from './liveAnchoring';
import { openAnnotation } from './actorsTree';
import { EditorText } from './editorText';
import { toLocation } from './workspaceFiles';

type Fix = 'accept' | 'relocate' | 'delete';

/** Which annotation a review command is about: given, from a tree node, or picked. */
async function target(tracker: AnchorTracker, fix: Fix, args: readonly unknown[]): Promise<ReviewItem | undefined> {
  const [first, second] = args;
  if (typeof first === 'string' && typeof second === 'string') return tracker.review.get(first, second);
  if (first && typeof first === 'object' && 'document' in first && 'id' in first) {
    const node = first as { document: unknown; id: unknown };
    if (typeof node.document === 'string' && typeof node.id === 'string') return tracker.review.get(node.document, node.id);
  }
  const active = vscode.window.activeTextEditor?.document;
  const here = active ? toLocation(active.uri) : undefined;
  const all = tracker.review.documents().flatMap((d) => tracker.review.itemsOf(d)).filter((i) => fix !== 'accept' || i.proposal);
  // The active document's annotations first: relocating takes its selection.
  const items = [...all.filter((i) => i.document === here), ...all.filter((i) => i.document !== here)];
  if (items.length === 0) throw new TagError(fix === 'accept' ? 'No annotation under review has a proposed place.' : 'No annotation needs review.');
  const verb = fix === 'accept' ? 'Accept the proposed place of' : fix === 'relocate' ? 'Relocate to the selection' : 'Delete';
  const pick = await vscode.window.showQuickPick(
    items.map((i) => ({
      label: `${i.kind === 'quote' ? '$(quote)' : '$(person)'} “${excerpt(i.recorded.exact, 60)}”`,
      description: `${i.proposal ? `best match ${Math.round(i.proposal.confidence * 100)}%` : 'not found'} · ${basename(i.document)}`,
      item: i,
    })),
    { title: `${verb}: which annotation?` },
  );
  return pick?.item;
}

/** Runs one of the review fixes. */
export async function runReviewFix(tracker: AnchorTracker, fix: Fix, args: readonly unknown[]): Promise<boolean> {
  const item = await target(tracker, fix, args);
  if (!item) return false;
  if (fix === 'accept') await tracker.accept(item.document, item.id);
  else if (fix === 'delete') await tracker.remove(item.document, item.id);
  else {
    const [, , start, end] = args;
    if (typeof start === 'number' && typeof end === 'number') await tracker.relocate(item.document, item.id, start, end);
    else {
      const editor = vscode.window.activeTextEditor;
      const selection = editor && toLocation(editor.document.uri) === item.document && !editor.selection.isEmpty ? EditorText.of(editor.document).spanOf(editor.selection) : undefined;
      if (!selection) {
        // Show where the words last were, so that the user can select the right ones.
        const at = item.proposal ?? item.recorded;
        await openAnnotation(item.document, at.start, at.start);
        void vscode.window.showInformationMessage(`Select the words the ${item.kind} “${excerpt(item.recorded.exact, 40)}” belongs to now, then run Relocate to the Selection again (or press Ctrl+. on the selection).`);
        return false;
      }
      await tracker.relocate(item.document, item.id, selection.start, selection.end);
    }
  }
  vscode.window.setStatusBarMessage(`$(check) ${fix === 'accept' ? 'Accepted the proposed place of' : fix === 'delete' ? 'Deleted' : 'Relocated'} “${excerpt(item.recorded.exact, 40)}” (Ctrl+Alt+Z to undo)`, 6000);
  return true;
}
