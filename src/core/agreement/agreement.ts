/**
 * Agreement between two annotators (A, the reference, and B) on the same
 * documents: which quotes each found, who said them, and which actor
 * mentions each tagged.
 *
 * - Quote spans: a quote of B matches a quote of A when their overlap covers
 *   at least half of A's quote (in code points), one to one, the largest
 *   overlaps first. Precision, recall and F1 with A as the reference.
 * - Speakers, on matched quotes: observed agreement, Cohen's κ, and
 *   Krippendorff's α for nominal data. "No speaker" is a label of its own.
 *   α is the nominal variant over the speaker labels of the quote units
 *   (each matched pair is a unit with two values; a quote only one of them
 *   found is a unit with one value, which α's missing-data rule leaves out).
 *   Unitizing α (α_u) was not chosen: the span question is already answered
 *   by the F1 above, in terms a newsroom reads, and nominal α stays
 *   comparable to κ and extends unchanged to more annotators.
 * - Mentions: the same span exactly, then the same actor (observed
 *   agreement and κ).
 * Pure: the caller reads both versions of the corpus.
 */

import { Sidecar, SIDECAR_SUFFIX, type SidecarData } from '../files/sidecar';
import { LineMap, stripBom } from '../text/text';
import { cohensKappa, krippendorffAlphaNominal, spanScores, type AlphaResult, type KappaResult, type SpanScores } from './reliability';

/** One document as A and B left it. */
export interface AgreementDocument {
  /** Path relative to the corpus root, `/` separators. */
  readonly path: string;
  /** The document text A annotated (BOM allowed): line numbers come from it. */
  readonly text: string;
  readonly a: SidecarData;
  readonly b: SidecarData;
}

/** How each side names an actor id, for messages ("Joe Biden (biden)"); null when unknown. */
export interface ActorNames {
  a(id: string): string | null;
  b(id: string): string | null;
}

/** One place where A and B differ. */
export interface Disagreement {
  readonly path: string;
  /** 1-based line in A's text (B's when only B annotated it). */
  readonly line: number;
  readonly kind: 'quote-only-a' | 'quote-only-b' | 'quote-span' | 'speaker' | 'mention-only-a' | 'mention-only-b' | 'mention-actor';
  /** What A has there. */
  readonly a: string;
  /** What B has there. */
  readonly b: string;
}

/** The figures for one document, or for all of them. */
export interface AgreementFigures {
  readonly quotes: SpanScores;
  readonly speakers: KappaResult & { readonly alpha: AlphaResult };
  readonly mentions: SpanScores;
  readonly actors: KappaResult;
}

/** Agreement per document and overall. */
export interface AgreementReport {
  readonly documents: ReadonlyArray<{ readonly path: string } & AgreementFigures>;
  /** Pooled over every document (counts summed, κ and α over all pairs). */
  readonly overall: AgreementFigures;
  readonly disagreements: readonly Disagreement[];
}

/** The rule, as the report states it. */
export const OVERLAP_RULE = "a quote of B matches a quote of A when their overlap covers at least half of A's quote (code points), one to one";

const NONE = '(no speaker)';

interface Span {
  readonly start: number;
  readonly end: number;
}

/** One-to-one matching of B's spans to A's: overlap ≥ half of A's span, the largest overlaps first. */
export function matchSpans<T extends Span>(a: readonly T[], b: readonly T[]): Array<[number, number]> {
  const candidates: Array<{ i: number; j: number; overlap: number }> = [];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start);
      if (overlap > 0 && overlap * 2 >= x.end - x.start) candidates.push({ i, j, overlap });
    }),
  );
  candidates.sort((p, q) => q.overlap - p.overlap || p.i - q.i || p.j - q.j);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: Array<[number, number]> = [];
  for (const c of candidates) {
    if (usedA.has(c.i) || usedB.has(c.j)) continue;
    usedA.add(c.i);
    usedB.add(c.j);
    pairs.push([c.i, c.j]);
  }
  return pairs.sort((p, q) => p[0] - q[0]);
}

/** Compares A's and B's annotations of each document. */
export function compareAnnotations(documents: readonly AgreementDocument[], names: ActorNames): AgreementReport {
  const perDocument: Array<{ path: string } & AgreementFigures> = [];
  const disagreements: Disagreement[] = [];
  const all = { quotes: [0, 0, 0, 0], mentions: [0, 0, 0, 0], speakers: [] as Array<[string, string]>, actors: [] as Array<[string, string]> };
  for (const doc of [...documents].sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0))) {
    const lines = new LineMap(stripBom(doc.text));
    const lineOf = (offset: number): number => lines.position(offset).line + 1;
    const label = (side: 'a' | 'b', id: string | null): string => {
      if (id === null) return NONE;
      const name = names[side](id);
      return name && name !== id ? `${name} (${id})` : id;
    };
    const say = (text: string): string => `“${short(text)}”`;
    const found: Disagreement[] = [];

    const qa = doc.a.quotes.map((q) => ({ ...q, start: q.anchor.start, end: q.anchor.end }));
    const qb = doc.b.quotes.map((q) => ({ ...q, start: q.anchor.start, end: q.anchor.end }));
    const quotePairs = matchSpans(qa, qb);
    const speakerPairs: Array<[string, string]> = [];
    let exactQuotes = 0;
    for (const [i, j] of quotePairs) {
      const x = qa[i]!;
      const y = qb[j]!;
      if (x.start === y.start && x.end === y.end) exactQuotes++;
      else found.push({ path: doc.path, line: lineOf(x.start), kind: 'quote-span', a: `quote ${say(x.anchor.exact)}`, b: `quote ${say(y.anchor.exact)}` });
      speakerPairs.push([x.speaker ?? NONE, y.speaker ?? NONE]);
      if ((x.speaker ?? NONE) !== (y.speaker ?? NONE)) {
        found.push({ path: doc.path, line: lineOf(x.start), kind: 'speaker', a: `speaker ${label('a', x.speaker)}`, b: `speaker ${label('b', y.speaker)} for ${say(x.anchor.exact)}` });
      }
    }
    const matchedA = new Set(quotePairs.map(([i]) => i));
    const matchedB = new Set(quotePairs.map(([, j]) => j));
    qa.forEach((x, i) => {
      if (!matchedA.has(i)) found.push({ path: doc.path, line: lineOf(x.start), kind: 'quote-only-a', a: `quote ${say(x.anchor.exact)} (speaker ${label('a', x.speaker)})`, b: 'no quote' });
    });
    qb.forEach((y, j) => {
      if (!matchedB.has(j)) found.push({ path: doc.path, line: lineOf(y.start), kind: 'quote-only-b', a: 'no quote', b: `quote ${say(y.anchor.exact)} (speaker ${label('b', y.speaker)})` });
    });

    const mb = new Map(doc.b.mentions.map((m) => [`${m.anchor.start}:${m.anchor.end}`, m]));
    const actorPairs: Array<[string, string]> = [];
    const seenB = new Set<string>();
    for (const m of doc.a.mentions) {
      const key = `${m.anchor.start}:${m.anchor.end}`;
      const other = seenB.has(key) ? undefined : mb.get(key);
      if (!other) {
        found.push({ path: doc.path, line: lineOf(m.anchor.start), kind: 'mention-only-a', a: `mention ${say(m.anchor.exact)} of ${label('a', m.actor)}`, b: 'no mention' });
        continue;
      }
      seenB.add(key);
      actorPairs.push([m.actor, other.actor]);
      if (m.actor !== other.actor) found.push({ path: doc.path, line: lineOf(m.anchor.start), kind: 'mention-actor', a: `mention of ${label('a', m.actor)}`, b: `mention of ${label('b', other.actor)} for ${say(m.anchor.exact)}` });
    }
    for (const [key, m] of mb) {
      if (!seenB.has(key)) found.push({ path: doc.path, line: lineOf(m.anchor.start), kind: 'mention-only-b', a: 'no mention', b: `mention ${say(m.anchor.exact)} of ${label('b', m.actor)}` });
    }

    const mentionMatched = actorPairs.length;
    perDocument.push({ path: doc.path, ...figures([qa.length, qb.length, quotePairs.length, exactQuotes], speakerPairs, [doc.a.mentions.length, doc.b.mentions.length, mentionMatched, mentionMatched], actorPairs) });
    add(all.quotes, [qa.length, qb.length, quotePairs.length, exactQuotes]);
    add(all.mentions, [doc.a.mentions.length, doc.b.mentions.length, mentionMatched, mentionMatched]);
    all.speakers.push(...speakerPairs);
    all.actors.push(...actorPairs);
    disagreements.push(...found.sort((x, y) => x.line - y.line));
  }
  return { documents: perDocument, overall: figures(all.quotes, all.speakers, all.mentions, all.actors), disagreements };
}

/** `path:line: A … / B …`. */
export function formatDisagreement(d: Disagreement): string {
  return `${d.path}:${d.line}: A ${d.a} / B ${d.b}`;
}

function figures(quotes: readonly number[], speakers: ReadonlyArray<[string, string]>, mentions: readonly number[], actors: ReadonlyArray<[string, string]>): AgreementFigures {
  return {
    quotes: spanScores(quotes[0]!, quotes[1]!, quotes[2]!, quotes[3]!),
    speakers: { ...cohensKappa(speakers), alpha: krippendorffAlphaNominal(speakers) },
    mentions: spanScores(mentions[0]!, mentions[1]!, mentions[2]!, mentions[3]!),
    actors: cohensKappa(actors),
  };
}

function add(total: number[], counts: readonly number[]): void {
  counts.forEach((c, i) => (total[i]! += c));
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const chars = [...flat];
  return chars.length > 50 ? `${chars.slice(0, 47).join('')}…` : flat;
}

/** One version of a corpus as text files, by path relative to the corpus root (`/` separators). */
export type CorpusSnapshot = ReadonlyMap<string, string>;

/** What two versions of a corpus give to compare, and what could not be compared. */
export interface AgreementInput {
  /** Documents both annotated, in path order. */
  readonly documents: AgreementDocument[];
  /** Documents only A (or only B) annotated: left out of the figures. */
  readonly onlyA: string[];
  readonly onlyB: string[];
  /** Sidecars that do not parse, and documents whose text differs between the versions. */
  readonly notes: string[];
  /** Actor names of each version, from its registry. */
  readonly names: ActorNames;
}

/**
 * Pairs the annotated documents of two versions of a corpus. A document
 * counts when it has a sidecar in both; offsets are compared as they stand,
 * so a document whose text differs between the versions is noted.
 * `actorNames` reads a version's registry files into an id → name lookup.
 */
export function agreementInput(a: CorpusSnapshot, b: CorpusSnapshot, actorNames: (snapshot: CorpusSnapshot) => (id: string) => string | null): AgreementInput {
  const sidecarsOf = (s: CorpusSnapshot): Map<string, string> => {
    const found = new Map<string, string>();
    for (const path of s.keys()) {
      if (!path.endsWith(SIDECAR_SUFFIX)) continue;
      const document = `${path.slice(0, -SIDECAR_SUFFIX.length)}.txt`;
      if (s.has(document)) found.set(document, path);
    }
    return found;
  };
  const inA = sidecarsOf(a);
  const inB = sidecarsOf(b);
  const documents: AgreementDocument[] = [];
  const notes: string[] = [];
  const parse = (s: CorpusSnapshot, path: string, side: string): SidecarData | null => {
    const r = Sidecar.parse(s.get(path)!);
    if (r.ok) return r.sidecar.value;
    notes.push(`${path} in ${side} cannot be read (line ${r.problems[0]?.line ?? 1}: ${r.problems[0]?.message ?? 'invalid'}): its document is left out`);
    return null;
  };
  for (const [document, sidecar] of [...inA].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    if (!inB.has(document)) continue;
    const sa = parse(a, sidecar, 'A');
    const sb = parse(b, inB.get(document)!, 'B');
    if (!sa || !sb) continue;
    const text = a.get(document)!;
    if (stripBom(text) !== stripBom(b.get(document)!)) notes.push(`${document}: the text differs between A and B; offsets are compared as they stand`);
    documents.push({ path: document, text, a: sa, b: sb });
  }
  const onlyA = [...inA.keys()].filter((d) => !inB.has(d)).sort();
  const onlyB = [...inB.keys()].filter((d) => !inA.has(d)).sort();
  return { documents, onlyA, onlyB, notes, names: { a: actorNames(a), b: actorNames(b) } };
}
