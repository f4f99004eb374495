/**
 * Exporting the tagged quotes of a corpus as a table: CSV (RFC 4180) for
 * spreadsheets, JSON Lines for scripts. Pure: the caller reads the files.
 */

import type { DocumentEntry } from '../corpus/corpusIndex';
import type { ActorKind, Registry } from '../files/registry';
import type { Sidecar } from '../files/sidecar';

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

/** The export formats. */
export type ExportFormat = 'csv' | 'jsonl';

/** The columns, in order (CSV header and JSONL keys). */
export const QUOTE_COLUMNS: readonly (keyof QuoteRow)[] = [
  'date', 'document', 'id', 'speaker', 'speakerName', 'actorKind', 'cue', 'mode', 'text', 'start', 'end',
];

/** Serialises rows: CSV with a header row and CRLF line ends, or one JSON object per line. */
export function exportQuotes(rows: readonly QuoteRow[], format: ExportFormat): string {
  if (format === 'csv') {
    const lines = [QUOTE_COLUMNS.join(','), ...rows.map((row) => QUOTE_COLUMNS.map((c) => csvField(row[c])).join(','))];
    return lines.map((l) => `${l}\r\n`).join('');
  }
  return rows.map((row) => `${jsonLine(row)}\n`).join('');
}

/** One CSV field: empty for null, quoted when it holds a comma, a quote, CR or LF. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A row as one line of JSON. U+2028 and U+2029 are escaped so that no tool mistakes them for line ends. */
function jsonLine(row: QuoteRow): string {
  const ordered: Record<string, unknown> = {};
  for (const c of QUOTE_COLUMNS) ordered[c] = row[c];
  return JSON.stringify(ordered).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A document with its sidecar, as {@link buildQuoteRows} takes it. */
export interface ExportDocument {
  readonly entry: DocumentEntry;
  /** Path relative to the corpus root, with `/` separators. */
  readonly path: string;
  /** The document's sidecar, or null when it has none (or it cannot be read). */
  readonly sidecar: Sidecar | null;
}

/** The quote rows of a corpus, ordered by date (undated last), document, start, end and id. */
export function buildQuoteRows(documents: Iterable<ExportDocument>, registry: Registry | null): QuoteRow[] {
  const rows: QuoteRow[] = [];
  for (const { entry, path, sidecar } of documents) {
    if (!sidecar) continue;
    for (const quote of sidecar.value.quotes) {
      const actor = quote.speaker === null ? undefined : registry?.get(quote.speaker);
      rows.push({
        date: entry.date,
        document: path,
        id: quote.id,
        speaker: quote.speaker,
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

/** Date (undated last), document, start, end, id. */
export function compareRows(a: QuoteRow, b: QuoteRow): number {
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
