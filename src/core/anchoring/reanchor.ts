/**
 * Re-anchoring: finding a recorded span again after its document changed
 * (a typo fixed, a corrected version pasted, a `git pull`), and shifting spans
 * live while the document is edited in the editor.
 *
 * `reanchor` tries, in order:
 *  1. the exact text at the recorded offsets, with each side of its context
 *     still mostly the same (so that a copy an edit brought there does not
 *     count)                                                      → 'exact', confidence 1;
 *  2. exact occurrences of the text anywhere (String#indexOf)   → 'moved';
 *  3. approximate occurrences (Myers' bit-parallel algorithm from
 *     `approx-string-match`, up to 25% errors) near the expected position,
 *     then anywhere                                               → 'fuzzy';
 *  4. nothing plausible                                           → 'orphan', confidence 0.
 * Layers 2 and 3 are scored together, as Hypothesis does (quote 50, prefix 20,
 * suffix 20, plus a small position term): an exact occurrence elsewhere must
 * beat the lightly edited original near the expected position by a clear
 * margin, otherwise the result is ambiguous and goes below the threshold.
 *
 * The confidence is the smallest of
 *  - the content score (quote, prefix and suffix similarity, 0..1);
 *  - an ambiguity cap: 0.5 + 2.5 × the lead over the best candidate that does
 *    not overlap the chosen one (two equally good places → about 0.5);
 *  - a distance cap: a place far from where the span was expected (more than
 *    `tolerance` code units outside the expected range) is capped below the
 *    threshold, since a surviving copy of deleted text looks exactly like a
 *    moved span. Moved paragraphs therefore go to review.
 * A match with `confidence < CONFIDENCE_THRESHOLD` must not be applied
 * silently: the caller sends it to review.
 *
 * Offsets in anchors and matches count code points; the searching itself runs
 * on UTF-16 code units and converts at the end through one `CodePointMap`.
 * Pure: no vscode, no file system.
 */

import search from 'approx-string-match';
import { CONTEXT_LENGTH, type Anchor, createAnchor } from './anchor';
import { CodePointMap, codePointLength } from '../text/text';

/** Where a recorded span is now, and how sure we are. */
export interface AnchorMatch {
  readonly status: 'exact' | 'moved' | 'fuzzy' | 'orphan';
  /** Code-point offsets in the new text. */
  readonly start: number;
  readonly end: number;
  /** 0..1; below `CONFIDENCE_THRESHOLD` the match must be reviewed, not applied. */
  readonly confidence: number;
  /** The text now at start..end. */
  readonly exact: string;
}

/**
 * Matches at or above this confidence may be applied without review. Tuned by
 * test/unit/reanchor.property.test.ts: no wrong place at or above it, and
 * lightly edited quotes (≤ 10% changed) still reach it.
 */
export const CONFIDENCE_THRESHOLD = 0.8;

/** Options of `reanchor`. All offsets count code points. */
export interface ReanchorOptions {
  /**
   * Range of plausible new start offsets (e.g. the old start shifted as much as
   * the neighbouring anchors moved). Without it the range comes from `oldLength`.
   */
  readonly expected?: { readonly lo: number; readonly hi: number };
  /**
   * Length of the text the anchor was recorded in. The sidecar's contentHash
   * ends with it (in code points). Gives the overall shift.
   */
  readonly oldLength?: number;
  /** Largest share of the quote's length that may differ in a fuzzy match (default 0.25). */
  readonly maxErrorRate?: number;
  /** Threshold the distance and ambiguity caps are computed against (default CONFIDENCE_THRESHOLD). */
  readonly threshold?: number;
}

/** A replacement of `[start, end)` (code points of the text BEFORE the change) by `text`. */
export interface TextChange {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const CONTENT_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT;
/** Rank bonus for nearness; breaks ties between equally good places. */
const POSITION_BONUS = 0.04;
/** Below this content score a candidate is not plausible at all. */
const PLAUSIBLE = 0.5;
/** How far (UTF-16 units) the nearest exact occurrences are scored in full when there are very many. */
const MAX_EXACT_CANDIDATES = 256;
/** A match at the expected place this good is not second-guessed by searching the whole text. */
const WORTH_KEEPING = 0.7;
/** Below this similarity a side of the context counts as lost. */
const WEAK_CONTEXT = 0.6;
/**
 * An exact copy of the text away from the recorded offsets whose context is not
 * confirmed needs both sides at least this similar: below it, the context says
 * the place holds a different copy (a repeated sentence after other words).
 */
const MOVED_CONTEXT = 0.9;
/** Quote similarity of a lightly edited span (at most one code unit in ten changed). */
const LIGHTLY_EDITED = 0.9;
/** Code units of text and context that must agree, within a paragraph, for a copy to count as confirmed. */
const MIN_CONFIRMED = 32;
/** Code units outside the expected range still counted as "at" it. */
const NEAR = 64;
/** Quotes shorter than this are not searched approximately: 1 error in 3 letters matches anything. */
const MIN_FUZZY_LENGTH = 4;

/** Finds a recorded span in `text` again. */
export function reanchor(text: string | CodePointMap, anchor: Anchor, options: ReanchorOptions = {}): AnchorMatch {
  return reanchorKnowing(text, anchor, options);
}

/** {@link reanchor}, given the UTF-16 starts of every occurrence of the exact text when a caller already scanned for them. */
function reanchorKnowing(text: string | CodePointMap, anchor: Anchor, options: ReanchorOptions, known?: readonly number[]): AnchorMatch {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  const threshold = options.threshold ?? CONFIDENCE_THRESHOLD;

  // Layer 1: still where it was (and not a copy that another edit brought there:
  // at least some of the context must agree on each side).
  if (holdsInPlace(points, anchor, options.oldLength === undefined ? undefined : points.length - options.oldLength)) {
    return { status: 'exact', start: anchor.start, end: anchor.end, confidence: 1, exact: anchor.exact };
  }
  if (anchor.exact.length === 0) return orphan(points, anchor);

  const t = points.text;
  const q = anchor.exact;
  const { lo, hi, tolerance } = expectedRange(points, anchor, options);
  const lo16 = points.toUtf16(clampInt(lo, 0, points.length));
  const hi16 = points.toUtf16(clampInt(hi, 0, points.length));
  const distance = (s16: number): number => (s16 < lo16 ? lo16 - s16 : s16 > hi16 ? s16 - hi16 : 0);

  // Layer 2: exact occurrences anywhere. Near the expected place first: an occurrence there
  // confirmed by its context wins over every copy farther than NEAR (see choose), so the
  // rest of the text need not be read (a 1 MB scan per anchor was most of re-anchoring's cost).
  let exactStarts = known ? [...known] : occurrences(t, q, Math.max(0, lo16 - NEAR_WINDOW), Math.min(t.length, hi16 + NEAR_WINDOW + q.length));
  if (!known && !exactStarts.some((s) => distance(s) === 0 && confirmedContext(anchor, t, s, s + q.length))) exactStarts = occurrences(t, q, 0, t.length);
  if (exactStarts.length > MAX_EXACT_CANDIDATES) {
    exactStarts = exactStarts
      .slice()
      .sort((a, b) => distance(a) - distance(b))
      .slice(0, MAX_EXACT_CANDIDATES)
      .sort((a, b) => a - b);
  }
  const candidates: Candidate[] = exactStarts.map((s) => ({ start: s, end: s + q.length, quote: 1 }));

  // Layer 3: approximate occurrences, near the expected place first. Exact
  // occurrences are masked so that they do not hide a lightly edited original
  // (the search reports only the lowest error count it has seen).
  const maxErrors = Math.floor(q.length * (options.maxErrorRate ?? 0.25));
  const fuzzy = q.length >= MIN_FUZZY_LENGTH && maxErrors > 0;
  const from16 = Math.max(0, lo16 - tolerance - q.length);
  const to16 = Math.min(t.length, hi16 + tolerance + 2 * q.length);
  if (fuzzy) addFuzzy(candidates, t, q, maxErrors, from16, to16, exactStarts);

  const range = { lo16, hi16, lone: !options.expected, recorded16: points.toUtf16(clampInt(anchor.start, 0, points.length)) };
  let best = choose(candidates, t, anchor, distance, tolerance, threshold, range);
  const searchedAll = from16 === 0 && to16 === t.length;
  // (Nor when order alone told the match from another copy with its context: the span may be a lightly edited copy elsewhere.)
  if (fuzzy && !searchedAll && (!best || distance(best.start) > NEAR || (best.confidence < threshold && best.content < WORTH_KEEPING) || (best.byOrderOnly && best.confidence >= threshold))) {
    // Nothing plausible at the expected place: search the whole text, both for
    // the span and for an edited original competing with a copy found elsewhere.
    // (A plausible match at the expected place is kept: anything far away would
    // be capped below the threshold anyway, and a 1 MB search costs ~30 ms.)
    addFuzzy(candidates, t, q, maxErrors, 0, t.length, exactStarts);
    best = choose(candidates, t, anchor, distance, tolerance, threshold, range);
  }
  if (!best) return orphan(points, anchor);
  const start = points.toCodePoint(best.start);
  const end = points.toCodePoint(best.end);
  const whole = best.quote === 1 && best.end - best.start === q.length;
  return {
    status: whole ? (start === anchor.start && end === anchor.end ? 'exact' : 'moved') : 'fuzzy',
    start,
    end,
    confidence: round(best.confidence),
    exact: t.slice(points.toUtf16(start), points.toUtf16(end)),
  };
}

/** UTF-16 starts of the occurrences of `q` that lie wholly in [from, to). */
function occurrences(t: string, q: string, from: number, to: number): number[] {
  const out: number[] = [];
  if (q.length === 0) return out;
  // A window is searched in a slice of its own: indexOf on the whole text would read on to its end
  // looking for the next occurrence past the window.
  const window = from === 0 && to >= t.length ? t : t.slice(from, to);
  for (let i = window.indexOf(q); i >= 0; i = window.indexOf(q, i + 1)) out.push(from + i);
  return out;
}

/** Options of `reanchorAll`. */
export interface ReanchorAllOptions {
  /** Length in code points of the text the anchors were recorded in, when known. */
  readonly oldLength?: number;
  readonly maxErrorRate?: number;
  readonly threshold?: number;
}

/**
 * Re-anchors all the anchors of one document, sharing one CodePointMap.
 *
 * Pass 1, in order of old start: the recorded offsets (layer 1), then the old
 * offsets shifted as much as the previous anchor moved, accepted only when the
 * exact text and its whole recorded prefix and suffix are there (the common
 * case after a few edits: O(length of the anchor), no scan). Those become
 * landmarks. An anchor found neither way but unique with its whole context
 * elsewhere (one indexOf scan) becomes a tentative landmark: it gives the
 * shift for the shortcut of the anchors after it.
 * Pass 2 re-anchors the rest with `reanchor`, expecting each one between the
 * shifts of its neighbouring landmarks (far from that range → review).
 * Pass 3 redoes, in full, the shortcuts taken from a tentative landmark that
 * pass 2 did not confirm (a repeated passage).
 */
export function reanchorAll(text: string | CodePointMap, anchors: readonly Anchor[], options: ReanchorAllOptions = {}): AnchorMatch[] {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  const results: (AnchorMatch | undefined)[] = new Array(anchors.length);
  const order = anchors.map((_, i) => i).sort((a, b) => anchors[a]!.start - anchors[b]!.start || a - b);
  const globalShift = options.oldLength === undefined ? undefined : points.length - options.oldLength;
  /** Old start and shift of anchors found with their whole context, by old start. */
  const landmarks: Landmark[] = [];
  let lastShift = 0;
  /** The tentative landmark the current shift comes from, or -1 when it was confirmed at the recorded offsets. */
  let lastRoot = -1;
  /** For results of the shortcut: the tentative landmark they depend on. */
  const rootOf = new Map<number, number>();
  const tentativeStart = new Map<number, number>();
  /** Every occurrence of an anchor's exact text, when pass 1 read the whole text for it. */
  const scanned = new Map<number, number[]>();
  /** Anchors whose hold at the recorded offsets yielded to a copy as far away as the text grew: pass 2 must not keep them there. */
  const yielded = new Set<number>();
  for (const i of order) {
    const anchor = anchors[i]!;
    // Text inserted above (the text grew by as much as the previous anchor moved, or no anchor before tells otherwise).
    const grown = globalShift !== 0 && (lastShift === globalShift || landmarks.length === 0) ? globalShift : undefined;
    if (holdsInPlace(points, anchor, grown)) {
      results[i] = { status: 'exact', start: anchor.start, end: anchor.end, confidence: 1, exact: anchor.exact };
      landmarks.push({ at: anchor.start, shift: 0, index: i });
      lastShift = 0;
      lastRoot = -1;
      continue;
    }
    if (grown !== undefined) yielded.add(i);
    // Only the local shift: a global guess is likelier to land on a repeated passage by chance.
    if (lastShift !== 0 && holdsWithContext(points, anchor, anchor.start + lastShift)) {
      const shift = lastShift;
      // The text and its whole context, exactly where the previous anchor's shift puts it.
      results[i] = { status: 'moved', start: anchor.start + shift, end: anchor.end + shift, confidence: 1, exact: anchor.exact };
      landmarks.push({ at: anchor.start, shift, index: i });
      if (lastRoot >= 0) rootOf.set(i, lastRoot);
      continue;
    }
    // Unique with its whole context elsewhere: a tentative landmark for the
    // neighbours; the anchor itself is scored in pass 2 (a lightly edited
    // original may compete), and shortcuts taken from it are redone if it fails.
    // Near where the previous anchor's shift puts it first (after an edit the next anchors
    // are usually a few words away): a 1 MB scan per edit is most of the cost.
    let found = nearWithContext(points, anchor, anchor.start + lastShift);
    if (found === undefined && anchor.exact.length > 0) {
      // The whole text is read once for this anchor: pass 2 reuses the occurrences.
      const all = occurrences(points.text, anchor.exact, 0, points.text.length);
      scanned.set(i, all);
      found = uniqueWithContext(points, anchor, all);
    }
    if (found !== undefined) {
      lastShift = found - anchor.start;
      lastRoot = i;
      tentativeStart.set(i, found);
      landmarks.push({ at: anchor.start, shift: lastShift, index: i });
    }
  }
  let outlier: boolean[] = [];
  const expectedFor = (i: number): { lo: number; hi: number } => {
    const anchor = anchors[i]!;
    // Nearest other landmarks before and after (landmarks are in old-start order).
    let after = lowerBound(landmarks, anchor.start);
    let before = after - 1;
    while (after < landmarks.length && (landmarks[after]!.index === i || outlier[after])) after++;
    while (before >= 0 && (landmarks[before]!.index === i || outlier[before])) before--;
    const shiftBefore = before >= 0 ? landmarks[before]!.shift : 0;
    const shiftAfter = after < landmarks.length ? landmarks[after]!.shift : (globalShift ?? shiftBefore);
    return { lo: anchor.start + Math.min(shiftBefore, shiftAfter), hi: anchor.start + Math.max(shiftBefore, shiftAfter) };
  };
  const more = { maxErrorRate: options.maxErrorRate, threshold: options.threshold };
  const threshold = options.threshold ?? CONFIDENCE_THRESHOLD;
  // Tentative landmarks first: one that does not hold up (a repeated passage) gives no shift to
  // its neighbours, and the shortcuts taken from it are redone (a wrong shift would widen the
  // range where their neighbours are expected, up to a copy far away).
  const failed = new Set<number>();
  const optionsFor = (i: number): ReanchorOptions => ({ expected: expectedFor(i), ...more, oldLength: yielded.has(i) ? options.oldLength : undefined });
  for (const [i, found] of tentativeStart) {
    const r = reanchorKnowing(points, anchors[i]!, optionsFor(i), scanned.get(i));
    results[i] = r;
    if (r.confidence < threshold || r.start !== found) failed.add(i);
  }
  if (failed.size > 0) {
    for (const [i, root] of rootOf) if (failed.has(root)) results[i] = undefined;
    const kept = landmarks.filter((l) => !failed.has(l.index) && !failed.has(rootOf.get(l.index) ?? -1));
    landmarks.length = 0;
    landmarks.push(...kept);
  }
  outlier = outliers(landmarks);
  for (const i of order) {
    if (!results[i]) results[i] = reanchorKnowing(points, anchors[i]!, optionsFor(i), scanned.get(i));
  }
  placeInsideMoved(points, anchors, results as AnchorMatch[], order, threshold);
  resolveClaims(points, anchors, results as AnchorMatch[], threshold, globalShift);
  return results as AnchorMatch[];
}

/**
 * Two anchors recorded at different places cannot both be confidently placed on
 * the same span (a deleted headline and the body line that repeats it): the one
 * found at its own offsets, or else with the higher confidence, keeps it, and the
 * other goes below the threshold (review).
 */
function resolveClaims(points: CodePointMap, anchors: readonly Anchor[], results: AnchorMatch[], threshold: number, grown?: number): void {
  const byPlace = new Map<string, number>();
  const t = points.text;
  // At its own offsets first; then with its whole recorded context around the place (the other's is another
  // copy's); then the more confident; then the one that moved less (of two copies with the same words around
  // them, the one deleted was recorded farther away).
  const strength = (i: number): number => {
    const r = results[i]!;
    const a = anchors[i]!;
    const s16 = points.toUtf16(r.start);
    const whole = t.startsWith(a.prefix, s16 - a.prefix.length) && t.startsWith(a.suffix, points.toUtf16(r.end));
    return (r.start === a.start && r.end === a.end ? 4 : 0) + (whole ? 2 : 0) + r.confidence - Math.min(0.5, Math.abs(r.start - a.start) / (4 * points.length + 1));
  };
  results.forEach((r, i) => {
    if (r.confidence < threshold) return;
    const key = `${r.start}:${r.end}`;
    const other = byPlace.get(key);
    if (other === undefined) {
      byPlace.set(key, i);
      return;
    }
    const a = anchors[i]!;
    const b = anchors[other]!;
    if (a.start === b.start && a.end === b.end) return; // recorded on the same span: both belong there
    const loser = strength(i) > strength(other) ? other : i;
    if (loser === other) byPlace.set(key, i);
    results[loser] = { ...results[loser]!, confidence: Math.min(results[loser]!.confidence, threshold - 0.05) };
  });
  // Nor is one placed inside a span another anchor was placed on, where that anchor's recorded words hold the same
  // words, when the first was recorded elsewhere: it was taken for the other's copy of them (its own sentence deleted,
  // a repeated sentence surviving under the other), and goes to review. Anchors recorded one inside the other (a name
  // in a quote) are left alone.
  const placed = results
    .map((_, i) => i)
    .filter((i) => results[i]!.confidence >= threshold)
    .sort((a, b) => results[a]!.start - results[b]!.start || results[b]!.end - results[a]!.end);
  for (let x = 0; x < placed.length; x++) {
    const outer = placed[x]!;
    const o = results[outer]!;
    for (let y = x + 1; y < placed.length && results[placed[y]!]!.start < o.end; y++) {
      const inner = placed[y]!;
      const n = results[inner]!;
      if (n.end > o.end || (n.start === o.start && n.end === o.end)) continue;
      const a = anchors[inner]!;
      const b = anchors[outer]!;
      if (a.exact.length === 0 || (a.start >= b.start && a.end <= b.end) || !b.exact.includes(a.exact)) continue;
      if (o.confidence < threshold || n.confidence < threshold || !holdsAt(b.exact, a.exact, n.start - o.start)) continue;
      // Unless the first is at its own recorded offsets and the other moved, not as far as the text grew (when known):
      // then the other was taken for a copy around it.
      const outerGrew = grown !== undefined && grown !== 0 && o.start - b.start === grown;
      const loser = n.start === a.start && n.end === a.end && !(o.start === b.start && o.end === b.end) && !outerGrew ? outer : inner;
      results[loser] = { ...results[loser]!, confidence: Math.min(results[loser]!.confidence, threshold - 0.05) };
    }
  }
}

/**
 * An anchor left below the threshold (copies of its text with the same context, order telling them apart no better)
 * that was recorded inside another anchor's span goes where that anchor went, when the other was placed with
 * confidence and moved whole (same length), and the text there holds the first with its whole recorded context:
 * a name in a quote whose paragraph moved, a repeated sentence nearer its recorded offsets.
 */
function placeInsideMoved(points: CodePointMap, anchors: readonly Anchor[], results: AnchorMatch[], order: readonly number[], threshold: number): void {
  for (const i of order) {
    if (results[i]!.confidence >= threshold) continue;
    const a = anchors[i]!;
    for (const j of order) {
      const b = anchors[j]!;
      const o = results[j]!;
      const shift = o.start - b.start;
      if (j === i || o.confidence < threshold || a.start < b.start || a.end > b.end || (a.start === b.start && a.end === b.end)) continue;
      if (shift === 0 || o.end - b.end !== shift || !holdsWithContext(points, a, a.start + shift)) continue;
      results[i] = { status: 'moved', start: a.start + shift, end: a.end + shift, confidence: 1, exact: a.exact };
      break;
    }
  }
}

/** True when `inner` is in `outer` at `at` code points, give or take two (the outer span may have been edited). */
function holdsAt(outer: string, inner: string, at: number): boolean {
  const cps = Array.from(outer);
  const n = Array.from(inner).length;
  for (let d = -2; d <= 2; d++) if (at + d >= 0 && cps.slice(at + d, at + d + n).join('') === inner) return true;
  return false;
}

/** How much a run of landmarks' shift must differ from the runs on both sides to be an outlier. */
const OUTLIER_SHIFT = 256;

/**
 * Flags the landmarks of runs (same shift) whose shift differs by more than
 * OUTLIER_SHIFT from the runs on both sides: a passage moved, or anchors of a
 * deleted sentence re-found in its surviving copy. Such a run says nothing of
 * where its neighbours went, and would widen their expected range up to the copy.
 */
function outliers(landmarks: readonly Landmark[]): boolean[] {
  const flags: boolean[] = new Array(landmarks.length).fill(false);
  const runs: Array<{ from: number; to: number; shift: number }> = [];
  landmarks.forEach((l, k) => {
    const last = runs[runs.length - 1];
    if (last && last.shift === l.shift) last.to = k + 1;
    else runs.push({ from: k, to: k + 1, shift: l.shift });
  });
  for (let r = 1; r + 1 < runs.length; r++) {
    const run = runs[r]!;
    if (Math.abs(run.shift - runs[r - 1]!.shift) > OUTLIER_SHIFT && Math.abs(run.shift - runs[r + 1]!.shift) > OUTLIER_SHIFT) {
      for (let k = run.from; k < run.to; k++) flags[k] = true;
    }
  }
  return flags;
}

interface Landmark {
  readonly at: number;
  readonly shift: number;
  readonly index: number;
}

/** Code units around the expected place searched before the whole text. */
const NEAR_WINDOW = 8192;

/**
 * The new start (code points) of the only exact occurrence with the whole
 * recorded context within NEAR_WINDOW of `expected`. Only a tentative landmark:
 * pass 2 scores the anchor against the whole text, and pass 3 redoes what
 * depended on it when that disagrees.
 */
function nearWithContext(points: CodePointMap, anchor: Anchor, expected: number): number | undefined {
  if (anchor.exact.length === 0) return undefined;
  const t = points.text;
  const at = points.toUtf16(Math.max(0, Math.min(points.length, expected)));
  const from = Math.max(0, at - NEAR_WINDOW);
  const window = t.slice(from, Math.min(t.length, at + NEAR_WINDOW + anchor.exact.length));
  let found: number | undefined;
  for (let w = window.indexOf(anchor.exact); w >= 0; w = window.indexOf(anchor.exact, w + 1)) {
    const i = from + w;
    const start = points.toCodePoint(i);
    if (points.toUtf16(start) !== i || !holdsWithContext(points, anchor, start)) continue;
    if (found !== undefined) return undefined;
    found = start;
  }
  return found;
}

/** The new start (code points) of the only exact occurrence (of `all`, UTF-16 starts) with the whole recorded context, if there is exactly one. */
function uniqueWithContext(points: CodePointMap, anchor: Anchor, all: readonly number[]): number | undefined {
  let found: number | undefined;
  for (const i of all) {
    const start = points.toCodePoint(i);
    if (points.toUtf16(start) !== i || !holdsWithContext(points, anchor, start)) continue;
    if (found !== undefined) return undefined;
    found = start;
  }
  return found;
}

/** The anchor for a match: its offsets, with exact text, prefix and suffix read from the new text. */
export function anchorFromMatch(points: string | CodePointMap, match: AnchorMatch): Anchor {
  return createAnchor(points, match.start, match.end);
}

// ---- live shifting ----------------------------------------------------------

/**
 * Moves an anchor through one edit, without searching.
 *  - change entirely before the span (ends at or before its start, insertions
 *    at the start included) → both offsets shift by the length delta;
 *  - entirely after (starts at or after its end) → offsets unchanged;
 *  - inside (start ≥ span.start and end ≤ span.end) → the end moves by the
 *    delta and the quote follows the edit;
 *  - over one boundary → the span shrinks to its surviving part;
 *  - over the whole span, or leaving it empty → null (the annotation is lost;
 *    the caller sends it to review).
 * `exact` is spliced from the old exact text and the change; with `newText`
 * (the text after the change) exact, prefix and suffix are re-read from it.
 * Without it the prefix and suffix are kept as they were.
 */
export function shiftAnchor(anchor: Anchor, change: TextChange, newText?: CodePointMap | string): Anchor | null {
  const shifted = shiftOnly(anchor, change);
  if (!shifted) return null;
  return newText === undefined ? shifted : refresh(newText, shifted);
}

/**
 * Moves anchors through the changes of one editor event: non-overlapping
 * replacements, each in offsets of the same old text. They are applied one at
 * a time from the last (highest start) to the first, so the offsets of the
 * changes still to apply, which lie before, stay valid. Lost anchors are null,
 * at their index. With `newText` (the text after all the changes) exact,
 * prefix and suffix are re-read from it at the end.
 */
export function shiftAnchors(anchors: readonly Anchor[], changes: readonly TextChange[], newText?: CodePointMap | string): (Anchor | null)[] {
  const sorted = [...changes].sort((a, b) => b.start - a.start || b.end - a.end);
  const points = newText === undefined ? undefined : typeof newText === 'string' ? new CodePointMap(newText) : newText;
  return anchors.map((anchor) => {
    let current: Anchor | null = anchor;
    for (const change of sorted) {
      current = shiftOnly(current, change);
      if (!current) return null;
    }
    return points ? refresh(points, extendToWordEnd(points, anchor, current)) : current;
  });
}

/**
 * Letters typed right after a span that ended at the end of a word continue
 * that word ("Zelensky" typed into "Zelenskyy"): the span takes the whole word.
 */
function extendToWordEnd(points: CodePointMap, before: Anchor, after: Anchor): Anchor {
  if (!recordedEdges(before).end || !wordBefore(before.exact, before.exact.length)) return after;
  const t = points.text;
  const e16 = points.toUtf16(after.end);
  if (!midWord(t, e16)) return after;
  let end = e16;
  while (wordAfter(t, end)) end += unitsAt(t, end);
  return { ...after, end: points.toCodePoint(end) };
}

const CLOSING_MARK = /^["”»«’'›‹」』]/u;
const OPENING_MARK = /["“„«»‘'‹›「『]$/u;

function shiftOnly(anchor: Anchor, change: TextChange): Anchor | null {
  const cs = Math.min(change.start, change.end);
  const ce = Math.max(change.start, change.end);
  const inserted = codePointLength(change.text);
  const delta = inserted - (ce - cs);
  const { start, end } = anchor;
  // Typing at the inner edge of a quotation (just inside its opening or closing mark) belongs to the quote.
  if (cs === ce && inserted > 0 && start < end) {
    if (cs === end && CLOSING_MARK.test(anchor.suffix)) return { ...anchor, end: end + inserted, exact: anchor.exact + change.text };
    if (cs === start && OPENING_MARK.test(anchor.prefix)) return { ...anchor, end: end + inserted, exact: change.text + anchor.exact };
  }
  if (ce <= start && !(cs === start && ce === end && start === end)) {
    return { ...anchor, start: start + delta, end: end + delta };
  }
  if (cs >= end) return anchor;
  const exact = [...anchor.exact];
  if (cs >= start && ce <= end) {
    const newEnd = end + delta;
    if (newEnd <= start) return null;
    return { ...anchor, end: newEnd, exact: exact.slice(0, cs - start).join('') + change.text + exact.slice(ce - start).join('') };
  }
  if (cs <= start && ce >= end) return null;
  if (cs < start) {
    // Over the start: what survives is [ce, end), now after the inserted text.
    return { ...anchor, start: cs + inserted, end: end + delta, exact: exact.slice(ce - start).join('') };
  }
  // Over the end: what survives is [start, cs).
  return { ...anchor, end: cs, exact: exact.slice(0, cs - start).join('') };
}

function refresh(text: CodePointMap | string, anchor: Anchor): Anchor {
  return createAnchor(text, anchor.start, anchor.end);
}

// ---- scoring ----------------------------------------------------------------

interface Candidate {
  /** UTF-16 offsets in the new text. */
  readonly start: number;
  readonly end: number;
  /** Quote similarity, 1 for an exact occurrence. */
  readonly quote: number;
}

interface Scored extends Candidate {
  readonly content: number;
  readonly rank: number;
  readonly confidence: number;
  /** The prefix or the suffix hardly agrees. */
  readonly weakSide: boolean;
  /** Similarity of the side of the context that agrees less. */
  readonly side: number;
  /** Similarity of the side of the context that agrees more. */
  readonly strongSide: number;
  /** The exact text, with its prefix and suffix agreeing (wholly, or up to a line break). */
  readonly confirmed: boolean;
  /** Code units outside the expected range. */
  readonly distance: number;
  /** Order alone told it from another copy with its context confirmed, farther than NEAR. */
  readonly byOrderOnly?: boolean;
}

function choose(
  candidates: readonly Candidate[],
  t: string,
  anchor: Anchor,
  distance: (s16: number) => number,
  tolerance: number,
  threshold: number,
  range: { readonly lo16: number; readonly hi16: number; readonly lone: boolean; readonly recorded16: number },
): Scored | undefined {
  if (candidates.length === 0) return undefined;
  const edges = recordedEdges(anchor);
  const seen = new Set<string>();
  const scored: Scored[] = [];
  for (const raw of candidates) {
    // Whole words only: a fuzzy or respelled match is extended or shrunk to word
    // boundaries wherever the recorded span had one; a span that cannot be snapped is dropped.
    const c = snapCandidate(raw, t, anchor.exact, edges);
    if (!c) continue;
    const key = `${c.start}:${c.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const confirmed = c.quote === 1 && confirmedContext(anchor, t, c.start, c.end);
    // Context confirmed up to a paragraph's edge agrees: what lay beyond was another paragraph.
    const prefix = confirmed ? 1 : prefixSimilarity(anchor.prefix, t, c.start);
    const suffix = confirmed ? 1 : suffixSimilarity(anchor.suffix, t, c.end);
    const content = (QUOTE_WEIGHT * c.quote + PREFIX_WEIGHT * prefix + SUFFIX_WEIGHT * suffix) / CONTENT_WEIGHT;
    if (content < PLAUSIBLE) continue;
    const d = distance(c.start);
    const rank = content + POSITION_BONUS / (1 + d / tolerance);
    scored.push({ ...c, content, rank, confidence: 0, weakSide: Math.min(prefix, suffix) < WEAK_CONTEXT, side: Math.min(prefix, suffix), strongSide: Math.max(prefix, suffix), confirmed, distance: d });
  }
  if (scored.length === 0) return undefined;
  // The exact text with the whole recorded prefix and suffix around it (not only up to a paragraph's edge).
  const wholly = (c: Scored): boolean => c.confirmed && t.startsWith(anchor.prefix, c.start - anchor.prefix.length) && t.startsWith(anchor.suffix, c.end);
  // The same, a context cut by an edge of the text still cut by it; and not farther from the expected place than the
  // tolerance (an original with a twin context far away, its own paragraph moved, looks just like that).
  const whole = (c: Scored): boolean => c.confirmed && prefixConfirmed(anchor.prefix, t, c.start) === 'whole' && suffixConfirmed(anchor.suffix, t, c.end) === 'whole';
  const whollyNear = (c: Scored): boolean => c.distance <= tolerance && whole(c);
  /** Confirmed only up to a paragraph's edge, away from the expected place: less said for it than for a copy with the whole context. */
  const edgeOnly = (c: Scored): boolean => c.confirmed && c.distance > 0 && !whole(c);
  let best = scored[0]!;
  for (const s of scored) if (s.rank > best.rank) best = s;
  // Told apart by context first: such a copy, nearer, does not beat one with the whole recorded
  // context (the span shifted by edits elsewhere, a copy of its sentence starting another paragraph).
  if (edgeOnly(best)) for (const s of scored) if (whollyNear(s) && (!whollyNear(best) || s.rank > best.rank)) best = s;
  let confidence = best.content;
  let runnerUp = -Infinity;
  let byOrderOnly = false;
  // Repeated text told apart by order: a copy confirmed by its context inside the
  // range the neighbouring anchors give beats copies far outside it.
  // Not when it is confirmed only up to a paragraph's edge while another copy, as well confirmed, is within the
  // tolerance: the paragraphs moved, and the neighbours' range says little about which copy went where.
  const byOrder = best.confirmed && best.distance === 0 && (whole(best) || !scored.some((s) => s !== best && s.confirmed && s.distance <= tolerance && !mostlyOverlaps(s, best)));
  for (const s of scored) {
    if (s === best || mostlyOverlaps(s, best)) continue;
    // Told apart by context: another copy of the same text competes with a confirmed
    // one only when its context agrees too (an edited original always competes), and
    // with one that has the whole recorded context only when it has it too, or is at the expected place.
    if (best.confirmed && !s.confirmed && s.quote === 1) continue;
    if (whollyNear(best) && s.quote === 1 && edgeOnly(s)) continue;
    // Nor does a passage that is the text split into paragraphs differently (or run into one): another copy, not the span edited.
    if (best.confirmed && s.quote < 1 && splitDifferently(anchor.exact, t.slice(s.start, s.end))) continue;
    // A lightly edited copy far away, its context agreeing on both sides (up to a paragraph's edge, as the best's
    // may), still competes: the span may have moved with its paragraph and been edited there, while a copy of its
    // sentence stayed where the order puts it.
    const editedTwin = best.confirmed && s.quote < 1 && s.quote >= LIGHTLY_EDITED && s.distance > NEAR && fairSides(anchor, t, s) >= MOVED_CONTEXT;
    if (byOrder && s.distance > NEAR && !editedTwin) {
      if (s.confirmed) byOrderOnly = true;
      continue;
    }
    const rank = editedTwin ? (QUOTE_WEIGHT * s.quote + (PREFIX_WEIGHT + SUFFIX_WEIGHT) * fairSides(anchor, t, s)) / CONTENT_WEIGHT + POSITION_BONUS / (1 + s.distance / tolerance) : s.rank;
    if (rank > runnerUp) runnerUp = rank;
  }
  // Order told the copy from a place elsewhere that has the recorded context too (a repeated sentence holds it), and
  // the copy moved as none of its neighbours did: the span may be a lightly edited copy there, which the caller
  // looks for in the whole text. (A copy that moved with a neighbour is not second-guessed: no scan of the text.)
  const ownShift = best.start !== range.lo16 && best.start !== range.hi16;
  if (byOrder && !byOrderOnly && ownShift && best.quote === 1 && contextElsewhere(anchor, t, best)) byOrderOnly = true;
  if (runnerUp > -Infinity) confidence = Math.min(confidence, 0.5 + 2.5 * (best.rank - runnerUp));
  // A copy far away, while the edited original is still where it should be (one
  // side of its context intact): the copy is another one, not the span moved.
  // Or the exact text is still there, its context partly rewritten (a repeated sentence edited in one place).
  // (A copy confirmed only up to a paragraph's edge is not that original when the far one has the whole context,
  // nor is a passage split into paragraphs differently.)
  // The only copy with the whole recorded context, its text exact: 64 code units of context say it is the span, moved.
  const uniquelyWhole = whole(best) && !scored.some((s) => s !== best && s.confirmed && !mostlyOverlaps(s, best) && whole(s));
  // Another copy of the span's sentence (one side agrees whole, the other only up to the sentence's edge) is not its edited original.
  const anotherCopy = (s: Scored): boolean => s.quote === 1 && sentenceOnlyAgrees(anchor, t, s.start, s.end, true);
  const originalNear = (s: Scored): boolean =>
    s.distance <= NEAR && s.quote >= 0.75 && (s.strongSide >= 0.9 || (s.quote === 1 && s.side >= WEAK_CONTEXT)) && !(whollyNear(best) && edgeOnly(s)) && !splitDifferently(anchor.exact, t.slice(s.start, s.end)) && !(uniquelyWhole && anotherCopy(s));
  if (best.distance > NEAR && scored.some((s) => originalNear(s) && !mostlyOverlaps(s, best))) {
    confidence = Math.min(confidence, threshold - 0.05);
  }
  // The same, when the original was rewritten beyond fuzzy matching: its recorded context
  // still frames other words where the span was expected, so a copy far away (a repeated
  // sentence) is another one, however well its context agrees.
  // (For a copy with the whole recorded context, only a frame at the recorded offsets: see framedElsewhere below.)
  const framedAround = (): boolean => (wholly(best) ? framedNear(anchor, t, range.recorded16 - NEAR, range.recorded16 + NEAR, best) : framedNear(anchor, t, range.lo16 - NEAR, range.hi16 + NEAR, best));
  if (best.distance > NEAR && (framedAround() || placeNear(anchor, t, range.lo16 - NEAR, range.hi16 + NEAR, best, uniquelyWhole ? (a, b) => holdsSentenceCopy(anchor, t, a, b) : undefined))) {
    confidence = Math.min(confidence, threshold - 0.05);
  }
  // Next to a copy of itself ("Zaluzhnyi Zaluzhnyi"), one of the two deleted: which one survived cannot be told.
  if (!best.confirmed && best.quote === 1 && besideItself(anchor)) confidence = Math.min(confidence, threshold - 0.05);
  // Far away, or one side of the context lost while the quote changed or moved off
  // its expected place: a surviving copy of deleted text looks just like that.
  // An exact match confirmed by its prefix and suffix is a move, however far.
  // The only copy of the text left, away from its offsets, after other words: the
  // signature of deleted text with a surviving copy (with several copies, the context told them apart).
  // Words inserted next to the span keep the recorded context, only further away; other words around it do not.
  const soleCopy = best.quote === 1 && !scored.some((s) => s !== best && s.quote === 1);
  const otherWords = soleCopy && best.side < MOVED_CONTEXT && contextKept(anchor, t, best.start, best.end) < MOVED_CONTEXT;
  // A lightly edited span still at its expected place, one side of its context intact, is held by that side:
  // the other side may be lost to an edit next to it (a replaced paragraph, a line-end conversion, words inserted).
  const heldBySide = best.quote < 1 && best.quote >= LIGHTLY_EDITED && best.distance <= NEAR && best.strongSide >= MOVED_CONTEXT;
  // An exact copy away from where the neighbours put it, its context only partly the same: the
  // signature of a repeated sentence whose annotated copy was deleted (a moved span keeps its context).
  const offPlace = best.quote === 1 && best.distance > CONTEXT_LENGTH && best.side < 1;
  // The same sentence in other surroundings: one side of the context agrees whole, the other only up to a
  // sentence's edge. A repeated sentence whose annotated copy was deleted looks just like that; so does a
  // neighbouring sentence deleted, and which one happened cannot be told from the text: review.
  const otherSurroundings = best.quote === 1 && !best.confirmed && (sentenceOnlyAgrees(anchor, t, best.start, best.end) || sentenceOnlyAgrees(anchor, t, best.start, best.end, true, EDITED_WORDS));
  // A span that crossed a paragraph break, found approximately where that break is not (or the other way
  // round): another copy of the passage, its paragraphs split differently, not the span edited.
  const breakLost = best.quote < 1 && splitDifferently(anchor.exact, t.slice(best.start, best.end));
  // Confirmed only up to a paragraph's edge, while another copy has the whole recorded context around it:
  // that copy may as well be the span (a paragraph moved away from its twin), whatever the order says.
  const outdone = best.confirmed && !wholly(best) && scored.some((s) => s !== best && s.confirmed && !mostlyOverlaps(s, best) && wholly(s));
  // Confirmed only up to a paragraph's edge, off the expected place, while the exact text is still nearer that place,
  // its context lightly edited (a title repeated as the first line, the line then edited): the copy may be the title.
  const originalStays =
    edgeOnly(best) && scored.some((s) => s.quote === 1 && !s.confirmed && s.distance <= NEAR && s.distance < best.distance && s.content >= LIGHTLY_EDITED && s.side >= WEAK_CONTEXT && !mostlyOverlaps(s, best));
  // Exact text whose context is not confirmed, the words right next to it changed on both sides: its place was
  // rewritten, and another word may have taken it ("Stoltenberg said" → "peace Stoltenberg", the name replaced).
  const rewrittenAround = best.quote === 1 && !best.confirmed && displaced(anchor, t, best.start, best.end);
  // The recorded context frames other words (the span rewritten) at another place the order allows: the copy found
  // may as well be a twin of the span (the title repeated as the first line, the line's name then replaced).
  // (Not a copy a few words from the recorded offsets: in text that repeats itself, the context frames shifted copies.)
  // (A copy with the whole recorded context around it only for a frame at the recorded offsets: 64 code units agreeing
  // say more than a frame of a few words elsewhere in a wide range, a repeated sentence ending another paragraph.)
  const framedElsewhere =
    best.quote === 1 &&
    best.distance <= NEAR &&
    Math.abs(best.start - range.recorded16) > CONTEXT_LENGTH &&
    (wholly(best)
      ? // Nor then for a copy that moved exactly as a neighbour did: the text that slid onto the recorded offsets is framed.
        !(best.start === range.lo16 || best.start === range.hi16) && framedNear(anchor, t, range.recorded16 - NEAR, range.recorded16 + NEAR, best)
      : framedNear(anchor, t, range.lo16 - NEAR, range.hi16 + NEAR, best));
  // Alone (no neighbouring anchors to order by): a copy far away, while the exact text is still at the expected place
  // with other words around it. Moved with its context, or rewritten around and another copy elsewhere: cannot be told.
  const loneFar = range.lone && best.distance > NEAR && scored.some((s) => s.quote === 1 && !s.confirmed && s.distance <= NEAR && s.content >= LONE_NEAR && !anotherCopy(s) && !mostlyOverlaps(s, best));
  if (otherSurroundings || breakLost || outdone || originalStays || rewrittenAround || framedElsewhere || loneFar) confidence = Math.min(confidence, threshold - 0.05);
  if (!best.confirmed && (best.distance > tolerance || offPlace || (best.weakSide && !heldBySide && (best.quote < 1 || best.distance > NEAR)) || otherWords)) {
    confidence = Math.min(confidence, threshold - 0.05);
  }
  return { ...best, confidence: Math.max(0, Math.min(1, confidence)), byOrderOnly };
}

// ---- word boundaries ---------------------------------------------------------

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;

function isWordCode(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  return WORD_CHAR.test(String.fromCodePoint(cp));
}

/** UTF-16 length of the code point that ends at `i`. */
function unitsBefore(t: string, i: number): number {
  const c = t.charCodeAt(i - 1);
  return c >= 0xdc00 && c <= 0xdfff && i >= 2 ? 2 : 1;
}

/** UTF-16 length of the code point that starts at `i`. */
function unitsAt(t: string, i: number): number {
  return t.codePointAt(i)! > 0xffff ? 2 : 1;
}

/** True when the code point before UTF-16 offset `i` is a letter, digit or mark. */
function wordBefore(t: string, i: number): boolean {
  return i > 0 && isWordCode(t.codePointAt(i - unitsBefore(t, i))!);
}

/** True when the code point at UTF-16 offset `i` is a letter, digit or mark. */
function wordAfter(t: string, i: number): boolean {
  return i < t.length && isWordCode(t.codePointAt(i)!);
}

/** True when `i` is inside a word (a letter on both sides). */
function midWord(t: string, i: number): boolean {
  return wordBefore(t, i) && wordAfter(t, i);
}

/** Which ends of the recorded span were on word boundaries (the new span must be too). */
interface Edges {
  readonly start: boolean;
  readonly end: boolean;
}

function recordedEdges(anchor: Anchor): Edges {
  return {
    start: !(wordBefore(anchor.prefix, anchor.prefix.length) && wordAfter(anchor.exact, 0)),
    end: !(wordBefore(anchor.exact, anchor.exact.length) && wordAfter(anchor.suffix, 0)),
  };
}

/** True when a span of `t` has word boundaries wherever the recorded one had them. */
function onBoundaries(t: string, s16: number, e16: number, edges: Edges): boolean {
  return !(edges.start && midWord(t, s16)) && !(edges.end && midWord(t, e16));
}

/** Edit distance of the quote's first words to the text from `at`. */
function headCost(t: string, at: number, q: string): number {
  const h = Math.min(q.length, 24);
  return editDistance(q.slice(0, h), t.slice(at, at + h + 8), 'free-tail');
}

/** Edit distance of the quote's last words to the text ending at `at`. */
function tailCost(t: string, at: number, q: string): number {
  const h = Math.min(q.length, 24);
  return editDistance(reverse(q.slice(q.length - h)), reverse(t.slice(Math.max(0, at - h - 8), at)), 'free-tail');
}

/**
 * Extends or shrinks a candidate to whole words where the recorded span had
 * word boundaries: leading or trailing spaces and quotation marks the recorded
 * text did not have are left outside, and a cut word is taken whole or left out,
 * whichever agrees better with the recorded text ("Zelensky" → "Zelenskyy" gives
 * the whole new name). Null when nothing is left.
 */
function snapCandidate(c: Candidate, t: string, q: string, edges: Edges): Candidate | null {
  let s = c.start;
  let e = c.end;
  if (edges.start) {
    if (wordAfter(q, 0)) while (s < e && !wordAfter(t, s)) s += unitsAt(t, s);
    if (midWord(t, s)) {
      let extend = s;
      while (wordBefore(t, extend)) extend -= unitsBefore(t, extend);
      let shrink = s;
      while (shrink < e && wordAfter(t, shrink)) shrink += unitsAt(t, shrink);
      while (shrink < e && !wordAfter(t, shrink)) shrink += unitsAt(t, shrink);
      s = shrink >= e || headCost(t, extend, q) <= headCost(t, shrink, q) ? extend : shrink;
    }
  }
  if (edges.end) {
    if (wordBefore(q, q.length)) while (e > s && !wordBefore(t, e)) e -= unitsBefore(t, e);
    if (midWord(t, e)) {
      let extend = e;
      while (wordAfter(t, extend)) extend += unitsAt(t, extend);
      let shrink = e;
      while (shrink > s && wordBefore(t, shrink)) shrink -= unitsBefore(t, shrink);
      while (shrink > s && !wordBefore(t, shrink)) shrink -= unitsBefore(t, shrink);
      e = shrink <= s || tailCost(t, extend, q) <= tailCost(t, shrink, q) ? extend : shrink;
    }
  }
  if (s >= e) return null;
  if (s === c.start && e === c.end) return c;
  const now = t.slice(s, e);
  if (now === q) return { start: s, end: e, quote: 1 };
  const quote =
    q.length <= 400 && now.length <= 400
      ? 1 - editDistance(q, now, 'global') / Math.max(q.length, now.length)
      : c.quote - (Math.abs(s - c.start) + Math.abs(e - c.end)) / q.length;
  return { start: s, end: e, quote: Math.max(0, Math.min(quote, 1 - 1 / Math.max(q.length, now.length))) };
}

/**
 * True when the recorded prefix is before `at`: wholly, or (when it spans a line
 * break) its part after the last line break, right after a line break. What lay
 * beyond a paragraph's edge is another paragraph, and may change when the
 * paragraph moves.
 */
function prefixConfirmed(prefix: string, t: string, at: number): 'whole' | 'paragraph' | false {
  const cut = codePointLength(prefix) < CONTEXT_LENGTH;
  if (t.startsWith(prefix, at - prefix.length) && (!cut || at === prefix.length)) return 'whole';
  const nl = Math.max(prefix.lastIndexOf('\n'), prefix.lastIndexOf('\r'));
  if (nl < 0) return false;
  const tail = prefix.slice(nl + 1);
  const from = at - tail.length;
  return from > 0 && t.startsWith(tail, from) && (t[from - 1] === '\n' || t[from - 1] === '\r') ? 'paragraph' : false;
}

/**
 * True when the exact text at [s, e) has the recorded prefix and suffix (wholly,
 * or up to a line break), and what agrees is at least MIN_CONFIRMED units long:
 * a short phrase at the end of a paragraph is too common to tell a move from a copy.
 */
function confirmedContext(anchor: Anchor, t: string, s: number, e: number): boolean {
  const p = prefixConfirmed(anchor.prefix, t, s);
  if (!p) return false;
  const x = suffixConfirmed(anchor.suffix, t, e);
  if (!x) return false;
  if (p === 'whole' && x === 'whole') return true;
  const before = p === 'whole' ? anchor.prefix.length : anchor.prefix.length - 1 - Math.max(anchor.prefix.lastIndexOf('\n'), anchor.prefix.lastIndexOf('\r'));
  const after = x === 'whole' ? anchor.suffix.length : firstBreak(anchor.suffix);
  return before + (e - s) + after >= MIN_CONFIRMED;
}

/**
 * Share (0..1) of the recorded context still around [s, e) in order, gaps
 * allowed (the smaller of the two sides): words inserted next to the span keep
 * it at 1, other words around the span lower it.
 */
function contextKept(anchor: Anchor, t: string, s: number, e: number): number {
  const p = stripCr(anchor.prefix);
  const x = stripCr(anchor.suffix);
  const before = stripCr(t.slice(Math.max(0, s - 2 * p.length), s));
  const after = stripCr(t.slice(e, e + 2 * x.length));
  const share = (recorded: string, actual: string): number => (recorded.length === 0 ? 1 : commonSubsequence(recorded, actual) / recorded.length);
  return Math.min(share(reverse(p), reverse(before)), share(x, after));
}

/** True when the recorded prefix or suffix (at least MIN_CONFIRMED units of it) is found in `t` away from candidate `c`. */
function contextElsewhere(anchor: Anchor, t: string, c: Candidate): boolean {
  const elsewhere = (needle: string, own: number): boolean => {
    if (needle.length < MIN_CONFIRMED) return false;
    for (let i = t.indexOf(needle); i >= 0; i = t.indexOf(needle, i + 1)) if (i !== own) return true;
    return false;
  };
  return elsewhere(anchor.prefix, c.start - anchor.prefix.length) || elsewhere(anchor.suffix, c.end);
}

/**
 * The smaller similarity of the two sides of the recorded context around candidate `c`, each side counted up to a
 * paragraph's edge when the candidate has one where the recorded context did (as a confirmed copy's are): what lay
 * beyond the edge was another paragraph.
 */
function fairSides(anchor: Anchor, t: string, c: Candidate): number {
  const prefix = Math.max(prefixSimilarity(anchor.prefix, t, c.start), edgeSimilarity(anchor.prefix, t, c.start, 'before'));
  const suffix = Math.max(suffixSimilarity(anchor.suffix, t, c.end), edgeSimilarity(anchor.suffix, t, c.end, 'after'));
  return Math.min(prefix, suffix);
}

/** Similarity of the recorded context's part next to the span, up to its line break, to the text up to the nearest line break on that side of `at`; 0 when either has none. */
function edgeSimilarity(context: string, t: string, at: number, side: 'before' | 'after'): number {
  const isBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';
  const nl = side === 'before' ? Math.max(context.lastIndexOf('\n'), context.lastIndexOf('\r')) : firstBreak(context);
  if (nl < 0) return 0;
  const part = side === 'before' ? context.slice(nl + 1) : context.slice(0, nl);
  let k = at;
  if (side === 'before') {
    const limit = Math.max(0, at - part.length - 8);
    while (k > limit && !isBreak(t[k - 1])) k--;
    if (!isBreak(t[k - 1])) return 0;
  } else {
    const limit = Math.min(t.length, at + part.length + 8);
    while (k < limit && !isBreak(t[k])) k++;
    if (!isBreak(t[k])) return 0;
  }
  const actual = side === 'before' ? t.slice(k, at) : t.slice(at, k);
  if (part.length === 0 || actual.length === 0) return part.length === actual.length ? 1 : 0;
  return Math.max(0, 1 - editDistance(part, actual, 'global') / Math.max(part.length, actual.length));
}

/** Code units of recorded context that frame a place: the longer side of the frame, and the shorter. */
const FRAME_LONG = 16;
const FRAME_SHORT = 8;

/**
 * True when, starting in [from, to), the end of the recorded prefix is followed,
 * within about twice the quote's length, by the start of the recorded suffix
 * around text other than the candidate `not`: the span's place, with its words
 * rewritten. Each side is taken up to a line break; one must agree over
 * FRAME_LONG units, the other over FRAME_SHORT (the edit may have reached it).
 * A side cut short by a line break agrees in full when the break is there too:
 * the edge of a paragraph frames a place as well as words do.
 */
function framedNear(anchor: Anchor, t: string, from: number, to: number, not: Candidate): boolean {
  const nl = Math.max(anchor.prefix.lastIndexOf('\n'), anchor.prefix.lastIndexOf('\r'));
  const p = anchor.prefix.slice(nl + 1);
  const br = firstBreak(anchor.suffix);
  const x = br < 0 ? anchor.suffix : anchor.suffix.slice(0, br);
  const reach = Math.ceil(REWRITTEN_LENGTH * anchor.exact.length);
  const framed = (before: number, after: number): boolean => {
    const tail = p.length >= before ? p.slice(p.length - before) : nl >= 0 ? anchor.prefix.slice(nl) : undefined;
    const head = x.length >= after ? x.slice(0, after) : br >= 0 ? anchor.suffix.slice(0, br + 1) : undefined;
    if (tail === undefined || head === undefined) return false;
    const lo = Math.max(0, from - tail.length);
    const window = t.slice(lo, Math.min(t.length, to + tail.length));
    for (let w = window.indexOf(tail); w >= 0; w = window.indexOf(tail, w + 1)) {
      const s = lo + w + tail.length;
      const e = t.indexOf(head, s);
      if (e < 0 || e - s > reach || e === s) continue;
      if (s < not.end && not.start < e) continue;
      if (rewritten(anchor.exact, t.slice(s, e))) return true;
    }
    return false;
  };
  return framed(FRAME_LONG, FRAME_SHORT) || framed(FRAME_SHORT, FRAME_LONG);
}

/** Largest share of errors with which the recorded context and text, read as one, still mark the span's place. */
const PLACE_ERRORS = 1 / 3;

/**
 * True when the recorded prefix, text and suffix, read as one, are still found
 * approximately in [from, to), away from the candidate `not`: the span's place,
 * its words and the words around it rewritten (a repeated sentence edited in one
 * copy). Too many changes for a place that merely looks alike.
 */
function placeNear(anchor: Anchor, t: string, from: number, to: number, not: Candidate, excused?: (from: number, to: number) => boolean): boolean {
  const whole = anchor.prefix + anchor.exact + anchor.suffix;
  if (whole.length < 2 * CONTEXT_LENGTH) return false;
  const lo = Math.max(0, from - whole.length);
  const hi = Math.min(t.length, to + 2 * whole.length);
  if (lo >= hi) return false;
  for (const m of search(t.slice(lo, hi), whole, Math.floor(PLACE_ERRORS * whole.length))) {
    // A paragraph break where the recorded passage had none (or the other way round) is another passage
    // that starts alike (a repeated sentence ending a paragraph), not the span's words rewritten.
    if (!(lo + m.start < not.end && not.start < lo + m.end) && !splitDifferently(whole, t.slice(lo + m.start, lo + m.end)) && !excused?.(lo + m.start, lo + m.end)) return true;
  }
  return false;
}

/** True when one of two passages crosses a paragraph (line) break and the other does not. */
function splitDifferently(recorded: string, now: string): boolean {
  return firstBreak(recorded) >= 0 !== firstBreak(now) >= 0;
}

/** How much longer or shorter a rewritten span may be than the recorded one. */
const REWRITTEN_LENGTH = 3;

/** True when `now` can be the recorded text rewritten: other text, of a comparable length, in as many lines. */
function rewritten(q: string, now: string): boolean {
  if (now === q || now.length * REWRITTEN_LENGTH < q.length || now.length > REWRITTEN_LENGTH * q.length) return false;
  if (!(firstBreak(q) >= 0 || firstBreak(now) < 0)) return false;
  // A passage of several words keeps some of them when rewritten; other words between the same few words of
  // context are another passage (in a long reach, a common phrase and a common word are found by chance).
  const words = q.match(WORDS) ?? [];
  if (words.length < KEPT_WORDS_FROM) return true;
  const there = new Set(now.match(WORDS) ?? []);
  return words.filter((w) => there.has(w)).length >= KEPT_WORDS * words.length;
}

const WORDS = /[\p{L}\p{N}\p{M}]+/gu;
/** A rewritten passage of at least this many words keeps at least this share of them. */
const KEPT_WORDS_FROM = 4;
const KEPT_WORDS = 0.4;

/** True when the recorded context starts or ends with the quote itself, next to it. */
function besideItself(anchor: Anchor): boolean {
  const q = anchor.exact;
  const before = anchor.prefix.replace(/[\s\p{P}]+$/u, '');
  const after = anchor.suffix.replace(/^[\s\p{P}]+/u, '');
  if (q.length === 0) return false;
  return (before.endsWith(q) && !wordBefore(before, before.length - q.length)) || (after.startsWith(q) && !wordAfter(after, q.length));
}

/** Length of the longest common subsequence of two short strings. */
function commonSubsequence(a: string, b: string): number {
  let prev = new Uint16Array(b.length + 1);
  let cur = new Uint16Array(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) cur[j] = c === b.charCodeAt(j - 1) ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** Where a sentence ends: its closing punctuation, then white space. */
const SENTENCE_END = /[.!?…]["”»’']?\s+/gu;

/**
 * True when the exact text at [s, e) is not confirmed by its context, yet one side
 * agrees whole and the other agrees up to the nearest sentence end but not beyond it:
 * the span's own sentence, in other surroundings.
 */
function sentenceOnlyAgrees(anchor: Anchor, t: string, s: number, e: number, atEdge = false, otherShare = OTHER_WORDS): boolean {
  if (confirmedContext(anchor, t, s, e)) return false;
  const before = t.startsWith(anchor.prefix, s - anchor.prefix.length);
  const after = t.startsWith(anchor.suffix, e);
  if (before === after) return false;
  // What lay beyond the sentence's edge must be other words, not the same ones edited (a respelled name).
  const other = (recorded: string, now: string): boolean => commonSubsequence(recorded, now) < otherShare * recorded.length;
  if (before) {
    const m = [...anchor.suffix.matchAll(SENTENCE_END)][0];
    if (m === undefined || (m.index === 0 && !atEdge)) return false;
    const own = anchor.suffix.slice(0, m.index + 1);
    const beyond = anchor.suffix.slice(own.length);
    return t.startsWith(own, e) && other(beyond, t.slice(e + own.length, e + own.length + beyond.length + 2));
  }
  const ends = [...anchor.prefix.matchAll(SENTENCE_END)];
  const m = ends[ends.length - 1];
  if (m === undefined) return false;
  const own = anchor.prefix.slice(m.index + m[0].length);
  const beyond = anchor.prefix.slice(0, anchor.prefix.length - own.length);
  const at = s - own.length;
  return (own.length > 0 || atEdge) && t.startsWith(own, at) && other(beyond, t.slice(Math.max(0, at - beyond.length - 2), at));
}

/** True when [from, to) holds the exact text as another copy of the span's sentence ({@link sentenceOnlyAgrees}). */
function holdsSentenceCopy(anchor: Anchor, t: string, from: number, to: number): boolean {
  const q = anchor.exact;
  for (let i = t.indexOf(q, from); i >= 0 && i + q.length <= to; i = t.indexOf(q, i + 1)) {
    if (sentenceOnlyAgrees(anchor, t, i, i + q.length, true)) return true;
  }
  return false;
}

/** Below this share of recorded characters kept in order, the text beyond a sentence's edge is other words. */
const OTHER_WORDS = 0.6;
/**
 * Below this share, the text beyond a sentence's edge is more than a respelling or a typo: for the copy found, a
 * sentence that may be another copy of the span's, in surroundings that differ from the recorded ones.
 */
const EDITED_WORDS = 0.8;
/** Content score from which an exact occurrence at the expected place holds back a copy far away, for `reanchor` alone. */
const LONE_NEAR = 0.7;

/** Code units of context that must agree beside a neighbouring word for the recorded context to place the span there. */
const PLACED_BY_CONTEXT = 8;

/**
 * True when the recorded context agrees (hardly) right next to [s, e), but agrees beside the word next to it,
 * as if that word stood where the span was: "soldiers. ⟦Stoltenberg⟧ said" become "soldiers. peace ⟦Stoltenberg⟧",
 * the name replaced by another word and found again in the words after it.
 */
function displaced(anchor: Anchor, t: string, s: number, e: number): boolean {
  const p = anchor.prefix;
  const x = anchor.suffix;
  const agreeBefore = (at: number): number => {
    let n = 0;
    while (n < p.length && at - n - 1 >= 0 && t.charCodeAt(at - n - 1) === p.charCodeAt(p.length - n - 1)) n++;
    return n;
  };
  const agreeAfter = (at: number): number => {
    let n = 0;
    while (n < x.length && at + n < t.length && t.charCodeAt(at + n) === x.charCodeAt(n)) n++;
    return n;
  };
  if (agreeBefore(s) < 2) {
    let w = s;
    while (w > 0 && !wordBefore(t, w)) w -= unitsBefore(t, w);
    while (wordBefore(t, w)) w -= unitsBefore(t, w);
    if (w < s && agreeBefore(w) >= Math.min(PLACED_BY_CONTEXT, p.length)) return true;
  }
  if (agreeAfter(e) < 2) {
    let w = e;
    while (w < t.length && !wordAfter(t, w)) w += unitsAt(t, w);
    while (wordAfter(t, w)) w += unitsAt(t, w);
    if (w > e && agreeAfter(w) >= Math.min(PLACED_BY_CONTEXT, x.length)) return true;
  }
  return false;
}

/** Like {@link prefixConfirmed}, after the span. */
function suffixConfirmed(suffix: string, t: string, at: number): 'whole' | 'paragraph' | false {
  const cut = codePointLength(suffix) < CONTEXT_LENGTH;
  if (t.startsWith(suffix, at) && (!cut || at + suffix.length === t.length)) return 'whole';
  const nl = firstBreak(suffix);
  if (nl < 0) return false;
  const head = suffix.slice(0, nl);
  const to = at + head.length;
  return to < t.length && t.startsWith(head, at) && (t[to] === '\n' || t[to] === '\r') ? 'paragraph' : false;
}

function firstBreak(s: string): number {
  const n = s.indexOf('\n');
  const r = s.indexOf('\r');
  return n < 0 ? r : r < 0 ? n : Math.min(n, r);
}

/** True when two candidates share more than half of the shorter one: the same place, differently cut. */
function mostlyOverlaps(a: Candidate, b: Candidate): boolean {
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  return shared > 0.5 * Math.min(a.end - a.start, b.end - b.start);
}

function addFuzzy(out: Candidate[], t: string, q: string, maxErrors: number, from: number, to: number, exactStarts: readonly number[]): void {
  let window = t.slice(from, to);
  const masked = exactStarts.filter((s) => s + q.length > from && s < to);
  if (masked.length) {
    const parts: string[] = [];
    let at = 0;
    for (const s of masked) {
      const a = Math.max(0, s - from);
      if (a < at) continue;
      const b = Math.min(window.length, s + q.length - from);
      parts.push(window.slice(at, a), '\u0000'.repeat(b - a));
      at = b;
    }
    parts.push(window.slice(at));
    window = parts.join('');
  }
  for (const m of search(window, q, maxErrors)) {
    out.push({ start: m.start + from, end: m.end + from, quote: Math.max(0, 1 - m.errors / q.length) });
  }
}

/**
 * Similarity (0..1) of the recorded prefix and the text before `at`: one minus
 * the edit distance of the prefix to the text ending at `at`, per character.
 * Carriage returns are ignored, so that converting line breaks between LF and
 * CRLF does not count as a change of context. A prefix shorter than
 * CONTEXT_LENGTH was cut by the start of the text, so the candidate must be as
 * close to the start.
 */
function prefixSimilarity(prefix: string, t: string, at: number): number {
  const cut = codePointLength(prefix) < CONTEXT_LENGTH;
  if (t.startsWith(prefix, at - prefix.length) && (!cut || at === prefix.length)) return 1;
  const from = Math.max(0, at - (cut ? 2 * prefix.length + 8 : prefix.length + 8));
  const recorded = stripCr(prefix);
  const actual = stripCr(t.slice(from, at));
  if (recorded.length === 0) return actual.length === 0 ? 1 : 0.5;
  // Align the prefix with the end of the actual text; skipping actual text at its
  // beginning is free unless the prefix was cut by the start of the text.
  const errors = editDistance(reverse(recorded), reverse(actual), 'free-tail');
  const similarity = Math.max(0, 1 - errors / Math.max(recorded.length, cut ? 4 : 1));
  // The text used to start right there; now there is more before: only half agrees.
  return cut && actual.length > recorded.length + errors ? similarity / 2 : similarity;
}

function suffixSimilarity(suffix: string, t: string, at: number): number {
  const cut = codePointLength(suffix) < CONTEXT_LENGTH;
  if (t.startsWith(suffix, at) && (!cut || at + suffix.length === t.length)) return 1;
  const to = Math.min(t.length, at + (cut ? 2 * suffix.length + 8 : suffix.length + 8));
  const recorded = stripCr(suffix);
  const actual = stripCr(t.slice(at, to));
  if (recorded.length === 0) return actual.length === 0 ? 1 : 0.5;
  const errors = editDistance(recorded, actual, 'free-tail');
  const similarity = Math.max(0, 1 - errors / Math.max(recorded.length, cut ? 4 : 1));
  // The text used to end right there; now it goes on: only half agrees.
  return cut && actual.length > recorded.length + errors ? similarity / 2 : similarity;
}

function stripCr(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r/g, '');
}

/**
 * Edit distance of `pattern` to the start of `text`. With 'free-tail' the text
 * may go on after the pattern's last character at no cost (the pattern is
 * anchored at the start only); with 'global' both must be used whole.
 */
function editDistance(pattern: string, text: string, mode: 'free-tail' | 'global'): number {
  const m = pattern.length;
  const n = text.length;
  let prev = new Uint16Array(n + 1);
  let cur = new Uint16Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    const p = pattern.charCodeAt(i - 1);
    for (let j = 1; j <= n; j++) {
      const sub = prev[j - 1]! + (text.charCodeAt(j - 1) === p ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  if (mode === 'global') return prev[n]!;
  let min = prev[0]!;
  for (let j = 1; j <= n; j++) if (prev[j]! < min) min = prev[j]!;
  return min;
}

function reverse(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

// ---- positions --------------------------------------------------------------

/**
 * Where the span is expected to start now (code points) and how far outside
 * that range (UTF-16 units) a match is still "near".
 */
function expectedRange(points: CodePointMap, anchor: Anchor, options: ReanchorOptions): { lo: number; hi: number; tolerance: number } {
  if (options.expected) {
    const lo = Math.min(options.expected.lo, options.expected.hi);
    const hi = Math.max(options.expected.lo, options.expected.hi);
    return { lo, hi, tolerance: 512 + (anchor.exact.length >> 1) };
  }
  if (options.oldLength !== undefined) {
    const delta = points.length - options.oldLength;
    return {
      lo: anchor.start + Math.min(0, delta),
      hi: anchor.start + Math.max(0, delta),
      tolerance: 512 + (anchor.exact.length >> 1),
    };
  }
  return { lo: anchor.start, hi: anchor.start, tolerance: 512 + (anchor.exact.length >> 1) };
}

/**
 * True when the exact text is at the recorded offsets and each side of the context still mostly agrees.
 * `grown` is how much longer the text is (code points), when known and (for `reanchorAll`) the previous anchor
 * moved as much: a hold confirmed only up to a paragraph's edge yields to a copy with the whole recorded context
 * exactly that far away (text inserted above both; a paragraph moved keeps the length, and the hold).
 */
function holdsInPlace(points: CodePointMap, anchor: Anchor, grown?: number): boolean {
  if (anchor.start < 0 || anchor.start > anchor.end || anchor.end > points.length) return false;
  const s16 = points.toUtf16(anchor.start);
  const t = points.text;
  if (!t.startsWith(anchor.exact, s16)) return false;
  if (points.toUtf16(anchor.end) !== s16 + anchor.exact.length) return false;
  // "Zelensky" still at its offsets inside "Zelenskyy" is not the name any more.
  if (!onBoundaries(t, s16, s16 + anchor.exact.length, recordedEdges(anchor))) return false;
  // The recorded context right there, even when it is shorter than usual (a sidecar written by hand).
  if (t.startsWith(anchor.prefix, s16 - anchor.prefix.length) && t.startsWith(anchor.suffix, s16 + anchor.exact.length)) return true;
  const e16 = s16 + anchor.exact.length;
  if (prefixSimilarity(anchor.prefix, t, s16) < WEAK_CONTEXT || suffixSimilarity(anchor.suffix, t, e16) < WEAK_CONTEXT) return false;
  // Only what lay beyond a paragraph's edge changed (a paragraph moved next to it): still the span.
  // Unless the copy with the whole recorded context sits exactly as far away as the text before it moved: a paragraph
  // that starts like the span's, shifted onto its offsets (a pull quote inserted above both).
  if (prefixConfirmed(anchor.prefix, t, s16) && suffixConfirmed(anchor.suffix, t, e16)) return !grown || !holdsWithContext(points, anchor, anchor.start + grown);
  // The context only partly agrees: a copy nearby with the whole of it is the span, shifted
  // ("Zelensky. Zelensky" after an earlier name grew; a pull quote inserted before).
  return !wholeCopyNear(t, anchor, s16);
}

/** True when, within NEAR_WINDOW of `s16`, another copy of the text has the whole recorded prefix and suffix around it. */
function wholeCopyNear(t: string, anchor: Anchor, s16: number): boolean {
  const q = anchor.exact;
  const from = Math.max(0, s16 - NEAR_WINDOW);
  const window = t.slice(from, Math.min(t.length, s16 + NEAR_WINDOW + q.length));
  for (let w = window.indexOf(q); w >= 0; w = window.indexOf(q, w + 1)) {
    const i = from + w;
    if (i !== s16 && t.startsWith(anchor.prefix, i - anchor.prefix.length) && i >= anchor.prefix.length && t.startsWith(anchor.suffix, i + q.length)) return true;
  }
  return false;
}

/** True when the exact text and its whole recorded context are at `start` (code points). */
function holdsWithContext(points: CodePointMap, anchor: Anchor, start: number): boolean {
  const end = start + (anchor.end - anchor.start);
  if (start < 0 || end > points.length) return false;
  const s16 = points.toUtf16(start);
  const t = points.text;
  if (!t.startsWith(anchor.exact, s16)) return false;
  const e16 = s16 + anchor.exact.length;
  if (!t.startsWith(anchor.prefix, s16 - anchor.prefix.length) || s16 < anchor.prefix.length) return false;
  if (!t.startsWith(anchor.suffix, e16)) return false;
  // A context cut by an edge of the text must still be cut by it.
  if (codePointLength(anchor.prefix) < CONTEXT_LENGTH && s16 !== anchor.prefix.length) return false;
  if (codePointLength(anchor.suffix) < CONTEXT_LENGTH && e16 + anchor.suffix.length !== t.length) return false;
  return true;
}

function lowerBound(list: ReadonlyArray<{ at: number }>, at: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.at < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function orphan(points: CodePointMap, anchor: Anchor): AnchorMatch {
  const start = clampInt(Math.min(anchor.start, anchor.end), 0, points.length);
  const end = clampInt(Math.max(anchor.start, anchor.end), start, points.length);
  return { status: 'orphan', start, end, confidence: 0, exact: points.slice(start, end) };
}

function clampInt(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(n)));
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
