/**
 * Verifying the anchors of one document against its text, one by one, and
 * deciding what happens to each: the one code path of the editor (a document
 * opened or changed on disk) and of `seed-annotator reanchor`.
 *
 * A matching file-level contentHash does not stand for this check: a merge can
 * make the hash match while one anchor is off. Every anchor's exact text is
 * compared at its offsets (layer 1 of re-anchoring, cheap), and only the ones
 * that do not hold are searched for.
 */

import { recordedLength, type Anchor } from './anchor';
import { anchorFromMatch, CONFIDENCE_THRESHOLD, reanchorAll, type AnchorMatch } from './reanchor';
import { CodePointMap } from '../text/text';

/**
 * What becomes of one anchor:
 *  - exact: still at its offsets, with its context;
 *  - moved: found elsewhere (or respelled) with confidence ≥ the threshold: applied;
 *  - review: a place was found below the threshold: not applied, the user decides;
 *  - gone: nothing plausible is left: the user relocates or deletes it.
 */
export type AnchorStatus = 'exact' | 'moved' | 'review' | 'gone';

/** The outcome for one anchor. */
export interface AnchorOutcome {
  readonly status: AnchorStatus;
  readonly match: AnchorMatch;
  /**
   * The anchor to record: when exact, the recorded one with its prefix and suffix read
   * again from the text (so that context recorded on an intermediate text, such as a
   * neighbour re-anchored before the text came back, is never kept); the new one when
   * moved; undefined otherwise.
   */
  readonly anchor?: Anchor;
  /** True when the anchor to record differs from the recorded one: the caller writes it. */
  readonly changed: boolean;
}

/**
 * The anchor a match gives when it may be applied, or null: the one rule for
 * every layer and every caller (a match passes the confidence threshold).
 */
export function appliedAnchor(points: CodePointMap, match: AnchorMatch, threshold = CONFIDENCE_THRESHOLD): Anchor | null {
  return match.status !== 'orphan' && match.confidence > 0 && match.confidence >= threshold ? anchorFromMatch(points, match) : null;
}

/** Decides what becomes of an anchor from its match: every applied match passes the threshold, whatever its layer. */
export function classifyMatch(points: CodePointMap, recorded: Anchor, match: AnchorMatch, threshold = CONFIDENCE_THRESHOLD): AnchorOutcome {
  if (match.status === 'orphan' || match.confidence <= 0) return { status: 'gone', match, changed: false };
  if (match.confidence < threshold) return { status: 'review', match, changed: false };
  const anchor = anchorFromMatch(points, match);
  if (match.start === recorded.start && match.end === recorded.end && match.exact === recorded.exact) {
    const changed = anchor.prefix !== recorded.prefix || anchor.suffix !== recorded.suffix;
    return { status: 'exact', match, anchor: changed ? anchor : recorded, changed };
  }
  return { status: 'moved', match, anchor, changed: true };
}

/**
 * Verifies every anchor of a document against `text`, whatever the sidecar's
 * contentHash says, and re-anchors those that do not hold.
 */
export function verifyAnchors(text: string | CodePointMap, anchors: readonly Anchor[], contentHash?: string | null): AnchorOutcome[] {
  const points = typeof text === 'string' ? new CodePointMap(text) : text;
  const oldLength = recordedLength(contentHash);
  const matches = reanchorAll(points, anchors, oldLength === undefined ? {} : { oldLength });
  return anchors.map((anchor, i) => classifyMatch(points, anchor, matches[i]!));
}
