/**
 * The CLI's caches of one corpus folder: its index (the extension's index
 * cache format, src/core/corpus/indexCache.ts) and what `check` found
 * (src/core/corpus/checkCache.ts). They live in the user's cache folder,
 * never in the corpus: `$SEED_ANNOTATOR_CACHE_DIR`, else the platform's
 * (env-paths: `~/.cache/seed-annotator` on Linux). A cache is only ever a
 * shortcut: a missing, corrupt or foreign one is ignored, one that cannot be
 * written is skipped, and every record is checked against the file's mtime
 * and size before it is used.
 */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import envPaths from 'env-paths';
import { parseCheckCache, serializeCheckCache, type CheckCache, type CheckRecord, type RegistryRecord } from '../core/corpus/checkCache';
import { corpusRootLocation } from './diskCorpus';
import { parseIndexCache, serializeIndexCacheText, type CacheRecord } from '../core/corpus/indexCache';

/** How many corpus folders keep a cache; the least recently used beyond this are removed. */
export const KEPT_FOLDERS = 32;

/** The folder the CLI's caches are kept in. */
export function cliCacheFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env['SEED_ANNOTATOR_CACHE_DIR'] || envPaths('seed-annotator', { suffix: '' }).cache;
}

/**
 * The build that writes the caches: the version and the running script's
 * own mtime and size, so a rebuilt CLI (whose checks may differ) never
 * trusts what another build found.
 */
function buildSalt(): string {
  let script = '';
  try {
    const s = fs.statSync(__filename);
    script = `${s.mtimeMs}:${s.size}`;
  } catch {
    script = 'unknown';
  }
  return `cli:${script}`;
}

/** The caches of one corpus folder (`root`: its location, `/` separators). */
export class CliCache {
  /** The caches of the corpus folder given on the command line, or null when `enabled` is false (`--no-cache`). */
  static forFolder(dir: string, enabled: boolean): CliCache | null {
    return enabled ? new CliCache(corpusRootLocation(dir)) : null;
  }

  private readonly salt = buildSalt();
  private readonly base: string;

  constructor(
    private readonly root: string,
    private readonly folder: string = cliCacheFolder(),
  ) {
    this.base = path.join(folder, createHash('sha256').update(root).digest('hex').slice(0, 24));
  }

  /** The index records of the last run, or null. */
  async loadIndex(): Promise<Map<string, CacheRecord> | null> {
    // Bytes, decoded a line at a time by the parse (see linesOfBytes).
    const bytes = await fs.promises.readFile(`${this.base}.index.jsonl`).catch(() => null);
    return bytes === null ? null : parseIndexCache(bytes, { salt: `${this.salt}:${this.root}` });
  }

  /** The check records of the last run and what the registry gave, or null. */
  async loadCheck(): Promise<CheckCache | null> {
    const text = await readQuietly(`${this.base}.check.json`);
    return text === null ? null : parseCheckCache(text, { salt: this.salt, root: this.root });
  }

  /** Saves the index records (those stamped; the others are read again next time). */
  async saveIndex(records: readonly CacheRecord[]): Promise<void> {
    await this.write(`${this.base}.index.jsonl`, serializeIndexCacheText(records, { salt: `${this.salt}:${this.root}` }));
  }

  /** Saves the check records and the registry's (null: not recorded). */
  async saveCheck(records: readonly CheckRecord[], registry: RegistryRecord | null = null): Promise<void> {
    await this.write(`${this.base}.check.json`, serializeCheckCache(records, { salt: this.salt, root: this.root, registry }));
  }

  /** Saves the index records of a scan unless every one came from the cache as it was. */
  async saveIndexIfChanged(scan: { records: readonly CacheRecord[]; reused: number }, loaded: ReadonlyMap<string, CacheRecord> | null): Promise<void> {
    if (loaded && scan.reused === scan.records.length && loaded.size === scan.records.length) return;
    await this.saveIndex(scan.records);
  }

  /** Saves the check records unless every one, and the registry's, came from the cache as it was. */
  async saveCheckIfChanged(check: { records: readonly CheckRecord[]; reused: number; registry: RegistryRecord | null }, loaded: CheckCache | null): Promise<void> {
    if (loaded && check.reused === check.records.length && loaded.records.size === check.records.length && sameRegistry(loaded.registry, check.registry)) return;
    await this.saveCheck(check.records, check.registry);
  }

  /** Writes a cache file (a temporary file renamed over it; no flush: a cache lost in a crash is rebuilt), then prunes the folder. */
  private async write(file: string, text: string): Promise<void> {
    try {
      await fs.promises.mkdir(this.folder, { recursive: true });
      const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
      await fs.promises.writeFile(temp, text);
      await fs.promises.rename(temp, file).catch(async (error: unknown) => {
        await fs.promises.rm(temp, { force: true });
        throw error;
      });
      await prune(this.folder);
    } catch {
      // A cache that cannot be written (read-only home, full disk) only makes the next run slower.
    }
  }
}

function sameRegistry(a: RegistryRecord | null, b: RegistryRecord | null): boolean {
  return a === null ? b === null : b !== null && a.stamp === b.stamp && JSON.stringify(a.problems) === JSON.stringify(b.problems);
}

async function readQuietly(file: string): Promise<string | null> {
  try {
    return await fs.promises.readFile(file, 'utf8');
  } catch {
    return null;
  }
}

/** Keeps the caches of the {@link KEPT_FOLDERS} most recently written folders. */
async function prune(folder: string): Promise<void> {
  const names = await fs.promises.readdir(folder);
  const byBase = new Map<string, number>();
  for (const name of names) {
    const base = /^([0-9a-f]{24})\.(?:index\.jsonl|check\.json)$/.exec(name)?.[1];
    if (!base) continue;
    const mtime = (await fs.promises.stat(path.join(folder, name)).catch(() => null))?.mtimeMs ?? 0;
    byBase.set(base, Math.max(byBase.get(base) ?? 0, mtime));
  }
  if (byBase.size <= KEPT_FOLDERS) return;
  const old = [...byBase].sort((a, b) => b[1] - a[1]).slice(KEPT_FOLDERS);
  for (const [base] of old) {
    for (const suffix of ['.index.jsonl', '.check.json']) await fs.promises.rm(path.join(folder, base + suffix), { force: true });
  }
}
