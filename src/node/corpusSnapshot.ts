/**
 * A version of a corpus as a map of text files (path relative to the corpus
 * root → text), read from a git ref or from a folder: what `agree` compares.
 * Only what agreement needs is read: documents (`.txt`), sidecars and the
 * actor registry.
 */

import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_REGISTRY_FILE } from '../core/files/registry';
import type { CorpusSnapshot } from '../core/agreement/agreement';

const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });

/** True for the files agreement reads. */
function wanted(relative: string): boolean {
  if (relative.split('/').some((segment) => segment.startsWith('.') || segment === 'node_modules')) return false;
  return /\.txt$/i.test(relative) || relative.endsWith('.annotations.yaml') || relative === DEFAULT_REGISTRY_FILE || /^actors\/[^/]+\.yaml$/.test(relative);
}

/** Reads a folder's documents, sidecars and registry. */
export async function folderSnapshot(folder: string): Promise<CorpusSnapshot> {
  const stat = await fs.stat(folder).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`not a folder: ${folder}`);
  const names = (await fs.readdir(folder, { recursive: true, encoding: 'utf8' })).map((n) => n.split(path.sep).join('/')).filter(wanted).sort();
  const files = new Map<string, string>();
  for (const name of names) {
    const full = path.join(folder, ...name.split('/'));
    if ((await fs.stat(full)).isFile()) files.set(name, keepBom.decode(await fs.readFile(full)));
  }
  return files;
}

/** Runs git in `cwd`; resolves to its standard output, or rejects with its message. */
function git(cwd: string, args: readonly string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (error) => reject(new Error(`cannot run git: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new Error(`git ${args[0]} failed: ${Buffer.concat(err).toString('utf8').trim() || `exit status ${code}`}`));
    });
    child.stdin.end(input);
  });
}

/**
 * Reads the corpus in `folder` as it stands at a git ref (a branch, tag or
 * commit): the files below `folder` in that ref's tree, read in one
 * `git cat-file --batch`.
 */
export async function gitSnapshot(folder: string, ref: string): Promise<CorpusSnapshot> {
  if (ref.startsWith('-')) throw new Error(`not a git ref: ${ref}`);
  // ls-tree lists the tree below the current folder, with paths relative to it.
  const listing = (await git(folder, ['ls-tree', '-r', '-z', ref])).toString('utf8');
  const entries: Array<{ oid: string; name: string }> = [];
  for (const record of listing.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (m && wanted(m[2]!)) entries.push({ oid: m[1]!, name: m[2]! });
  }
  const files = new Map<string, string>();
  if (entries.length === 0) return files;
  const batch = await git(folder, ['cat-file', '--batch'], Buffer.from(entries.map((e) => `${e.oid}\n`).join('')));
  let offset = 0;
  for (const entry of entries) {
    const headerEnd = batch.indexOf(0x0a, offset);
    const header = batch.subarray(offset, headerEnd).toString('utf8');
    const size = Number(/^[0-9a-f]+ blob (\d+)$/.exec(header)?.[1] ?? NaN);
    if (!Number.isFinite(size)) throw new Error(`git cat-file gave “${header}” for ${entry.name}`);
    files.set(entry.name, keepBom.decode(batch.subarray(headerEnd + 1, headerEnd + 1 + size)));
    offset = headerEnd + 1 + size + 1;
  }
  return files;
}
