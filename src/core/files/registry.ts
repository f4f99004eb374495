/**
 * The actor registry: one file per actor, `actors/<id>.yaml` at the corpus
 * root, so that two annotators who add different actors never touch the same
 * file and plain `git merge` never conflicts on them. Corpora in the first
 * layout keep one `actors.yaml` holding every actor; it is read, and its
 * actors edited in place, until the corpus is migrated.
 *
 * An actor's id never changes: renaming changes its name, and merging two
 * actors leaves `mergedInto: <survivor>` in the retired actor's entry, so
 * annotations made elsewhere with either id still resolve.
 */

import { Document, isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { loadYaml, nodePosition, type FileProblem } from './yamlFile';
import { fnv1a36 } from '../text/hash';

/** What an actor is. */
export type ActorKind = 'person' | 'organisation' | 'country' | 'media' | 'other';

/** Every actor kind, in the order offered to the user. */
export const ACTOR_KINDS: readonly ActorKind[] = ['person', 'organisation', 'country', 'media', 'other'];

/** The registry format version. */
export const REGISTRY_VERSION = 1;

/** The registry's file name at the corpus root, unless a setting names another. */
export const DEFAULT_REGISTRY_FILE = 'actors.yaml';

/** An actor as recorded in the registry. */
export interface Actor {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly aliases: readonly string[];
  /** Wikidata item id such as Q6279, when known. */
  readonly wikidata: string | null;
}

/** The result of reading a registry. */
export type RegistryLoad =
  | { readonly ok: true; readonly registry: Registry }
  | { readonly ok: false; readonly problems: readonly FileProblem[] };

/** Makes an actor id from a name: lower case ASCII words joined by hyphens. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'actor';
}

/** Folds a name for matching: case, accents, curly apostrophes and spacing do not count. */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** Folder of the one-file-per-actor registry, beside (and named after) the legacy registry file. */
export const ACTOR_FOLDER = 'actors';

/** What an actor file is named: its id and `.yaml`. */
export const ACTOR_FILE_SUFFIX = '.yaml';

/** An actor id: letters and digits, then also dots, hyphens or underscores. */
const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u;

/** One file of a registry as text: the legacy `actors.yaml` (`actor` null) or one actor's file. */
export interface RegistryFileText {
  /** The actor the file holds, or null for the legacy file holding every actor. */
  readonly actor: string | null;
  /** The file's text; null when the file is to be deleted (an actor removed by undo). */
  readonly text: string | null;
}

/** The registry's files as read: the legacy file (null when absent) and the actor files. */
export interface RegistrySource {
  readonly legacy: string | null;
  readonly actors: ReadonlyArray<{ readonly id: string; readonly text: string }>;
}

/** An actor's own file, as edited. */
interface ActorFile {
  readonly doc: Document;
  dirty: boolean;
  /** Removed: its file is to be deleted. */
  deleted?: boolean;
}

/** True when `id` can be an actor id (and an actor file name). */
export function isActorId(id: unknown): id is string {
  return typeof id === 'string' && ID_PATTERN.test(id) && !id.endsWith('.');
}

/** An editable registry. Mutators keep comments and unknown keys. */
export class Registry {
  private byId = new Map<string, Actor>();
  /** Retired ids (merged into another actor) and the id each was merged into. */
  private redirects = new Map<string, string>();
  private files = new Map<string, ActorFile>();
  private legacyIds = new Set<string>();
  private legacyDirty = false;
  /**
   * Mixed into the suffix of a new id whose name is taken, so that two
   * annotators who each add a second "Anna Berg" get different ids. The
   * store sets it from the annotator and the time.
   */
  salt = '';

  private constructor(private legacy: Document | null) {}

  /** An empty registry (no files yet). */
  static create(): Registry {
    return new Registry(null);
  }

  /** Parses and validates the text of a legacy `actors.yaml`. Never throws. */
  static parse(text: string): RegistryLoad {
    return Registry.load({ legacy: text, actors: [] });
  }

  /**
   * Reads a registry from its files: the legacy file and the actor files.
   * An id in both is taken from its own file. Never throws; problems name
   * the actor file they are in.
   */
  static load(source: RegistrySource, folder = ACTOR_FOLDER): RegistryLoad {
    const problems: FileProblem[] = [];
    let legacyDoc: Document | null = null;
    const legacyEntries: Entry[] = [];
    if (source.legacy !== null && source.legacy.trim() !== '') {
      const loaded = loadYaml(source.legacy);
      if (!loaded.doc) problems.push(...loaded.problems);
      else {
        legacyDoc = loaded.doc;
        legacyEntries.push(...readLegacy(loaded.doc, loaded.lines, problems));
      }
    }
    const registry = new Registry(legacyDoc);
    for (const entry of legacyEntries) registry.admit(entry, true);
    for (const file of source.actors) {
      const name = `${folder}/${file.id}${ACTOR_FILE_SUFFIX}`;
      const here: FileProblem[] = [];
      if (!isActorId(file.id)) {
        problems.push({ message: `actor file name ${JSON.stringify(file.id + ACTOR_FILE_SUFFIX)} must be an id of letters, digits, dots, hyphens or underscores`, line: 1, column: 1, file: name });
        continue;
      }
      const loaded = loadYaml(file.text);
      if (!loaded.doc) {
        problems.push(...loaded.problems.map((p) => ({ ...p, file: name })));
        continue;
      }
      const root = loaded.doc.contents as Node | null;
      const entry = readEntry(file.id, root, (n) => nodePosition(loaded.lines, n), here);
      problems.push(...here.map((p) => ({ ...p, file: name })));
      if (!entry) continue;
      registry.files.set(file.id, { doc: loaded.doc, dirty: false });
      if (registry.legacyIds.delete(file.id)) registry.byId.delete(file.id);
      registry.admit(entry, false);
    }
    if (problems.length) return { ok: false, problems };
    return { ok: true, registry };
  }

  /**
   * True once a mutator has changed the registry since it was read, created
   * or last marked clean: its text then differs from the files it came from.
   */
  get dirty(): boolean {
    return this.legacyDirty || [...this.files.values()].some((f) => f.dirty);
  }

  /** Records that every file's text is now what is on disk (after it was written). */
  markClean(): void {
    this.legacyDirty = false;
    for (const [id, file] of [...this.files]) {
      file.dirty = false;
      if (file.deleted) this.files.delete(id);
    }
  }

  /** The files changed since the last {@link markClean}, with their new text. */
  changedFiles(): RegistryFileText[] {
    const out: RegistryFileText[] = [];
    if (this.legacyDirty && this.legacy) out.push({ actor: null, text: this.legacy.toString({ lineWidth: 0 }) });
    for (const [id, file] of [...this.files].sort(([a], [b]) => compareIds(a, b))) if (file.dirty) out.push({ actor: id, text: file.deleted ? null : actorFileText(file.doc) });
    return out;
  }

  /** Every file of the registry with its text: the legacy file (if any) first. */
  allFiles(): Array<RegistryFileText & { text: string }> {
    const out: Array<RegistryFileText & { text: string }> = [];
    if (this.legacy) out.push({ actor: null, text: this.legacy.toString({ lineWidth: 0 }) });
    for (const [id, file] of [...this.files].sort(([a], [b]) => compareIds(a, b))) if (!file.deleted) out.push({ actor: id, text: actorFileText(file.doc) });
    return out;
  }

  /** True when some actors are still kept in the legacy `actors.yaml`. */
  get hasLegacyFile(): boolean {
    return this.legacy !== null;
  }

  /** Every actor, by name (retired ids are not actors of their own). */
  get actors(): Actor[] {
    return [...this.byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The actor with this id; a retired id gives the actor it was merged into. */
  get(id: string): Actor | undefined {
    return this.byId.get(this.resolve(id));
  }

  /** The actor with exactly this id, not following a redirect: undefined for a retired id. */
  own(id: string): Actor | undefined {
    return this.byId.get(id);
  }

  /** The id an annotation's actor id stands for now: itself, or the survivor it was merged into. */
  resolve(id: string): string {
    let current = id;
    for (let hops = 0; hops < 32; hops++) {
      const next = this.redirects.get(current);
      if (next === undefined) return current;
      current = next;
    }
    return current;
  }

  /** Retired ids (merged into another actor), each with the id it was merged into. */
  get retired(): ReadonlyMap<string, string> {
    return this.redirects;
  }

  /** The actor whose name or an alias matches `text` (folded), if any. */
  findByName(text: string): Actor | undefined {
    const key = foldName(text);
    for (const actor of this.byId.values()) {
      if (foldName(actor.name) === key || actor.aliases.some((a) => foldName(a) === key)) return actor;
    }
    return undefined;
  }

  /**
   * Adds a new actor in a file of its own. Its id is made from its name; when
   * another actor (or a retired id) has that id, a short suffix made from the
   * name and {@link salt} follows, never a running number that two annotators
   * working apart would both pick. Returns it.
   */
  add(name: string, kind: ActorKind, aliases: readonly string[] = []): Actor {
    const base = slugify(name);
    let id = base;
    for (let n = 0; this.taken(id); n++) id = `${base}-${shortHash(`${name}\n${this.salt}\n${n}`)}`;
    const actor: Actor = { id, name: name.trim(), kind, aliases: [...aliases], wikidata: null };
    const entry: Record<string, unknown> = { name: actor.name, kind };
    if (aliases.length) entry['aliases'] = [...aliases];
    this.files.set(id, { doc: new Document(entry), dirty: true });
    this.byId.set(id, actor);
    return actor;
  }

  /** Adds an alias unless the actor already has that name or alias. Returns true when added. */
  addAlias(id: string, alias: string): boolean {
    const actor = this.byId.get(id);
    const clean = alias.replace(/\s+/g, ' ').trim();
    if (!actor || !clean) return false;
    const key = foldName(clean);
    if (foldName(actor.name) === key || actor.aliases.some((a) => foldName(a) === key)) return false;
    const { entry, doc } = this.entry(id);
    const aliases = entry.get('aliases', true);
    if (isSeq(aliases)) aliases.add(doc.createNode(clean));
    else entry.set('aliases', doc.createNode([clean]));
    this.byId.set(id, { ...actor, aliases: [...actor.aliases, clean] });
    this.touch(id);
    return true;
  }

  /** Sets an actor's kind. */
  setKind(id: string, kind: ActorKind): void {
    const actor = this.byId.get(id);
    if (!actor || actor.kind === kind) return;
    this.entry(id).entry.set('kind', kind);
    this.byId.set(id, { ...actor, kind });
    this.touch(id);
  }

  /** Sets (or, with null, removes) an actor's Wikidata item id such as Q6279. */
  setWikidata(id: string, qid: string | null): void {
    const actor = this.byId.get(id);
    if (!actor) return;
    if (qid !== null && !/^Q\d+$/.test(qid)) throw new Error(`wikidata must be an item id such as Q6279, not ${JSON.stringify(qid)}`);
    const { entry } = this.entry(id);
    if (actor.wikidata === qid && (qid !== null || !entry.has('wikidata'))) return;
    if (qid === null) entry.delete('wikidata');
    else entry.set('wikidata', qid);
    this.byId.set(id, { ...actor, wikidata: qid });
    this.touch(id);
  }

  /**
   * Renames an actor. Its id stays what it was, so that annotations made
   * with it anywhere (on other branches too) keep resolving; the old name
   * becomes an alias. Returns the id. Refuses a name that another actor has.
   */
  rename(id: string, newName: string): string {
    const actor = this.byId.get(id);
    const name = newName.replace(/\s+/g, ' ').trim();
    if (!actor) throw new Error(`no actor ${id}`);
    if (!name) throw new Error('an actor needs a name');
    const clash = this.findByName(name);
    if (clash && clash.id !== id) throw new Error(`${clash.name} (${clash.id}) already has the name “${name}”: merge the two actors instead`);
    if (actor.name === name) return id;
    const { entry, doc } = this.entry(id);
    entry.set('name', name);
    // The old name stays findable as an alias; the new name is no longer an alias of its own.
    const aliasNode = entry.get('aliases', true);
    const aliases = actor.aliases.filter((a) => foldName(a) !== foldName(name));
    if (isSeq(aliasNode)) aliasNode.items = aliasNode.items.filter((item) => !(isScalar(item) && typeof item.value === 'string' && foldName(item.value) === foldName(name)));
    if (foldName(actor.name) !== foldName(name) && !aliases.some((a) => foldName(a) === foldName(actor.name))) {
      aliases.push(actor.name);
      if (isSeq(aliasNode)) aliasNode.add(doc.createNode(actor.name));
      else entry.set('aliases', doc.createNode([actor.name]));
    }
    if (isSeq(aliasNode) && aliasNode.items.length === 0) entry.delete('aliases');
    this.byId.set(id, { ...actor, name, aliases });
    this.touch(id);
    return id;
  }

  /**
   * Merges actor `fromId` into `intoId`: its name and aliases become aliases
   * of `intoId`, which keeps its own Wikidata id (or takes the other's).
   * `fromId` is retired, not deleted: its entry records `mergedInto: intoId`,
   * so annotations that use it (here or on another branch) count for `intoId`.
   */
  merge(fromId: string, intoId: string): void {
    const from = this.byId.get(fromId);
    const into = this.byId.get(intoId);
    if (!from || !into) throw new Error(`no actor ${from ? intoId : fromId}`);
    if (fromId === intoId) throw new Error('an actor cannot be merged into itself');
    for (const alias of [from.name, ...from.aliases]) this.addAlias(intoId, alias);
    if (!into.wikidata && from.wikidata) this.setWikidata(intoId, from.wikidata);
    this.entry(fromId).entry.set('mergedInto', intoId);
    this.byId.delete(fromId);
    this.redirects.set(fromId, intoId);
    this.touch(fromId);
  }

  /**
   * Removes an actor (undo of its creation): its own file is deleted, or its
   * entry in the legacy file removed. Returns false when there is none with this id.
   */
  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    const file = this.files.get(id);
    if (file) {
      file.deleted = true;
      file.dirty = true;
    } else {
      const map = this.legacy?.get('actors', true);
      if (isMap(map)) map.delete(id);
      this.legacyIds.delete(id);
      this.legacyDirty = true;
    }
    this.byId.delete(id);
    return true;
  }

  /**
   * Puts an actor back exactly as recorded (undo and redo): its entry is
   * created under its id (in a file of its own), or its name, kind, aliases
   * and Wikidata id are set.
   */
  restore(actor: Actor): void {
    const current = this.byId.get(actor.id);
    if (current && sameActor(current, actor)) return;
    if (!current && this.redirects.has(actor.id)) {
      // Undo of a merge: the retired actor is an actor of its own again.
      this.entry(actor.id).entry.delete('mergedInto');
      this.redirects.delete(actor.id);
    } else if (!current) {
      this.files.set(actor.id, { doc: new Document({ name: actor.name, kind: actor.kind }), dirty: true });
    }
    const { entry, doc } = this.entry(actor.id);
    entry.set('name', actor.name);
    entry.set('kind', actor.kind);
    if (actor.aliases.length) entry.set('aliases', doc.createNode([...actor.aliases]));
    else entry.delete('aliases');
    if (actor.wikidata) entry.set('wikidata', actor.wikidata);
    else entry.delete('wikidata');
    this.byId.set(actor.id, { ...actor, aliases: [...actor.aliases] });
    this.touch(actor.id);
  }

  /**
   * The text of the legacy `actors.yaml` when the registry has one, otherwise
   * of the first actor file. Prefer {@link changedFiles} and {@link allFiles}.
   */
  toString(): string {
    return this.allFiles()[0]?.text ?? '';
  }

  private admit(entry: Entry, legacy: boolean): void {
    if (legacy) this.legacyIds.add(entry.id);
    if (entry.mergedInto !== null) {
      this.byId.delete(entry.id);
      this.redirects.set(entry.id, entry.mergedInto);
    } else {
      this.redirects.delete(entry.id);
      this.byId.set(entry.id, entry.actor);
    }
  }

  private taken(id: string): boolean {
    return this.byId.has(id) || this.redirects.has(id) || this.files.has(id) || this.legacyIds.has(id);
  }

  private touch(id: string): void {
    const file = this.files.get(id);
    if (file) file.dirty = true;
    else this.legacyDirty = true;
  }

  private entry(id: string): { entry: YAMLMap; doc: Document } {
    const file = this.files.get(id);
    if (file) {
      if (!isMap(file.doc.contents)) throw new Error(`no actor ${id}`);
      return { entry: file.doc.contents, doc: file.doc };
    }
    const map = this.legacy?.get('actors', true);
    const entry = isMap(map) ? map.get(id, true) : undefined;
    if (!this.legacy || !isMap(entry)) throw new Error(`no actor ${id}`);
    return { entry, doc: this.legacy };
  }
}

/** True when two actor records say the same. */
export function sameActor(a: Actor, b: Actor): boolean {
  return a.id === b.id && a.name === b.name && a.kind === b.kind && a.wikidata === b.wikidata && a.aliases.length === b.aliases.length && a.aliases.every((x, i) => x === b.aliases[i]);
}

/** Code-unit order, so that every machine lists the same files in the same order whatever its locale. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Four base-36 characters of an FNV-1a hash. */
function shortHash(text: string): string {
  return fnv1a36(text).padStart(7, '0').slice(-4);
}

function actorFileText(doc: Document): string {
  return doc.toString({ lineWidth: 0 });
}

/** An entry as read: a live actor, or a retired id with the survivor it was merged into. */
interface Entry {
  readonly id: string;
  readonly actor: Actor;
  readonly mergedInto: string | null;
}

function readLegacy(doc: Document, lines: LineCounter, problems: FileProblem[]): Entry[] {
  const at = (node: Node | null | undefined): { line: number; column: number } => nodePosition(lines, node);
  const root = doc.contents;
  if (!isMap(root)) {
    problems.push({ message: 'registry must be a mapping with version and actors', ...at(root as Node | null) });
    return [];
  }
  if (root.get('version') !== REGISTRY_VERSION) {
    problems.push({ message: `unsupported registry version ${JSON.stringify(root.get('version') ?? null)}: expected ${REGISTRY_VERSION}`, ...at((root.get('version', true) as Node) ?? root) });
  }
  const map = root.get('actors', true) as Node | undefined;
  // `actors:` with nothing after it (every actor deleted by hand) is an empty registry.
  if (map === undefined || (isScalar(map) && map.value === null)) return [];
  if (!isMap(map)) {
    problems.push({ message: 'actors must be a mapping from actor id to its entry', ...at(map) });
    return [];
  }
  const entries: Entry[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const id = (keyNode as { value?: unknown })?.value;
    if (!isActorId(id)) {
      problems.push({ message: `actor id ${JSON.stringify(id)} must be a word of letters, digits, dots, hyphens or underscores`, ...at(keyNode) });
      continue;
    }
    const entry = readEntry(id, (pair.value as Node) ?? null, (n) => at(n ?? keyNode), problems);
    if (entry) entries.push(entry);
  }
  return entries;
}

function readEntry(id: string, entry: Node | null, at: (node: Node | null | undefined) => { line: number; column: number }, problems: FileProblem[]): Entry | null {
  if (!isMap(entry)) {
    problems.push({ message: `actor ${id} must be a mapping with name and kind`, ...at(entry) });
    return null;
  }
  const name = entry.get('name');
  const kind = entry.get('kind');
  const aliases = entry.get('aliases', true) as Node | undefined;
  const wikidata = entry.get('wikidata');
  const mergedInto = entry.get('mergedInto');
  if (mergedInto !== undefined && (!isActorId(mergedInto) || mergedInto === id)) {
    problems.push({ message: `actor ${id}: mergedInto must be the id of the actor it was merged into`, ...at((entry.get('mergedInto', true) as Node) ?? entry) });
    return null;
  }
  if (typeof name !== 'string' || !name.trim()) {
    problems.push({ message: `actor ${id}: name must be text`, ...at((entry.get('name', true) as Node) ?? entry) });
    return null;
  }
  if (!(ACTOR_KINDS as readonly unknown[]).includes(kind)) {
    problems.push({ message: `actor ${id}: kind must be person, organisation, country, media or other`, ...at((entry.get('kind', true) as Node) ?? entry) });
    return null;
  }
  let aliasList: string[] = [];
  if (aliases !== undefined) {
    const values = isSeq(aliases) ? aliases.toJSON() : null;
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      problems.push({ message: `actor ${id}: aliases must be a list of names`, ...at(aliases) });
      return null;
    }
    aliasList = values as string[];
  }
  if (wikidata !== undefined && wikidata !== null && (typeof wikidata !== 'string' || !/^Q\d+$/.test(wikidata))) {
    problems.push({ message: `actor ${id}: wikidata must be an item id such as Q6279`, ...at(entry.get('wikidata', true) as Node) });
    return null;
  }
  const actor: Actor = { id, name: name.trim(), kind: kind as ActorKind, aliases: aliasList, wikidata: (wikidata as string | undefined) ?? null };
  return { id, actor, mergedInto: typeof mergedInto === 'string' ? mergedInto : null };
}
