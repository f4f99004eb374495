/**
 * The language chunk (dist/nlp.js, dist/web/nlp.js): wink-nlp with its
 * English model, and the suggestion service that runs in a worker. Loaded at
 * the first suggestion, never at activation.
 */

export { winkAnalysis } from './winkAnalysis';
export { runRequest, serveSuggestions } from './suggestService';
