/**
 * Renaming and merging actors. An actor's id never changes, so neither
 * touches a sidecar: a rename rewrites the actor's own file, and a merge
 * adds the retired actor's names to the survivor and leaves
 * `mergedInto: <survivor>` in the retired actor's file, through which
 * annotations made with the retired id (here or on another branch) resolve.
 * This module computes the new text of each registry file from its current
 * text; the caller shows the plan and applies it in one step.
 */

import { Registry, type Actor, type RegistrySource } from '../files/registry';
import { describe, registryFileLocation } from '../files/store';
import { TagError } from './tagging';

/** A change to the registry. */
export type ActorChange =
  | { readonly type: 'rename'; readonly id: string; readonly newName: string }
  | { readonly type: 'merge'; readonly fromId: string; readonly intoId: string };

/** A file and its current text. */
export interface FileText {
  readonly location: string;
  readonly text: string;
}

/** One file's change. */
export interface FileChange {
  readonly location: string;
  readonly before: string;
  readonly after: string;
  /** How many speaker or mention references changed in it (0 for registry files). */
  readonly references: number;
}

/** Everything an actor change writes. */
export interface ActorChangePlan {
  /** The registry files that change (the actors' own files, or the legacy registry). */
  readonly registry: readonly FileChange[];
  /** The id the actor has afterwards: for a rename its own, for a merge the survivor's. */
  readonly resultId: string;
  /** The registry's actors before and after, for the undo history. */
  readonly actorsBefore: readonly Actor[];
  readonly actorsAfter: readonly Actor[];
}

/** A registry's files as read, with the location of its legacy file (which may not exist). */
export interface RegistryFiles extends RegistrySource {
  readonly location: string;
}

/**
 * Plans an actor change. Throws {@link TagError} when the registry cannot
 * be read or the change is refused: nothing is changed unless everything can be.
 */
export function planActorChange(files: RegistryFiles, change: ActorChange): ActorChangePlan {
  const loaded = Registry.load(files);
  if (!loaded.ok) throw new TagError(`Nothing was changed: the actor registry cannot be read (${describe(loaded.problems)}). Fix it by hand or restore it from git, then try again.`);
  const registry = loaded.registry;
  const actorsBefore = registry.actors;
  let resultId: string;
  try {
    if (change.type === 'rename') resultId = registry.rename(change.id, change.newName);
    else {
      registry.merge(change.fromId, change.intoId);
      resultId = change.intoId;
    }
  } catch (error) {
    throw new TagError(error instanceof Error ? error.message : String(error));
  }
  const before = (actor: string | null): string => (actor === null ? files.legacy ?? '' : files.actors.find((a) => a.id === actor)?.text ?? '');
  return {
    registry: registry.changedFiles().map((file) => ({ location: registryFileLocation(files.location, file), before: before(file.actor), after: file.text ?? '', references: 0 })),
    resultId,
    actorsBefore,
    actorsAfter: registry.actors,
  };
}
