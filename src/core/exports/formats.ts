/**
 * The table of annotation formats: every format, in the order the format
 * list shows them. Add a format here. The extension loads this module at the
 * first export, as a chunk of its own (`dist/exports.js`, see
 * `src/node/exportFormatsChunk.ts`); the CLI bundles it.
 */

import type { AnnotationFormat } from './exportFormats';
import { bratFormat } from './brat';
import { csvFormat } from './csv';
import { jsonlFormat } from './jsonl';
import { w3cFormat } from './webAnnotation';

/** Every format, in the order the format list shows them. */
export const FORMATS: readonly AnnotationFormat[] = [csvFormat, jsonlFormat, w3cFormat, bratFormat];

/** The format with this id, or undefined. */
export function formatById(id: string): AnnotationFormat | undefined {
  return FORMATS.find((f) => f.id === id);
}

/** The formats that can be imported. */
export function importFormats(): AnnotationFormat[] {
  return FORMATS.filter((f) => f.import !== undefined);
}

/** "csv, jsonl, w3c or brat". */
export function formatList(formats: readonly AnnotationFormat[] = FORMATS): string {
  const ids = formats.map((f) => f.id);
  return ids.length < 2 ? ids.join('') : `${ids.slice(0, -1).join(', ')} or ${ids[ids.length - 1]}`;
}
