/**
 * The export formats for the editor, from their chunk (`dist/exports.js`,
 * see `exportFormatsChunk.ts`) at the first export.
 */

import type { AnnotationFormat } from '../core/exports/exportFormats';
import { loadChunk } from './chunk';

let loaded: Promise<readonly AnnotationFormat[]> | undefined;

/** Every export format, in the order the format list shows them. */
export function exportFormats(): Promise<readonly AnnotationFormat[]> {
  loaded ??= loadChunk<{ FORMATS: readonly AnnotationFormat[] }>('exports.js').then((chunk) => {
    if (!chunk) {
      loaded = undefined;
      throw new Error('The export formats are missing: dist/exports.js is not beside the extension. Reinstall Seed Annotator (or run npm run build).');
    }
    return chunk.FORMATS;
  });
  return loaded;
}
