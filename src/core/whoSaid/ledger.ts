/**
 * The ledger: who said what, and when, across the corpus. It gathers every
 * document's quotes and mentions by actor, with the document's date, and is
 * the model behind the Actors view and the timeline. Documents are added and
 * replaced one at a time as their sidecars are read or change.
 */

import type { Anchor } from '../anchoring/anchor';
import type { SidecarData } from '../files/sidecar';

/** One quote, placed in the corpus. */
export interface LedgerQuote {
  readonly id: string;
  readonly document: string;
  /** The document's date (`YYYY-MM-DD`), or null when it has none. */
  readonly date: string | null;
  readonly speaker: string | null;
  readonly cue: string | null;
  readonly direct: boolean;
  readonly anchor: Anchor;
}

/** One actor mention, placed in the corpus. */
export interface LedgerMention {
  readonly id: string;
  readonly document: string;
  readonly date: string | null;
  readonly actor: string;
  readonly anchor: Anchor;
}

type Listener = (documents: readonly string[]) => void;

/** Quotes and mentions of the whole corpus, by actor. */
export class Ledger {
  private readonly quotesByDocument = new Map<string, readonly LedgerQuote[]>();
  private readonly mentionsByDocument = new Map<string, readonly LedgerMention[]>();
  private readonly quotesByActor = new Map<string, Map<string, LedgerQuote>>();
  private readonly mentionsByActor = new Map<string, Map<string, LedgerMention>>();
  private readonly listeners = new Set<Listener>();
  private resolveId: (id: string) => string = (id) => id;
  /** Raw actor ids grouped by the id they resolve to; rebuilt when needed. */
  private groups: Map<string, string[]> | null = null;

  /**
   * Sets how an actor id found in a sidecar resolves: a retired id (merged
   * into another actor) counts for the survivor. Views then group by survivor.
   */
  setResolver(resolve: (id: string) => string): void {
    this.resolveId = resolve;
    this.groups = null;
  }

  /** The raw ids whose annotations count for `actorId`. */
  private idsOf(actorId: string): string[] {
    if (!this.groups) {
      this.groups = new Map();
      for (const raw of new Set([...this.quotesByActor.keys(), ...this.mentionsByActor.keys()])) {
        const resolved = raw === '' ? '' : this.resolveId(raw);
        this.groups.set(resolved, [...(this.groups.get(resolved) ?? []), raw]);
      }
    }
    return this.groups.get(actorId) ?? [];
  }

  private quotesOfIds(actorId: string): LedgerQuote[] {
    return this.idsOf(actorId).flatMap((id) => [...(this.quotesByActor.get(id)?.values() ?? [])]);
  }

  private mentionsOfIds(actorId: string): LedgerMention[] {
    return this.idsOf(actorId).flatMap((id) => [...(this.mentionsByActor.get(id)?.values() ?? [])]);
  }

  /** Replaces what is known of a document (null: it has no annotations any more). */
  setDocument(document: string, date: string | null, data: Pick<SidecarData, 'quotes' | 'mentions'> | null): void {
    this.unlink(document);
    this.groups = null;
    if (data) {
      const quotes = data.quotes.map((q) => ({ id: q.id, document, date, speaker: q.speaker, cue: q.cue, direct: q.direct, anchor: q.anchor }));
      const mentions = data.mentions.map((m) => ({ id: m.id, document, date, actor: m.actor, anchor: m.anchor }));
      this.quotesByDocument.set(document, quotes);
      this.mentionsByDocument.set(document, mentions);
      for (const q of quotes) bucket(this.quotesByActor, q.speaker ?? '').set(key(q), q);
      for (const m of mentions) bucket(this.mentionsByActor, m.actor).set(key(m), m);
    }
    for (const listener of [...this.listeners]) listener([document]);
  }

  /** Forgets a document. */
  deleteDocument(document: string): void {
    this.setDocument(document, null, null);
  }

  /** Calls `listener` with the documents that changed. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Quotes of a speaker, oldest first (undated last), then by document and position. */
  quotesBy(actorId: string): LedgerQuote[] {
    return sortPlaced(this.quotesOfIds(actorId));
  }

  /** Quotes without a speaker. */
  quotesWithoutSpeaker(): LedgerQuote[] {
    return this.quotesBy('');
  }

  /** Mentions of an actor, oldest first. */
  mentionsOf(actorId: string): LedgerMention[] {
    return sortPlaced(this.mentionsOfIds(actorId));
  }

  /** Number of quotes by a speaker. */
  quoteCount(actorId: string): number {
    return this.idsOf(actorId).reduce((n, id) => n + (this.quotesByActor.get(id)?.size ?? 0), 0);
  }

  /** Number of mentions of an actor. */
  mentionCount(actorId: string): number {
    return this.idsOf(actorId).reduce((n, id) => n + (this.mentionsByActor.get(id)?.size ?? 0), 0);
  }

  /** Every actor id that speaks or is mentioned. */
  actorIds(): string[] {
    const ids = new Set<string>([...this.quotesByActor.keys(), ...this.mentionsByActor.keys()].map((id) => (id === '' ? '' : this.resolveId(id))));
    ids.delete('');
    return [...ids].sort();
  }

  /** Every quote of the corpus, oldest first. */
  allQuotes(): LedgerQuote[] {
    return sortPlaced([...this.quotesByDocument.values()].flat());
  }

  /** Documents that reference an actor (as speaker or mention). */
  documentsReferencing(actorId: string): string[] {
    const docs = new Set<string>();
    for (const q of this.quotesOfIds(actorId)) docs.add(q.document);
    for (const m of this.mentionsOfIds(actorId)) docs.add(m.document);
    return [...docs].sort();
  }

  private unlink(document: string): void {
    for (const q of this.quotesByDocument.get(document) ?? []) dropFrom(this.quotesByActor, q.speaker ?? '', key(q));
    for (const m of this.mentionsByDocument.get(document) ?? []) dropFrom(this.mentionsByActor, m.actor, key(m));
    this.quotesByDocument.delete(document);
    this.mentionsByDocument.delete(document);
  }
}

function key(a: { document: string; id: string }): string {
  return `${a.document}#${a.id}`;
}

function bucket<T>(map: Map<string, Map<string, T>>, actor: string): Map<string, T> {
  let b = map.get(actor);
  if (!b) map.set(actor, (b = new Map()));
  return b;
}

function dropFrom<T>(map: Map<string, Map<string, T>>, actor: string, k: string): void {
  const b = map.get(actor);
  if (!b) return;
  b.delete(k);
  if (b.size === 0) map.delete(actor);
}

function sortPlaced<T extends { date: string | null; document: string; anchor: Anchor }>(list: T[]): T[] {
  return list.sort((a, b) => {
    if (a.date !== b.date) {
      if (a.date === null) return 1;
      if (b.date === null) return -1;
      return a.date < b.date ? -1 : 1;
    }
    if (a.document !== b.document) return a.document < b.document ? -1 : 1;
    return a.anchor.start - b.anchor.start;
  });
}
