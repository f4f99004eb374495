/**
 * A corpus on the local disk: finding the seed documents and sidecars below a
 * folder, and reading what the checks and the export need. Used by the CLI
 * (and by the extension for file: workspaces).
 *
 * Locations are absolute paths with `/` separators, as the core expects.
 * Symbolic links are followed only when they resolve inside the root, and
 * every real folder is walked once, so a link loop or a link out of the
 * corpus is never followed.
 */

import { existsSync, promises as fs, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import { checkDocument, checkOrphanSidecar, checkRegistry, sortProblems, type Problem } from '../core/corpus/checks';
import { actorFolderFor, AnnotationStore, documentLocationForSidecar, type FileAccess, type LoadedFile } from '../core/files/store';
import { limiter, mapLimit } from '../core/text/concurrency';
import { CorpusIndex, entryFromBytes, HEAD_CHARS } from '../core/corpus/corpusIndex';
import { loadAnnotatedDocuments, type AnnotatedDocument } from '../core/exports/exportFormats';
import { basename, dirname, joinPath, relativeTo } from '../core/text/paths';
import { ACTOR_FILE_SUFFIX, DEFAULT_REGISTRY_FILE, Registry } from '../core/files/registry';
import { type Sidecar, SIDECAR_SUFFIX, sidecarNameFor } from '../core/files/sidecar';
import type { FileProblem } from '../core/files/yamlFile';
import { registryDisagreements } from './mergeFiles';
import { nodeFiles } from './nodeFiles';
import { readHeadNow, readHeadNowInto, readHeadOnly, readHeadWithStat, readWholeFile, readWholeFileNow, statFileNow } from './indexCacheFile';
import { indexFiles, RACY_MS, type CacheRecord, type IndexFileAccess } from '../core/corpus/indexCache';
import { canReuseCheck, makeCheckRecord, type CheckRecord, type RegistryRecord, type Stamp } from '../core/corpus/checkCache';

/** File name of the actor registry at the corpus root. */
export const REGISTRY_FILE = DEFAULT_REGISTRY_FILE;

/** How many files are read at once. */
export const DEFAULT_CONCURRENCY = 64;

/** Folders never walked (dot-folders such as .git are skipped too). */
const SKIPPED_FOLDERS = new Set(['node_modules']);

/** A file that could not be read while scanning. */
export interface ScanError {
  readonly location: string;
  readonly message: string;
}

/** What a scan found. */
export interface ScannedCorpus {
  /** The root folder (absolute, `/` separators, no trailing slash). */
  readonly root: string;
  readonly index: CorpusIndex;
  /** A record of every `.txt` file indexed, for the index cache (stamped when the scan was given a cache). */
  readonly records: readonly CacheRecord[];
  /** How many files took their record from the cache instead of being read. */
  readonly reused: number;
  /** Every sidecar found, sorted. */
  readonly sidecars: readonly string[];
  /** Where the registry is (it may not exist). */
  readonly registryLocation: string;
  /** Files that were listed but could not be read (other than deleted ones). */
  readonly errors: readonly ScanError[];
}

/** Thrown when the root itself is missing or not a folder. */
export class CorpusRootError extends Error {
  override readonly name = 'CorpusRootError';
}

const decoder = new TextDecoder('utf-8');

/** A location (`/` separators) from a native path. */
export function toLocation(nativePath: string): string {
  return path.sep === '/' ? nativePath : nativePath.split(path.sep).join('/');
}

/** The location of a corpus folder given on the command line, as {@link scanCorpus} names its root. */
export function corpusRootLocation(rootPath: string): string {
  return toLocation(path.resolve(rootPath)).replace(/(.)\/$/, '$1');
}

/** The path of `location` relative to the corpus root, `/` separated (the location itself when outside). */
export function relativePath(corpus: { root: string }, location: string): string {
  return relativeTo(corpus.root, location) ?? location;
}

/**
 * Scans a folder for seed documents (`*.txt` whose first line is a date
 * header, or that have a sidecar) and sidecars.
 */
export async function scanCorpus(
  rootPath: string,
  options: {
    concurrency?: number;
    /**
     * The index cache of an earlier scan (null: none yet). Given, even as
     * null, the scan stamps every file it reads, for the next cache.
     */
    cache?: ReadonlyMap<string, CacheRecord> | null;
    /**
     * Read with synchronous calls (see readHeadNow): for the CLI, never for
     * the extension host, which must not block.
     */
    blocking?: boolean;
  } = {},
): Promise<ScannedCorpus> {
  const rootNative = path.resolve(rootPath);
  let stat;
  try {
    stat = await fs.stat(rootNative);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CorpusRootError(code === 'ENOENT' ? `no such folder: ${rootPath}` : `cannot read ${rootPath}: ${code ?? String(error)}`);
  }
  if (!stat.isDirectory()) throw new CorpusRootError(`not a folder: ${rootPath}`);
  const rootReal = await fs.realpath(rootNative);
  const root = corpusRootLocation(rootPath);
  const limit = limiter(options.concurrency ?? DEFAULT_CONCURRENCY);
  const errors: ScanError[] = [];

  const texts: Array<{ location: string; real: string }> = [];
  const sidecars = new Set<string>();
  const visitedDirs = new Set<string>([rootReal]);
  const seenFiles = new Set<string>();
  let links: Array<{ location: string; native: string }> = [];

  const isInside = (real: string): boolean => real === rootReal || real.startsWith(rootReal.endsWith(path.sep) ? rootReal : rootReal + path.sep);

  const addFile = (location: string, real: string, name: string): void => {
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    if (name.endsWith(SIDECAR_SUFFIX)) sidecars.add(location);
    else if (/\.txt$/i.test(name)) texts.push({ location, real });
  };

  /** Walks a real folder without following links; links are queued. */
  const walk = async (native: string, location: string, real: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = options.blocking ? readdirSync(native, { withFileTypes: true }) : await limit(() => fs.readdir(native, { withFileTypes: true }));
    } catch (error) {
      if (!isGone(error)) errors.push({ location, message: errorMessage(error) });
      return;
    }
    entries.sort((a, b) => compareText(a.name, b.name));
    const subfolders: Promise<void>[] = [];
    for (const entry of entries) {
      const name = entry.name;
      if (name.startsWith('.')) continue;
      const childNative = childPath(native, name);
      const childLocation = joinPath(location, name);
      const childReal = childPath(real, name);
      if (entry.isSymbolicLink()) links.push({ location: childLocation, native: childNative });
      else if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(name) || visitedDirs.has(childReal)) continue;
        visitedDirs.add(childReal);
        subfolders.push(walk(childNative, childLocation, childReal));
      } else if (entry.isFile()) addFile(childLocation, childReal, name);
    }
    await Promise.all(subfolders);
  };

  await walk(rootNative, root, rootReal);
  // Links are followed after the plain tree, in name order, so that which of
  // two names of one file is listed does not depend on timing.
  while (links.length) {
    const batch = links.sort((a, b) => compareText(a.location, b.location));
    links = [];
    for (const link of batch) {
      let real: string;
      let target;
      try {
        real = await fs.realpath(link.native);
        target = await fs.stat(real);
      } catch {
        continue; // dangling or unreadable link
      }
      if (!isInside(real)) continue;
      const name = basename(link.location);
      if (target.isDirectory()) {
        if (SKIPPED_FOLDERS.has(name) || visitedDirs.has(real)) continue;
        visitedDirs.add(real);
        await walk(link.native, link.location, real);
      } else if (target.isFile()) addFile(link.location, real, name);
    }
  }

  // The same reads and entries as the extension's index (the cheapest Node offers, see indexCacheFile.ts);
  // with a cache, a file whose record still has its mtime and size is not read, and every file read is
  // stamped from its open descriptor for the next cache.
  const targets = texts.map(({ location }) => ({ location, hasSidecar: sidecars.has(joinPath(dirname(location), sidecarNameFor(basename(location)))) }));
  const stamp = options.cache !== undefined;
  const access: IndexFileAccess = options.blocking
    ? { stat: statFileNow, readHead: (location, bytes) => readHeadNow(location, bytes, stamp), readHeadWith: (location, bytes, use) => readHeadNowInto(location, bytes, stamp, use) }
    : { stat: statFileNow, readHead: stamp ? readHeadWithStat : readHeadOnly };
  const result = await indexFiles(
    targets,
    access,
    options.cache ?? null,
    { concurrency: options.concurrency ?? DEFAULT_CONCURRENCY, entryOf: (location, bytes, hasSidecar) => entryFromBytes(location, bytes, HEAD_CHARS, { hasSidecar }) },
  );
  for (const { location, error } of result.failed) if (!isGone(error)) errors.push({ location, message: errorMessage(error) });
  const index = new CorpusIndex();
  index.batch(() => {
    for (const entry of result.entries) index.set(entry);
  });
  return {
    root,
    index,
    records: result.records,
    reused: result.reused,
    sidecars: [...sidecars].sort(compareText),
    registryLocation: joinPath(root, REGISTRY_FILE),
    errors: errors.sort((a, b) => compareText(a.location, b.location)),
  };
}


/** Reads a text file; null when it does not exist. */
async function readText(location: string, blocking = false): Promise<string | null> {
  const bytes = await (blocking ? readWholeFileNow : readWholeFile)(location);
  return bytes === null ? null : decoder.decode(bytes);
}

/** Node's file access, reading whole files with the cheaper calls of {@link readWholeFile}. */
const diskFiles: FileAccess = { ...nodeFiles, read: readWholeFile };
/** The same reading with synchronous calls (see readHeadNow), for the CLI. */
const blockingDiskFiles: FileAccess = { ...nodeFiles, read: readWholeFileNow };

/**
 * A store over the local disk for one corpus, for reading (the CLI's commands
 * each make one). `blocking`: read with synchronous calls (the CLI only).
 */
export function diskStore(registryLocation: string, blocking = false): AnnotationStore {
  return new AnnotationStore(blocking ? blockingDiskFiles : diskFiles, () => registryLocation);
}

/**
 * Reads a corpus folder's registry synchronously, for scripts: `actors.yaml`
 * (the first layout) and `actors/*.yaml`.
 */
export function loadRegistrySync(root: string): ReturnType<typeof Registry.load> {
  const legacy = path.join(root, REGISTRY_FILE);
  const folder = path.join(root, basename(actorFolderFor(REGISTRY_FILE)));
  const names = existsSync(folder) ? readdirSync(folder).filter((n) => n.endsWith(ACTOR_FILE_SUFFIX) && !n.startsWith('.')).sort() : [];
  const actors = names.map((n) => ({ id: n.slice(0, -ACTOR_FILE_SUFFIX.length), text: readFileSync(path.join(folder, n), 'utf8') }));
  return Registry.load({ legacy: existsSync(legacy) ? readFileSync(legacy, 'utf8') : null, actors });
}

/** The corpus with every sidecar and the registry read: what check and export work on. */
export interface LoadedCorpus extends ScannedCorpus {
  readonly registry: LoadedFile<Registry>;
  /** Sidecars by location. */
  readonly sidecarFiles: ReadonlyMap<string, LoadedFile<Sidecar>>;
}

/** Reads every sidecar found by a scan, and the registry, through the store (as the extension does). */
export async function loadCorpus(scan: ScannedCorpus, options: { concurrency?: number; store?: AnnotationStore } = {}): Promise<LoadedCorpus> {
  const store = options.store ?? diskStore(scan.registryLocation);
  const [registry, loaded] = await Promise.all([
    store.loadRegistryFile(scan.registryLocation),
    mapLimit(scan.sidecars, options.concurrency ?? DEFAULT_CONCURRENCY, (s) => store.loadSidecarFile(s)),
  ]);
  const sidecarFiles = new Map<string, LoadedFile<Sidecar>>();
  scan.sidecars.forEach((s, i) => sidecarFiles.set(s, loaded[i]!));
  return { ...scan, registry, sidecarFiles };
}

/** The sidecar location of a document. */
function sidecarOf(document: string): string {
  return joinPath(dirname(document), sidecarNameFor(basename(document)));
}

/** Runs every check on a loaded corpus. Problems are sorted by location, line and column. */
export async function checkCorpus(corpus: LoadedCorpus, options: { concurrency?: number } = {}): Promise<Problem[]> {
  const loaded = corpus.sidecarFiles;
  const { problems } = await runChecks(corpus, () => Promise.resolve(corpus.registry), async (s) => loaded.get(s) ?? { status: 'missing' }, { concurrency: options.concurrency, cache: undefined, stamp: null, unchanged: null });
  return problems;
}

/**
 * Runs every check on a scanned corpus, reading each sidecar only when it is
 * needed: with a check cache (null: none yet), a document whose record still
 * holds ({@link canReuseCheck}) is not read again, nor its sidecar. Returns
 * the problems, sorted, and the records for the next cache.
 */
export async function checkScannedCorpus(
  scan: ScannedCorpus,
  options: { concurrency?: number; cache?: ReadonlyMap<string, CheckRecord> | null; registryCache?: RegistryRecord | null; store?: AnnotationStore; blocking?: boolean } = {},
): Promise<{ problems: Problem[]; records: CheckRecord[]; reused: number; registry: RegistryRecord | null }> {
  const store = options.store ?? diskStore(scan.registryLocation, options.blocking);
  // The registry's stamp is taken before it is read: a change after the stamp gives the next run another stamp.
  const stamp = options.cache !== undefined ? registryStamp(scan.registryLocation) : null;
  const unchanged = options.cache && stamp !== null && options.registryCache?.stamp === stamp ? options.registryCache : null;
  return runChecks(scan, () => store.loadRegistryFile(scan.registryLocation), (s) => store.loadSidecarFile(s), {
    concurrency: options.concurrency,
    cache: options.cache,
    blocking: options.blocking === true,
    stamp,
    unchanged,
  });
}

/**
 * The registry's stamp: the name, mtime and size of `actors.yaml` and of
 * every file in the actor folder beside it (a missing one named as such), or
 * null when one cannot be stat'ed or was modified within {@link RACY_MS}
 * (such a stamp could stay the same through a second change).
 */
export function registryStamp(registryLocation: string, now = Date.now()): string | null {
  const parts: string[] = [];
  const stamp = (location: string): boolean => {
    try {
      const s = statSync(location, { throwIfNoEntry: false });
      if (!s) parts.push(`${location}\t-`);
      else if (s.mtimeMs >= 0 && s.mtimeMs < now - RACY_MS) parts.push(`${location}\t${s.mtimeMs}\t${s.size}`);
      else return false;
      return true;
    } catch {
      return false;
    }
  };
  if (!stamp(registryLocation)) return null;
  // The actor folder as the loader reads it, and as the merge's disagreements are looked for in it.
  for (const folder of new Set([actorFolderFor(registryLocation), registryLocation.replace(/\.ya?ml$/, '')])) {
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch (error) {
      if (!isGone(error)) return null;
      parts.push(`${folder}/\t-`);
      continue;
    }
    for (const name of names.sort()) if (!stamp(`${folder}/${name}`)) return null;
  }
  return parts.join('\n');
}

async function runChecks(
  corpus: ScannedCorpus,
  loadRegistry: () => Promise<LoadedFile<Registry>>,
  loadSidecar: (location: string) => Promise<LoadedFile<Sidecar>>,
  options: {
    concurrency?: number | undefined;
    cache: ReadonlyMap<string, CheckRecord> | null | undefined;
    blocking?: boolean;
    /** The registry's stamp now (null: none to record). */
    stamp: string | null;
    /** The cached registry record when its stamp is {@link stamp}: the registry is then read only if a document must be checked again. */
    unchanged: RegistryRecord | null;
  },
): Promise<{ problems: Problem[]; records: CheckRecord[]; reused: number; registry: RegistryRecord | null }> {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const problems: Problem[] = [];
  for (const e of corpus.errors) problems.push(unreadable(e.location, e.message));

  // Read at once, or only when a document must be checked again while the registry is unchanged.
  let registry = null as Registry | null;
  let registryProblems: readonly Problem[] = [];
  let knows = 'unchanged' as ((actor: string) => boolean) | null | 'unchanged';
  const readRegistry = async (): Promise<void> => {
    const reg = await loadRegistry();
    const found: Problem[] = [];
    if (reg.status === 'ok') registry = reg.value;
    else if (reg.status === 'missing') registry = Registry.create();
    else if (reg.status === 'broken') {
      // Problems in an actor's own file are reported at that file.
      const byFile = new Map<string, FileProblem[]>();
      for (const p of reg.problems) byFile.set(p.file ?? '', [...(byFile.get(p.file ?? '') ?? []), p]);
      for (const [file, list] of byFile) {
        found.push(...checkRegistry(file ? joinPath(corpus.root, file) : corpus.registryLocation, list, file ? undefined : reg.text));
      }
    }
    else found.push(unreadable(corpus.registryLocation, reg.message));
    found.push(...(await registryDisagreements(corpus.registryLocation)));
    registryProblems = found;
    const known = registry;
    knows = known === null ? null : (actor: string): boolean => known.get(actor) !== undefined;
  };
  if (options.unchanged) registryProblems = options.unchanged.problems;
  else await readRegistry();

  // Sidecars beside an indexed document are checked with it.
  const sidecarSet = new Set(corpus.sidecars);
  const claimed = new Set<string>();
  const documents = [...corpus.index.all()].map((entry) => {
    const sidecarLocation = sidecarOf(entry.location);
    claimed.add(sidecarLocation);
    return { entry, sidecarLocation, hasSidecar: sidecarSet.has(sidecarLocation) };
  });

  const caching = options.cache !== undefined;
  const stamps = caching ? new Map(corpus.records.map((r) => [r.location, r])) : null;
  const records: CheckRecord[] = [];
  let reused = 0;
  const perDocument = new Array<readonly Problem[]>(documents.length).fill([]);
  // First, in one synchronous pass, the documents whose last check still holds: a stat of the sidecar
  // each, no read, and no task (a promise per document was a third of a warm check's own time).
  const stampsOf = new Array<{ document: Stamp; sidecar: Stamp | null; at: number } | null>(documents.length).fill(null);
  const toCheck: number[] = [];
  for (let i = 0; i < documents.length; i++) {
    const { entry, sidecarLocation, hasSidecar } = documents[i]!;
    if (caching) {
      // The document as the scan stamped it (it was read or matched then); the sidecar stat'ed before it is read.
      const at = Date.now();
      const record = stamps!.get(entry.location);
      const sidecar = hasSidecar ? statOrNull(sidecarLocation) : null;
      if (record && record.mtime >= 0 && (sidecar !== null || !hasSidecar)) {
        const stamp = { document: { mtime: record.mtime, size: record.size }, sidecar, at };
        const cached = options.cache?.get(entry.location);
        if (canReuseCheck(cached, stamp.document, stamp.sidecar, knows)) {
          records.push(cached);
          reused++;
          perDocument[i] = cached.problems;
          continue;
        }
        stampsOf[i] = stamp;
      }
    }
    toCheck.push(i);
  }
  // A document to check again needs the registry itself.
  if (toCheck.length > 0 && knows === 'unchanged') await readRegistry();
  const known = knows === 'unchanged' ? null : knows;
  await mapLimit(toCheck, concurrency, async (i): Promise<void> => {
    const { entry, sidecarLocation, hasSidecar } = documents[i]!;
    const stamp = stampsOf[i] ?? null;
    perDocument[i] = await (async (): Promise<readonly Problem[]> => {
      const file = hasSidecar ? await loadSidecar(sidecarLocation) : ({ status: 'missing' } as const);
      if (file.status === 'unreadable') return [unreadable(sidecarLocation, file.message)];
      let text: string | null;
      try {
        text = file.status === 'missing' ? entry.headerLine : await readText(entry.location, options.blocking);
      } catch (error) {
        return [unreadable(entry.location, errorMessage(error))];
      }
      if (text === null) return []; // deleted since the scan
      const found = checkDocument({
        location: entry.location,
        text,
        sidecar:
          file.status === 'ok'
            ? { status: 'ok', sidecar: file.value, location: sidecarLocation }
            : file.status === 'broken'
              ? { status: 'broken', problems: file.problems, location: sidecarLocation }
              : { status: 'missing', location: sidecarLocation },
        ...(file.status === 'ok' || file.status === 'broken' ? { sidecarText: file.text } : {}),
        registry,
        registryName: REGISTRY_FILE,
      });
      if (stamp && (file.status !== 'missing') === (stamp.sidecar !== null)) {
        const actors = file.status === 'ok' ? actorsNamed(file.value) : [];
        const record = makeCheckRecord(
          { location: entry.location, document: stamp.document, sidecar: stamp.sidecar, registry: known !== null, actors, unknown: known ? actors.filter((a) => !known(a)) : [], problems: found },
          stamp.at,
        );
        if (record) records.push(record);
      }
      return found;
    })();
  });
  for (const list of perDocument) problems.push(...list);

  for (const location of corpus.sidecars) {
    if (claimed.has(location)) continue;
    const file = await loadSidecar(location);
    if (file.status === 'unreadable') {
      problems.push(unreadable(location, file.message));
      continue;
    }
    const documentExists = await exists(documentLocationForSidecar(location));
    problems.push(
      ...checkOrphanSidecar({
        location,
        documentExists,
        ...(file.status === 'ok' ? { sidecar: { status: 'ok' as const, sidecar: file.value }, sidecarText: file.text } : {}),
        ...(file.status === 'broken' ? { sidecar: { status: 'broken' as const, problems: file.problems }, sidecarText: file.text } : {}),
      }),
    );
  }
  // In the order they were found before the registry could be read later: the scan's, the registry's, the documents'.
  problems.splice(corpus.errors.length, 0, ...registryProblems);
  const registryRecord = options.stamp === null ? null : { stamp: options.stamp, problems: registryProblems };
  return { problems: sortProblems(problems), records, reused, registry: registryRecord };
}

/** The actor ids a sidecar names, as speakers or in mentions, each once. */
function actorsNamed(sidecar: Sidecar): string[] {
  const ids = new Set<string>();
  for (const q of sidecar.value.quotes) if (q.speaker !== null) ids.add(q.speaker);
  for (const m of sidecar.value.mentions) ids.add(m.actor);
  return [...ids];
}

function unreadable(location: string, message: string): Problem {
  return { location, line: 1, column: 1, severity: 'error', code: 'file-unreadable', message: `cannot read the file: ${message}` };
}

/**
 * The annotated documents of a scanned corpus with their text, and its
 * registry (null when it cannot be read), through the core's one loader:
 * what export and import work on. `skipped` notes what was left out.
 */
export async function annotatedCorpus(corpus: ScannedCorpus): Promise<{ documents: AnnotatedDocument[]; registry: Registry | null; skipped: string[] }> {
  const [{ documents, skipped }, registryFile] = await Promise.all([
    loadAnnotatedDocuments(corpus.index.all(), nodeFiles, (location) => relativePath(corpus, location), corpus.sidecars),
    diskStore(corpus.registryLocation).loadRegistryFile(corpus.registryLocation),
  ]);
  const registry = registryFile.status === 'ok' ? registryFile.value : registryFile.status === 'missing' ? Registry.create() : null;
  if (registry === null) skipped.push(`${relativePath(corpus, corpus.registryLocation)} cannot be read: actor names and kinds are left out`);
  return { documents, registry, skipped };
}

// ---- helpers ----------------------------------------------------------------

async function exists(location: string): Promise<boolean> {
  try {
    await fs.access(location);
    return true;
  } catch {
    return false;
  }
}

/**
 * A name read from a folder, under that folder's native path: what
 * `path.join` gives for such a name (it holds no separator), without its
 * normalising, which was a fifth of a warm `index`'s walk.
 */
function childPath(folder: string, name: string): string {
  return folder.endsWith(path.sep) ? folder + name : folder + path.sep + name;
}

/** A file's mtime and size, or null when it cannot be stat'ed (a synchronous stat: see statFileNow). */
function statOrNull(location: string): Stamp | null {
  try {
    const s = statSync(location, { throwIfNoEntry: false });
    return s ? { mtime: s.mtimeMs, size: s.size } : null;
  } catch {
    return null;
  }
}

function isGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

function errorMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e?.code ? `${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : error instanceof Error ? error.message : String(error);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
