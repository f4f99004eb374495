/**
 * The check cache: what the checks found in each document and its sidecar,
 * with the mtime and size both files had when they were read, so that a
 * second `check` of an unchanged corpus reads neither. A record is reused
 * only while both stamps are unchanged and the registry still knows (or
 * does not know) exactly the actors the sidecar names; anything in doubt is
 * checked again, so a stale cache is slow, never wrong. A file modified
 * less than {@link RACY_MS} before it was read is never recorded (its mtime
 * could stay the same through a second change).
 *
 * The file is one JSON object of columns; one that is corrupt, of another
 * version (an older layout) or written by another build (`salt`) or for
 * another folder is ignored.
 */

import type { Problem } from './checks';
import { RACY_MS } from './indexCache';

/** Bump when the file layout or the meaning of a record changes. */
export const CHECK_CACHE_VERSION = 3;
const KIND = 'seed-annotator-check';

/** A file's mtime (ms) and size as it was read. */
export interface Stamp {
  readonly mtime: number;
  readonly size: number;
}

/** What the checks found in one document and its sidecar. */
export interface CheckRecord {
  /** The document's location. */
  readonly location: string;
  readonly document: Stamp;
  /** The sidecar's stamp, or null when the document had none. */
  readonly sidecar: Stamp | null;
  /** True when the registry could be read (actor ids are checked only then). */
  readonly registry: boolean;
  /** Every actor id the sidecar names (speakers and mentions). */
  readonly actors: readonly string[];
  /** Those of {@link actors} the registry did not know. */
  readonly unknown: readonly string[];
  readonly problems: readonly Problem[];
}

/**
 * What the last check found in the registry itself, with the registry's
 * stamp (its files' names, mtimes and sizes, settled as records are): while
 * the stamp is unchanged, every record in the cache was checked against
 * this very registry, so a check reuses them without reading the registry.
 */
export interface RegistryRecord {
  readonly stamp: string;
  readonly problems: readonly Problem[];
}

/** A check cache file: the records by document location, and the registry's, if any. */
export interface CheckCache {
  readonly records: Map<string, CheckRecord>;
  readonly registry: RegistryRecord | null;
}

/**
 * A record of a check that read files with these stamps, the reads having
 * begun at `readStartedAt` (clock ms): null when either file was modified
 * within {@link RACY_MS} of the read, as such a record could not be trusted.
 */
export function makeCheckRecord(record: CheckRecord, readStartedAt: number): CheckRecord | null {
  const settled = (s: Stamp | null): boolean => s === null || (s.mtime >= 0 && s.mtime < readStartedAt - RACY_MS);
  return settled(record.document) && settled(record.sidecar) ? record : null;
}

/**
 * True when a record still tells what checking the document would find: the
 * document and its sidecar have the recorded stamps, and the registry's
 * readability and its answer for every actor the sidecar names are unchanged
 * (`knows` is `'unchanged'` when the registry is the one the record was
 * checked against: its {@link RegistryRecord} stamp is the same).
 */
export function canReuseCheck(
  record: CheckRecord | undefined,
  document: Stamp,
  sidecar: Stamp | null,
  knows: ((actor: string) => boolean) | null | 'unchanged',
): record is CheckRecord {
  if (!record || !sameStamp(record.document, document)) return false;
  if (record.sidecar === null ? sidecar !== null : sidecar === null || !sameStamp(record.sidecar, sidecar)) return false;
  if (knows === 'unchanged') return true;
  if (record.registry !== (knows !== null)) return false;
  if (knows === null) return true;
  const unknown = new Set(record.unknown);
  return record.actors.every((actor) => knows(actor) === !unknown.has(actor));
}

function sameStamp(a: Stamp, b: Stamp): boolean {
  return a.mtime >= 0 && a.mtime === b.mtime && a.size === b.size;
}

/**
 * The cache file's text. `salt` names the build, `root` the corpus folder, `registry` what the registry gave (null: not recorded).
 *
 * Columns, not a row per record: paths relative to `root` (the root was 0.45 MB of a 2.3 MB file at
 * 10k documents), stamps as flat number lists, and actor ids as indices into one list of the ids
 * named (the per-document lists of ids were 1 MB). Only documents with problems carry a problem list.
 * A record whose document or problem lies outside `root` is left out: it is checked again next time.
 */
export function serializeCheckCache(records: Iterable<CheckRecord>, options: { salt: string; root: string; registry?: RegistryRecord | null }): string {
  const prefix = rootPrefix(options.root);
  const inside = (location: string): boolean => location.startsWith(prefix) && location.length > prefix.length;
  const actorIds = new Map<string, number>();
  const indexOf = (id: string): number => {
    let n = actorIds.get(id);
    if (n === undefined) actorIds.set(id, (n = actorIds.size));
    return n;
  };
  const paths: string[] = [];
  const stamps: Array<number | null> = [];
  const registry: number[] = [];
  const actors: number[][] = [];
  const unknown: number[][] = [];
  const problems: Array<[number, Problem[]]> = [];
  for (const r of records) {
    if (!inside(r.location) || !r.problems.every((p) => inside(p.location))) continue;
    if (r.problems.length) problems.push([paths.length, r.problems.map((p) => ({ ...p, location: p.location.slice(prefix.length) }))]);
    paths.push(r.location.slice(prefix.length));
    stamps.push(r.document.mtime, r.document.size, r.sidecar?.mtime ?? null, r.sidecar?.size ?? null);
    registry.push(r.registry ? 1 : 0);
    actors.push(r.actors.map(indexOf));
    unknown.push(r.unknown.map(indexOf));
  }
  return JSON.stringify({
    kind: KIND,
    version: CHECK_CACHE_VERSION,
    salt: options.salt,
    root: options.root,
    registry: options.registry ?? null,
    actorIds: [...actorIds.keys()],
    records: { paths, stamps, registry, actors, unknown, problems },
  });
}

/** The records of a cache file, by document location, and the registry's; null when the file is not a usable cache for this build and folder. */
export function parseCheckCache(text: string, options: { salt: string; root: string }): CheckCache | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  const d = data as { kind?: unknown; version?: unknown; salt?: unknown; root?: unknown; registry?: unknown; actorIds?: unknown; records?: unknown };
  if (!d || d.kind !== KIND || d.version !== CHECK_CACHE_VERSION || d.salt !== options.salt || d.root !== options.root || !isStrings(d.actorIds)) return null;
  const reg = d.registry as Partial<RegistryRecord> | null | undefined;
  if (reg !== null && !(reg && typeof reg.stamp === 'string' && Array.isArray(reg.problems) && reg.problems.every(isProblem))) return null;
  const columns = d.records as { paths?: unknown; stamps?: unknown; registry?: unknown; actors?: unknown; unknown?: unknown; problems?: unknown } | null;
  if (!columns || typeof columns !== 'object') return null;
  const { paths, stamps, registry, actors, unknown, problems } = columns;
  if (!isStrings(paths) || !Array.isArray(stamps) || !Array.isArray(registry) || !Array.isArray(actors) || !Array.isArray(unknown) || !Array.isArray(problems)) return null;
  const n = paths.length;
  if (stamps.length !== 4 * n || registry.length !== n || actors.length !== n || unknown.length !== n) return null;
  const ids = d.actorIds;
  const idsOf = (list: unknown): string[] | null => {
    if (!Array.isArray(list)) return null;
    const out: string[] = [];
    for (const i of list) {
      if (!Number.isInteger(i) || i < 0 || i >= ids.length) return null;
      out.push(ids[i as number]!);
    }
    return out;
  };
  const prefix = rootPrefix(options.root);
  const problemsOf = new Map<number, Problem[]>();
  for (const entry of problems as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return null;
    const [i, list] = entry as unknown[];
    if (!Number.isInteger(i) || (i as number) < 0 || (i as number) >= n || problemsOf.has(i as number) || !Array.isArray(list) || list.length === 0 || !list.every(isProblem)) return null;
    problemsOf.set(i as number, (list as Problem[]).map((p) => ({ ...p, location: prefix + p.location })));
  }
  const records = new Map<string, CheckRecord>();
  for (let i = 0; i < n; i++) {
    const mtime: unknown = stamps[4 * i];
    const size: unknown = stamps[4 * i + 1];
    const carMtime: unknown = stamps[4 * i + 2];
    const carSize: unknown = stamps[4 * i + 3];
    if (typeof mtime !== 'number' || typeof size !== 'number') return null;
    if (!(carMtime === null && carSize === null) && !(typeof carMtime === 'number' && typeof carSize === 'number')) return null;
    const named = idsOf(actors[i]);
    const unnamed = idsOf(unknown[i]);
    if (!named || !unnamed || (registry[i] !== 0 && registry[i] !== 1)) return null;
    const location = prefix + paths[i]!;
    records.set(location, {
      location,
      document: { mtime, size },
      sidecar: typeof carMtime === 'number' ? { mtime: carMtime, size: carSize as number } : null,
      registry: registry[i] === 1,
      actors: named,
      unknown: unnamed,
      problems: problemsOf.get(i) ?? [],
    });
  }
  return { records, registry: reg === null ? null : { stamp: reg.stamp as string, problems: reg.problems as Problem[] } };
}

/** `root` with one trailing `/`: what every location inside it starts with. */
function rootPrefix(root: string): string {
  return root.endsWith('/') ? root : `${root}/`;
}

function isStrings(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

function isProblem(value: unknown): value is Problem {
  const p = value as Partial<Problem> | null;
  return !!p && typeof p.location === 'string' && typeof p.line === 'number' && typeof p.column === 'number' && typeof p.severity === 'string' && typeof p.code === 'string' && typeof p.message === 'string';
}
