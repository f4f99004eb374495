/**
 * The actor registry: `actors.yaml` at the corpus root, one entry per person,
 * organisation, country or medium, keyed by a stable id, with its aliases.
 * Keys are kept in alphabetical order so that two people adding actors merge
 * cleanly in git.
 */

import { Document, isMap, isScalar, isSeq, type LineCounter, type Node, type YAMLMap } from 'yaml';
import { loadYaml, nodePosition, type FileProblem } from './yamlFile';

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

/** An editable registry. Mutators keep comments and unknown keys. */
export class Registry {
  private byId = new Map<string, Actor>();
  private changed = false;

  private constructor(private readonly doc: Document, actors: readonly Actor[]) {
    for (const a of actors) this.byId.set(a.id, a);
  }

  /** An empty registry. */
  static create(): Registry {
    const doc = new Document({ version: REGISTRY_VERSION, actors: {} });
    doc.commentBefore = ' Seed Annotator actor registry: people, organisations, countries and media of this corpus.\n Ids are referenced from the sidecars; rename actors with the extension so every sidecar follows.';
    return new Registry(doc, []);
  }

  /** Parses and validates registry text. Never throws. */
  static parse(text: string): RegistryLoad {
    if (text.trim() === '') return { ok: true, registry: Registry.create() };
    const loaded = loadYaml(text);
    if (!loaded.doc) return { ok: false, problems: loaded.problems };
    const problems: FileProblem[] = [];
    const actors = readActors(loaded.doc, loaded.lines, problems);
    if (problems.length) return { ok: false, problems };
    return { ok: true, registry: new Registry(loaded.doc, actors) };
  }

  /**
   * True once a mutator has changed the registry since it was read, created
   * or last marked clean: its text then differs from the file it came from.
   */
  get dirty(): boolean {
    return this.changed;
  }

  /** Records that the registry's text is now what its file holds (after it was written). */
  markClean(): void {
    this.changed = false;
  }

  /** Every actor, by name. */
  get actors(): Actor[] {
    return [...this.byId.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The actor with this id. */
  get(id: string): Actor | undefined {
    return this.byId.get(id);
  }

  /** The actor whose name or an alias matches `text` (folded), if any. */
  findByName(text: string): Actor | undefined {
    const key = foldName(text);
    for (const actor of this.byId.values()) {
      if (foldName(actor.name) === key || actor.aliases.some((a) => foldName(a) === key)) return actor;
    }
    return undefined;
  }

  /** Adds a new actor with an id made from its name. Returns it. */
  add(name: string, kind: ActorKind, aliases: readonly string[] = []): Actor {
    const base = slugify(name);
    let id = base;
    for (let n = 2; this.byId.has(id); n++) id = `${base}-${n}`;
    const actor: Actor = { id, name: name.trim(), kind, aliases: [...aliases], wikidata: null };
    const entry: Record<string, unknown> = { name: actor.name, kind };
    if (aliases.length) entry['aliases'] = [...aliases];
    this.actorsMap().set(id, this.doc.createNode(entry));
    this.sortKeys();
    this.byId.set(id, actor);
    this.changed = true;
    return actor;
  }

  /** Adds an alias unless the actor already has that name or alias. Returns true when added. */
  addAlias(id: string, alias: string): boolean {
    const actor = this.byId.get(id);
    const clean = alias.replace(/\s+/g, ' ').trim();
    if (!actor || !clean) return false;
    const key = foldName(clean);
    if (foldName(actor.name) === key || actor.aliases.some((a) => foldName(a) === key)) return false;
    const entry = this.entry(id);
    const aliases = entry.get('aliases', true);
    if (isSeq(aliases)) aliases.add(this.doc.createNode(clean));
    else entry.set('aliases', this.doc.createNode([clean]));
    this.byId.set(id, { ...actor, aliases: [...actor.aliases, clean] });
    this.changed = true;
    return true;
  }

  /** Sets an actor's kind. */
  setKind(id: string, kind: ActorKind): void {
    const actor = this.byId.get(id);
    if (!actor || actor.kind === kind) return;
    this.entry(id).set('kind', kind);
    this.byId.set(id, { ...actor, kind });
    this.changed = true;
  }

  /** Sets (or, with null, removes) an actor's Wikidata item id such as Q6279. */
  setWikidata(id: string, qid: string | null): void {
    const actor = this.byId.get(id);
    if (!actor) return;
    if (qid !== null && !/^Q\d+$/.test(qid)) throw new Error(`wikidata must be an item id such as Q6279, not ${JSON.stringify(qid)}`);
    if (actor.wikidata === qid && (qid !== null || !this.entry(id).has('wikidata'))) return;
    if (qid === null) this.entry(id).delete('wikidata');
    else this.entry(id).set('wikidata', qid);
    this.byId.set(id, { ...actor, wikidata: qid });
    this.changed = true;
  }

  /**
   * Renames an actor. Its id follows the new name (so ids keep reading like
   * names); returns the new id. Refuses a name that another actor already has.
   */
  rename(id: string, newName: string): string {
    const actor = this.byId.get(id);
    const name = newName.replace(/\s+/g, ' ').trim();
    if (!actor) throw new Error(`no actor ${id}`);
    if (!name) throw new Error('an actor needs a name');
    const clash = this.findByName(name);
    if (clash && clash.id !== id) throw new Error(`${clash.name} (${clash.id}) already has the name “${name}”: merge the two actors instead`);
    let newId = slugify(name);
    if (newId !== id) for (let n = 2; this.byId.has(newId); n++) newId = `${slugify(name)}-${n}`;
    const entry = this.entry(id);
    entry.set('name', name);
    // The old name stays findable: it becomes an alias.
    const aliases = actor.aliases.filter((a) => foldName(a) !== foldName(name));
    if (foldName(actor.name) !== foldName(name) && !aliases.some((a) => foldName(a) === foldName(actor.name))) aliases.push(actor.name);
    entry.set('aliases', this.doc.createNode(aliases));
    if (newId !== id) {
      const map = this.actorsMap();
      const pair = map.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === id);
      if (pair) pair.key = this.doc.createNode(newId);
      this.sortKeys();
    }
    this.byId.delete(id);
    this.byId.set(newId, { ...actor, id: newId, name, aliases });
    this.changed = true;
    return newId;
  }

  /**
   * Merges actor `fromId` into `intoId`: its name and aliases become aliases
   * of `intoId`, which keeps its own Wikidata id (or takes the other's), and
   * `fromId` is removed.
   */
  merge(fromId: string, intoId: string): void {
    const from = this.byId.get(fromId);
    const into = this.byId.get(intoId);
    if (!from || !into) throw new Error(`no actor ${from ? intoId : fromId}`);
    if (fromId === intoId) throw new Error('an actor cannot be merged into itself');
    for (const alias of [from.name, ...from.aliases]) this.addAlias(intoId, alias);
    if (!into.wikidata && from.wikidata) this.setWikidata(intoId, from.wikidata);
    this.actorsMap().delete(fromId);
    this.byId.delete(fromId);
    this.changed = true;
  }

  /** Removes an actor. Returns false when there is none with this id. */
  remove(id: string): boolean {
    if (!this.byId.has(id)) return false;
    this.actorsMap().delete(id);
    this.byId.delete(id);
    this.changed = true;
    return true;
  }

  /**
   * Puts an actor back exactly as recorded (undo and redo): its entry is
   * created under its id, or its name, kind, aliases and Wikidata id are set.
   */
  restore(actor: Actor): void {
    const current = this.byId.get(actor.id);
    if (current && sameActor(current, actor)) return;
    if (!current) {
      this.actorsMap().set(actor.id, this.doc.createNode({ name: actor.name, kind: actor.kind }));
      this.sortKeys();
    }
    const entry = this.entry(actor.id);
    entry.set('name', actor.name);
    entry.set('kind', actor.kind);
    if (actor.aliases.length) entry.set('aliases', this.doc.createNode([...actor.aliases]));
    else entry.delete('aliases');
    if (actor.wikidata) entry.set('wikidata', actor.wikidata);
    else entry.delete('wikidata');
    this.byId.set(actor.id, { ...actor, aliases: [...actor.aliases] });
    this.changed = true;
  }

  /** The YAML text, comments and unknown keys included. */
  toString(): string {
    return this.doc.toString({ lineWidth: 0 });
  }

  private actorsMap(): YAMLMap {
    let map = this.doc.get('actors', true);
    if (!isMap(map)) {
      map = this.doc.createNode({}) as YAMLMap;
      this.doc.set('actors', map);
    }
    // `actors: {}` read back from disk is a flow mapping; entries belong in block style.
    if ((map as YAMLMap).items.length === 0) (map as YAMLMap).flow = false;
    return map as YAMLMap;
  }

  private entry(id: string): YAMLMap {
    const entry = this.actorsMap().get(id, true);
    if (!isMap(entry)) throw new Error(`no actor ${id}`);
    return entry;
  }

  private sortKeys(): void {
    const map = this.actorsMap();
    // Code-unit order, so that every machine writes the same file whatever its locale.
    const keyOf = (item: (typeof map.items)[number]): string => String((item.key as { value?: unknown })?.value ?? item.key);
    map.items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  }
}

/** True when two actor records say the same. */
export function sameActor(a: Actor, b: Actor): boolean {
  return a.id === b.id && a.name === b.name && a.kind === b.kind && a.wikidata === b.wikidata && a.aliases.length === b.aliases.length && a.aliases.every((x, i) => x === b.aliases[i]);
}

function readActors(doc: Document, lines: LineCounter, problems: FileProblem[]): Actor[] {
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
  const actors: Actor[] = [];
  for (const pair of map.items) {
    const keyNode = pair.key as Node;
    const id = (keyNode as { value?: unknown })?.value;
    if (typeof id !== 'string' || !/^[\p{L}\p{N}][\p{L}\p{N}._-]*$/u.test(id)) {
      problems.push({ message: `actor id ${JSON.stringify(id)} must be a word of letters, digits, dots, hyphens or underscores`, ...at(keyNode) });
      continue;
    }
    const entry = pair.value as Node;
    if (!isMap(entry)) {
      problems.push({ message: `actor ${id} must be a mapping with name and kind`, ...at(entry ?? keyNode) });
      continue;
    }
    const name = entry.get('name');
    const kind = entry.get('kind');
    const aliases = entry.get('aliases', true) as Node | undefined;
    const wikidata = entry.get('wikidata');
    if (typeof name !== 'string' || !name.trim()) {
      problems.push({ message: `actor ${id}: name must be text`, ...at((entry.get('name', true) as Node) ?? entry) });
      continue;
    }
    if (!['person', 'organisation', 'country', 'media', 'other'].includes(kind as string)) {
      problems.push({ message: `actor ${id}: kind must be person, organisation, country, media or other`, ...at((entry.get('kind', true) as Node) ?? entry) });
      continue;
    }
    let aliasList: string[] = [];
    if (aliases !== undefined) {
      const values = isSeq(aliases) ? aliases.toJSON() : null;
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
        problems.push({ message: `actor ${id}: aliases must be a list of names`, ...at(aliases) });
        continue;
      }
      aliasList = values as string[];
    }
    if (wikidata !== undefined && wikidata !== null && (typeof wikidata !== 'string' || !/^Q\d+$/.test(wikidata))) {
      problems.push({ message: `actor ${id}: wikidata must be an item id such as Q6279`, ...at(entry.get('wikidata', true) as Node) });
      continue;
    }
    actors.push({ id, name: name.trim(), kind: kind as ActorKind, aliases: aliasList, wikidata: (wikidata as string | undefined) ?? null });
  }
  return actors;
}
