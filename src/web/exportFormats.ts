/**
 * The export formats in the browser: bundled with the web build, which has
 * no chunk files to load (the 400 KB budget is `dist/extension.js`'s).
 */

import type { AnnotationFormat } from '../core/exports/exportFormats';
import { FORMATS } from '../core/exports/formats';

/** Every export format, in the order the format list shows them. */
export function exportFormats(): Promise<readonly AnnotationFormat[]> {
  return Promise.resolve(FORMATS);
}
