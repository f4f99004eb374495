/**
 * Loads the English analyser (wink-nlp and its model, dist/nlp.js) at first
 * use: it is a bundle of its own so that the extension activates without it.
 */

import * as path from 'node:path';
import type { Analyser } from '../core/tagging/language';

let loaded: Analyser | undefined;

/** The English analyser, loaded from `nlp.js` beside this bundle on the first call. */
export function englishAnalyser(): Analyser {
  if (!loaded) {
    // A path computed at run time: the bundler leaves this require alone, so the chunk stays separate.
    const file = path.join(__dirname, 'nlp.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded at first use, from a path known at run time
    loaded = (require(file) as { winkAnalysis: Analyser }).winkAnalysis;
  }
  return loaded;
}
