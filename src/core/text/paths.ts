/**
 * Locations in the core are strings with `/` separators: absolute file paths
 * in the CLI, URI strings in the extension. These helpers work for both.
 */

/** The folder part of a location, without the trailing slash. */
export function dirname(location: string): string {
  const i = location.lastIndexOf('/');
  return i <= 0 ? location.slice(0, i + 1) : location.slice(0, i);
}

/** The last segment of a location. */
export function basename(location: string): string {
  return location.slice(location.lastIndexOf('/') + 1);
}

/** Joins a folder location and a relative name. */
export function joinPath(folder: string, name: string): string {
  return folder.endsWith('/') ? `${folder}${name}` : `${folder}/${name}`;
}

/**
 * The location of `target` relative to `root`, or null when it is not inside
 * `root` (so nothing outside a corpus is ever read or written through it).
 */
export function relativeTo(root: string, target: string): string | null {
  const base = root.endsWith('/') ? root : `${root}/`;
  if (!target.startsWith(base)) return null;
  const rel = target.slice(base.length);
  if (rel.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  return rel;
}

/**
 * Resolves a relative name written in a file (such as a sidecar's `document`)
 * against the file's folder; null when it is absolute or climbs out of the folder.
 */
export function resolveInside(folder: string, name: string): string | null {
  if (name.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(name) || name.includes('\\') || /^[a-z][a-z0-9+.-]*:/i.test(name)) return null;
  const segments = name.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return null;
  return joinPath(folder, name);
}
