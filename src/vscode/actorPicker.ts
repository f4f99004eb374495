/**
 * The QuickPick that asks for a speaker or an actor: this document's actors
 * first, then the rest of the corpus registry; typing a name that matches no
 * actor offers to create it, and then asks for its kind.
 */

import * as vscode from 'vscode';
import { ACTOR_KINDS, foldName, type Actor, type ActorKind, type Registry } from '../core/files/registry';
import { guessActorKind } from '../core/tagging/actorKind';

/** The user's answer: an existing actor, or a new one to create. */
export type ActorChoice = { readonly actor: Actor } | { readonly name: string; readonly kind: ActorKind };

interface ActorItem extends vscode.QuickPickItem {
  readonly actor?: Actor;
  readonly newName?: string;
  /** The guessed kind of a suggested new actor: picking the item creates it without asking. */
  readonly newKind?: ActorKind;
}

/** The codicon of each actor kind. */
export const KIND_ICONS: Readonly<Record<ActorKind, string>> = {
  person: 'person',
  organisation: 'organization',
  country: 'globe',
  media: 'broadcast',
  other: 'symbol-misc',
};

/** Options of {@link pickActor}. */
export interface PickActorOptions {
  readonly title: string;
  readonly placeholder: string;
  /** Actor ids of this document, nearest first. */
  readonly documentActors: readonly string[];
  /** Text to start with (such as the selected name). */
  readonly value?: string;
  /**
   * Speakers to offer first, best first: the suggested speaker of the quote,
   * then the names found in the document. A name with no actor yet is
   * created with its guessed kind when picked.
   */
  readonly suggested?: ReadonlyArray<{ readonly name: string; readonly actorId: string | null; readonly detail?: string }>;
}

/** Asks for an actor. Resolves undefined when the user cancels. */
export async function pickActor(registry: Registry, options: PickActorOptions): Promise<ActorChoice | undefined> {
  const picked = await new Promise<ActorItem | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<ActorItem>();
    pick.title = options.title;
    pick.placeholder = options.placeholder;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const local = options.documentActors.map((id) => registry.get(id)).filter((a): a is Actor => Boolean(a));
    const localIds = new Set(local.map((a) => a.id));
    const suggestedItems: ActorItem[] = [];
    const seen = new Set<string>();
    for (const sug of options.suggested ?? []) {
      const actor = (sug.actorId ? registry.get(sug.actorId) : undefined) ?? registry.findByName(sug.name);
      const key = actor ? `actor:${actor.id}` : `name:${foldName(sug.name)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (actor) {
        localIds.add(actor.id);
        suggestedItems.push({ ...itemOf(actor), ...(sug.detail ? { detail: sug.detail } : {}) });
      } else {
        const kind = guessActorKind(sug.name);
        suggestedItems.push({ label: `$(${KIND_ICONS[kind]}) ${sug.name}`, description: `new ${kind}`, ...(sug.detail ? { detail: sug.detail } : {}), newName: sug.name, newKind: kind });
      }
    }
    const others = registry.actors.filter((a) => !localIds.has(a.id));
    const base: ActorItem[] = [
      ...(suggestedItems.length ? [{ label: 'Suggested', kind: vscode.QuickPickItemKind.Separator } as ActorItem] : []),
      ...suggestedItems,
      ...(local.length ? [{ label: 'This document', kind: vscode.QuickPickItemKind.Separator } as ActorItem] : []),
      ...local.map(itemOf),
      ...(others.length ? [{ label: 'Corpus registry', kind: vscode.QuickPickItemKind.Separator } as ActorItem] : []),
      ...others.map(itemOf),
    ];
    const update = (): void => {
      const typed = pick.value.replace(/\s+/g, ' ').trim();
      const exact = typed ? registry.findByName(typed) : undefined;
      // "Roe" for "Jane Roe": the user most likely means the known actor, under a new alias.
      const partial = typed && !exact ? base.find((i) => i.actor && namesOf(i.actor).some((n) => containsWords(n, typed))) : undefined;
      const create: ActorItem[] = typed && !exact
        ? [{ label: `$(add) ${typed}`, description: 'new actor', newName: typed, alwaysShow: true }]
        : [];
      pick.items = partial ? [...base, ...create] : [...create, ...base];
      const preferred = exact ? pick.items.find((i) => i.actor?.id === exact.id) : partial;
      if (preferred) pick.activeItems = [preferred];
    };
    pick.onDidChangeValue(update);
    let done = false;
    pick.onDidAccept(() => {
      done = true;
      resolve(acceptedItem(registry, pick.value, pick.selectedItems[0] ?? pick.activeItems[0]));
      pick.hide();
    });
    pick.onDidHide(() => {
      if (!done) resolve(undefined);
      pick.dispose();
    });
    if (options.value) pick.value = options.value;
    update();
    pick.show();
  });
  if (!picked) return undefined;
  if (picked.actor) return { actor: picked.actor };
  if (!picked.newName) return undefined;
  if (picked.newKind) return { name: picked.newName, kind: picked.newKind };
  const kind = await pickKind(picked.newName, undefined, guessActorKind(picked.newName));
  return kind ? { name: picked.newName, kind } : undefined;
}

/**
 * What Enter means. The selection the picker reports can lag behind the
 * text when the user types fast (the items are rebuilt on every keystroke),
 * so the typed text decides first: an exact name or alias is that actor, an
 * item that does not match the text is ignored, and other text is a new actor.
 */
function acceptedItem(registry: Registry, value: string, reported: ActorItem | undefined): ActorItem | undefined {
  const typed = value.replace(/\s+/g, ' ').trim();
  if (!typed) return reported;
  const exact = registry.findByName(typed);
  if (exact) return { label: exact.name, actor: exact };
  if (reported?.actor && namesOf(reported.actor).some((n) => foldName(n).includes(foldName(typed)))) return reported;
  if (reported?.newName && reported.newName === typed) return reported;
  return { label: typed, newName: typed };
}

/** Asks what kind of actor a new name is. */
export async function pickKind(name: string, current?: ActorKind, guess?: ActorKind): Promise<ActorKind | undefined> {
  // The guess comes first, so that Enter takes it.
  const kinds = guess ? [guess, ...ACTOR_KINDS.filter((k) => k !== guess)] : ACTOR_KINDS;
  const items = kinds.map((kind) => ({
    label: `$(${KIND_ICONS[kind]}) ${kind}`,
    description: kind === current ? 'current' : kind === guess ? 'guessed from the name' : undefined,
    kind: undefined,
    value: kind,
  }));
  const choice = await vscode.window.showQuickPick(items, { title: `What is “${name}”?`, placeHolder: 'person, organisation, country, media or other' });
  return choice?.value;
}

function itemOf(actor: Actor): ActorItem {
  return {
    label: `$(${KIND_ICONS[actor.kind]}) ${actor.name}`,
    description: actor.kind,
    detail: actor.aliases.length ? `also ${actor.aliases.join(', ')}` : undefined,
    actor,
  };
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

function namesOf(actor: Actor): string[] {
  return [actor.name, ...actor.aliases];
}

/** True when `part` appears in `name` as whole words, folded ("Roe" in "Jane Roe"). */
export function containsWords(name: string, part: string): boolean {
  const n = ` ${foldName(name).replace(/[^\p{L}\p{N}']+/gu, ' ')} `;
  const p = foldName(part).replace(/[^\p{L}\p{N}']+/gu, ' ').trim();
  return p.length > 1 && n.includes(` ${p} `);
}
