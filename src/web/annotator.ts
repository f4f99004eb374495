/**
 * Browser twin of src/node/annotator.ts: there is no git and no OS user in
 * the browser, so the annotator is the name in the settings, or none.
 */

import type { Provenance } from '../core/files/sidecar';

/** No git in the browser. */
export function gitUserName(_folder: string, _env?: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  return Promise.resolve(null);
}

/** No OS user in the browser. */
export function osUserName(): string | null {
  return null;
}

/** The annotator's name, known at once in the browser: the setting, or null. */
export function annotatorNameNow(setting: string | null | undefined, _folder: string | null, _env?: Readonly<Record<string, string | undefined>>): string | null | undefined {
  return setting?.trim() || null;
}

/** The annotator's name: the setting, or null. */
export function annotatorName(setting: string | null | undefined, _folder: string | null, _env?: Readonly<Record<string, string | undefined>>): Promise<string | null> {
  return Promise.resolve(setting?.trim() || null);
}

/** Now, as ISO 8601 in UTC to the second. */
export function isoNow(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Provenance for the store: a fixed annotator name and the time of each edit. */
export function provenanceOf(name: () => string | null): () => Provenance {
  return () => ({ creator: name(), created: isoNow() });
}
