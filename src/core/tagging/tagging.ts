/**
 * Turning a selection into a quote or an actor mention: the pure part of the
 * Tag Quote and Tag Actor commands.
 */

import { anchorHolds, contains, createAnchor, overlaps, type Anchor } from '../anchoring/anchor';
import { parseSeed, type SeedDocument, type Span } from '../format/format';
import { ACTOR_KINDS, type Actor, type ActorKind, type Registry } from '../files/registry';
import { newAnnotationId, type MentionRecord, type QuoteRecord, type Sidecar } from '../files/sidecar';
import { DEFAULT_CUE_WORDS, guessLanguage } from './cueWords';
import { findCue, isDirectSpeech, trimQuoteSpan } from './speech';
import { CodePointMap } from '../text/text';
import { Refusal } from '../errors';

/** Why a tag cannot be made: a {@link Refusal} about the selection or the annotation. */
export class TagError extends Refusal {
  override readonly name: string = 'TagError';
}

/** The quote that Tag Quote would record, before a speaker is chosen. */
export interface QuoteDraft {
  readonly span: Span;
  readonly anchor: Anchor;
  readonly cue: string | null;
  readonly direct: boolean;
}

/**
 * The span to tag as a quote: the selection (trimmed of white space and
 * quotation marks), or with an empty selection the quotation under the cursor.
 * `text` is the document without a byte-order mark, as editors present it.
 */
export function draftQuote(
  text: string,
  selection: Span,
  options: { parsed?: SeedDocument; cueVerbs?: readonly string[]; cueWordsByLanguage?: Readonly<Record<string, readonly string[]>> } = {},
): QuoteDraft {
  const points = new CodePointMap(text);
  let span: Span;
  let direct: boolean;
  if (selection.start === selection.end) {
    const parsed = options.parsed ?? parseSeed(text);
    const quotation = parsed.quotations.find((q) => contains(q, selection.start));
    if (!quotation) throw new TagError('Select the words of the quote, or put the cursor inside quotation marks.');
    span = quotation.inner;
    direct = true;
  } else {
    direct = isDirectSpeech(points, selection);
    span = trimQuoteSpan(points, selection);
  }
  if (span.end <= span.start) throw new TagError('The selection holds no words to tag.');
  const anchor = createAnchor(points, span.start, span.end);
  const language = guessLanguage(text);
  const cue = findCue(points, span, [...(options.cueWordsByLanguage?.[language] ?? DEFAULT_CUE_WORDS[language]), ...(options.cueVerbs ?? [])]);
  return { span, anchor, cue: cue?.verb ?? null, direct };
}

/** Adds a quote to a sidecar. Refuses an exact duplicate. */
export function addQuote(sidecar: Sidecar, draft: QuoteDraft, speaker: string | null): QuoteRecord {
  const same = sidecar.value.quotes.find((q) => q.anchor.start === draft.anchor.start && q.anchor.end === draft.anchor.end);
  if (same) throw new TagError(`This quote is already tagged (${same.id}).`);
  const quote: QuoteRecord = {
    id: newAnnotationId('quote', draft.anchor, (id) => sidecar.has(id)),
    speaker,
    cue: draft.cue,
    direct: draft.direct,
    anchor: draft.anchor,
  };
  sidecar.addQuote(quote);
  return quote;
}

const ABBREVIATED = /(?:(?:^|[^\p{L}])(?:\p{L}\.){2,}|\b(?:Inc|Jr|Sr|Co|Ltd|Corp|Bros|St)\.)$/u;

/** The mention that Tag Actor would record: the selection, trimmed. */
export function draftMention(text: string, selection: Span): { span: Span; anchor: Anchor } {
  const points = new CodePointMap(text);
  let { start, end } = selection;
  const at = (i: number): string => points.slice(i, i + 1);
  while (start < end && /[\s"“”«»„,.;:!?()]/u.test(at(start))) start++;
  while (end > start && /[\s"“”«»„,.;:!?()]/u.test(at(end - 1))) {
    // "U.S." and "Inc." keep their final stop: it is part of the name.
    if (at(end - 1) === '.' && ABBREVIATED.test(points.slice(Math.max(start, end - 12), end))) break;
    end--;
  }
  if (end <= start) throw new TagError('Select the name of the actor to tag.');
  return { span: { start, end }, anchor: createAnchor(points, start, end) };
}

/**
 * Adds an actor mention to a sidecar, registering a new alias when the
 * wording differs from the actor's name and aliases.
 */
export function addMention(sidecar: Sidecar, registry: Registry, draft: { anchor: Anchor }, actor: Actor): { mention: MentionRecord; aliasAdded: boolean } {
  const same = sidecar.value.mentions.find((m) => m.anchor.start === draft.anchor.start && m.anchor.end === draft.anchor.end);
  if (same) throw new TagError(`These words are already tagged as a mention (${same.id}).`);
  const mention: MentionRecord = {
    id: newAnnotationId('mention', draft.anchor, (id) => sidecar.has(id)),
    actor: actor.id,
    anchor: draft.anchor,
  };
  sidecar.addMention(mention);
  const aliasAdded = registry.addAlias(actor.id, draft.anchor.exact);
  return { mention, aliasAdded };
}

/**
 * The annotations whose anchors cover `offset`, innermost first: what Edit
 * Annotation at Cursor and Remove Annotation at Cursor choose from (given the
 * anchors as they stand after live edits).
 */
export function annotationsAt<A extends { readonly anchor: Anchor }>(annotations: readonly A[], offset: number): A[] {
  return annotations
    .filter((a) => contains(a.anchor, offset))
    .sort((a, b) => a.anchor.end - a.anchor.start - (b.anchor.end - b.anchor.start));
}

/** Pairs of annotations of the same kind that overlap or repeat each other. */
export function overlappingPairs(sidecar: Sidecar): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const list of [sidecar.value.quotes, sidecar.value.mentions]) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length && list[j]!.anchor.start < list[i]!.anchor.end; j++) {
        if (overlaps(list[i]!.anchor, list[j]!.anchor)) pairs.push([list[i]!.id, list[j]!.id]);
      }
    }
  }
  return pairs;
}

/** True when every anchor of the sidecar still holds in `text`. */
export function allAnchorsHold(sidecar: Sidecar, text: string): boolean {
  const points = new CodePointMap(text);
  return sidecar.annotations.every((a) => anchorHolds(points, a.anchor));
}

/** Parses a kind typed by a user; null when it is not one. */
export function parseActorKind(value: string): ActorKind | null {
  const v = value.trim().toLowerCase().replace('organization', 'organisation');
  return (ACTOR_KINDS as readonly string[]).includes(v) ? (v as ActorKind) : null;
}
