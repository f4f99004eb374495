/**
 * The review queue: annotations that could not be re-anchored with enough
 * confidence after their document changed. They are never moved silently;
 * the user accepts the proposed place, relocates them, or deletes them.
 */

import type { Anchor } from './anchor';
import type { AnchorMatch } from './reanchor';

/** An annotation waiting for review. */
export interface ReviewItem {
  readonly document: string;
  readonly id: string;
  readonly kind: 'quote' | 'mention';
  /** The anchor as recorded. */
  readonly recorded: Anchor;
  /** The best place found, below the confidence threshold; null when nothing plausible is left. */
  readonly proposal: AnchorMatch | null;
}

type Listener = (documents: readonly string[]) => void;

/** Annotations waiting for review, by document. */
export class ReviewQueue {
  private readonly items = new Map<string, Map<string, ReviewItem>>();
  private readonly listeners = new Set<Listener>();

  /** Replaces the items of one document. */
  setDocument(document: string, items: readonly ReviewItem[]): void {
    const before = this.items.get(document);
    if (items.length === 0) {
      if (!before) return;
      this.items.delete(document);
    } else {
      this.items.set(document, new Map(items.map((i) => [i.id, i])));
    }
    this.fire([document]);
  }

  /** Removes one item (accepted, relocated or deleted). */
  resolve(document: string, id: string): void {
    const map = this.items.get(document);
    if (!map?.delete(id)) return;
    if (map.size === 0) this.items.delete(document);
    this.fire([document]);
  }

  /** The items of a document, in recorded order. */
  itemsOf(document: string): ReviewItem[] {
    return [...(this.items.get(document)?.values() ?? [])].sort((a, b) => a.recorded.start - b.recorded.start);
  }

  /** One item. */
  get(document: string, id: string): ReviewItem | undefined {
    return this.items.get(document)?.get(id);
  }

  /** True when the annotation is waiting for review. */
  has(document: string, id: string): boolean {
    return this.items.get(document)?.has(id) ?? false;
  }

  /** Documents with items, sorted. */
  documents(): string[] {
    return [...this.items.keys()].sort();
  }

  /** Total number of items. */
  get size(): number {
    let n = 0;
    for (const m of this.items.values()) n += m.size;
    return n;
  }

  /** Calls `listener` with the documents whose items changed. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private fire(documents: readonly string[]): void {
    for (const l of [...this.listeners]) l(documents);
  }
}
