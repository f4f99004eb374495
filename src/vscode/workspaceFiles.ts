/**
 * File access for the extension. Locations are URI strings. Files on the
 * local disk go through Node's fs (partial reads, fsync, atomic rename);
 * every other scheme (remote, virtual) goes through `vscode.workspace.fs`.
 */

import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';
import type { FileAccess } from '../core/files/store';
import { TagError } from '../core/tagging/tagging';
import { checkInside } from '../node/guard';
import { lockFiles, readHead as readHeadNode, writeFileAtomic } from '../node/nodeFiles';

/** The URI of a location string. */
export function toUri(location: string): vscode.Uri {
  return vscode.Uri.parse(location, true);
}

/** The location string of a URI. */
export function toLocation(uri: vscode.Uri): string {
  return uri.toString();
}

function isMissing(error: unknown): boolean {
  if (error instanceof vscode.FileSystemError) return error.code === 'FileNotFound' || error.code === 'EntryNotFound';
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Reads and writes sidecars and the registry. */
export const workspaceFiles: FileAccess = {
  async lock(locations) {
    const paths = locations.map(toUri).filter((u) => u.scheme === 'file').map((u) => u.fsPath);
    return lockFiles(paths);
  },
  async read(location) {
    const uri = toUri(location);
    try {
      if (uri.scheme === 'file') return await fs.readFile(uri.fsPath);
      return await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async checkWrite(location) {
    let uri: vscode.Uri;
    try {
      uri = toUri(location);
    } catch {
      throw new TagError(`Seed Annotator cannot write ${location}: save the document in a workspace folder first.`);
    }
    const name = uri.path.split('/').pop() ?? location;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) {
      throw new TagError(`${name} would be outside the workspace folders, so nothing was written. Open the document's folder as a workspace folder to annotate it.`);
    }
    if (uri.scheme === 'file' && folder.uri.scheme === 'file') await checkInside(folder.uri.fsPath, uri.fsPath);
  },
  async writeAtomic(location, data) {
    const uri = toUri(location);
    if (uri.scheme === 'file') return writeFileAtomic(uri.fsPath, data);
    const temp = uri.with({ path: `${uri.path}.${Date.now().toString(36)}.tmp` });
    await vscode.workspace.fs.writeFile(temp, data);
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  },
};

/** The first `bytes` bytes of a file (the whole file on schemes without partial reads). */
export async function readHead(uri: vscode.Uri, bytes: number): Promise<Uint8Array> {
  if (uri.scheme === 'file') return readHeadNode(uri.fsPath, bytes);
  const all = await vscode.workspace.fs.readFile(uri);
  return all.subarray(0, bytes);
}
