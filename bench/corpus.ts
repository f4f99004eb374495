/**
 * Generates benchmark corpora: seed documents (~3 KB) over several years in
 * YEAR/MONTH/OUTLET folders, a few of them undated or not seeds at all,
 * sidecars in the layout the extension writes (one annotation a line) holding
 * about 100,000 quotes and mentions in all, and an actor
 * registry. Deterministic (seeded), and cached in the temp folder by version.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { contentHash, createAnchor, type Anchor } from '../src/core/anchoring/anchor';
import { Registry } from '../src/core/files/registry';
import { LIST_SEPARATOR, Sidecar, newAnnotationId, sidecarNameFor } from '../src/core/files/sidecar';
import { readSidecarLines } from '../src/core/files/sidecarLines';
import { MAX_YAML_BYTES } from '../src/core/files/yamlFile';
import { seededRandom } from '../test/helpers/random';

/** Bump when the generated corpora change: old ones are then regenerated. */
export const CORPUS_VERSION = 4;
export const BENCH_ROOT = path.join(os.tmpdir(), 'seed-annotator-bench');
export const TOTAL_ANNOTATIONS = 100_000;

export interface CorpusInfo {
  readonly root: string;
  readonly documents: number;
  readonly seeds: number;
  readonly undated: number;
  readonly notSeeds: number;
  readonly sidecars: number;
  readonly quotes: number;
  readonly mentions: number;
  readonly bytes: number;
  readonly generatedMs: number;
  readonly cached: boolean;
}

/** The generator the corpora are made with (re-exported for the bench's other steps). */
export const rng = seededRandom;

const WORDS = (
  'government minister officials talks agreement border security council forces region analysts report ' +
  'economy budget inflation prices energy gas supply pipeline sanctions exports market investors bank ' +
  'parliament vote coalition opposition election campaign candidate polls reform court ruling law ' +
  'ceasefire negotiations delegation summit alliance defence troops aid weapons drones front city village ' +
  'residents hospital school water power grid winter shelter refugees crossing checkpoint convoy ' +
  'statement spokesperson interview briefing press conference sources document plan proposal deadline ' +
  'week month year morning evening today yesterday early later several many few new old major key ' +
  'important significant possible likely difficult urgent public private national international local'
).split(' ');
const FIRST = 'Anna Marta Olena Ivan Petro John Maria Sarah David Ahmed Li Sofia Jonas Elena Pavel Nadia Tomas Irina Mark Laura'.split(' ');
const LAST = 'Kovalenko Gichko Smith Novak Schmidt Dubois Rossi Garcia Chen Petrov Ivanova Müller Silva Jensen Horvat Kowalski Brown Moreau'.split(' ');
const ORGS = 'Ministry of Finance|European Commission|Central Bank|Red Cross|World Bank|NATO|United Nations|Energy Agency|Supreme Court|City Council|Reuters|BBC|NBC News|Interfax|Al Jazeera'.split('|');
const CUES = ['said', 'told reporters', 'stated', 'added', 'warned', 'noted', 'explained', 'announced', 'stressed', 'according to'];
const OUTLETS = ['wire', 'daily', 'weekly', 'online', 'regional'];
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

interface Actor {
  readonly id: string;
  readonly name: string;
  readonly kind: 'person' | 'organisation';
}

/** The actors and the registry text, as the core writes it (ids come from the registry). */
function makeRegistry(): { actors: Actor[]; text: string } {
  const registry = Registry.create();
  const actors: Actor[] = [];
  const add = (name: string, kind: Actor['kind']): void => {
    actors.push({ id: registry.add(name, kind).id, name, kind });
  };
  for (const f of FIRST) for (const l of LAST.slice(0, 14)) add(`${f} ${l}`, 'person');
  for (const o of ORGS) add(o, 'organisation');
  // The benchmark corpus keeps the first layout, one actors.yaml, which the store still reads and edits.
  const entries = registry.actors.sort((a, b) => (a.id < b.id ? -1 : 1)).map((a) => `  ${a.id}:\n    name: ${q(a.name)}\n    kind: ${a.kind}\n`);
  return { actors, text: `version: 1\nactors:\n${entries.join('')}` };
}

const q = (s: string): string => JSON.stringify(s); // a YAML double-quoted scalar

interface Span {
  start: number;
  end: number;
}

/** One generated document: its text, quote spans (direct or not) and mention spans. */
function makeDocument(r: () => number, actors: readonly Actor[], date: string, kind: 'ok' | 'malformed' | 'nodate' | 'plain') {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const words = (n: number): string => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  let text = '';
  const quotes: Array<Span & { direct: boolean; cue: string; speaker: string }> = [];
  const mentions: Array<Span & { actor: string }> = [];
  const author = `${pick(FIRST)} ${pick(LAST)}`;
  const [y, m, d] = date.split('-');
  if (kind === 'ok') text += ` date ${date} ${author}${String(8 + Math.floor(r() * 12)).padStart(2, '0')}:${String(Math.floor(r() * 60)).padStart(2, '0')}, ${d}.${m}.${y!.slice(2)}\n\n`;
  else if (kind === 'malformed') text += ` date ${y}-${String(13 + Math.floor(r() * 6))}-${d} ${author}10:00, ${d}.${m}.${y!.slice(2)}\n\n`;
  else if (kind === 'nodate') text += ` date sometime ${author}\n\n`;
  else text += `Notes for the desk, not an article: ${words(8)}.\n\n`;
  const sentence = (): void => {
    const actor = pick(actors);
    const roll = r();
    if (roll < 0.35) {
      // “Quoted speech,” Name said.
      text += '“';
      const s = text.length;
      text += `${cap(words(8 + Math.floor(r() * 10)))}`;
      const e = text.length;
      text += ',” ';
      const ms = text.length;
      text += actor.name;
      mentions.push({ start: ms, end: text.length, actor: actor.id });
      const cue = pick(CUES.slice(0, 9));
      text += ` ${cue}. `;
      quotes.push({ start: s, end: e, direct: true, cue, speaker: actor.id });
    } else if (roll < 0.6) {
      // According to Name, paraphrase.
      text += 'According to ';
      const ms = text.length;
      text += actor.name;
      mentions.push({ start: ms, end: text.length, actor: actor.id });
      text += ', ';
      const s = text.length;
      text += words(10 + Math.floor(r() * 10));
      quotes.push({ start: s, end: text.length, direct: false, cue: 'according to', speaker: actor.id });
      text += '. ';
    } else {
      text += `${cap(words(10 + Math.floor(r() * 14)))}. `;
    }
  };
  const paragraph = (sentences: number): void => {
    for (let i = 0; i < sentences; i++) sentence();
    text = `${text.trimEnd()}\n\n`;
  };
  paragraph(2);
  const target = 2600 + Math.floor(r() * 900);
  while (text.length < target) {
    if (r() < 0.25) text += `${cap(words(3 + Math.floor(r() * 4)))}\n\n`; // a subheading
    paragraph(2 + Math.floor(r() * 3));
  }
  return { text: text.trimEnd() + '\n', quotes, mentions };
}

function sidecarText(name: string, text: string, r: () => number, doc: ReturnType<typeof makeDocument>, nQuotes: number, nMentions: number): { yaml: string; quotes: number; mentions: number } {
  const choose = <T extends Span>(list: readonly T[], n: number): T[] => {
    const copy = list.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n).sort((a, b) => a.start - b.start || a.end - b.end);
  };
  const taken = new Set<string>();
  // The layout the extension writes: one annotation a line, a flow mapping with its id first (src/core/files/sidecar.ts).
  const anchorYaml = (a: Anchor): string => `anchor: { start: ${a.start}, end: ${a.end}, exact: ${q(a.exact)}, prefix: ${q(a.prefix)}, suffix: ${q(a.suffix)} }`;
  const qs = choose(doc.quotes, nQuotes);
  const ms = choose(doc.mentions, nMentions);
  let yaml =
    `# Seed Annotator sidecar for ${name}: who said what.\n# Offsets count Unicode code points; one annotation a line, so that git merges them line by line.\n\n` +
    `version: 1\ndocument: ${name}\noffsetUnit: codepoint\nlineEnds: lf\ncontentHash: ${contentHash(text)}\nquotes:\n`;
  for (const s of qs) {
    const a = createAnchor(text, s.start, s.end);
    const id = newAnnotationId('quote', a, (x) => taken.has(x));
    taken.add(id);
    yaml += `  - { id: ${id}, speaker: ${s.speaker}, cue: ${s.cue}, direct: ${s.direct}, ${anchorYaml(a)} }\n`;
  }
  yaml += `\n${LIST_SEPARATOR.split('\n').map((l) => `#${l}`).join('\n')}\nmentions:\n`;
  for (const s of ms) {
    const a = createAnchor(text, s.start, s.end);
    const id = newAnnotationId('mention', a, (x) => taken.has(x));
    taken.add(id);
    yaml += `  - { id: ${id}, actor: ${s.actor}, ${anchorYaml(a)} }\n`;
  }
  return { yaml, quotes: qs.length, mentions: ms.length };
}

function dirtyMarker(root: string): string {
  return `${root}.dirty`;
}

/** Marks a corpus as being modified by a benchmark step; a crash then forces a rebuild. */
export function markDirty(root: string, dirty: boolean): void {
  if (dirty) fs.writeFileSync(dirtyMarker(root), String(process.pid));
  else fs.rmSync(dirtyMarker(root), { force: true });
}

/**
 * The corpus of `size` documents, generated unless a complete one of this
 * version is already in the temp folder.
 */
export function ensureCorpus(size: number, log: (line: string) => void = () => undefined): CorpusInfo {
  const root = path.join(BENCH_ROOT, `v${CORPUS_VERSION}`, `corpus-${size}`);
  const infoFile = `${root}.json`;
  if (fs.existsSync(infoFile) && !fs.existsSync(dirtyMarker(root)) && fs.existsSync(root)) {
    try {
      return { ...(JSON.parse(fs.readFileSync(infoFile, 'utf8')) as CorpusInfo), cached: true };
    } catch {
      // regenerate
    }
  }
  const started = Date.now();
  fs.rmSync(root, { recursive: true, force: true });
  fs.rmSync(infoFile, { force: true });
  markDirty(root, false);
  fs.mkdirSync(root, { recursive: true });
  const r = rng(size * 7919 + CORPUS_VERSION);
  const { actors, text: registry } = makeRegistry();
  if (!Registry.parse(registry).ok) throw new Error('generated registry does not parse');
  fs.writeFileSync(path.join(root, 'actors.yaml'), registry);

  const years = [2019, 2020, 2021, 2022, 2023, 2024];
  const sidecarShare = size <= 10_000 ? 0.6 : 0.3;
  const perSidecar = TOTAL_ANNOTATIONS / (size * sidecarShare);
  const counts = { seeds: 0, undated: 0, notSeeds: 0, sidecars: 0, quotes: 0, mentions: 0, bytes: 0 };
  const dirs = new Set<string>();
  for (let i = 0; i < size; i++) {
    const year = years[Math.floor(r() * years.length)]!;
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * MONTH_DAYS[month - 1]!);
    const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    const roll = r();
    const kind = roll < 0.01 ? 'plain' : roll < 0.02 ? 'malformed' : roll < 0.03 ? 'nodate' : 'ok';
    const dir = path.join(root, String(year), String(month).padStart(2, '0'), OUTLETS[i % OUTLETS.length]!);
    if (!dirs.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    const name = `${date}_${String(i).padStart(6, '0')}.txt`;
    const doc = makeDocument(r, actors, date, kind);
    fs.writeFileSync(path.join(dir, name), doc.text);
    counts.bytes += Buffer.byteLength(doc.text);
    if (kind === 'plain') counts.notSeeds++;
    else {
      counts.seeds++;
      if (kind !== 'ok') counts.undated++;
    }
    if (kind !== 'plain' && r() < sidecarShare) {
      // Between half and one and a half times the average, about half quotes and half mentions.
      const n = Math.max(1, Math.round(perSidecar * (0.5 + r())));
      const nq = Math.min(doc.quotes.length, Math.ceil(n / 2));
      const nm = Math.min(doc.mentions.length, n - nq);
      const car = sidecarText(name, doc.text, r, doc, nq, nm);
      if (counts.sidecars % 500 === 0) {
        const parsed = Sidecar.parseYaml(car.yaml);
        if (!parsed.ok) throw new Error(`generated sidecar does not parse: ${JSON.stringify(parsed.problems[0])}`);
        if (!readSidecarLines(car.yaml, MAX_YAML_BYTES)) throw new Error('generated sidecar is not in the layout the extension writes');
        if (parsed.sidecar.value.quotes.length !== car.quotes || parsed.sidecar.value.mentions.length !== car.mentions) throw new Error('generated sidecar lost entries');
      }
      fs.writeFileSync(path.join(dir, sidecarNameFor(name)), car.yaml);
      counts.sidecars++;
      counts.quotes += car.quotes;
      counts.mentions += car.mentions;
    }
    if ((i + 1) % 20_000 === 0) log(`  generated ${i + 1} of ${size} documents`);
  }
  const info: CorpusInfo = { root, documents: size, ...counts, generatedMs: Date.now() - started, cached: false };
  fs.writeFileSync(infoFile, JSON.stringify(info, null, 2));
  return info;
}
