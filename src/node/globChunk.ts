/**
 * The glob matcher (picomatch), built on its own into `dist/glob.js` and
 * loaded by `folderWalk.ts` at the first walk: 24 KB that would otherwise
 * count against `extension.js`'s 400 KB budget.
 */

import picomatch from 'picomatch';

export { picomatch };
