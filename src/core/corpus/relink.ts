/**
 * Re-attaching sidecars left behind by a rename done outside VS Code (`git mv`,
 * a script, a pull): an orphaned sidecar is paired with a document that has no
 * sidecar when the document's text is the one the sidecar was made on (its
 * content hash) or holds every one of its anchors. A pairing that is not
 * unique both ways is never guessed: it is listed. Pure: the shells read the
 * files and move them.
 */

import { anchorHolds, contentHash, contentHashMatches } from '../anchoring/anchor';
import { Sidecar, type SidecarData } from '../files/sidecar';
import { anchorText, lineEndOf, withLineEnd } from '../text/lineEnds';
import { basename } from '../text/paths';
import { CodePointMap } from '../text/text';

/** A sidecar whose document is missing. */
export interface OrphanSidecar {
  readonly location: string;
  readonly data: SidecarData;
}

/** A document without a sidecar, with its text as stored. */
export interface UnannotatedDocument {
  readonly location: string;
  readonly text: string;
}

/** How a document was recognised as a sidecar's: the same text, or every anchor found in place. */
export type RelinkEvidence = 'content hash' | 'anchors';

/** A sidecar and the one document it belongs to. */
export interface RelinkPair {
  readonly sidecar: string;
  readonly document: string;
  readonly evidence: RelinkEvidence;
  /** How many quotes and mentions the sidecar holds. */
  readonly annotations: number;
}

/** Sidecars that fit several documents, or documents that several sidecars fit: listed, never moved. */
export interface RelinkAmbiguity {
  readonly sidecars: readonly string[];
  readonly documents: readonly string[];
}

/** What {@link planRelink} decides. */
export interface RelinkPlan {
  readonly pairs: readonly RelinkPair[];
  readonly ambiguous: readonly RelinkAmbiguity[];
  /** Orphaned sidecars that fit no document. */
  readonly unmatched: readonly string[];
}

/** How a document fits a sidecar, or null when it does not. */
export function relinkEvidence(data: SidecarData, text: string, hash = contentHash(text)): RelinkEvidence | null {
  if (contentHashMatches(data.contentHash, text, hash)) return 'content hash';
  const anchors = [...data.quotes, ...data.mentions].map((a) => a.anchor);
  if (anchors.length === 0) return null;
  const points = new CodePointMap(anchorText(text));
  return anchors.every((a) => anchorHolds(points, a)) ? 'anchors' : null;
}

/**
 * Pairs orphaned sidecars with unannotated documents. A content-hash match
 * outranks an anchors match; a pair is made only when the sidecar fits that
 * document alone and the document fits that sidecar alone.
 */
export function planRelink(orphans: readonly OrphanSidecar[], documents: readonly UnannotatedDocument[]): RelinkPlan {
  const hashes = documents.map((d) => contentHash(d.text));
  const fits = new Map<string, { documents: string[]; evidence: RelinkEvidence }>();
  for (const orphan of orphans) {
    const found = documents.flatMap((d, i) => {
      const evidence = relinkEvidence(orphan.data, d.text, hashes[i]);
      return evidence ? [{ document: d.location, evidence }] : [];
    });
    const best = found.some((f) => f.evidence === 'content hash') ? found.filter((f) => f.evidence === 'content hash') : found;
    if (best.length) fits.set(orphan.location, { documents: best.map((f) => f.document), evidence: best[0]!.evidence });
  }
  const claimedBy = new Map<string, string[]>();
  for (const [sidecar, fit] of fits) for (const d of fit.documents) claimedBy.set(d, [...(claimedBy.get(d) ?? []), sidecar]);

  const pairs: RelinkPair[] = [];
  const tangled = new Set<string>();
  for (const orphan of orphans) {
    const fit = fits.get(orphan.location);
    if (!fit) continue;
    const [only] = fit.documents;
    if (fit.documents.length === 1 && claimedBy.get(only!)!.length === 1) {
      pairs.push({ sidecar: orphan.location, document: only!, evidence: fit.evidence, annotations: orphan.data.quotes.length + orphan.data.mentions.length });
    } else tangled.add(orphan.location);
  }
  // Each tangle (sidecars linked through the documents they fit) is listed once.
  const ambiguous: RelinkAmbiguity[] = [];
  const seen = new Set<string>();
  for (const start of orphans.map((o) => o.location).filter((l) => tangled.has(l))) {
    if (seen.has(start)) continue;
    const sidecars = new Set<string>([start]);
    const docs = new Set<string>();
    const todo = [start];
    while (todo.length) {
      for (const d of fits.get(todo.pop()!)!.documents) {
        if (docs.has(d)) continue;
        docs.add(d);
        for (const s of claimedBy.get(d)!) {
          if (sidecars.has(s)) continue;
          sidecars.add(s);
          todo.push(s);
        }
      }
    }
    for (const s of sidecars) seen.add(s);
    ambiguous.push({ sidecars: [...sidecars].sort(compare), documents: [...docs].sort(compare) });
  }
  const unmatched = orphans.map((o) => o.location).filter((l) => !fits.has(l));
  return { pairs, ambiguous, unmatched };
}

/**
 * The text of a sidecar moved next to `documentLocation`: its `document` field
 * names the document; comments, keys and line ends are kept. Null when the
 * text does not parse (such a file is never rewritten).
 */
export function relinkedSidecarText(sidecarText: string, documentLocation: string): string | null {
  const loaded = Sidecar.parse(sidecarText);
  if (!loaded.ok) return null;
  loaded.sidecar.setDocument(basename(documentLocation));
  return withLineEnd(loaded.sidecar.toString(), lineEndOf(sidecarText));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
