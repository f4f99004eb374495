/**
 * The QuickPick that asks for a speaker or an actor: this document's actors
 * first, then the rest of the corpus registry; typing a name that matches no
 * actor offers to create it, and then asks for its kind.
 */

import * as vscode from 'vscode';
import { ACTOR_KINDS, type Actor, type ActorKind, type Registry } from '../core/files/registry';
import { guessActorKind } from '../core/tagging/actorKind';
import { acceptedChoice, matchTyped, rankActors, type PickedChoice } from '../core/tagging/actorChoice';

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
  const picked = await new Promise<PickedChoice | undefined>((resolve) => {
    const pick = vscode.window.createQuickPick<ActorItem>();
    pick.title = options.title;
    pick.placeholder = options.placeholder;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    const ranking = rankActors(registry, options.documentActors, options.suggested);
    const suggestedItems: ActorItem[] = ranking.suggested.map((choice) => {
      const detail = choice.detail ? { detail: choice.detail } : {};
      if ('actor' in choice) return { ...itemOf(choice.actor), ...detail };
      return { label: `$(${KIND_ICONS[choice.newKind]}) ${choice.newName}`, description: `new ${choice.newKind}`, ...detail, newName: choice.newName, newKind: choice.newKind };
    });
    const base: ActorItem[] = [
      ...(suggestedItems.length ? [{ label: 'Suggested', kind: vscode.QuickPickItemKind.Separator } as ActorItem] : []),
      ...suggestedItems,
      ...(ranking.local.length ? [{ label: 'This document', kind: vscode.QuickPickItemKind.Separator } as ActorItem] : []),
      ...ranking.local.map(itemOf),
      ...(ranking.others.length ? [{ label: 'Corpus registry', kind: vscode.QuickPickItemKind.Separator } as ActorItem] : []),
      ...ranking.others.map(itemOf),
    ];
    const listed = base.flatMap((i) => (i.actor ? [i.actor] : []));
    const update = (): void => {
      const { typed, exact, partial } = matchTyped(registry, listed, pick.value);
      const create: ActorItem[] = typed && !exact
        ? [{ label: `$(add) ${typed}`, description: 'new actor', newName: typed, alwaysShow: true }]
        : [];
      pick.items = partial ? [...base, ...create] : [...create, ...base];
      const preferred = exact ?? partial;
      const item = preferred && pick.items.find((i) => i.actor?.id === preferred.id);
      if (item) pick.activeItems = [item];
    };
    pick.onDidChangeValue(update);
    let done = false;
    pick.onDidAccept(() => {
      done = true;
      resolve(acceptedChoice(registry, pick.value, pick.selectedItems[0] ?? pick.activeItems[0]));
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
