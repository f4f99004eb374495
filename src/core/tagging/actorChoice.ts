/**
 * Which actors the speaker and actor picker offers, in which order, and what
 * the user's Enter means: the picker's logic, apart from the QuickPick that
 * shows it (`src/vscode/actorPicker.ts`).
 */

import { foldName, type Actor, type ActorKind, type Registry } from '../files/registry';
import { guessActorKind } from './actorKind';

/** A speaker to offer first: an actor, or a name with no actor yet and its guessed kind. */
export type SuggestedChoice =
  | { readonly actor: Actor; readonly detail?: string }
  | { readonly newName: string; readonly newKind: ActorKind; readonly detail?: string };

/** What the picker lists, in order: the suggestions, this document's actors, the rest of the registry. */
export interface ActorRanking {
  readonly suggested: readonly SuggestedChoice[];
  readonly local: readonly Actor[];
  readonly others: readonly Actor[];
}

/**
 * Ranks the registry for the picker. `suggested` (best first) comes first,
 * each actor or name once; then the document's actors (nearest first) that
 * were not suggested; then every other actor in registry order.
 */
export function rankActors(
  registry: Registry,
  documentActors: readonly string[],
  suggested: ReadonlyArray<{ readonly name: string; readonly actorId: string | null; readonly detail?: string }> = [],
): ActorRanking {
  const local = documentActors.map((id) => registry.get(id)).filter((a): a is Actor => Boolean(a));
  const listed = new Set(local.map((a) => a.id));
  const choices: SuggestedChoice[] = [];
  const seen = new Set<string>();
  for (const sug of suggested) {
    const actor = (sug.actorId ? registry.get(sug.actorId) : undefined) ?? registry.findByName(sug.name);
    const key = actor ? `actor:${actor.id}` : `name:${foldName(sug.name)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const detail = sug.detail ? { detail: sug.detail } : {};
    if (actor) {
      listed.add(actor.id);
      choices.push({ actor, ...detail });
    } else {
      choices.push({ newName: sug.name, newKind: guessActorKind(sug.name), ...detail });
    }
  }
  return { suggested: choices, local, others: registry.actors.filter((a) => !listed.has(a.id)) };
}

/** What typed text points at while the user types. */
export interface TypedMatch {
  /** The text, spaces collapsed. */
  readonly typed: string;
  /** The actor with exactly that name or alias. */
  readonly exact?: Actor;
  /** Otherwise the first listed actor with the text as whole words of a name ("Roe" for "Jane Roe"). */
  readonly partial?: Actor;
}

/** Matches typed text against the registry and, for a partial name, the actors in the order listed. */
export function matchTyped(registry: Registry, listed: readonly Actor[], value: string): TypedMatch {
  const typed = value.replace(/\s+/g, ' ').trim();
  const exact = typed ? registry.findByName(typed) : undefined;
  if (exact) return { typed, exact };
  const partial = typed ? listed.find((a) => namesOf(a).some((n) => containsWords(n, typed))) : undefined;
  return partial ? { typed, partial } : { typed };
}

/** An answer of the picker: an actor, or a new name (with its kind when it was suggested). */
export interface PickedChoice {
  readonly actor?: Actor;
  readonly newName?: string;
  readonly newKind?: ActorKind;
}

/**
 * What Enter means. The selection the picker reports can lag behind the
 * text when the user types fast (the items are rebuilt on every keystroke),
 * so the typed text decides first: an exact name or alias is that actor, an
 * item that does not match the text is ignored, and other text is a new actor.
 */
export function acceptedChoice<T extends PickedChoice>(registry: Registry, value: string, reported: T | undefined): T | PickedChoice | undefined {
  const typed = value.replace(/\s+/g, ' ').trim();
  if (!typed) return reported;
  const exact = registry.findByName(typed);
  if (exact) return { actor: exact };
  if (reported?.actor && namesOf(reported.actor).some((n) => foldName(n).includes(foldName(typed)))) return reported;
  if (reported?.newName && reported.newName === typed) return reported;
  return { newName: typed };
}

/** Actor ids referenced by a document's annotations, nearest to `offset` first. */
export function actorsByDistance(annotations: ReadonlyArray<{ anchor: { start: number; end: number }; speaker?: string | null; actor?: string }>, offset: number): string[] {
  const best = new Map<string, number>();
  for (const a of annotations) {
    const id = a.actor ?? a.speaker;
    if (!id) continue;
    const d = offset < a.anchor.start ? a.anchor.start - offset : offset > a.anchor.end ? offset - a.anchor.end : 0;
    best.set(id, Math.min(best.get(id) ?? Infinity, d));
  }
  return [...best].sort((a, b) => a[1] - b[1]).map(([id]) => id);
}

/** True when `part` appears in `name` as whole words, folded ("Roe" in "Jane Roe"). */
export function containsWords(name: string, part: string): boolean {
  const n = ` ${foldName(name).replace(/[^\p{L}\p{N}']+/gu, ' ')} `;
  const p = foldName(part).replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
  return p.length > 1 && n.includes(` ${p} `);
}

function namesOf(actor: Actor): string[] {
  return [actor.name, ...actor.aliases];
}
