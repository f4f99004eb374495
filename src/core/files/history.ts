/**
 * Undo and redo of what the extension writes to sidecars and the registry.
 *
 * A step is recorded as what it changed, annotation by annotation and actor
 * by actor (by id), never as file snapshots: undoing it reads each file
 * fresh, reverts only the annotations and actors that are still as the step
 * left them, and keeps every change made since (by hand, by a teammate's
 * pull, by another command). A step is never refused as a whole: what can be
 * reverted is, and what cannot is reported.
 */

import { Registry, sameActor, type Actor } from './registry';
import { Sidecar, type Annotation } from './sidecar';
import type { AnnotationStore } from './store';
import { excerpt } from '../text/excerpt';

/** One annotation before and after a step (null: it did not exist). */
export interface AnnotationDelta {
  readonly id: string;
  readonly before: Annotation | null;
  readonly after: Annotation | null;
}

/** One actor before and after a step (null: it did not exist). */
export interface ActorDelta {
  readonly id: string;
  readonly before: Actor | null;
  readonly after: Actor | null;
}

/** What one step changed, across any number of sidecars and registries. */
export interface ChangeSet {
  /** Annotation changes by document location. */
  readonly documents: ReadonlyMap<string, readonly AnnotationDelta[]>;
  /** Actor changes by registry location. */
  readonly registries: ReadonlyMap<string, readonly ActorDelta[]>;
}

/** A recorded step. */
export interface HistoryEntry {
  /** What the user did, in their words: `tag quote “We will…”`. */
  readonly label: string;
  readonly changes: ChangeSet;
  /** Where the user was when they did it (a document location and its editor version), if anywhere. */
  readonly origin?: { readonly document: string; readonly version: number };
}

/** What undo or redo did. */
export interface HistoryOutcome {
  readonly entry: HistoryEntry;
  /** Annotations and actors put back. */
  readonly applied: number;
  /** Annotations and actors left alone because they changed since, with why (in the user's words). */
  readonly kept: readonly string[];
}

/** Differences between two lists of records, by id. */
function diffById<T extends { readonly id: string }>(before: readonly T[], after: readonly T[], same: (a: T, b: T) => boolean): Array<{ id: string; before: T | null; after: T | null }> {
  const old = new Map(before.map((a) => [a.id, a]));
  const now = new Map(after.map((a) => [a.id, a]));
  const deltas: Array<{ id: string; before: T | null; after: T | null }> = [];
  for (const id of new Set([...old.keys(), ...now.keys()])) {
    const a = old.get(id) ?? null;
    const b = now.get(id) ?? null;
    if (!(a && b && same(a, b))) deltas.push({ id, before: a, after: b });
  }
  return deltas;
}

/** Differences between two lists of annotations, by id. */
export function diffAnnotations(before: readonly Annotation[], after: readonly Annotation[]): AnnotationDelta[] {
  return diffById(before, after, sameAnnotation);
}

/** Differences between two lists of actors, by id. */
export function diffActors(before: readonly Actor[], after: readonly Actor[]): ActorDelta[] {
  return diffById(before, after, sameActor);
}

/** True when a change set changes nothing. */
export function isEmpty(changes: ChangeSet): boolean {
  return [...changes.documents.values(), ...changes.registries.values()].every((d) => d.length === 0);
}

/** Joins change sets of one step (several documents, or several edits of one). */
export function mergeChanges(sets: readonly ChangeSet[]): ChangeSet {
  const documents = new Map<string, AnnotationDelta[]>();
  const registries = new Map<string, ActorDelta[]>();
  const join = <D extends { id: string; before: unknown; after: unknown }>(into: Map<string, D[]>, key: string, list: readonly D[]): void => {
    const merged = new Map((into.get(key) ?? []).map((d) => [d.id, d]));
    for (const d of list) {
      const first = merged.get(d.id);
      merged.set(d.id, first ? ({ ...d, before: first.before } as D) : d);
    }
    into.set(key, [...merged.values()].filter((d) => d.before !== null || d.after !== null));
  };
  for (const set of sets) {
    for (const [k, list] of set.documents) join(documents, k, list);
    for (const [k, list] of set.registries) join(registries, k, list);
  }
  return { documents, registries };
}

function sameAnnotation(a: Annotation, b: Annotation): boolean {
  return sameFields(a, b) && sameSpan(a, b);
}

function sameFields(a: Annotation, b: Annotation): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'quote' && b.kind === 'quote') return a.speaker === b.speaker && a.cue === b.cue && a.direct === b.direct;
  return a.kind === 'mention' && b.kind === 'mention' && a.actor === b.actor;
}

function sameSpan(a: Annotation, b: Annotation): boolean {
  return a.anchor.start === b.anchor.start && a.anchor.end === b.anchor.end && a.anchor.exact === b.anchor.exact;
}

/**
 * True when `current` is still as a step left it (`expected`). Anchors that
 * only moved (live shifting, re-anchoring) do not count, unless the step itself
 * changed the span: then the words must still be the same.
 */
function stillAsLeft(current: Annotation, expected: Annotation, other: Annotation | null): boolean {
  if (!sameFields(current, expected)) return false;
  const spanChanged = other !== null && other.anchor.exact !== expected.anchor.exact;
  return !spanChanged || current.anchor.exact === expected.anchor.exact;
}

function describeAnnotation(a: Annotation): string {
  return `${a.kind === 'quote' ? 'quote' : 'mention'} “${excerpt(a.anchor.exact, 40)}”`;
}

/**
 * Moves annotations of one sidecar from one side of their deltas to the other
 * (`undo`: after → before). Counts what it changed; names what it kept.
 */
export function applyAnnotationDeltas(sidecar: Sidecar, deltas: readonly AnnotationDelta[], direction: 'undo' | 'redo', kept: string[]): number {
  let applied = 0;
  for (const delta of deltas) {
    const from = direction === 'undo' ? delta.after : delta.before;
    const to = direction === 'undo' ? delta.before : delta.after;
    const current = sidecar.annotations.find((a) => a.id === delta.id) ?? null;
    const shown = (to ?? from)!;
    if (from === null) {
      if (current) {
        if (!to || !sameAnnotation(current, to)) kept.push(`${describeAnnotation(shown)} (it exists again, changed)`);
        continue;
      }
      if (!to) continue;
      const { kind, ...record } = to;
      if (kind === 'quote') sidecar.addQuote(record as Extract<Annotation, { kind: 'quote' }>);
      else sidecar.addMention(record as Extract<Annotation, { kind: 'mention' }>);
      applied++;
      continue;
    }
    if (!current) {
      if (to) kept.push(`${describeAnnotation(shown)} (removed since)`);
      continue;
    }
    if (!stillAsLeft(current, from, to)) {
      kept.push(`${describeAnnotation(shown)} (changed since)`);
      continue;
    }
    if (!to) {
      sidecar.remove(delta.id);
      applied++;
      continue;
    }
    if (to.kind === 'quote') sidecar.update(delta.id, { speaker: to.speaker, cue: to.cue, direct: to.direct });
    else sidecar.update(delta.id, { actor: to.actor });
    if (!sameSpan(from, to)) sidecar.setAnchor(delta.id, to.anchor);
    applied++;
  }
  return applied;
}

/**
 * Moves actors of one registry from one side of their deltas to the other.
 * An actor the step created is removed on undo only while nothing refers to it
 * (`referenced`); otherwise it is kept, and named.
 */
export function applyActorDeltas(
  registry: Registry,
  deltas: readonly ActorDelta[],
  direction: 'undo' | 'redo',
  kept: string[],
  referenced: (id: string) => boolean,
): number {
  let applied = 0;
  for (const delta of deltas) {
    const from = direction === 'undo' ? delta.after : delta.before;
    const to = direction === 'undo' ? delta.before : delta.after;
    // The actor under this very id: a retired (merged) id is not its survivor here.
    const current = registry.own(delta.id) ?? null;
    if (from === null) {
      if (current) {
        if (!to || !sameActor(current, to)) kept.push(`actor ${(to ?? current).name} (exists again, changed)`);
        continue;
      }
      if (to) {
        registry.restore(to);
        applied++;
      }
      continue;
    }
    if (!current) {
      if (to) kept.push(`actor ${to.name} (removed since)`);
      continue;
    }
    if (!sameActor(current, from)) {
      kept.push(`actor ${current.name} (changed since)`);
      continue;
    }
    if (!to) {
      if (referenced(delta.id)) {
        kept.push(`actor ${current.name} (still quoted or mentioned)`);
        continue;
      }
      registry.remove(delta.id);
    } else registry.restore(to);
    applied++;
  }
  return applied;
}

/** Options of {@link EditHistory}. */
export interface HistoryOptions {
  /** How many steps are kept. */
  readonly limit?: number;
  /**
   * The documents (other than those a step touches) whose annotations may
   * refer to an actor: an actor is removed by undo only when none of them does.
   */
  readonly documentsReferencing?: (actorId: string) => readonly string[];
}

/**
 * The extension's own undo and redo stacks over the annotation store. VS Code's
 * undo belongs to text models; sidecars and the registry are written as files,
 * usually not open, several at once: their steps are kept here.
 */
export class EditHistory {
  private readonly undoStack: HistoryEntry[] = [];
  private readonly redoStack: HistoryEntry[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly limit: number;

  constructor(private readonly store: AnnotationStore, private readonly options: HistoryOptions = {}) {
    this.limit = options.limit ?? 100;
  }

  /** Calls `listener` when a step is recorded, undone or redone. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The step Undo would revert. */
  peekUndo(): HistoryEntry | undefined {
    return this.undoStack.at(-1);
  }

  /** The step Redo would apply again. */
  peekRedo(): HistoryEntry | undefined {
    return this.redoStack.at(-1);
  }

  /**
   * Edits a document's sidecar and registry through the store (read fresh,
   * written atomically) and records what changed as one step.
   */
  async edit<T>(label: string, document: string, contentHash: string | null, edit: (sidecar: Sidecar, registry: Registry) => T, origin?: HistoryEntry['origin']): Promise<T> {
    const { result, changes } = await this.recordEdit(document, contentHash, edit);
    this.record({ label, changes, origin });
    return result;
  }

  /** Like {@link edit}, but returns the change set instead of recording it (to join several in one step). */
  async recordEdit<T>(document: string, contentHash: string | null, edit: (sidecar: Sidecar, registry: Registry) => T): Promise<{ result: T; changes: ChangeSet }> {
    const registryLocation = this.store.registryLocationOf(document);
    let changes: ChangeSet = { documents: new Map(), registries: new Map() };
    const result = await this.store.edit(document, contentHash, (sidecar, registry) => {
      const annotations = sidecar.annotations;
      const actors = registry.actors;
      const value = edit(sidecar, registry);
      changes = { documents: new Map([[document, diffAnnotations(annotations, sidecar.annotations)]]), registries: new Map([[registryLocation, diffActors(actors, registry.actors)]]) };
      return value;
    });
    return { result, changes };
  }

  /** Edits a registry alone and records the change as one step. */
  async editRegistry<T>(label: string, location: string, edit: (registry: Registry) => T, origin?: HistoryEntry['origin']): Promise<T> {
    let changes: ChangeSet = { documents: new Map(), registries: new Map() };
    const result = await this.store.editRegistry(location, (registry) => {
      const actors = registry.actors;
      const value = edit(registry);
      changes = { documents: new Map(), registries: new Map([[location, diffActors(actors, registry.actors)]]) };
      return value;
    });
    this.record({ label, changes, origin });
    return result;
  }

  /** True when a recorded step (still undoable) created this actor: a tag with a new name, not an actor registered by hand. */
  createdActor(registryLocation: string, actorId: string): boolean {
    return this.undoStack.some((entry) => entry.changes.registries.get(registryLocation)?.some((d) => d.id === actorId && d.before === null && d.after !== null));
  }

  /**
   * The actor a tag created, once no quote or mention of `document` or of the
   * documents that may refer to it does any more (read from disk): after a
   * Remove it is offered for removal. An actor registered by hand is never
   * returned, even when nothing refers to it.
   */
  async createdActorLeftUnused(document: string, actorId: string): Promise<Actor | undefined> {
    const location = this.store.registryLocationOf(document);
    if (!this.createdActor(location, actorId)) return undefined;
    for (const doc of new Set([document, ...(this.options.documentsReferencing?.(actorId) ?? [])])) {
      if (this.store.registryLocationOf(doc) !== location) continue;
      const state = await this.store.reloadSidecar(doc, false);
      const data = state.status === 'ok' ? state.sidecar.value : null;
      if (data?.quotes.some((q) => q.speaker === actorId) || data?.mentions.some((m) => m.actor === actorId)) return undefined;
    }
    const state = await this.store.registryAt(location);
    return state.status === 'ok' ? state.registry.get(actorId) : undefined;
  }

  /** Records a step made elsewhere (several files replaced at once). Empty steps are not recorded. */
  record(entry: HistoryEntry): void {
    if (isEmpty(entry.changes)) return;
    this.undoStack.push(entry);
    if (this.undoStack.length > this.limit) this.undoStack.shift();
    this.redoStack.length = 0;
    this.fire();
  }

  /** Reverts the last step, as far as its annotations and actors are still as it left them. */
  async undo(): Promise<HistoryOutcome | undefined> {
    const entry = this.undoStack.pop();
    if (!entry) return undefined;
    const outcome = await this.apply(entry, 'undo');
    this.redoStack.push(entry);
    this.fire();
    return outcome;
  }

  /** Applies the last undone step again. */
  async redo(): Promise<HistoryOutcome | undefined> {
    const entry = this.redoStack.pop();
    if (!entry) return undefined;
    const outcome = await this.apply(entry, 'redo');
    this.undoStack.push(entry);
    this.fire();
    return outcome;
  }

  private async apply(entry: HistoryEntry, direction: 'undo' | 'redo'): Promise<HistoryOutcome> {
    const kept: string[] = [];
    let applied = 0;
    const target = (d: ActorDelta): Actor | null => (direction === 'undo' ? d.before : d.after);
    // Actors that come back first (annotations refer to them), actors that go last (once nothing refers to them).
    for (const [location, deltas] of entry.changes.registries) {
      const coming = deltas.filter((d) => target(d) !== null);
      if (coming.length) applied += await this.store.editRegistry(location, (registry) => applyActorDeltas(registry, coming, direction, kept, () => true));
    }
    for (const [document, deltas] of entry.changes.documents) {
      if (deltas.length === 0) continue;
      applied += await this.store.edit(document, null, (sidecar) => applyAnnotationDeltas(sidecar, deltas, direction, kept));
    }
    for (const [location, deltas] of entry.changes.registries) {
      const going = deltas.filter((d) => target(d) === null);
      if (going.length === 0) continue;
      const referenced = new Set<string>();
      const documents = new Set<string>([...entry.changes.documents.keys()]);
      for (const d of going) for (const doc of this.options.documentsReferencing?.(d.id) ?? []) documents.add(doc);
      for (const doc of documents) {
        if (this.store.registryLocationOf(doc) !== location) continue;
        // From disk, not the cache: a watcher's reload read before this step's write may have
        // cached the sidecar as it was, and an actor still quoted there would never go.
        const state = await this.store.reloadSidecar(doc, false);
        const data = state.status === 'ok' ? state.sidecar.value : null;
        for (const q of data?.quotes ?? []) if (q.speaker) referenced.add(q.speaker);
        for (const m of data?.mentions ?? []) referenced.add(m.actor);
      }
      applied += await this.store.editRegistry(location, (registry) => applyActorDeltas(registry, going, direction, kept, (id) => referenced.has(id)));
    }
    return { entry, applied, kept };
  }

  private fire(): void {
    for (const l of [...this.listeners]) l();
  }
}

/**
 * The change set of files replaced as a whole (an actor rename or merge):
 * each side parsed, compared by id. A side that does not parse counts as empty.
 */
export function changesFromTexts(
  registries: ReadonlyArray<{ location: string; before: string; after: string }>,
  sidecars: ReadonlyArray<{ document: string; before: string; after: string }>,
): ChangeSet {
  const actorsOf = (text: string): Actor[] => {
    const loaded = Registry.parse(text);
    return loaded.ok ? loaded.registry.actors : [];
  };
  const annotationsOf = (text: string): Annotation[] => {
    const loaded = Sidecar.parse(text);
    return loaded.ok ? loaded.sidecar.annotations : [];
  };
  return {
    documents: new Map(sidecars.map((s) => [s.document, diffAnnotations(annotationsOf(s.before), annotationsOf(s.after))])),
    registries: new Map(registries.map((r) => [r.location, diffActors(actorsOf(r.before), actorsOf(r.after))])),
  };
}
