/**
 * The export formats (CSV, JSON Lines, W3C Web Annotation, brat), built on
 * their own into `dist/exports.js` and loaded by `exportFormats.ts` at the
 * first export: about 18 KB that would otherwise count against
 * `extension.js`'s 400 KB budget.
 */

export { FORMATS } from '../core/exports/formats';
