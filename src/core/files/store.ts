/**
 * The annotation store: reads sidecars and the actor registry through a small
 * file interface, applies edits to the freshly read file (so hand edits and
 * other windows' writes are never overwritten with a stale copy), refuses to
 * touch a file that does not parse, serialises writes per file, and writes
 * atomically.
 */

import { lineEndOf, withLineEnd, type LineEnd } from '../text/lineEnds';
import { basename, dirname, joinPath } from '../text/paths';
import { ACTOR_FILE_SUFFIX, Registry } from './registry';
import { Sidecar, SIDECAR_SUFFIX, sidecarNameFor, type Provenance, type SidecarData } from './sidecar';
import { TagError } from '../tagging/tagging';
import type { FileProblem } from './yamlFile';
import { ConcurrentChangeError, UnreadableFileError } from '../errors';

/** The file operations the store needs. The extension and the CLI each provide one. */
export interface FileAccess {
  /** The file's bytes, or null when it does not exist. */
  read(location: string): Promise<Uint8Array | null>;
  /** Replaces the file atomically: a reader sees the old or the new bytes, never a mix. */
  writeAtomic(location: string, data: Uint8Array): Promise<void>;
  /**
   * Rejects (with a TagError) when the store must not write `location`: outside
   * the workspace or corpus root, or through a symbolic link that leads out of it.
   * Checked for every file of an edit before anything is written.
   */
  checkWrite?(location: string): Promise<void>;
  /**
   * Takes a lock on the files, shared with other processes (another VS Code
   * window, the CLI), for one read-modify-write; resolves to its release.
   * Without it, edits are serialised within this process only.
   */
  lock?(locations: readonly string[]): Promise<() => Promise<void>>;
  /** The names of the files (not folders) in a folder; empty when the folder does not exist. */
  list(folder: string): Promise<string[]>;
  /** Creates a folder (and its parents) if it does not exist: the actor folder, before its first file. */
  makeFolder?(folder: string): Promise<void>;
  /** Deletes a file (an actor's file, when undo removes the actor); no error when it is gone already. */
  delete?(location: string): Promise<void>;
}

/** What the store needs from its shell besides files. */
export interface StoreOptions {
  /**
   * Who is annotating and when, stamped on each new annotation as `creator`
   * and `created`. The shells supply it (a setting, git's user.name, the OS
   * user; the clock), so that the core stays pure.
   */
  readonly provenance?: () => Provenance;
}

/** A sidecar as last read: usable, missing, or broken with its problems. */
export type SidecarState =
  | { readonly status: 'ok'; readonly sidecar: Sidecar; readonly location: string }
  | { readonly status: 'missing'; readonly location: string }
  | { readonly status: 'broken'; readonly problems: readonly FileProblem[]; readonly location: string };

/** The registry as last read. */
export type RegistryState =
  | { readonly status: 'ok'; readonly registry: Registry; readonly location: string; readonly exists: boolean }
  | { readonly status: 'broken'; readonly problems: readonly FileProblem[]; readonly location: string };

/**
 * A sidecar or registry read afresh with the text it was parsed from, for
 * checks, which point into that text: usable, missing, broken with its
 * problems, or unreadable (the read itself failed).
 */
export type LoadedFile<T> =
  | { readonly status: 'ok'; readonly value: T; readonly text: string }
  | { readonly status: 'missing' }
  | { readonly status: 'broken'; readonly problems: readonly FileProblem[]; readonly text: string }
  | { readonly status: 'unreadable'; readonly message: string };

/** What changed in the store. */
export interface StoreChange {
  /** Document locations whose annotations changed. */
  readonly documents: readonly string[];
  /** True when the registry changed. */
  readonly registry: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** The sidecar location for a document location. */
export function sidecarLocationFor(documentLocation: string): string {
  return joinPath(dirname(documentLocation), sidecarNameFor(basename(documentLocation)));
}

/** The document a sidecar belongs to: `NAME.annotations.yaml` → `NAME.txt` beside it. */
export function documentLocationForSidecar(sidecarLocation: string): string {
  const name = basename(sidecarLocation);
  const stem = name.endsWith(SIDECAR_SUFFIX) ? name.slice(0, -SIDECAR_SUFFIX.length) : name;
  return joinPath(dirname(sidecarLocation), `${stem}.txt`);
}

/**
 * The folder of one-file-per-actor registry files beside a legacy registry
 * location: `root/actors.yaml` → `root/actors`.
 */
export function actorFolderFor(registryLocation: string): string {
  return joinPath(dirname(registryLocation), basename(registryLocation).replace(/\.ya?ml$/i, ''));
}

/** Where a registry file is: the legacy file itself, or an actor's file in the actor folder. */
export function registryFileLocation(registryLocation: string, file: { actor: string | null }): string {
  return file.actor === null ? registryLocation : joinPath(actorFolderFor(registryLocation), `${file.actor}${ACTOR_FILE_SUFFIX}`);
}

/**
 * Reads every file of a registry: the legacy file and the actor folder's
 * `*.yaml` files. Files that cannot be read come back as problems.
 */
export async function readRegistryFiles(files: FileAccess, registryLocation: string): Promise<{ legacy: Uint8Array | null; actors: Array<{ id: string; bytes: Uint8Array }>; problems: FileProblem[] }> {
  const folder = actorFolderFor(registryLocation);
  const problems: FileProblem[] = [];
  const [legacy, names] = await Promise.all([readOrProblem(files, registryLocation), files.list(folder).catch(() => [] as string[])]);
  if (legacy.problem) problems.push(legacy.problem);
  const ids = names.filter((n) => n.endsWith(ACTOR_FILE_SUFFIX) && !n.startsWith('.')).map((n) => n.slice(0, -ACTOR_FILE_SUFFIX.length)).sort();
  const read = await Promise.all(ids.map(async (id) => ({ id, ...(await readOrProblem(files, joinPath(folder, `${id}${ACTOR_FILE_SUFFIX}`))) })));
  const actors: Array<{ id: string; bytes: Uint8Array }> = [];
  for (const r of read) {
    if (r.problem) problems.push({ ...r.problem, file: `${basename(folder)}/${r.id}${ACTOR_FILE_SUFFIX}` });
    else if (r.bytes) actors.push({ id: r.id, bytes: r.bytes });
  }
  return { legacy: legacy.bytes, actors, problems };
}

/** Parses registry files as read by {@link readRegistryFiles}. */
export function parseRegistryFiles(read: { legacy: Uint8Array | null; actors: ReadonlyArray<{ id: string; bytes: Uint8Array }> }, folderName: string): ReturnType<typeof Registry.load> {
  return Registry.load({ legacy: read.legacy === null ? null : decoder.decode(read.legacy), actors: read.actors.map((a) => ({ id: a.id, text: decoder.decode(a.bytes) })) }, folderName);
}

/** Reads, edits and writes sidecars and the registry. */
export class AnnotationStore {
  private readonly sidecars = new Map<string, SidecarState>();
  private readonly registries = new Map<string, RegistryState>();
  /**
   * The bytes each cached sidecar and registry was parsed from or last written
   * as (by file location): a file read again with the same bytes keeps its
   * parsed object, unless a mutator has changed that object since (`dirty`).
   */
  private readonly sidecarSources = new Map<string, { bytes: Uint8Array; sidecar: Sidecar }>();
  private readonly registrySources = new Map<string, { files: Map<string, Uint8Array>; registry: Registry }>();
  /** Files last read with CRLF line ends (git converted them): written back in CRLF, never a mix. */
  private readonly crlfFiles = new Set<string>();
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly listeners = new Set<(change: StoreChange) => void>();

  /**
   * @param files file access
   * @param registryLocationFor where the registry of a document's corpus is
   */
  constructor(
    private readonly files: FileAccess,
    /** Where the registry of a document's corpus is. */
    readonly registryLocationFor: (documentLocation: string) => string,
    private readonly options: StoreOptions = {},
  ) {}

  /** Subscribes to changes made through the store or found on reload. */
  onDidChange(listener: (change: StoreChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The cached state of a document's sidecar, reading it on first use. */
  async sidecar(documentLocation: string): Promise<SidecarState> {
    const cached = this.sidecars.get(documentLocation);
    if (cached) return cached;
    return this.reloadSidecar(documentLocation, false);
  }

  /** The cached state, without reading. */
  peekSidecar(documentLocation: string): SidecarState | undefined {
    return this.sidecars.get(documentLocation);
  }

  /**
   * The plain data of a document's sidecar, for corpus-wide views: from the
   * cache when it is there, otherwise read without caching the editable file
   * (a corpus of 100,000 sidecars must not be held in memory as YAML trees).
   */
  async sidecarData(documentLocation: string): Promise<SidecarData | null> {
    const cached = this.sidecars.get(documentLocation);
    const state = cached ?? (await this.readSidecar(sidecarLocationFor(documentLocation), false)).state;
    return state.status === 'ok' ? state.sidecar.value : null;
  }

  /**
   * Reads a sidecar file afresh with its text, without caching it: what the
   * corpus checks of the CLI and the extension work on.
   */
  async loadSidecarFile(sidecarLocation: string): Promise<LoadedFile<Sidecar>> {
    let bytes: Uint8Array | null;
    try {
      bytes = await this.files.read(sidecarLocation);
    } catch (error) {
      return { status: 'unreadable', message: readErrorText(error) };
    }
    if (bytes === null) return { status: 'missing' };
    const text = decoder.decode(bytes);
    const parsed = Sidecar.parse(text);
    return parsed.ok ? { status: 'ok', value: parsed.sidecar, text } : { status: 'broken', problems: parsed.problems, text };
  }

  /**
   * Reads a registry afresh (the legacy file at `location` and the actor
   * files beside it), without caching it; `missing` when neither exists.
   * `text` is the legacy file's text ('' when there is none).
   */
  async loadRegistryFile(location: string): Promise<LoadedFile<Registry>> {
    let read;
    try {
      read = await readRegistryFiles(this.files, location);
    } catch (error) {
      return { status: 'unreadable', message: readErrorText(error) };
    }
    const text = read.legacy ? decoder.decode(read.legacy) : '';
    if (read.problems.length) return { status: 'broken', problems: read.problems, text };
    if (read.legacy === null && read.actors.length === 0) return { status: 'missing' };
    const r = parseRegistryFiles(read, basename(actorFolderFor(location)));
    return r.ok ? { status: 'ok', value: r.registry, text } : { status: 'broken', problems: r.problems, text };
  }

  /** Reads a document's sidecar again from disk (after a change outside the store). */
  async reloadSidecar(documentLocation: string, notify = true): Promise<SidecarState> {
    const location = sidecarLocationFor(documentLocation);
    const { state } = await this.readSidecar(location, true);
    const before = this.sidecars.get(documentLocation);
    this.sidecars.set(documentLocation, state);
    if (notify && !sameState(before, state)) this.fire({ documents: [documentLocation], registry: false });
    return state;
  }

  /** Forgets a document (deleted). */
  forget(documentLocation: string): void {
    this.sidecarSources.delete(sidecarLocationFor(documentLocation));
    if (this.sidecars.delete(documentLocation)) this.fire({ documents: [documentLocation], registry: false });
  }

  /** The registry of a document's corpus, reading it on first use. */
  async registry(documentLocation: string): Promise<RegistryState> {
    const location = this.registryLocationFor(documentLocation);
    return this.registries.get(location) ?? this.reloadRegistry(location, false);
  }

  /** The registry at a location, reading it on first use. */
  async registryAt(location: string): Promise<RegistryState> {
    return this.registries.get(location) ?? this.reloadRegistry(location, false);
  }

  /** Reads a registry's files again. */
  async reloadRegistry(location: string, notify = true): Promise<RegistryState> {
    const read = await readRegistryFiles(this.files, location);
    const snapshot = new Map<string, Uint8Array>();
    if (read.legacy) snapshot.set(location, read.legacy);
    for (const a of read.actors) snapshot.set(a.id, a.bytes);
    this.noteLineEnd(location, read.legacy);
    for (const a of read.actors) this.noteLineEnd(registryFileLocation(location, { actor: a.id }), a.bytes);
    const known = this.registrySources.get(location);
    this.registrySources.delete(location);
    let state: RegistryState;
    const exists = read.legacy !== null || read.actors.length > 0;
    if (read.problems.length) state = { status: 'broken', problems: read.problems, location };
    else if (!exists) state = { status: 'ok', registry: Registry.create(), location, exists: false };
    else if (known && !known.registry.dirty && sameSnapshot(known.files, snapshot)) {
      // Unchanged since it was parsed or written: parsing a registry of hundreds of actors costs milliseconds.
      state = { status: 'ok', registry: known.registry, location, exists: true };
      this.registrySources.set(location, known);
    } else {
      const loaded = parseRegistryFiles(read, basename(actorFolderFor(location)));
      state = loaded.ok ? { status: 'ok', registry: loaded.registry, location, exists: true } : { status: 'broken', problems: loaded.problems, location };
      if (loaded.ok) this.registrySources.set(location, { files: snapshot, registry: loaded.registry });
    }
    this.registries.set(location, state);
    if (notify) this.fire({ documents: [], registry: true });
    return state;
  }

  /** Where the registry of a document's corpus is. */
  registryLocationOf(documentLocation: string): string {
    return this.registryLocationFor(documentLocation);
  }

  /**
   * Writes a registry's changed files (each atomically), then records what
   * is on disk. Every file is checked before the first is written.
   */
  private async writeRegistry(location: string, registry: Registry): Promise<void> {
    const changed = registry.changedFiles();
    if (changed.length === 0) return;
    for (const file of changed) await this.files.checkWrite?.(registryFileLocation(location, file));
    const snapshot = new Map(this.registrySources.get(location)?.files ?? []);
    if (changed.some((f) => f.actor !== null)) await this.files.makeFolder?.(actorFolderFor(location));
    for (const file of changed) {
      if (file.text === null) {
        if (!this.files.delete) throw new TagError(`Nothing was removed: actor files cannot be deleted here. Delete it by hand. (${basename(registryFileLocation(location, file))})`);
        await this.files.delete(registryFileLocation(location, file));
        snapshot.delete(file.actor ?? location);
        continue;
      }
      const bytes = this.encode(registryFileLocation(location, file), file.text);
      await this.files.writeAtomic(registryFileLocation(location, file), bytes);
      snapshot.set(file.actor ?? location, bytes);
    }
    registry.markClean();
    this.registrySources.set(location, { files: snapshot, registry });
  }

  private stamp(sidecar: Sidecar | null, registry: Registry): void {
    const provenance = this.options.provenance?.();
    if (!provenance) return;
    if (sidecar) sidecar.provenance = provenance;
    registry.salt = `${provenance.creator ?? ''}\n${provenance.created}`;
  }

  /** Every registry read so far. */
  knownRegistries(): RegistryState[] {
    return [...this.registries.values()];
  }

  /**
   * Edits a document's sidecar and its corpus registry in one step: both are
   * read fresh, `edit` changes them, and each changed file is written
   * atomically. Edits of the same files run one after another. A broken
   * sidecar or registry is never written: the edit is refused with its problem.
   */
  async edit<T>(
    documentLocation: string,
    contentHash: string | null,
    edit: (sidecar: Sidecar, registry: Registry) => T,
  ): Promise<T> {
    const sidecarLocation = sidecarLocationFor(documentLocation);
    const registryLocation = this.registryLocationFor(documentLocation);
    return this.serialise([sidecarLocation, registryLocation], async () => {
      await this.files.checkWrite?.(sidecarLocation);
      await this.files.checkWrite?.(registryLocation);
      const { state, bytes: sidecarBytes } = await this.readSidecar(sidecarLocation, true);
      if (state.status === 'broken') {
        this.sidecars.set(documentLocation, state);
        throw new UnreadableFileError(refusal(sidecarLocation, state.problems, 'sidecar'));
      }
      const registryState = await this.reloadRegistry(registryLocation, false);
      if (registryState.status === 'broken') {
        throw new UnreadableFileError(refusal(registryLocation, registryState.problems, 'registry'));
      }
      const sidecar = state.status === 'ok' ? state.sidecar : Sidecar.create(basename(documentLocation), contentHash);
      const registry = registryState.registry;
      let result: T;
      let registryChanged = false;
      try {
        this.stamp(sidecar, registry);
        result = edit(sidecar, registry);
        // Dirty flags, not text comparisons: serialising a file costs as much as parsing it.
        registryChanged = registry.dirty;
        if (registryChanged) await this.writeRegistry(registryLocation, registry);
        // A new sidecar is written even when the edit left it empty, as it always was.
        if (sidecar.dirty || state.status !== 'ok') {
          const bytes = this.encode(sidecarLocation, sidecar.toString());
          await this.files.writeAtomic(sidecarLocation, bytes);
          sidecar.markClean();
          this.sidecarSources.set(sidecarLocation, { bytes, sidecar });
        }
      } catch (error) {
        if (sidecar.dirty && state.status === 'ok' && sidecarBytes) {
          // The cached sidecar was edited in place and not written: put back the file as read.
          this.sidecarSources.delete(sidecarLocation);
          const loaded = Sidecar.parse(decoder.decode(sidecarBytes));
          if (loaded.ok) {
            this.sidecarSources.set(sidecarLocation, { bytes: sidecarBytes, sidecar: loaded.sidecar });
            this.sidecars.set(documentLocation, { status: 'ok', sidecar: loaded.sidecar, location: sidecarLocation });
          }
        }
        throw error;
      }
      this.sidecars.set(documentLocation, { status: 'ok', sidecar, location: sidecarLocation });
      this.registries.set(registryLocation, { status: 'ok', registry, location: registryLocation, exists: true });
      this.fire({ documents: [documentLocation], registry: registryChanged });
      return result;
    });
  }

  /**
   * Edits a registry file alone (aliases, kinds, Wikidata ids): read fresh,
   * refused when broken, written atomically, serialised with other edits.
   */
  async editRegistry<T>(registryLocation: string, edit: (registry: Registry) => T): Promise<T> {
    return this.serialise([registryLocation], async () => {
      await this.files.checkWrite?.(registryLocation);
      const state = await this.reloadRegistry(registryLocation, false);
      if (state.status === 'broken') {
        throw new UnreadableFileError(refusal(registryLocation, state.problems, 'registry'));
      }
      const registry = state.registry;
      this.stamp(null, registry);
      const result = edit(registry);
      const changed = registry.dirty;
      if (changed) await this.writeRegistry(registryLocation, registry);
      this.registries.set(registryLocation, { status: 'ok', registry, location: registryLocation, exists: true });
      if (changed) this.fire({ documents: [], registry: true });
      return result;
    });
  }

  /**
   * Replaces several files in one step: every file must still hold its
   * `before` text, or nothing is written; if a write fails midway, the files
   * already written are put back. Used for actor renames and merges and
   * their undo. `documents` are the documents whose sidecars are among them.
   */
  async replaceFiles(changes: ReadonlyArray<{ location: string; before: string; after: string }>, documents: readonly string[]): Promise<void> {
    await this.serialise(changes.map((c) => c.location), async () => {
      for (const change of changes) {
        const bytes = await this.files.read(change.location);
        if ((bytes === null ? '' : decoder.decode(bytes)) !== change.before) {
          throw new ConcurrentChangeError(`Nothing was written: a file changed while the change was being prepared. Run the command again. (${basename(change.location)})`);
        }
      }
      const written: Array<{ location: string; before: string }> = [];
      try {
        for (const change of changes) {
          await this.files.writeAtomic(change.location, encoder.encode(withLineEnd(change.after, lineEndOf(change.before))));
          written.push(change);
        }
      } catch (error) {
        for (const done of written.reverse()) await this.files.writeAtomic(done.location, encoder.encode(done.before)).catch(() => undefined);
        throw error;
      }
    });
    for (const registry of [...this.registries.keys()]) {
      const folder = `${actorFolderFor(registry)}/`;
      if (changes.some((c) => c.location === registry || c.location.startsWith(folder))) await this.reloadRegistry(registry, false);
    }
    for (const document of documents) await this.reloadSidecar(document, false);
    this.fire({ documents: [...documents], registry: true });
  }

  /**
   * Reads a sidecar; an unchanged file keeps the object parsed before. With
   * `remember`, a newly parsed file becomes that object (not for corpus-wide
   * reads, which must not keep every sidecar in memory).
   */
  private async readSidecar(location: string, remember: boolean): Promise<{ state: SidecarState; bytes: Uint8Array | null }> {
    const { bytes, problem } = await readOrProblem(this.files, location);
    if (remember) this.noteLineEnd(location, bytes);
    const known = this.sidecarSources.get(location);
    if (problem || bytes === null || !known || known.sidecar.dirty || !sameBytes(known.bytes, bytes)) {
      if (remember) this.sidecarSources.delete(location);
    } else {
      return { state: { status: 'ok', sidecar: known.sidecar, location }, bytes };
    }
    if (problem) return { state: { status: 'broken', problems: [problem], location }, bytes };
    if (bytes === null) return { state: { status: 'missing', location }, bytes };
    const loaded = Sidecar.parse(decoder.decode(bytes));
    if (!loaded.ok) return { state: { status: 'broken', problems: loaded.problems, location }, bytes };
    if (remember) this.sidecarSources.set(location, { bytes, sidecar: loaded.sidecar });
    return { state: { status: 'ok', sidecar: loaded.sidecar, location }, bytes };
  }

  /** Remembers whether a file was read with CRLF line ends. */
  private noteLineEnd(location: string, bytes: Uint8Array | null): void {
    if (bytes && bytes.includes(13) && lineEndOf(decoder.decode(bytes)) === '\r\n') this.crlfFiles.add(location);
    else this.crlfFiles.delete(location);
  }

  /** The bytes of a sidecar or registry text, in the line ends the file had when read. */
  private encode(location: string, text: string): Uint8Array {
    const lineEnd: LineEnd = this.crlfFiles.has(location) ? '\r\n' : '\n';
    return encoder.encode(withLineEnd(text, lineEnd));
  }

  /** Runs `task` after every earlier task on any of `keys` has finished. */
  private serialise<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const before = keys.map((k) => this.queues.get(k) ?? Promise.resolve());
    const run = Promise.all(before.map((p) => p.catch(() => undefined))).then(async () => {
      // Another window may be editing the same files: its write and ours must not interleave.
      const release = await this.files.lock?.(keys);
      try {
        return await task();
      } finally {
        await release?.();
      }
    });
    const settled = run.catch(() => undefined);
    for (const k of keys) this.queues.set(k, settled);
    void settled.then(() => {
      for (const k of keys) if (this.queues.get(k) === settled) this.queues.delete(k);
    });
    return run;
  }

  private fire(change: StoreChange): void {
    for (const listener of [...this.listeners]) listener(change);
  }
}

/**
 * Reads a file; a file that exists but cannot be read (a folder in its place,
 * no permission) becomes a problem, so that it is shown and never overwritten,
 * instead of an error thrown into every caller.
 */
/** A failed read in a few words: Node's error code and call (`EACCES (open)`), or the message. */
function readErrorText(error: unknown): string {
  const e = error as { code?: unknown; syscall?: unknown; message?: unknown } | null;
  if (typeof e?.code === 'string') return `${e.code}${typeof e.syscall === 'string' ? ` (${e.syscall})` : ''}`;
  return error instanceof Error ? error.message : String(error);
}

async function readOrProblem(files: FileAccess, location: string): Promise<{ bytes: Uint8Array | null; problem?: FileProblem }> {
  try {
    return { bytes: await files.read(location) };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    const why = typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message : String(error);
    return { bytes: null, problem: { message: `cannot read the file: ${why}`, line: 1, column: 1 } };
  }
}

function sameState(a: SidecarState | undefined, b: SidecarState): boolean {
  if (!a || a.status !== b.status) return false;
  if (a.status === 'ok' && b.status === 'ok') return a.sidecar === b.sidecar || a.sidecar.toString() === b.sidecar.toString();
  if (a.status === 'broken' && b.status === 'broken') return describe(a.problems) === describe(b.problems);
  return true;
}

function sameSnapshot(a: ReadonlyMap<string, Uint8Array>, b: ReadonlyMap<string, Uint8Array>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, bytes] of a) {
    const other = b.get(key);
    if (!other || !sameBytes(bytes, other)) return false;
  }
  return true;
}

/** True when two byte arrays hold the same bytes. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Why an edit was refused: a file with git conflict markers is named as such,
 * with what to do; any other unreadable file with its first problem.
 */
export function refusal(location: string, problems: readonly FileProblem[], what: 'sidecar' | 'registry'): string {
  const conflict = problems.find((p) => p.code === 'merge-conflict');
  if (conflict) {
    return `Nothing was written: the ${what === 'sidecar' ? 'sidecar' : 'actor registry'} has an unresolved git merge conflict. Run “Resolve Merge Conflict by Annotation Id” (or seed-annotator resolve DIR), then try again. (${basename(location)}, line ${conflict.line})`;
  }
  return `Nothing was written: the ${what === 'sidecar' ? 'sidecar' : 'actor registry'} cannot be read (${describe(problems)}). Fix it by hand or restore it from git, then try again. (${basename(location)})`;
}

/** One line naming the first problem and its position. */
export function describe(problems: readonly FileProblem[]): string {
  const first = problems[0];
  if (!first) return 'unknown problem';
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return `${first.file ? `${first.file}, ` : ''}line ${first.line}, column ${first.column}: ${first.message}${more}`;
}
