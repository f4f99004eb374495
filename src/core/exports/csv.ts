/** The CSV format (RFC 4180): one row per tagged quote, for spreadsheets. Export only. */

import type { AnnotationFormat } from './exportFormats';
import { buildQuoteRows, exportQuotes } from './quoteTable';

export const csvFormat: AnnotationFormat = {
  id: 'csv',
  label: 'CSV',
  detail: 'One row per quote, for spreadsheets',
  target: 'file',
  extension: 'csv',
  export({ documents, registry }) {
    const rows = buildQuoteRows(documents, registry);
    return { files: [{ path: '', text: exportQuotes(rows, 'csv') }], quotes: rows.length, mentions: 0, skipped: [] };
  },
};
