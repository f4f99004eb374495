/**
 * Importing annotations read by a format's importer (see exportFormats.ts)
 * into a corpus: every row is checked against the document's text at its
 * offsets (code points) before anything is written; a row whose text differs
 * is refused with a message and the rest are imported. A missing actor named
 * by the row is created. A row with an `id` keeps it; one without gets a new
 * id. A row already present (same id, or same kind and span, and for a
 * mention the same actor) adds nothing, so importing twice adds nothing.
 * A row's `creator` and `created` are kept; a row without them is stamped
 * like a new tag.
 */

import { createAnchor } from '../anchoring/anchor';
import { contentHash } from '../anchoring/anchor';
import type { Registry } from '../files/registry';
import { newAnnotationId, type Sidecar } from '../files/sidecar';
import type { AnnotationStore } from '../files/store';
import { anchorText } from '../text/lineEnds';
import { CodePointMap } from '../text/text';
import type { ImportedAnnotation } from './exportFormats';

/** A document of the corpus, as the import resolves paths to it. */
export interface ImportTarget {
  /** Absolute location. */
  readonly location: string;
  /** Path relative to the corpus root, `/` separators. */
  readonly path: string;
  /** The text as stored (BOM kept). */
  readonly text: string;
}

/** What an import did. */
export interface ImportReport {
  /** Annotations added. */
  readonly added: number;
  /** Rows that were already there. */
  readonly unchanged: number;
  /** Refused rows, one message each, leading with what is wrong. */
  readonly refused: readonly string[];
  /** Names of the actors created. */
  readonly actorsCreated: readonly string[];
  /** Corpus paths of the documents whose sidecars changed. */
  readonly documents: readonly string[];
}

/**
 * Finds the corpus document a row names: the same relative path, else the
 * one document whose path ends with it (a file exported from a subfolder).
 */
export function documentResolver(documents: readonly ImportTarget[]): (path: string) => ImportTarget | null {
  const byPath = new Map(documents.map((d) => [d.path, d]));
  return (path) => {
    const clean = path.replace(/^\.\//, '');
    const exact = byPath.get(clean);
    if (exact) return exact;
    const found = documents.filter((d) => d.path.endsWith(`/${clean}`));
    return found.length === 1 ? found[0]! : null;
  };
}

/** Groups rows by document, refusing those that name no document or whose text is not the document's at their offsets. */
export function checkRows(
  rows: readonly ImportedAnnotation[],
  resolve: (path: string) => ImportTarget | null,
): { byDocument: Map<ImportTarget, ImportedAnnotation[]>; refused: string[] } {
  const byDocument = new Map<ImportTarget, ImportedAnnotation[]>();
  const refused: string[] = [];
  const maps = new Map<ImportTarget, CodePointMap>();
  for (const row of rows) {
    const target = resolve(row.document);
    if (!target) {
      refused.push(`${row.source}: no document ${row.document} in the corpus: not imported`);
      continue;
    }
    let points = maps.get(target);
    if (!points) maps.set(target, (points = new CodePointMap(anchorText(target.text))));
    if (row.end > points.length) {
      refused.push(`${row.source}: offsets ${row.start}–${row.end} lie beyond the end of ${target.path} (${points.length} characters): not imported`);
      continue;
    }
    const actual = points.slice(row.start, row.end);
    if (actual !== row.text) {
      refused.push(`${row.source}: the text “${short(row.text)}” is not the text of ${target.path} at ${row.start}–${row.end} (“${short(actual)}”): not imported`);
      continue;
    }
    const list = byDocument.get(target) ?? [];
    list.push(row);
    byDocument.set(target, list);
  }
  return { byDocument, refused };
}

/**
 * Adds checked rows of one document to its sidecar, creating missing actors
 * in the registry. Pure: the store reads and writes the files.
 */
export function applyRows(sidecar: Sidecar, registry: Registry, text: string, rows: readonly ImportedAnnotation[]): { added: number; unchanged: number; refused: string[]; actorsCreated: string[] } {
  const points = new CodePointMap(anchorText(text));
  const refused: string[] = [];
  const actorsCreated: string[] = [];
  let added = 0;
  let unchanged = 0;
  /** Row actor ids that were created under another id (the registry makes ids from names). */
  const createdAs = new Map<string, string>();
  const actorFor = (row: ImportedAnnotation): string | null => {
    if (row.actor !== null && registry.get(row.actor)) return row.actor;
    if (row.actor !== null && createdAs.has(row.actor)) return createdAs.get(row.actor)!;
    const byName = row.actorName !== null ? registry.findByName(row.actorName) : undefined;
    if (byName) return byName.id;
    if (row.actor === null && row.actorName === null) return null;
    const actor = registry.add(row.actorName ?? row.actor!, row.actorKind ?? 'person');
    actorsCreated.push(actor.name);
    if (row.actor !== null) createdAs.set(row.actor, actor.id);
    return actor.id;
  };
  for (const row of rows) {
    const same = row.kind === 'quote'
      ? sidecar.value.quotes.find((q) => (row.id !== null && q.id === row.id) || (q.anchor.start === row.start && q.anchor.end === row.end))
      : sidecar.value.mentions.find((m) => (row.id !== null && m.id === row.id) || (m.anchor.start === row.start && m.anchor.end === row.end && sameActor(registry, m.actor, row)));
    if (same) {
      if (same.anchor.start === row.start && same.anchor.end === row.end) unchanged++;
      else refused.push(`${row.source}: the id ${row.id} is already used by another ${row.kind} (at ${same.anchor.start}–${same.anchor.end}): not imported`);
      continue;
    }
    if (row.id !== null && sidecar.has(row.id)) {
      refused.push(`${row.source}: the id ${row.id} is already used by an annotation of another kind: not imported`);
      continue;
    }
    const anchor = createAnchor(points, row.start, row.end);
    const id = row.id ?? newAnnotationId(row.kind, anchor, (taken) => sidecar.has(taken));
    const actor = actorFor(row);
    const provenance = { ...(row.creator ? { creator: row.creator } : {}), ...(row.created ? { created: row.created } : {}) };
    if (row.kind === 'quote') sidecar.addQuote({ id, speaker: actor, cue: row.cue, direct: row.direct, anchor, ...provenance });
    else sidecar.addMention({ id, actor: actor!, anchor, ...provenance });
    added++;
  }
  return { added, unchanged, refused, actorsCreated };
}

/** True when the mention's actor is the one the row names (by id or by name). */
function sameActor(registry: Registry, actorId: string, row: ImportedAnnotation): boolean {
  if (row.actor !== null && row.actor === actorId) return true;
  const actor = registry.get(actorId);
  return row.actorName !== null && actor !== undefined && registry.findByName(row.actorName)?.id === actor.id;
}

/**
 * Imports rows into a corpus through the store: each document's sidecar and
 * the registry are edited in one locked, atomic step, and a sidecar that does
 * not parse is never written (its rows are refused with the reason).
 */
export async function importRows(store: AnnotationStore, rows: readonly ImportedAnnotation[], documents: readonly ImportTarget[]): Promise<ImportReport> {
  const { byDocument, refused } = checkRows(rows, documentResolver(documents));
  let added = 0;
  let unchanged = 0;
  const actorsCreated: string[] = [];
  const changed: string[] = [];
  for (const [target, list] of byDocument) {
    try {
      const result = await store.edit(target.location, contentHash(target.text), (sidecar, registry) => applyRows(sidecar, registry, target.text, list));
      added += result.added;
      unchanged += result.unchanged;
      refused.push(...result.refused);
      actorsCreated.push(...result.actorsCreated);
      if (result.added) changed.push(target.path);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      refused.push(...list.map((row) => `${row.source}: not imported: ${why}`));
    }
  }
  return { added, unchanged, refused, actorsCreated, documents: changed.sort() };
}

function short(text: string): string {
  const chars = [...text];
  return chars.length > 60 ? `${chars.slice(0, 57).join('')}…` : text;
}
