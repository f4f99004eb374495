/**
 * Annotators simulated with real git: each works on a branch of one corpus
 * repository and makes exactly the writes the extension's commands make
 * (through the store and the core's tagging functions); the branches are
 * merged with plain `git merge` on default settings, and every conflicted
 * file is then settled the way "accept both" does it: `git merge-file
 * --union` on the three stages. What is left is counted against the union
 * of what everyone made.
 *
 * The counting reads the files with the yaml package only, so it does not
 * depend on the layout or on the code under test.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { contentHash } from '../../src/core/anchoring/anchor';
import { AnnotationStore, type FileAccess } from '../../src/core/files/store';
import { addMention, addQuote, draftMention, draftQuote } from '../../src/core/tagging/tagging';
import { ARTICLES } from './articles';

export const gitEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
};

export function git(dir: string, ...args: string[]): { status: number | null; out: string } {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: gitEnv });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout + r.stderr };
}

function gitOut(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: gitEnv });
}

/** What differs between code versions: the file access and how an actor is renamed. */
export interface Workbench {
  readonly files: FileAccess;
  rename(store: AnnotationStore, registryLocation: string, actorId: string, newName: string): Promise<void>;
}

/** One tag an annotator makes. */
export type Tag =
  | { readonly type: 'quote'; readonly article: number; readonly quote: number; readonly speaker?: string }
  | { readonly type: 'mention'; readonly article: number; readonly mention: number };

/** A corpus repository on disk, and the annotators working in it. */
export class TeamRepo {
  private clock = Date.parse('2026-11-30T08:00:00Z');

  private constructor(readonly dir: string, private readonly bench: Workbench) {}

  static create(bench: Workbench, articles: readonly number[] = ARTICLES.map((_, i) => i)): TeamRepo {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-team-'));
    git(dir, 'init', '-q', '-b', 'main');
    for (const i of articles) fs.writeFileSync(path.join(dir, ARTICLES[i]!.name), ARTICLES[i]!.text);
    const repo = new TeamRepo(dir, bench);
    repo.commit('the articles');
    return repo;
  }

  get registryLocation(): string {
    return this.loc('actors.yaml');
  }

  loc(name: string): string {
    return path.join(this.dir, name).split(path.sep).join('/');
  }

  /** A store as one annotator's editor has it. */
  store(annotator: string): AnnotationStore {
    return new AnnotationStore(this.bench.files, () => this.registryLocation, {
      provenance: () => ({ creator: annotator, created: new Date((this.clock += 60_000)).toISOString().replace(/\.\d+Z$/, 'Z') }),
    });
  }

  /** Tags as Tag Quote and Tag Actor do: the speaker or actor is found by name, or added. */
  async tag(annotator: string, tags: readonly Tag[]): Promise<void> {
    const store = this.store(annotator);
    for (const t of tags) {
      const article = ARTICLES[t.article]!;
      const text = fs.readFileSync(path.join(this.dir, article.name), 'utf8');
      const cp = (words: string): { start: number; end: number } => {
        const at = text.indexOf(words);
        if (at < 0) throw new Error(`${article.name}: no “${words}”`);
        const start = [...text.slice(0, at)].length;
        return { start, end: start + [...words].length };
      };
      await store.edit(this.loc(article.name), contentHash(text), (sidecar, registry) => {
        if (t.type === 'quote') {
          const q = article.quotes[t.quote]!;
          const speaker = t.speaker ?? q.speaker;
          const actor = registry.findByName(speaker) ?? registry.add(speaker, q.kind);
          addQuote(sidecar, draftQuote(text, cp(q.words)), actor.id);
        } else {
          const m = article.mentions[t.mention]!;
          const actor = registry.findByName(m.words) ?? registry.add(m.words, m.kind);
          addMention(sidecar, registry, draftMention(text, cp(m.words)), actor);
        }
      });
    }
  }

  async rename(annotator: string, name: string, newName: string): Promise<void> {
    const store = this.store(annotator);
    const state = await store.registryAt(this.registryLocation);
    if (state.status !== 'ok') throw new Error('registry unreadable');
    const actor = state.registry.findByName(name);
    if (!actor) throw new Error(`no actor ${name}`);
    await this.bench.rename(store, this.registryLocation, actor.id, newName);
  }

  /**
   * A correction on the branch: `insert` is put in front of `before` in the
   * article, and the annotations are re-anchored as the editor does while
   * the document is edited (each offset after the edit shifts).
   */
  async correct(annotator: string, article: number, before: string, insert: string): Promise<void> {
    const file = path.join(this.dir, ARTICLES[article]!.name);
    const text = fs.readFileSync(file, 'utf8');
    const at = text.indexOf(before);
    const next = text.slice(0, at) + insert + text.slice(at);
    fs.writeFileSync(file, next);
    const shift = [...insert].length;
    const edit = [...text.slice(0, at)].length;
    const store = this.store(annotator);
    await store.edit(this.loc(ARTICLES[article]!.name), contentHash(next), (sidecar) => {
      for (const a of sidecar.annotations) {
        if (a.anchor.start >= edit) sidecar.setAnchor(a.id, { ...a.anchor, start: a.anchor.start + shift, end: a.anchor.end + shift });
      }
      sidecar.setContentHash(contentHash(next));
    });
  }

  commit(message: string): void {
    git(this.dir, 'add', '-A');
    git(this.dir, 'commit', '-q', '--allow-empty', '-m', message);
  }

  branch(name: string, from = 'main'): void {
    git(this.dir, 'checkout', '-q', '-B', name, from);
  }

  checkout(name: string): void {
    git(this.dir, 'checkout', '-q', name);
  }

  /**
   * Merges `branch` into the current branch with plain `git merge`. Returns
   * the files git left conflicted; each is then settled by "accept both"
   * (`git merge-file --union` on its three stages) and the merge committed.
   */
  mergeAcceptingBoth(branch: string): string[] {
    const merged = git(this.dir, 'merge', '-q', '--no-edit', branch);
    if (merged.status === 0) return [];
    const conflicted = gitOut(this.dir, 'diff', '--name-only', '--diff-filter=U').split('\n').filter(Boolean);
    for (const file of conflicted) {
      const stage = (n: number): string => {
        const r = spawnSync('git', ['-C', this.dir, 'show', `:${n}:${file}`], { encoding: 'utf8', env: gitEnv });
        return r.status === 0 ? r.stdout : '';
      };
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-union-'));
      const [base, ours, theirs] = [1, 2, 3].map((n) => {
        const p = path.join(tmp, String(n));
        fs.writeFileSync(p, stage(n));
        return p;
      });
      const union = spawnSync('git', ['merge-file', '-p', '--union', ours!, base!, theirs!], { encoding: 'utf8', env: gitEnv });
      fs.writeFileSync(path.join(this.dir, file), union.stdout);
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    this.commit(`merge ${branch}, accepting both sides`);
    return conflicted;
  }

  /** What the corpus holds at a ref, read with the yaml package alone. */
  snapshot(ref?: string): Snapshot {
    const files = ref
      ? gitOut(this.dir, 'ls-tree', '-r', '--name-only', ref).split('\n').filter(Boolean)
      : (fs.readdirSync(this.dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/')).filter((f) => !f.startsWith('.git/') && !f.startsWith('.git'));
    const read = (f: string): string => (ref ? gitOut(this.dir, 'show', `${ref}:${f}`) : fs.readFileSync(path.join(this.dir, f), 'utf8'));
    return snapshotOf(Object.fromEntries(files.filter((f) => /\.(ya?ml|txt)$/.test(f)).map((f) => [f, read(f)])));
  }
}

/** A corpus as data: annotations by document and id, actors by id, and the files that do not read. */
export interface Snapshot {
  /** `document#id` → the annotation's fields (all versions, when an id appears twice). */
  readonly annotations: Map<string, Array<Record<string, unknown>>>;
  /** Live actor ids (not merged into another), and retired ids with their survivor. */
  readonly actors: Set<string>;
  readonly redirects: Map<string, string>;
  /** Files that are not valid YAML (they need editing by hand). */
  readonly invalid: string[];
  readonly texts: Map<string, string>;
}

function snapshotOf(files: Record<string, string>): Snapshot {
  const annotations = new Map<string, Array<Record<string, unknown>>>();
  const actors = new Set<string>();
  const redirects = new Map<string, string>();
  const invalid: string[] = [];
  const texts = new Map<string, string>();
  const yaml = (file: string): unknown => {
    try {
      return parse(files[file]!, { uniqueKeys: true });
    } catch {
      invalid.push(file);
      return undefined;
    }
  };
  const addActor = (id: string, entry: unknown): void => {
    const into = (entry as { mergedInto?: unknown } | null)?.mergedInto;
    if (typeof into === 'string') redirects.set(id, into);
    else actors.add(id);
  };
  for (const file of Object.keys(files).sort()) {
    if (file.endsWith('.txt')) texts.set(file, files[file]!);
    else if (file.endsWith('.annotations.yaml')) {
      const data = yaml(file) as { document?: string; quotes?: unknown[]; mentions?: unknown[] } | undefined;
      const document = file.replace(/\.annotations\.yaml$/, '.txt');
      for (const entry of [...(data?.quotes ?? []), ...(data?.mentions ?? [])] as Array<Record<string, unknown>>) {
        const key = `${document}#${String(entry['id'])}`;
        annotations.set(key, [...(annotations.get(key) ?? []), entry]);
      }
    } else if (file === 'actors.yaml') {
      const data = yaml(file) as { actors?: Record<string, unknown> } | undefined;
      for (const [id, entry] of Object.entries(data?.actors ?? {})) addActor(id, entry);
    } else if (/^actors\/[^/]+\.yaml$/.test(file)) {
      const data = yaml(file);
      if (data !== undefined) addActor(file.slice('actors/'.length, -'.yaml'.length), data);
    }
  }
  return { annotations, actors, redirects, invalid, texts };
}

/** The outcome of one scenario, counted against the union of what everyone made. */
export interface Outcome {
  readonly scenario: string;
  /** Files `git merge` left conflicted, over all merges. */
  readonly conflicted: number;
  /** Files that are not valid YAML after "accept both": they need editing by hand. */
  readonly handEdits: number;
  /** Annotations made on some branch that the merged corpus no longer holds. */
  readonly annotationsLost: number;
  readonly annotations: number;
  /** Actors added on some branch (and not removed or renamed there) that the merged corpus no longer has. */
  readonly actorsLost: number;
  readonly actors: number;
  /** Annotations whose speaker or actor id resolves to no actor. */
  readonly dangling: number;
  /** Annotations whose recorded text is not the document's text at their offsets. */
  readonly misplaced: number;
  /** Ids that hold two different versions after the merge (a disagreement left for resolve). */
  readonly twoVersions: number;
}

/**
 * Counts a merged corpus against its branches: `heads` are the branch tips
 * merged, `base` the commit they started from.
 */
export function countOutcome(scenario: string, repo: TeamRepo, base: string, heads: readonly string[], conflicted: number): Outcome {
  const start = repo.snapshot(base);
  const tips = heads.map((h) => repo.snapshot(h));
  const final = repo.snapshot();
  if (process.env['SEED_TEAM_DEBUG']) for (const f of final.invalid) console.log(`--- ${scenario}: ${f}\n${fs.readFileSync(path.join(repo.dir, f), 'utf8')}`);
  // What someone removed (or renamed away) on their branch is not expected to survive.
  const removedActors = new Set([...start.actors].filter((id) => tips.some((t) => !t.actors.has(id))));
  const expectedActors = new Set(tips.flatMap((t) => [...t.actors]).filter((id) => !removedActors.has(id)));
  const expectedAnnotations = new Set(tips.flatMap((t) => [...t.annotations.keys()]));
  const resolve = (id: string): string => {
    let current = id;
    for (let i = 0; i < 32 && final.redirects.has(current); i++) current = final.redirects.get(current)!;
    return current;
  };
  let dangling = 0;
  let misplaced = 0;
  let twoVersions = 0;
  for (const [key, versions] of final.annotations) {
    // Identical copies (unchanged lines that "accept both" repeats) read as one; differing versions are a disagreement.
    if (new Set(versions.map((v) => JSON.stringify(v))).size > 1) twoVersions++;
    for (const v of versions) {
      const actor = (v['speaker'] ?? v['actor']) as string | null | undefined;
      if (actor && !final.actors.has(resolve(actor))) dangling++;
      const anchor = v['anchor'] as { start: number; end: number; exact: string } | undefined;
      const text = final.texts.get(key.slice(0, key.indexOf('#')));
      if (anchor && text !== undefined && [...text].slice(anchor.start, anchor.end).join('') !== anchor.exact) misplaced++;
    }
  }
  return {
    scenario,
    conflicted,
    handEdits: final.invalid.length,
    annotationsLost: [...expectedAnnotations].filter((k) => !final.annotations.has(k)).length,
    annotations: expectedAnnotations.size,
    actorsLost: [...expectedActors].filter((id) => !final.actors.has(id) && !final.redirects.has(id)).length,
    actors: expectedActors.size,
    dangling,
    misplaced,
    twoVersions,
  };
}

/** The head commit of a ref. */
export function rev(repo: TeamRepo, ref: string): string {
  return gitOut(repo.dir, 'rev-parse', ref).trim();
}

/** Runs every scenario of issue 11 and returns their outcomes. */
export async function runScenarios(bench: Workbench): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  const done: TeamRepo[] = [];
  const repo = (articles?: readonly number[]): TeamRepo => {
    const r = TeamRepo.create(bench, articles);
    done.push(r);
    return r;
  };
  try {
    // 1. Different documents, new actors: ten pairs of annotators, each on another article.
    {
      let conflicted = 0;
      let sum: Outcome | undefined;
      const pairs: Array<[number, number]> = [[0, 1], [1, 2], [0, 2], [2, 0], [1, 0], [2, 1], [0, 1], [1, 2], [2, 0], [0, 2]];
      for (const [n, [x, y]] of pairs.entries()) {
        const r = repo();
        await r.tag('base', [{ type: 'quote', article: 0, quote: 6 }]);
        r.commit('base');
        const base = rev(r, 'HEAD');
        r.branch('a');
        await r.tag('Ann', [{ type: 'quote', article: x, quote: (n + 1) % 6 }, { type: 'mention', article: x, mention: (n + 1) % ARTICLES[x]!.mentions.length }]);
        r.commit('a');
        r.branch('b', base);
        await r.tag('Bo', [{ type: 'quote', article: y, quote: (n + 2) % 6 }, { type: 'mention', article: y, mention: n % ARTICLES[y]!.mentions.length }]);
        r.commit('b');
        r.checkout('a');
        const c = r.mergeAcceptingBoth('b');
        conflicted += c.length;
        const o = countOutcome('different documents, new actors (10 pairs)', r, base, ['a', 'b'], c.length);
        sum = sum ? addOutcomes(sum, o) : o;
      }
      outcomes.push({ ...sum!, conflicted });
    }
    // 2. Different documents, new actors whose ids sort next to each other (anna-kovac, anna-kovacs).
    outcomes.push(await twoAnnotators(repo(), 'new actors with neighbouring ids (anna-kovac, anna-kovacs)', [], async (x) => { await x.tag('Ann', [{ type: 'quote', article: 0, quote: 4 }]); }, async (x) => { await x.tag('Bo', [{ type: 'quote', article: 1, quote: 1, speaker: 'Anna Kovač' }]); }));
    // 2b. The first tags of one document made on two branches: both create its sidecar.
    outcomes.push(await twoAnnotators(repo(), 'one new sidecar created on two branches (a quote, a mention)', [], async (x) => { await x.tag('Ann', [{ type: 'quote', article: 0, quote: 4 }]); }, async (x) => { await x.tag('Bo', [{ type: 'mention', article: 0, mention: 0 }]); }));
    // 3. Neighbouring quotes in one document.
    outcomes.push(await twoAnnotators(repo(), 'neighbouring quotes in one document', [{ type: 'quote', article: 0, quote: 0 }, { type: 'quote', article: 0, quote: 5 }], async (x) => { await x.tag('Ann', [{ type: 'quote', article: 0, quote: 2 }]); }, async (x) => { await x.tag('Bo', [{ type: 'quote', article: 0, quote: 3 }]); }));
    // 4. The same quote, two speakers (a true disagreement).
    outcomes.push(await twoAnnotators(repo(), 'the same quote, two speakers', [{ type: 'quote', article: 1, quote: 0 }, { type: 'quote', article: 1, quote: 4 }], async (x) => { await x.tag('Ann', [{ type: 'quote', article: 1, quote: 3 }]); }, async (x) => { await x.tag('Bo', [{ type: 'quote', article: 1, quote: 3, speaker: 'Ilse Brandt' }]); }));
    // 5. A rename on one branch, new quotes by that actor on another.
    outcomes.push(await twoAnnotators(repo(), 'a rename against new tags', [{ type: 'quote', article: 2, quote: 0 }, { type: 'mention', article: 2, mention: 0 }], async (x) => { await x.rename('Ann', 'Rosa Almeida', 'Rosa M. Almeida'); }, async (x) => { await x.tag('Bo', [{ type: 'quote', article: 2, quote: 4 }, { type: 'quote', article: 0, quote: 5, speaker: 'Rosa Almeida' }, { type: 'quote', article: 1, quote: 1, speaker: 'Rosa Almeida' }, { type: 'quote', article: 1, quote: 5, speaker: 'Rosa Almeida' }]); }));
    // 6. A correction on one branch, a new quote further down on another.
    outcomes.push(await twoAnnotators(repo(), 'a correction against a new quote', [{ type: 'quote', article: 0, quote: 0 }, { type: 'quote', article: 0, quote: 2 }], async (x) => { await x.correct('Ann', 0, 'on Tuesday', 'early '); }, async (x) => { await x.tag('Bo', [{ type: 'quote', article: 0, quote: 4 }]); }));
    // 7. Five annotators, ten tags each, merged in turn, on documents that each have a sidecar already.
    {
      const r = repo();
      await r.tag('lead', [{ type: 'quote', article: 0, quote: 6 }, { type: 'quote', article: 1, quote: 5 }, { type: 'quote', article: 2, quote: 5 }]);
      r.commit('base');
      const base = rev(r, 'HEAD');
      const all: Tag[] = ARTICLES.flatMap((art, i) => [
        ...art.quotes.map((_, q) => ({ type: 'quote' as const, article: i, quote: q })).filter((t) => t.quote !== (i === 0 ? 6 : 5)),
        ...art.mentions.map((_, m) => ({ type: 'mention' as const, article: i, mention: m })),
      ]);
      const names = ['Ann', 'Bo', 'Cy', 'Dee', 'Eli'];
      for (const [n, name] of names.entries()) {
        r.branch(name, base);
        // Each takes ten tags, spread over the three articles, overlapping the others' actors.
        await r.tag(name, Array.from({ length: 10 }, (_, k) => all[(n * 5 + k * 3) % all.length]!).filter((t, i, list) => list.findIndex((u) => JSON.stringify(u) === JSON.stringify(t)) === i));
        r.commit(name);
      }
      r.checkout('main');
      let conflicted = 0;
      for (const name of names) conflicted += r.mergeAcceptingBoth(name).length;
      outcomes.push(countOutcome('5 annotators × 10 tags, merged in turn', r, base, names, conflicted));
    }
  } finally {
    for (const r of done) fs.rmSync(r.dir, { recursive: true, force: true });
  }
  return outcomes;
}

/** Two annotators from one base (tagged first by a lead): A's work merged with B's, counted. */
async function twoAnnotators(r: TeamRepo, scenario: string, baseTags: readonly Tag[], a: (r: TeamRepo) => Promise<void>, b: (r: TeamRepo) => Promise<void>): Promise<Outcome> {
  if (baseTags.length) await r.tag('lead', baseTags);
  r.commit('base');
  const base = rev(r, 'HEAD');
  r.branch('a');
  await a(r);
  r.commit('a');
  r.branch('b', base);
  await b(r);
  r.commit('b');
  r.checkout('a');
  const conflicted = r.mergeAcceptingBoth('b');
  return countOutcome(scenario, r, base, ['a', 'b'], conflicted.length);
}

function addOutcomes(a: Outcome, b: Outcome): Outcome {
  const n = (k: keyof Outcome): number => (a[k] as number) + (b[k] as number);
  return {
    scenario: a.scenario,
    conflicted: n('conflicted'),
    handEdits: n('handEdits'),
    annotationsLost: n('annotationsLost'),
    annotations: n('annotations'),
    actorsLost: n('actorsLost'),
    actors: n('actors'),
    dangling: n('dangling'),
    misplaced: n('misplaced'),
    twoVersions: n('twoVersions'),
  };
}

/** The outcomes as a Markdown table. */
export function outcomeTable(outcomes: readonly Outcome[]): string {
  const rows = outcomes.map((o) => `| ${o.scenario} | ${o.conflicted} | ${o.handEdits} | ${o.annotationsLost} of ${o.annotations} | ${o.actorsLost} of ${o.actors} | ${o.dangling} | ${o.misplaced} | ${o.twoVersions} |`);
  return ['| scenario | files conflicted by `git merge` | files needing hand edits after "accept both" | annotations lost | actors lost | references to no actor | misplaced anchors | ids with two versions (left for resolve) |', '|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}
