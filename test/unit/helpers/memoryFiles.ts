/**
 * Test doubles shared by the unit tests: an in-memory FileAccess and the
 * seed documents read from disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Registry } from '../../../src/core/files/registry';
import type { FileAccess } from '../../../src/core/files/store';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** An in-memory disk implementing the store's FileAccess. */
export class MemoryFiles implements FileAccess {
  readonly files = new Map<string, Uint8Array>();
  /** Every location written, in order. */
  readonly writes: string[] = [];
  /** How many reads were made, per location. */
  readonly reads = new Map<string, number>();
  /** When set, each read and write yields to the event loop this many times first. */
  delayTicks = 0;

  async read(location: string): Promise<Uint8Array | null> {
    await this.yieldTicks();
    this.reads.set(location, (this.reads.get(location) ?? 0) + 1);
    const bytes = this.files.get(location);
    return bytes ? bytes.slice() : null;
  }

  async writeAtomic(location: string, data: Uint8Array): Promise<void> {
    await this.yieldTicks();
    this.files.set(location, data.slice());
    this.writes.push(location);
  }

  async list(folder: string): Promise<string[]> {
    await this.yieldTicks();
    const prefix = `${folder}/`;
    return [...this.files.keys()].filter((l) => l.startsWith(prefix) && !l.slice(prefix.length).includes('/')).map((l) => l.slice(prefix.length));
  }

  async delete(location: string): Promise<void> {
    await this.yieldTicks();
    this.files.delete(location);
  }

  /** Puts text on the fake disk (as a hand edit would). */
  put(location: string, text: string): void {
    this.files.set(location, encoder.encode(text));
  }

  /** The text of a file, or null when it does not exist. */
  text(location: string): string | null {
    const bytes = this.files.get(location);
    return bytes ? decoder.decode(bytes) : null;
  }

  private async yieldTicks(): Promise<void> {
    for (let i = 0; i < this.delayTicks; i++) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** Folder holding the sample documents (compiled tests live in out/test/unit). */
export const SEEDS_DIR = path.resolve(__dirname, '../../../seeds');
export const SEED_000 = '000_ce07b70b4b1d5ccc.txt';
export const SEED_002 = '002_ee4912a3b61f8db2.txt';

/** The text of a sample document. */
export function readSeed(name: string): string {
  return fs.readFileSync(path.join(SEEDS_DIR, name), 'utf8');
}

/** Code-point span of the first occurrence of `needle` in `text` (after `from`, a UTF-16 index). */
export function spanOf(text: string, needle: string, from = 0): { start: number; end: number } {
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`test setup: ${JSON.stringify(needle)} not found`);
  const start = [...text.slice(0, i)].length;
  return { start, end: start + [...needle].length };
}

/** The seeds' actor registry, read from `seeds/actors/*.yaml`. */
export function readSeedRegistry(): Registry {
  const folder = path.join(SEEDS_DIR, 'actors');
  const actors = fs.readdirSync(folder).filter((n) => n.endsWith('.yaml')).map((n) => ({ id: n.slice(0, -'.yaml'.length), text: fs.readFileSync(path.join(folder, n), 'utf8') }));
  const loaded = Registry.load({ legacy: null, actors });
  if (!loaded.ok) throw new Error(`seeds/actors: ${JSON.stringify(loaded.problems)}`);
  return loaded.registry;
}
