/**
 * Converting a corpus of the first layout (every actor in one `actors.yaml`,
 * sidecar entries as blocks, `quotes: []`) to the layout that plain git
 * merges: one file per actor, one line per annotation, `quotes:` for an
 * empty list. Nothing is lost: every actor entry (retired ones included)
 * moves to its own file with its comments; keys and comments of
 * `actors.yaml` other than its actors stay in it; a file that cannot be read
 * is left alone and reported. Running it again changes nothing.
 */

import { Document, isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { isActorId, Registry, type RegistrySource } from './registry';
import { Sidecar } from './sidecar';
import { describe, registryFileLocation } from './store';
import { loadYaml } from './yamlFile';

/** A file and its text. */
export interface MigrationFile {
  readonly location: string;
  readonly text: string;
}

/** What a migration writes and removes, and what it had to leave. */
export interface MigrationPlan {
  /** Files to write, new or changed, with their new text. */
  readonly writes: readonly MigrationFile[];
  /** Files to delete (the emptied legacy registry). */
  readonly deletes: readonly string[];
  /** Files left as they are because they cannot be read, with why. */
  readonly skipped: ReadonlyArray<{ readonly location: string; readonly problem: string }>;
  /** How many actors moved to files of their own. */
  readonly actorsMoved: number;
}

/** The header the extension writes at the top of a new legacy registry: not worth keeping on its own. */
const GENERATED_HEADER = /^ ?Seed Annotator actor registry\b/;

/**
 * Plans the migration of a corpus: its registry (legacy file at
 * `registryLocation` and the actor files beside it) and its sidecars.
 */
export function planMigration(registryLocation: string, registry: RegistrySource, sidecars: readonly MigrationFile[]): MigrationPlan {
  const writes: MigrationFile[] = [];
  const deletes: string[] = [];
  const skipped: Array<{ location: string; problem: string }> = [];
  let actorsMoved = 0;

  if (registry.legacy !== null) {
    const loaded = Registry.load(registry);
    const doc = loadYaml(registry.legacy).doc;
    if (!loaded.ok || !doc) {
      skipped.push({ location: registryLocation, problem: loaded.ok ? 'cannot be read' : describe(loaded.problems) });
    } else {
      const actors = isMap(doc.contents) ? doc.contents.get('actors', true) : undefined;
      const pairs = isMap(actors) ? [...actors.items] : [];
      const existing = new Set(registry.actors.map((a) => a.id));
      for (const [index, pair] of (pairs as Array<Pair<Node, Node>>).entries()) {
        const id = isScalar(pair.key) ? pair.key.value : undefined;
        if (!isActorId(id)) continue;
        // An actor that already has a file of its own is read from that file: the legacy entry adds nothing.
        if (!existing.has(id)) {
          // The comment above the first entry belongs to the mapping in yaml's tree; it is about that entry.
          const above = index === 0 && isMap(actors) ? actors.commentBefore : null;
          writes.push({ location: registryFileLocation(registryLocation, { actor: id }), text: actorFileOf(pair, above) });
          actorsMoved++;
        }
      }
      const hadActors = isMap(doc.contents) && doc.contents.has('actors');
      if (isMap(doc.contents)) doc.contents.delete('actors');
      if (!keepsMore(doc)) deletes.push(registryLocation);
      else if (hadActors) writes.push({ location: registryLocation, text: doc.toString({ lineWidth: 0 }) });
    }
  }

  for (const file of sidecars) {
    const loaded = Sidecar.parse(file.text);
    if (!loaded.ok) {
      skipped.push({ location: file.location, problem: describe(loaded.problems) });
      continue;
    }
    if (loaded.sidecar.toLineLayout()) writes.push({ location: file.location, text: loaded.sidecar.toString() });
  }
  return { writes, deletes, skipped, actorsMoved };
}

/** An actor's own file from its legacy entry, with the comment above the entry. */
function actorFileOf(pair: Pair<Node, Node>, above: string | null | undefined): string {
  const value = pair.value;
  const doc = new Document();
  if (value && isMap(value)) {
    const entry = value.clone() as YAMLMap;
    entry.flow = false;
    doc.contents = entry;
  } else doc.contents = doc.createNode({});
  const comment = [above, (pair.key as { commentBefore?: string | null }).commentBefore, value?.commentBefore].filter(Boolean).join('\n');
  if (doc.contents) (doc.contents as { commentBefore?: string | null }).commentBefore = comment || undefined;
  return doc.toString({ lineWidth: 0 });
}

/** True when the legacy registry, its actors taken out, still holds something of its own: other keys, or comments. */
function keepsMore(doc: Document): boolean {
  const root = doc.contents;
  const keys = isMap(root) ? root.items.map((p) => (isScalar(p.key) ? p.key.value : p.key)) : [];
  if (keys.some((k) => k !== 'version')) return true;
  if (doc.commentBefore && !GENERATED_HEADER.test(doc.commentBefore)) return true;
  return Boolean(doc.comment || (isMap(root) && root.items.some((p) => (p.key as { commentBefore?: string }).commentBefore || (p.value as { comment?: string } | null)?.comment)));
}
