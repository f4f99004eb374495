/**
 * Exporting quotes and actor mentions as W3C Web Annotations (JSON-LD,
 * https://www.w3.org/TR/annotation-model/). Each annotation targets its
 * document with a TextQuoteSelector (exact, prefix, suffix) and a
 * TextPositionSelector whose start and end count Unicode code points, which
 * is exactly how Seed Annotator counts offsets: over the anchor text, without
 * a byte-order mark and with every line end (CRLF, CR, LF) read as one LF, so
 * the selectors are the same for LF and CRLF copies of a document. Pure and deterministic: the caller reads the files, and nothing
 * time-dependent is written unless a `created` time is passed in.
 *
 * The body of a quote:
 *   - TextualBody purpose "tagging", value "quote";
 *   - TextualBody purpose "identifying", value the speaker's name (when known);
 *   - SpecificResource purpose "identifying", source the Wikidata entity (when known);
 *   - TextualBody purpose "describing" for "actor: ID", "cue: VERB" and "mode: direct|indirect".
 * The body of a mention: "mention", the actor's name, its Wikidata entity,
 * and "actor: ID" and "kind: KIND" as describing bodies.
 */

import { anchorHolds, createAnchor, type Anchor } from '../anchoring/anchor';
import { ACTOR_KINDS, type Actor, type ActorKind, type Registry } from '../files/registry';
import type { MentionRecord, QuoteRecord, Sidecar } from '../files/sidecar';
import { anchorText } from '../text/lineEnds';
import { CodePointMap } from '../text/text';
import type { AnnotationFormat, ImportedAnnotation, ImportParse, ImportSource } from './exportFormats';

/** The W3C Web Annotation format: every quote and mention, one JSON-LD array; can be imported. */
export const w3cFormat: AnnotationFormat = {
  id: 'w3c',
  label: 'W3C Web Annotation (JSON-LD)',
  detail: 'Quotes and mentions with TextQuoteSelector and TextPositionSelector; can be imported',
  target: 'file',
  extension: 'jsonld',
  export({ documents, registry }) {
    const { annotations, skipped } = buildWebAnnotations(documents, registry);
    const quotes = annotations.filter((a) => a.motivation === 'tagging').length;
    return { files: [{ path: '', text: serializeWebAnnotations(annotations) }], quotes, mentions: annotations.length - quotes, skipped };
  },
  import: readWebAnnotations,
};

/** The Web Annotation JSON-LD context. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Annotation ids are `urn:seed-annotator:<document path>#<annotation id>`. */
export const ID_PREFIX = 'urn:seed-annotator:';
/** Wikidata entity IRIs are this followed by the item id (Q6279). */
export const WIKIDATA_ENTITY = 'http://www.wikidata.org/entity/';

export interface TextualBody {
  readonly type: 'TextualBody';
  readonly purpose: 'tagging' | 'identifying' | 'describing';
  readonly value: string;
}

export interface SpecificResourceBody {
  readonly type: 'SpecificResource';
  readonly purpose: 'identifying';
  readonly source: string;
}

export type WebAnnotationBody = TextualBody | SpecificResourceBody;

export interface TextQuoteSelector {
  readonly type: 'TextQuoteSelector';
  readonly exact: string;
  readonly prefix?: string;
  readonly suffix?: string;
}

export interface TextPositionSelector {
  readonly type: 'TextPositionSelector';
  /** Code points, inclusive. */
  readonly start: number;
  /** Code points, exclusive. */
  readonly end: number;
}

export interface WebAnnotation {
  readonly '@context': typeof ANNO_CONTEXT;
  readonly id: string;
  readonly type: 'Annotation';
  readonly motivation: 'tagging' | 'identifying';
  /** Who made the annotation: the sidecar's `creator`. */
  readonly creator?: { readonly type: 'Person'; readonly name: string };
  /** When: the sidecar's `created`, else the export option. */
  readonly created?: string;
  readonly body: readonly WebAnnotationBody[];
  readonly target: {
    /** The document's path relative to the corpus root (`/` separators, IRI-escaped). */
    readonly source: string;
    readonly selector: readonly [TextQuoteSelector, TextPositionSelector];
  };
}

/** A document with its sidecar, as {@link buildWebAnnotations} takes it. */
export interface WebAnnotationDocument {
  /** Path relative to the corpus root, with `/` separators. */
  readonly path: string;
  /**
   * The document text (a BOM is ignored). When given, selectors are taken
   * from it and annotations whose anchor no longer holds are skipped; when
   * null, the anchors are exported as recorded.
   */
  readonly text: string | null;
  readonly sidecar: Sidecar;
}

export interface WebAnnotationOptions {
  /** An ISO 8601 time written as `created` of every annotation that records none of its own; none by default. */
  readonly created?: string | null;
}

/** Escapes what may not stand in an IRI path (space, `%`, `#`, `?`, controls, `<>"{}|\^\``). */
export function iriPath(path: string): string {
  return path.replace(/[\u0000-\u0020%#?<>"{}|\\^`\u007f]/g, (c) =>
    [...new TextEncoder().encode(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** The id of an annotation: `urn:seed-annotator:<document>#<id>`. */
export function annotationIri(documentPath: string, id: string): string {
  return `${ID_PREFIX}${iriPath(documentPath)}#${iriPath(id)}`;
}

/** The annotations of a corpus, ordered by document path, then start, end, quotes first, id. */
export function buildWebAnnotations(
  documents: Iterable<WebAnnotationDocument>,
  registry: Registry | null,
  options: WebAnnotationOptions = {},
): { annotations: WebAnnotation[]; skipped: string[] } {
  const annotations: WebAnnotation[] = [];
  const skipped: string[] = [];
  const sorted = [...documents].sort((a, b) => compareText(a.path, b.path));
  for (const doc of sorted) {
    const points = doc.text === null ? null : new CodePointMap(anchorText(doc.text));
    const items = [
      ...doc.sidecar.value.quotes.map((q) => ({ kind: 'quote' as const, record: q })),
      ...doc.sidecar.value.mentions.map((m) => ({ kind: 'mention' as const, record: m })),
    ].sort(
      (a, b) =>
        a.record.anchor.start - b.record.anchor.start ||
        a.record.anchor.end - b.record.anchor.end ||
        (a.kind === b.kind ? 0 : a.kind === 'quote' ? -1 : 1) ||
        compareText(a.record.id, b.record.id),
    );
    for (const item of items) {
      let anchor: Anchor = item.record.anchor;
      if (points) {
        if (!anchorHolds(points, anchor)) {
          skipped.push(`${doc.path}: ${item.record.id}: its anchor no longer matches the document (expected “${anchor.exact}” at ${anchor.start}–${anchor.end})`);
          continue;
        }
        anchor = createAnchor(points, anchor.start, anchor.end);
      }
      annotations.push(
        item.kind === 'quote'
          ? quoteAnnotation(doc.path, item.record, anchor, registry, options)
          : mentionAnnotation(doc.path, item.record, anchor, registry, options),
      );
    }
  }
  return { annotations, skipped };
}

/** One quote as a Web Annotation. */
export function quoteAnnotation(documentPath: string, quote: QuoteRecord, anchor: Anchor, registry: Registry | null, options: WebAnnotationOptions = {}): WebAnnotation {
  const body: WebAnnotationBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: 'quote' }];
  if (quote.speaker !== null) {
    body.push(...identify(quote.speaker, registry?.get(quote.speaker)));
  }
  if (quote.cue !== null) body.push(describe(`cue: ${quote.cue}`));
  body.push(describe(`mode: ${quote.direct ? 'direct' : 'indirect'}`));
  return annotation(documentPath, quote, 'tagging', body, anchor, options);
}

/** One actor mention as a Web Annotation. */
export function mentionAnnotation(documentPath: string, mention: MentionRecord, anchor: Anchor, registry: Registry | null, options: WebAnnotationOptions = {}): WebAnnotation {
  const actor = registry?.get(mention.actor);
  const body: WebAnnotationBody[] = [{ type: 'TextualBody', purpose: 'tagging', value: 'mention' }, ...identify(mention.actor, actor)];
  if (actor) body.push(describe(`kind: ${actor.kind}`));
  return annotation(documentPath, mention, 'identifying', body, anchor, options);
}

/** The JSON-LD text: an array of annotations, two-space indented, with a final line end. */
export function serializeWebAnnotations(annotations: readonly WebAnnotation[]): string {
  return `${JSON.stringify(annotations, null, 2).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}\n`;
}

function identify(actorId: string, actor: Actor | undefined): WebAnnotationBody[] {
  const bodies: WebAnnotationBody[] = [{ type: 'TextualBody', purpose: 'identifying', value: actor?.name ?? actorId }];
  if (actor?.wikidata) bodies.push({ type: 'SpecificResource', purpose: 'identifying', source: `${WIKIDATA_ENTITY}${actor.wikidata}` });
  // A retired (merged) id is exported as the survivor's.
  bodies.push(describe(`actor: ${actor?.id ?? actorId}`));
  return bodies;
}

function describe(value: string): TextualBody {
  return { type: 'TextualBody', purpose: 'describing', value };
}

function annotation(
  documentPath: string,
  record: QuoteRecord | MentionRecord,
  motivation: WebAnnotation['motivation'],
  body: WebAnnotationBody[],
  anchor: Anchor,
  options: WebAnnotationOptions,
): WebAnnotation {
  const quote: TextQuoteSelector = {
    type: 'TextQuoteSelector',
    exact: anchor.exact,
    ...(anchor.prefix ? { prefix: anchor.prefix } : {}),
    ...(anchor.suffix ? { suffix: anchor.suffix } : {}),
  };
  return {
    '@context': ANNO_CONTEXT,
    id: annotationIri(documentPath, record.id),
    type: 'Annotation',
    motivation,
    ...(record.creator ? { creator: { type: 'Person' as const, name: record.creator } } : {}),
    ...(record.created ?? options.created ? { created: (record.created ?? options.created)! } : {}),
    body,
    target: {
      source: iriPath(documentPath),
      selector: [quote, { type: 'TextPositionSelector', start: anchor.start, end: anchor.end }],
    },
  };
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- reader -----------------------------------------------------------------

/**
 * Reads Web Annotations back: the ones this export writes, and others that
 * target a document with a TextPositionSelector (code points) and a
 * TextQuoteSelector. A quote is an annotation tagged "quote"; a mention one
 * tagged "mention" (or, without a tag, one whose motivation is identifying).
 * The speaker or actor comes from the "actor: ID" describing body and the
 * identifying body's name.
 */
export function readWebAnnotations(sources: readonly ImportSource[]): ImportParse {
  const annotations: ImportedAnnotation[] = [];
  const refused: string[] = [];
  for (const source of sources) {
    let value: unknown;
    try {
      value = JSON.parse(source.text);
    } catch (error) {
      refused.push(`${source.path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
      continue;
    }
    const list = Array.isArray(value) ? value : isObject(value) && Array.isArray(value.items) ? value.items : [value];
    list.forEach((item: unknown, index: number) => {
      const at = `${source.path}: annotation ${index + 1}`;
      const read = readAnnotation(item, at);
      if (typeof read === 'string') refused.push(`${at}: ${read}`);
      else annotations.push(read);
    });
  }
  return { annotations, refused, ignored: [] };
}

function readAnnotation(item: unknown, source: string): ImportedAnnotation | string {
  if (!isObject(item)) return 'not a JSON object';
  const target = Array.isArray(item.target) ? item.target[0] : item.target;
  if (!isObject(target) || typeof target.source !== 'string') return 'no target source (the document\'s path)';
  const selectors = Array.isArray(target.selector) ? target.selector : [target.selector];
  const position = selectors.find((s: unknown) => isObject(s) && s.type === 'TextPositionSelector') as Record<string, unknown> | undefined;
  const quote = selectors.find((s: unknown) => isObject(s) && s.type === 'TextQuoteSelector') as Record<string, unknown> | undefined;
  if (!position || !Number.isInteger(position.start) || !Number.isInteger(position.end) || (position.end as number) <= (position.start as number) || (position.start as number) < 0) {
    return 'no TextPositionSelector with start < end';
  }
  if (!quote || typeof quote.exact !== 'string') return 'no TextQuoteSelector with the exact text';
  const bodies = (Array.isArray(item.body) ? item.body : item.body === undefined ? [] : [item.body]).filter(isObject);
  const textual = (purpose: string): string[] => bodies.filter((b) => b.purpose === purpose && typeof b.value === 'string').map((b) => b.value as string);
  const described = (key: string): string | null => {
    const found = textual('describing').find((v) => v.startsWith(`${key}: `));
    return found === undefined ? null : found.slice(key.length + 2);
  };
  const tags = textual('tagging');
  const kind = tags.includes('quote') ? 'quote' : tags.includes('mention') || (tags.length === 0 && item.motivation === 'identifying') ? 'mention' : null;
  if (!kind) return 'neither a quote nor a mention (no tagging body "quote" or "mention")';
  const kindText = described('kind');
  const actorKind = kindText !== null && ACTOR_KINDS.includes(kindText as ActorKind) ? (kindText as ActorKind) : null;
  const actor = described('actor');
  const actorName = textual('identifying')[0] ?? null;
  if (kind === 'mention' && actor === null && actorName === null) return 'a mention needs an identifying body (the actor\'s name) or "actor: ID"';
  const id = typeof item.id === 'string' && item.id.startsWith(ID_PREFIX) && item.id.includes('#') ? unescapeIri(item.id.slice(item.id.lastIndexOf('#') + 1)) : null;
  return {
    kind,
    document: unescapeIri(target.source),
    id: id !== null && /^[\w.-]+$/.test(id) ? id : null,
    start: position.start as number,
    end: position.end as number,
    text: quote.exact,
    actor,
    actorName,
    actorKind,
    cue: kind === 'quote' ? described('cue') : null,
    direct: kind === 'quote' && described('mode') !== 'indirect',
    source,
    ...(isObject(item.creator) && typeof item.creator.name === 'string' && item.creator.name ? { creator: item.creator.name } : typeof item.creator === 'string' && item.creator ? { creator: item.creator } : {}),
    ...(typeof item.created === 'string' && item.created ? { created: item.created } : {}),
  };
}

/** Undoes {@link iriPath}: `%XX` sequences back to characters. */
function unescapeIri(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
