/**
 * Renaming and merging actors: every sidecar that refers to the actor and the
 * registry change together. This module computes the new text of each file
 * from its current text; the caller shows the plan and applies it in one step.
 */

import { Registry } from '../files/registry';
import { Sidecar } from '../files/sidecar';
import { describe } from '../files/store';
import { TagError } from './tagging';

/** A change to the registry that sidecars must follow. */
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
  /** How many speaker or mention references changed in it (0 for the registry). */
  readonly references: number;
}

/** Everything an actor change writes. */
export interface ActorChangePlan {
  readonly registry: FileChange;
  readonly sidecars: readonly FileChange[];
  /** The id the actor has afterwards. */
  readonly resultId: string;
}

/**
 * Plans an actor change. Throws {@link TagError} when the registry or a
 * sidecar cannot be read: nothing is changed unless everything can be.
 */
export function planActorChange(registryFile: FileText, sidecarFiles: readonly FileText[], change: ActorChange): ActorChangePlan {
  const loaded = Registry.parse(registryFile.text);
  if (!loaded.ok) throw new TagError(`The actor registry cannot be read, so nothing was changed: ${describe(loaded.problems)}`);
  const registry = loaded.registry;
  let from: string;
  let to: string;
  try {
    if (change.type === 'rename') {
      from = change.id;
      to = registry.rename(change.id, change.newName);
    } else {
      from = change.fromId;
      to = change.intoId;
      registry.merge(change.fromId, change.intoId);
    }
  } catch (error) {
    throw new TagError(error instanceof Error ? error.message : String(error));
  }
  const sidecars: FileChange[] = [];
  for (const file of sidecarFiles) {
    const parsed = Sidecar.parse(file.text);
    if (!parsed.ok) throw new TagError(`Nothing was changed: a sidecar that refers to this actor cannot be read (${describe(parsed.problems)}). Fix it, then try again. (${file.location.split('/').pop()})`);
    const references = from === to ? 0 : parsed.sidecar.renameActor(from, to);
    if (references > 0) sidecars.push({ location: file.location, before: file.text, after: parsed.sidecar.toString(), references });
  }
  return {
    registry: { location: registryFile.location, before: registryFile.text, after: registry.toString(), references: 0 },
    sidecars,
    resultId: to,
  };
}
