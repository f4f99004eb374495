/**
 * Writes the sample annotations of the two seed documents, `seeds/*.annotations.yaml`,
 * and the actor registry `seeds/actors/<id>.yaml` (one file per actor), through the same core API the
 * Tag Quote and Tag Actor commands use (draftQuote/addQuote, draftMention/addMention,
 * Registry, Sidecar). The annotations themselves are the declarative lists below.
 *
 *   npx esbuild scripts/annotate-seeds.ts --bundle --platform=node --outfile=out/annotate-seeds.js && node out/annotate-seeds.js
 *
 * The output is deterministic: running it again rewrites the same bytes, which
 * test/unit/seeds.test.ts checks by calling `buildSeedAnnotations` itself.
 *
 * How the seeds are tagged
 *
 * Quotes. Every direct quote (words in quotation marks) is tagged with its
 * speaker; the span is the words inside the marks, so draftQuote finds the
 * marks right outside and records `direct: true`. Reported (indirect) speech
 * is tagged with `direct: false` where it does not overlap a direct quote:
 * a paraphrase that contains a direct quote (Kuleba's "Ukraine is not
 * conducting any negotiations “behind closed doors” with Russia", Biden's
 * "Russia could make an “incredibly serious mistake” …") is left to the direct
 * quote inside it, because quotes must not overlap. The cue is the one
 * draftQuote finds, unless the list gives one (where no configured cue verb
 * stands next to the quote).
 *
 * Mentions. Every occurrence of the name of a person, medium, organisation or
 * country in the registry is tagged, with these rules:
 *  - a name inside a longer tagged name is not tagged on its own ("Ukraine" in
 *    "Contact Group on Defense of Ukraine", "Biden" in "Joe Biden", "US" in
 *    "US officials");
 *  - titles before a name are not tagged ("US President Joe Biden" tags
 *    "Joe Biden"; "the US President" on its own tags Biden);
 *  - adjectives ("Ukrainian", "Russian", "American", "European", "Western"),
 *    pronouns, generic nouns ("officials", "the publication", "the unnamed
 *    spokesperson") and places that are not actors here ("Europe", "at the
 *    White House", the regions Donetsk, Luhansk, Kherson and Zaporizhzhia)
 *    are not tagged;
 *  - the byline (the article's author) is not an actor of the story.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentHash } from '../src/core/anchoring/anchor';
import { Registry, type ActorKind } from '../src/core/files/registry';
import { Sidecar, sidecarNameFor } from '../src/core/files/sidecar';
import { addMention, addQuote, draftMention, draftQuote, overlappingPairs } from '../src/core/tagging/tagging';
import { CodePointMap, stripBom } from '../src/core/text/text';

/** An actor of the registry. `id` must be what Registry.add makes of `name`. */
export interface ActorSpec {
  readonly id: string;
  readonly name: string;
  readonly kind: ActorKind;
  readonly aliases?: readonly string[];
  readonly wikidata?: string;
}

/** A quote: the exact words (inside the marks for a direct quote) and its speaker. */
export interface QuoteSpec {
  readonly text: string;
  /** Which occurrence of `text` (0-based); the first by default. */
  readonly occurrence?: number;
  readonly speaker: string;
  /** What draftQuote must find: the script stops when it finds otherwise. */
  readonly direct: boolean;
  /** The cue to record instead of the one draftQuote finds. */
  readonly cue?: string | null;
}

/** A name to tag as an actor mention. */
export interface MentionSpec {
  readonly text: string;
  readonly actor: string;
  /**
   * Which occurrences (0-based, among the occurrences of `text` as a whole
   * word). By default every occurrence that is not inside a longer tagged name.
   */
  readonly at?: readonly number[];
}

export interface DocumentSpec {
  readonly document: string;
  readonly quotes: readonly QuoteSpec[];
  readonly mentions: readonly MentionSpec[];
}

/** Where the seeds are, relative to the repository root. */
export const SEEDS_DIR = 'seeds';
/** The registry's folder in the seeds folder: one file per actor. */
export const REGISTRY_FOLDER = 'actors';

export const ACTORS: readonly ActorSpec[] = [
  // People
  { id: 'joe-biden', name: 'Joe Biden', kind: 'person', aliases: ['Biden', 'US President'], wikidata: 'Q6279' },
  { id: 'vladimir-putin', name: 'Vladimir Putin', kind: 'person', aliases: ['Putin'], wikidata: 'Q7747' },
  { id: 'volodymyr-zelenskyy', name: 'Volodymyr Zelenskyy', kind: 'person', aliases: ['Zelenskyy', 'Volodymyr Zelensky', 'Zelensky'], wikidata: 'Q3874799' },
  { id: 'dmytro-kuleba', name: 'Dmytro Kuleba', kind: 'person', aliases: ['Dmitry Kuleba', 'Kuleba'] },
  { id: 'oleksiy-arestovych', name: 'Oleksiy Arestovych', kind: 'person', aliases: ['Alexey Arestovich', 'Arestovich', 'Arestovych'] },
  { id: 'state-department-spokesperson', name: 'State Department spokesperson', kind: 'person' },
  { id: 'anonymous-us-official', name: 'Anonymous US official', kind: 'person' },
  // Groups of unnamed sources
  { id: 'us-officials', name: 'US officials', kind: 'other', aliases: ['American officials', 'U.S. officials'] },
  { id: 'sources-familiar-with-the-discussions', name: 'Sources familiar with the discussions', kind: 'other' },
  // Media
  { id: 'nbc-news', name: 'NBC News', kind: 'media' },
  { id: 'the-washington-post', name: 'The Washington Post', kind: 'media', aliases: ['Washington Post', 'the Post'], wikidata: 'Q166032' },
  { id: 'unian', name: 'UNIAN', kind: 'media' },
  // Countries
  { id: 'united-states', name: 'United States', kind: 'country', aliases: ['US', 'U.S.', 'the United States'], wikidata: 'Q30' },
  { id: 'ukraine', name: 'Ukraine', kind: 'country', wikidata: 'Q212' },
  { id: 'russia', name: 'Russia', kind: 'country', aliases: ['Russian Federation', 'the Russian Federation'], wikidata: 'Q159' },
  { id: 'israel', name: 'Israel', kind: 'country', wikidata: 'Q801' },
  // Organisations
  { id: 'european-union', name: 'European Union', kind: 'organisation', aliases: ['EU'], wikidata: 'Q458' },
  { id: 'white-house-national-security-council', name: 'White House National Security Council', kind: 'organisation', aliases: ['National Security Council'] },
  { id: 'state-department', name: 'State Department', kind: 'organisation', aliases: ['US State Department', 'Department of State'] },
  { id: 'kremlin', name: 'Kremlin', kind: 'organisation', aliases: ['the Kremlin'] },
  { id: 'contact-group-on-defense-of-ukraine', name: 'Contact Group on Defense of Ukraine', kind: 'organisation', aliases: ['Ukraine Defense Contact Group', 'Ramstein group'] },
  { id: 'office-of-the-president-of-ukraine', name: 'Office of the President of Ukraine', kind: 'organisation', aliases: ['OP'] },
  { id: 'national-security-and-defense-council-of-ukraine', name: 'National Security and Defense Council of Ukraine', kind: 'organisation', aliases: ['National Security and Defense Council', 'NSDC'] },
  { id: 'hamas', name: 'Hamas', kind: 'organisation' },
];

export const DOCUMENTS: readonly DocumentSpec[] = [
  {
    document: '000_ce07b70b4b1d5ccc.txt',
    quotes: [
      // Reported speech.
      { text: 'during these discussions they discussed what Ukraine might have to give up in order to reach agreements', speaker: 'nbc-news', direct: false },
      { text: 'one of these discussions took place last month at a meeting of the Contact Group on Defense of Ukraine in the Ramstein format', speaker: 'nbc-news', direct: false },
      { text: 'the discussions come amid concern among U.S. and European officials that the war has reached a stalemate and the possibility of continuing to provide aid to Ukraine', speaker: 'us-officials', direct: false },
      // "Officials fear …": no configured cue verb is near, so the cue is given.
      { text: 'the change could make it more difficult for Ukraine to secure additional aid', speaker: 'us-officials', direct: false, cue: 'fear' },
      { text: 'Ukraine will likely have until the end of the year or a little longer before more active and urgent discussions about peace talks begin', speaker: 'us-officials', direct: false },
      { text: 'the Biden administration has no indication that Russian dictator Vladimir Putin is ready to negotiate with Ukraine', speaker: 'us-officials', direct: false },
      { text: 'the authorities of the Russian Federation are trying to conduct behind-the-scenes negotiations on Ukraine', speaker: 'oleksiy-arestovych', direct: false },
      // Direct quotes. Kuleba "stated" the first; "According to him" introduces the second.
      { text: 'behind closed doors', speaker: 'dmytro-kuleba', direct: true },
      { text: 'peace formula', speaker: 'dmytro-kuleba', direct: true },
    ],
    mentions: [
      { text: 'United States', actor: 'united-states' },
      { text: 'US', actor: 'united-states' },
      { text: 'U.S.', actor: 'united-states' },
      { text: 'Ukraine', actor: 'ukraine' },
      { text: 'Russia', actor: 'russia' },
      { text: 'Russian Federation', actor: 'russia' },
      { text: 'Israel', actor: 'israel' },
      { text: 'European Union', actor: 'european-union' },
      { text: 'Contact Group on Defense of Ukraine', actor: 'contact-group-on-defense-of-ukraine' },
      { text: 'Hamas', actor: 'hamas' },
      { text: 'Kremlin', actor: 'kremlin' },
      { text: 'OP', actor: 'office-of-the-president-of-ukraine' },
      { text: 'NBC News', actor: 'nbc-news' },
      { text: 'UNIAN', actor: 'unian' },
      { text: 'US officials', actor: 'us-officials' },
      { text: 'American officials', actor: 'us-officials' },
      { text: 'Biden', actor: 'joe-biden' },
      { text: 'Vladimir Putin', actor: 'vladimir-putin' },
      { text: 'Dmitry Kuleba', actor: 'dmytro-kuleba' },
      { text: 'Alexey Arestovich', actor: 'oleksiy-arestovych' },
    ],
  },
  {
    document: '002_ee4912a3b61f8db2.txt',
    quotes: [
      // The lead is the Washington Post's report: the next sentence opens "According to a report by the Washington Post".
      {
        text: 'The United States government is engaging in private discussions with Ukraine and attempting to convince the war-torn country to change its adamant stance of not participating in peace talks with Russia until President Vladimir Putin is ousted from power',
        speaker: 'the-washington-post',
        direct: false,
      },
      // “familiar with the discussions” describes the sources: quotation marks, but not a quote.
      { text: 'the Biden administration is urging Ukraine to show openness to continue negotiation with Russia', speaker: 'sources-familiar-with-the-discussions', direct: false },
      { text: 'Ukraine fatigue is a real thing for some of our partners.', speaker: 'anonymous-us-official', direct: true },
      { text: 'the Kremlin is responsible for the escalation of the war', speaker: 'state-department-spokesperson', direct: false },
      { text: 'The Kremlin has demonstrated its unwillingness to seriously engage in negotiations since even before it launched its full-scale invasion of Ukraine,', speaker: 'state-department-spokesperson', direct: true },
      { text: 'incredibly serious mistake', speaker: 'joe-biden', direct: true },
      { text: 'Let me just say: Russia would be making an incredibly serious mistake if it uses a tactical nuclear weapon,', speaker: 'joe-biden', direct: true },
      {
        text: 'He (Putin) does not know what dignity and honesty are. Therefore, we are ready for a dialogue with Russia, but with another president of Russia.',
        speaker: 'volodymyr-zelenskyy',
        direct: true,
      },
    ],
    mentions: [
      { text: 'United States', actor: 'united-states' },
      { text: 'Ukraine', actor: 'ukraine' },
      { text: 'Russia', actor: 'russia' },
      { text: 'White House National Security Council', actor: 'white-house-national-security-council' },
      { text: 'National Security and Defense Council', actor: 'national-security-and-defense-council-of-ukraine' },
      { text: 'Kremlin', actor: 'kremlin' },
      { text: 'Washington Post', actor: 'the-washington-post' },
      { text: 'the Post', actor: 'the-washington-post' },
      { text: 'anonymous US official', actor: 'anonymous-us-official' },
      { text: 'State Department spokesperson', actor: 'state-department-spokesperson' },
      { text: 'Biden', actor: 'joe-biden' },
      { text: 'Joe Biden', actor: 'joe-biden' },
      // "US President Joe Biden" tags the name; "the US President told journalists" tags the title.
      { text: 'US President', actor: 'joe-biden', at: [1] },
      { text: 'Vladimir Putin', actor: 'vladimir-putin' },
      { text: 'Putin', actor: 'vladimir-putin' },
      { text: 'Volodymyr Zelenskyy', actor: 'volodymyr-zelenskyy' },
      { text: 'Zelenskyy', actor: 'volodymyr-zelenskyy' },
    ],
  },
];

/** UTF-16 offsets of `needle` in `text` as a whole word (no letter or digit right before or after). */
function wordOccurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  const wordChar = /[\p{L}\p{N}]/u;
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
    const before = i > 0 ? text[i - 1]! : '';
    const after = text[i + needle.length] ?? '';
    if ((before && wordChar.test(before)) || (after && wordChar.test(after))) continue;
    found.push(i);
  }
  return found;
}

/** The code-point span of the `occurrence`-th `needle` in `text`; throws when there is none. */
function locate(text: string, points: CodePointMap, needle: string, occurrence: number, where: string): { start: number; end: number } {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`${where}: occurrence ${occurrence} of ${JSON.stringify(needle)} not found`);
  }
  return { start: points.toCodePoint(at), end: points.toCodePoint(at + needle.length) };
}

interface PlannedMention {
  readonly start: number;
  readonly end: number;
  readonly actor: string;
  readonly explicit: boolean;
}

/** Resolves the mention specs of one document to spans, applying the "inside a longer name" rule. */
function planMentions(text: string, points: CodePointMap, spec: DocumentSpec): PlannedMention[] {
  const candidates: PlannedMention[] = [];
  for (const m of spec.mentions) {
    const all = wordOccurrences(text, m.text);
    if (all.length === 0) throw new Error(`${spec.document}: mention ${JSON.stringify(m.text)} not found`);
    const chosen = m.at ?? all.map((_, i) => i);
    for (const i of chosen) {
      const at = all[i];
      if (at === undefined) throw new Error(`${spec.document}: mention ${JSON.stringify(m.text)} has no occurrence ${i}`);
      candidates.push({ start: points.toCodePoint(at), end: points.toCodePoint(at + m.text.length), actor: m.actor, explicit: m.at !== undefined });
    }
  }
  const kept = candidates.filter(
    (c) => c.explicit || !candidates.some((o) => o !== c && o.start <= c.start && c.end <= o.end && o.end - o.start > c.end - c.start),
  );
  kept.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < kept.length; i++) {
    const a = kept[i - 1]!;
    const b = kept[i]!;
    if (b.start < a.end) {
      throw new Error(`${spec.document}: mentions overlap: ${JSON.stringify(points.slice(a.start, a.end))} and ${JSON.stringify(points.slice(b.start, b.end))} at ${b.start}`);
    }
  }
  return kept;
}

/** Builds the registry from ACTORS. */
function buildRegistry(): Registry {
  const registry = Registry.create();
  for (const spec of ACTORS) {
    const actor = registry.add(spec.name, spec.kind);
    if (actor.id !== spec.id) throw new Error(`actor ${spec.name} got id ${actor.id}, expected ${spec.id}`);
    for (const alias of spec.aliases ?? []) {
      if (!registry.addAlias(actor.id, alias)) throw new Error(`alias ${alias} of ${actor.id} was not added`);
    }
    if (spec.wikidata) registry.setWikidata(actor.id, spec.wikidata);
  }
  return registry;
}

/** Tags one document into a new sidecar. */
function annotateDocument(raw: string, spec: DocumentSpec, registry: Registry): Sidecar {
  const text = stripBom(raw);
  const points = new CodePointMap(text);
  const sidecar = Sidecar.create(spec.document, contentHash(text));

  for (const q of spec.quotes) {
    const where = `${spec.document}: quote ${JSON.stringify(q.text.slice(0, 40))}`;
    if (!registry.get(q.speaker)) throw new Error(`${where}: unknown speaker ${q.speaker}`);
    const selection = locate(text, points, q.text, q.occurrence ?? 0, where);
    const draft = draftQuote(text, selection);
    if (draft.direct !== q.direct) throw new Error(`${where}: draftQuote found direct=${draft.direct}, the list says ${q.direct}`);
    if (draft.span.start !== selection.start || draft.span.end !== selection.end) {
      throw new Error(`${where}: draftQuote trimmed the selection to ${draft.span.start}–${draft.span.end}`);
    }
    addQuote(sidecar, q.cue === undefined ? draft : { ...draft, cue: q.cue }, q.speaker);
  }

  for (const m of planMentions(text, points, spec)) {
    const actor = registry.get(m.actor);
    if (!actor) throw new Error(`${spec.document}: unknown actor ${m.actor}`);
    const draft = draftMention(text, m);
    if (draft.span.start !== m.start || draft.span.end !== m.end) {
      throw new Error(`${spec.document}: draftMention trimmed ${JSON.stringify(points.slice(m.start, m.end))}`);
    }
    const { aliasAdded } = addMention(sidecar, registry, draft, actor);
    // Every wording is declared in ACTORS, so the registry is the list above and nothing else.
    if (aliasAdded) throw new Error(`${spec.document}: ${JSON.stringify(draft.anchor.exact)} is not a declared name of ${actor.id}`);
  }

  const overlapping = overlappingPairs(sidecar);
  if (overlapping.length) throw new Error(`${spec.document}: overlapping annotations ${JSON.stringify(overlapping)}`);
  return sidecar;
}

/**
 * The seed sidecars and the registry, as file contents keyed by file name
 * (relative to the seeds folder). Pure: `readText` gives a seed document's
 * text by its file name.
 */
export function buildSeedAnnotations(readText: (documentName: string) => string): { files: Record<string, string> } {
  const registry = buildRegistry();
  const files: Record<string, string> = {};
  for (const spec of DOCUMENTS) {
    files[sidecarNameFor(spec.document)] = annotateDocument(readText(spec.document), spec, registry).toString();
  }
  for (const file of registry.allFiles()) files[`${REGISTRY_FOLDER}/${file.actor}.yaml`] = file.text;
  return { files };
}

function main(): void {
  const root = path.resolve(process.argv[2] ?? process.cwd());
  const seeds = path.join(root, SEEDS_DIR);
  const { files } = buildSeedAnnotations((name) => fs.readFileSync(path.join(seeds, name), 'utf8'));
  // The folder is written afresh, so that an actor no longer in the list leaves no file behind.
  fs.rmSync(path.join(seeds, REGISTRY_FOLDER), { recursive: true, force: true });
  fs.mkdirSync(path.join(seeds, REGISTRY_FOLDER));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(seeds, name), content);
    console.log(`wrote ${path.join(SEEDS_DIR, name)}`);
  }
}

if (typeof require !== 'undefined' && require.main === module) main();
