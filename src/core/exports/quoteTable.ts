/**
 * The tagged quotes (and, for JSON Lines, the actor mentions) of a corpus as
 * flat rows: what the CSV and JSON Lines formats write. Pure: the caller
 * reads the files.
 */

import type { ActorKind, Registry } from '../files/registry';
import type { SidecarData } from '../files/sidecar';

/** One quote, flattened. Offsets count code points. */
export interface QuoteRow {
  /** `YYYY-MM-DD`, or null when the document has no usable date. */
  readonly date: string | null;
  /** Path of the document relative to the corpus root, with `/` separators. */
  readonly document: string;
  /** The quote's id in its sidecar. */
  readonly id: string;
  /** Actor id of the speaker, or null. */
  readonly speaker: string | null;
  /** The speaker's name from the registry, or null when unknown. */
  readonly speakerName: string | null;
  /** The speaker's kind from the registry, or null when unknown. */
  readonly actorKind: ActorKind | null;
  readonly cue: string | null;
  readonly mode: 'direct' | 'indirect';
  /** The quoted words as recorded in the sidecar. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The table formats. */
export type ExportFormat = 'csv' | 'jsonl';

/** One actor mention, flattened, as JSON Lines writes it with `--with-mentions`. */
export interface MentionRow {
  readonly date: string | null;
  readonly document: string;
  readonly id: string;
  readonly actor: string;
  /** The actor's name from the registry, or null when unknown. */
  readonly actorName: string | null;
  readonly actorKind: ActorKind | null;
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** The keys of a mention row, in order (after `type`). */
export const MENTION_COLUMNS: readonly (keyof MentionRow)[] = ['date', 'document', 'id', 'actor', 'actorName', 'actorKind', 'text', 'start', 'end'];

/** The columns, in order (CSV header and JSONL keys). */
export const QUOTE_COLUMNS: readonly (keyof QuoteRow)[] = [
  'date', 'document', 'id', 'speaker', 'speakerName', 'actorKind', 'cue', 'mode', 'text', 'start', 'end',
];

/**
 * Serialises rows: CSV with a header row and CRLF line ends, or one JSON
 * object per line, each starting with `"type":"quote"` (or `"mention"`).
 */
export function exportQuotes(rows: readonly QuoteRow[], format: ExportFormat, mentions: readonly MentionRow[] = []): string {
  if (format === 'csv') {
    const lines = [QUOTE_COLUMNS.join(','), ...rows.map((row) => QUOTE_COLUMNS.map((c) => csvField(row[c])).join(','))];
    return lines.map((l) => `${l}\r\n`).join('');
  }
  const all: Array<{ type: 'quote'; row: QuoteRow } | { type: 'mention'; row: MentionRow }> = [
    ...rows.map((row) => ({ type: 'quote' as const, row })),
    ...mentions.map((row) => ({ type: 'mention' as const, row })),
  ];
  if (mentions.length) all.sort((a, b) => compareRows(a.row, b.row) || (a.type === b.type ? 0 : a.type === 'quote' ? -1 : 1));
  return all.map((r) => `${jsonLine(r.type, r.row, r.type === 'quote' ? QUOTE_COLUMNS : MENTION_COLUMNS)}\n`).join('');
}

/** One CSV field: empty for null, quoted when it holds a comma, a quote, CR or LF. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A row as one line of JSON. U+2028 and U+2029 are escaped so that no tool mistakes them for line ends. */
function jsonLine(type: string, row: object, columns: readonly string[]): string {
  const ordered: Record<string, unknown> = { type };
  for (const c of columns) ordered[c] = (row as Record<string, unknown>)[c];
  return JSON.stringify(ordered).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A document with its sidecar, as {@link buildQuoteRows} takes it. */
export interface ExportDocument {
  /** `YYYY-MM-DD`, or null. */
  readonly date: string | null;
  /** Path relative to the corpus root, with `/` separators. */
  readonly path: string;
  /** The document's sidecar, or null when it has none (or it cannot be read). */
  readonly sidecar: { readonly value: SidecarData } | null;
}

/** The quote rows of a corpus, ordered by date (undated last), document, start, end and id. */
export function buildQuoteRows(documents: Iterable<ExportDocument>, registry: Registry | null): QuoteRow[] {
  const rows: QuoteRow[] = [];
  for (const { date, path, sidecar } of documents) {
    if (!sidecar) continue;
    for (const quote of sidecar.value.quotes) {
      const actor = quote.speaker === null ? undefined : registry?.get(quote.speaker);
      rows.push({
        date,
        document: path,
        id: quote.id,
        // A retired (merged) id is exported as the survivor's.
        speaker: actor?.id ?? quote.speaker,
        speakerName: actor?.name ?? null,
        actorKind: actor?.kind ?? null,
        cue: quote.cue,
        mode: quote.direct ? 'direct' : 'indirect',
        text: quote.anchor.exact,
        start: quote.anchor.start,
        end: quote.anchor.end,
      });
    }
  }
  return rows.sort(compareRows);
}

/** The mention rows of a corpus, in the order of {@link compareRows}. */
export function buildMentionRows(documents: Iterable<ExportDocument>, registry: Registry | null): MentionRow[] {
  const rows: MentionRow[] = [];
  for (const { date, path, sidecar } of documents) {
    for (const mention of sidecar?.value.mentions ?? []) {
      const actor = registry?.get(mention.actor);
      rows.push({
        date,
        document: path,
        id: mention.id,
        actor: mention.actor,
        actorName: actor?.name ?? null,
        actorKind: actor?.kind ?? null,
        text: mention.anchor.exact,
        start: mention.anchor.start,
        end: mention.anchor.end,
      });
    }
  }
  return rows.sort(compareRows);
}

/** Date (undated last), document, start, end, id. */
export function compareRows(a: Pick<QuoteRow, 'date' | 'document' | 'start' | 'end' | 'id'>, b: Pick<QuoteRow, 'date' | 'document' | 'start' | 'end' | 'id'>): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? -1 : 1;
  }
  return compareText(a.document, b.document) || a.start - b.start || a.end - b.end || compareText(a.id, b.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
