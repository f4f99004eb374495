/**
 * Keeps annotations anchored while documents change.
 *
 * - Edits in the editor shift the anchors live from the change events,
 *   without a rescan; the new offsets are written when the document is saved.
 * - Changes from outside (another editor, `git pull`) are re-anchored when the
 *   file changes; when a document opens, every anchor is verified on its own
 *   (a matching content hash does not stand for that check).
 * - A match below the confidence threshold is never applied: the annotation
 *   goes to the review queue.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { contentHash, createAnchor, type Anchor } from '../core/anchoring/anchor';
import { anchorFromMatch, reanchor, shiftAnchors, type TextChange } from '../core/anchoring/reanchor';
import { appliedAnchor, verifyAnchors } from '../core/anchoring/verify';
import { ReviewQueue, type ReviewItem } from '../core/anchoring/review';
import type { Annotation, Sidecar } from '../core/files/sidecar';
import type { AnnotationStore } from '../core/files/store';
import type { EditHistory } from '../core/files/history';
import { excerpt } from '../core/text/excerpt';
import { TagError } from '../core/tagging/tagging';
import { DocumentText, normalizeLineEnds } from '../core/text/lineEnds';
import { stripBom, type CodePointMap } from '../core/text/text';
import { EditorText } from './editorText';
import { currentOrigin } from './undoCommands';
import { toLocation, workspaceFiles } from './workspaceFiles';

/** Documents larger than this are not tracked live: re-anchoring them on each keystroke would stall the editor. */
const MAX_TRACKED_LENGTH = 5_000_000;
const decoder = new TextDecoder('utf-8');

interface LiveState {
  /** The text the anchors count over, and its offset maps. */
  text: DocumentText;
  /** Current anchors by annotation id (annotations under review are left out). */
  anchors: Map<string, Anchor>;
  kinds: Map<string, 'quote' | 'mention'>;
  /** True when anchors moved since the sidecar was last written. */
  moved: boolean;
  /** The sidecar's anchor each current anchor derives from (read, or being written). */
  recorded: Map<string, Anchor>;
}

/** Tracks anchors of open documents and re-anchors documents changed outside. */
export class AnchorTracker extends Disposable {
  readonly review = new ReviewQueue();
  private readonly live = new Map<string, LiveState>();
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with a document location when its current anchors change. */
  readonly onDidChangeAnchors = this.emitter.event;
  private readonly pending = new Map<string, Promise<void>>();
  /** How many times each document was forgotten: a check begun before its file went must not bring its review items back. */
  private readonly forgotten = new Map<string, number>();

  constructor(private readonly store: AnnotationStore, private readonly log: vscode.LogOutputChannel, private readonly history?: EditHistory) {
    super();
    this._register(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.attachLater(d, true)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        const location = toLocation(d.uri);
        this.live.delete(location);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.workspace.onDidSaveTextDocument((d) => void this.persist(d).catch((error: unknown) => this.report(error))),
      store.onDidChange((change) => {
        for (const location of change.documents) {
          const document = this.openDocument(location);
          // The editor may not show the file as it is now, so nothing is written from its text here.
          if (document) this.attachLater(document, false);
        }
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.attachLater(d, true);
  }

  /** Forgets a document that no longer exists. */
  forget(location: string): void {
    this.forgotten.set(location, (this.forgotten.get(location) ?? 0) + 1);
    this.live.delete(location);
    this.review.setDocument(location, []);
  }

  /** The annotations of a document with their current anchors, under-review ones left out; undefined when not tracked. */
  currentAnnotations(location: string, annotations: readonly Annotation[]): Annotation[] | undefined {
    const state = this.live.get(location);
    if (!state) return undefined;
    return annotations.flatMap((a) => {
      const anchor = state.anchors.get(a.id);
      return anchor ? [{ ...a, anchor }] : [];
    });
  }

  /**
   * Re-anchors a document whose file changed on disk. The sidecar must match
   * the file, so the file's text is used even when an editor shows the
   * document (it reloads, or keeps unsaved edits that the next save records).
   */
  async documentChangedOnDisk(location: string): Promise<void> {
    const epoch = this.forgotten.get(location) ?? 0;
    const state = await this.store.sidecar(location).catch(() => undefined);
    if ((this.forgotten.get(location) ?? 0) !== epoch) return;
    if (state?.status !== 'ok' || state.sidecar.annotations.length === 0) {
      this.review.setDocument(location, []);
      return;
    }
    const bytes = await workspaceFiles.read(location);
    if (!bytes) return;
    await this.verify(location, stripBom(decoder.decode(bytes)), true, epoch);
  }

  private openDocument(location: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location && !d.isClosed);
  }

  /** Tracks a document; with `mayWrite`, moved anchors are written when the editor shows the saved file. */
  private attachLater(document: vscode.TextDocument, mayWrite: boolean): void {
    if (document.languageId !== 'seed' || document.uri.scheme === 'git') return;
    const location = toLocation(document.uri);
    // One attach at a time per document; a later request runs after it.
    const previous = this.pending.get(location) ?? Promise.resolve();
    const next = previous.then(() => this.attach(document, mayWrite)).catch((error: unknown) => this.report(error));
    this.pending.set(location, next);
    void next.then(() => {
      if (this.pending.get(location) === next) this.pending.delete(location);
    });
  }

  private async attach(document: vscode.TextDocument, mayWrite: boolean): Promise<void> {
    if (document.isClosed || document.getText().length > MAX_TRACKED_LENGTH) return;
    await this.verify(toLocation(document.uri), document.getText(), mayWrite && !document.isDirty);
  }

  /**
   * Checks every anchor of a document against `text`: those still in place
   * stay, confident matches move (written at once when `canWrite`, that is
   * when `text` is what is on disk), and the rest go to review. `stored` is
   * the text as the file or the editor holds it, any line ends.
   */
  private async verify(location: string, stored: string, canWrite: boolean, epoch = this.forgotten.get(location) ?? 0, retry = true): Promise<void> {
    const state = await this.store.sidecar(location);
    // The document went (deleted or moved) while its file was read: nothing of it may come back.
    if ((this.forgotten.get(location) ?? 0) !== epoch) return;
    if (state.status !== 'ok') {
      this.live.delete(location);
      this.review.setDocument(location, []);
      this.emitter.fire(location);
      return;
    }
    const annotations = state.sidecar.annotations;
    const text = new DocumentText(stored);
    const points = text.points;
    const hash = contentHash(text.text);
    const anchors = new Map<string, Anchor>();
    const kinds = new Map<string, 'quote' | 'mention'>();
    const reviews: ReviewItem[] = [];
    const moved: Array<[string, Anchor]> = [];
    // Every anchor is verified on its own: a matching contentHash does not stand for it (a merge can make it match).
    const outcomes = verifyAnchors(points, annotations.map((a) => a.anchor), state.sidecar.value.contentHash);
    annotations.forEach((a, i) => {
      kinds.set(a.id, a.kind);
      const outcome = outcomes[i]!;
      if (outcome.status === 'exact' || outcome.status === 'moved') {
        anchors.set(a.id, outcome.anchor!);
        // Exact with its context read again (the text came back after an intermediate one): written too.
        if (outcome.changed) moved.push([a.id, outcome.anchor!]);
      } else {
        reviews.push({ document: location, id: a.id, kind: a.kind, recorded: a.anchor, proposal: outcome.status === 'gone' ? null : outcome.match });
      }
    });
    // A document being edited keeps its live state: its anchors are newer than the file's.
    const open = this.openDocument(location);
    const current = this.live.get(location);
    // Unsaved typing since the sidecar was read moved anchors the sidecar still has as they were: those stay as
    // typed (a re-read for another annotation's change must not undo what the next save records). A document
    // reloaded from disk is not dirty: its anchors are verified against the file and written, as before.
    const typed = open?.isDirty && current?.moved && current.text.text === text.text ? current : undefined;
    const kept = new Set<string>();
    if (typed) {
      for (const a of annotations) {
        const live = typed.anchors.get(a.id);
        if (!live || !sameAnchor(typed.recorded.get(a.id), a.anchor)) continue;
        anchors.set(a.id, live);
        kept.add(a.id);
      }
    }
    const reviewed = reviews.filter((item) => !kept.has(item.id));
    const toWrite = moved.filter(([id]) => !kept.has(id));
    const recorded = new Map(annotations.map((a) => [a.id, a.anchor] as const));
    if (!open || EditorText.of(open).text === text.text) this.live.set(location, { text, anchors, kinds, moved: kept.size > 0 || (toWrite.length > 0 && !canWrite), recorded });
    this.review.setDocument(location, reviewed);
    this.emitter.fire(location);
    if (canWrite && toWrite.length > 0) {
      this.log.info(`re-anchored ${toWrite.length} annotation(s) of ${location}${reviewed.length ? `; ${reviewed.length} need review` : ''}`);
      let stale = false;
      await this.store.edit(location, null, (sidecar) => {
        // A write since the sidecar was read (a save's anchors, typed live) is newer than this verification: it is
        // kept, not overwritten with anchors worked out from the older sidecar.
        const now = new Map(sidecar.annotations.map((a) => [a.id, a.anchor] as const));
        for (const [id, anchor] of toWrite) {
          const current = now.get(id);
          if (sameAnchor(current, recorded.get(id))) sidecar.setAnchor(id, anchor);
          // The same place written meanwhile (another verification of the same change) is not newer.
          else if (!sameAnchor(current, anchor)) stale = true;
        }
        if (reviewed.length === 0 && !stale) sidecar.setContentHash(hash);
      });
      // The live anchors were set from the older sidecar too: verify again, once, against what the sidecar holds
      // now and the file as it is now (the editor may not show a change on disk yet, and this text may be older).
      if (stale && retry) {
        const bytes = await workspaceFiles.read(location);
        if (bytes) await this.verify(location, stripBom(decoder.decode(bytes)), true, epoch, false);
      }
    }
  }

  private onEdit(event: vscode.TextDocumentChangeEvent): void {
    const location = toLocation(event.document.uri);
    const state = this.live.get(location);
    if (!state || event.contentChanges.length === 0) return;
    const old = state.text;
    // The editor counts a CRLF as two; the anchors count every line end as one LF.
    const changes: TextChange[] = event.contentChanges.map((c) => ({
      start: old.fromStored(c.rangeOffset),
      end: old.fromStored(c.rangeOffset + c.rangeLength),
      text: normalizeLineEnds(c.text),
    }));
    if (event.document.getText().length > MAX_TRACKED_LENGTH) {
      this.live.delete(location);
      return;
    }
    const text = EditorText.of(event.document).converted;
    const points = text.points;
    const ids = [...state.anchors.keys()];
    const before = ids.map((id) => state.anchors.get(id)!);
    const shifted = shiftAnchors(before, changes, points);
    const lost: ReviewItem[] = [];
    ids.forEach((id, i) => {
      const anchor = shifted[i];
      if (anchor) {
        state.anchors.set(id, anchor);
        return;
      }
      // Replaced wholesale (a pasted paragraph, a reload from disk): look for it before giving up.
      const match = reanchor(points, before[i]!);
      const found = appliedAnchor(points, match);
      if (found) state.anchors.set(id, found);
      else {
        state.anchors.delete(id);
        lost.push({ document: location, id, kind: state.kinds.get(id) ?? 'quote', recorded: before[i]!, proposal: match.status === 'orphan' ? null : match });
      }
    });
    state.text = text;
    state.moved = true;
    // Text that comes back (an undo, a checkout while the document is open) brings back what was lost with it.
    const waiting = this.review.itemsOf(location).filter((item) => {
      const found = appliedAnchor(points, reanchor(points, item.recorded));
      if (!found) return true;
      state.anchors.set(item.id, found);
      return false;
    });
    if (lost.length || waiting.length !== this.review.itemsOf(location).length) this.review.setDocument(location, [...waiting, ...lost]);
    this.emitter.fire(location);
  }

  /** Writes the live anchors of a saved document to its sidecar, merged by annotation id. */
  private async persist(document: vscode.TextDocument): Promise<void> {
    const location = toLocation(document.uri);
    const state = this.live.get(location);
    if (!state || !state.moved) return;
    state.moved = false;
    const anchors = new Map(state.anchors);
    // What the sidecar will hold: typing during the write stays newer than it.
    for (const [id, anchor] of anchors) state.recorded.set(id, anchor);
    const pendingReview = this.review.itemsOf(location).length > 0;
    const hash = contentHash(state.text.text);
    await this.store.edit(location, null, (sidecar) => {
      for (const a of sidecar.annotations) {
        const anchor = anchors.get(a.id);
        // Ids added or removed by hand in the meantime are left as the file has them.
        if (anchor && (anchor.start !== a.anchor.start || anchor.end !== a.anchor.end || anchor.exact !== a.anchor.exact)) sidecar.setAnchor(a.id, anchor);
      }
      if (!pendingReview) sidecar.setContentHash(hash);
    });
  }

  /** The text of a document: the editor's when it is open, else the file's. */
  private async textOf(location: string): Promise<CodePointMap> {
    const open = this.openDocument(location);
    if (open) return EditorText.of(open).points;
    const bytes = await workspaceFiles.read(location);
    if (!bytes) throw new TagError('The document no longer exists.');
    return new DocumentText(stripBom(decoder.decode(bytes))).points;
  }

  /** Accepts the proposed place of an annotation under review. */
  async accept(location: string, id: string): Promise<void> {
    const item = this.review.get(location, id);
    if (!item?.proposal) throw new TagError('There is no proposed place for this annotation; relocate it to a selection or delete it.');
    const points = await this.textOf(location);
    await this.place(location, id, anchorFromMatch(points, item.proposal));
  }

  /** Moves an annotation under review to a span (code points) of the current text. */
  async relocate(location: string, id: string, start: number, end: number): Promise<void> {
    if (end <= start) throw new TagError('Select the words the annotation belongs to first.');
    const points = await this.textOf(location);
    await this.place(location, id, createAnchor(points, start, end));
  }

  /** Deletes an annotation under review. */
  async remove(location: string, id: string): Promise<void> {
    const item = this.review.get(location, id);
    const edit = (sidecar: Sidecar): void => {
      sidecar.remove(id);
    };
    if (this.history) await this.history.edit(`delete ${item?.kind ?? 'annotation'} “${excerpt(item?.recorded.exact ?? '', 40)}” under review`, location, null, edit, currentOrigin());
    else await this.store.edit(location, null, edit);
    this.review.resolve(location, id);
    this.live.get(location)?.anchors.delete(id);
    this.emitter.fire(location);
  }

  private async place(location: string, id: string, anchor: Anchor): Promise<void> {
    const item = this.review.get(location, id);
    const edit = (sidecar: Sidecar): void => {
      if (!sidecar.setAnchor(id, anchor)) throw new TagError('That annotation is no longer in the sidecar (removed or undone since).');
    };
    if (this.history) await this.history.edit(`move ${item?.kind ?? 'annotation'} “${excerpt(item?.recorded.exact ?? anchor.exact, 40)}” to “${excerpt(anchor.exact, 40)}”`, location, null, edit, currentOrigin());
    else await this.store.edit(location, null, edit);
    this.review.resolve(location, id);
    const state = this.live.get(location);
    state?.anchors.set(id, anchor);
    state?.recorded.set(id, anchor);
    this.emitter.fire(location);
  }

  private report(error: unknown): void {
    this.log.warn(`anchoring: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function sameAnchor(a: Anchor | undefined, b: Anchor | undefined): boolean {
  return a !== undefined && b !== undefined && a.start === b.start && a.end === b.end && a.exact === b.exact;
}
