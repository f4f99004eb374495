/**
 * File access for the extension. Locations are URI strings. Files on the
 * local disk go through the Node host's disk access (partial reads, fsync,
 * atomic rename, cross-process locks); every other scheme (remote, virtual),
 * and every file in the browser, goes through `vscode.workspace.fs`.
 */

import * as vscode from 'vscode';
import type { FileAccess } from '../core/files/store';
import { OutsideCorpusError } from '../core/errors';
import { temporaryPathFor } from '../core/files/interruptedWrites';
import { host } from '../node/extensionHost';
import type { LocalDisk } from './hostFacilities';

/** The URI of a location string. */
export function toUri(location: string): vscode.Uri {
  return vscode.Uri.parse(location, true);
}

/** The location string of a URI. */
export function toLocation(uri: vscode.Uri): string {
  return uri.toString();
}

/** The local disk when `uri` is on it and this host can reach it. */
export function diskFor(uri: vscode.Uri): LocalDisk | undefined {
  return uri.scheme === 'file' ? host.disk : undefined;
}

function isMissing(error: unknown): boolean {
  if (error instanceof vscode.FileSystemError) return error.code === 'FileNotFound' || error.code === 'EntryNotFound';
  return (error as { code?: unknown } | undefined)?.code === 'ENOENT';
}

/** Reads and writes sidecars and the registry. */
export const workspaceFiles: FileAccess = {
  async lock(locations) {
    // Without a disk (the browser) the store's own queue is the lock: within this window only.
    const disk = host.disk;
    const paths = locations.map(toUri).filter((u) => diskFor(u)).map((u) => u.fsPath);
    return disk && paths.length ? disk.lockFiles(paths) : async () => {};
  },
  async read(location) {
    const uri = toUri(location);
    try {
      const disk = diskFor(uri);
      if (disk) return await disk.readFile(uri.fsPath);
      return await vscode.workspace.fs.readFile(uri);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
  async list(folder) {
    const uri = toUri(folder);
    try {
      return (await vscode.workspace.fs.readDirectory(uri)).filter(([, type]) => type === vscode.FileType.File).map(([name]) => name);
    } catch (error) {
      if (isMissing(error) || (error as NodeJS.ErrnoException | undefined)?.code === 'ENOTDIR') return [];
      throw error;
    }
  },
  async delete(location) {
    const uri = toUri(location);
    await vscode.workspace.fs.delete(uri).then(undefined, (error: unknown) => {
      if (!isMissing(error)) throw error;
    });
  },
  async makeFolder(folder) {
    const uri = toUri(folder);
    await vscode.workspace.fs.createDirectory(uri);
  },
  async checkWrite(location) {
    let uri: vscode.Uri;
    try {
      uri = toUri(location);
    } catch {
      throw new OutsideCorpusError(`Nothing was written: the file is not in a workspace folder. Save the document in a workspace folder first. (${location})`);
    }
    const name = uri.path.split('/').pop() ?? location;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) {
      throw new OutsideCorpusError(`Nothing was written: the file would be outside the workspace folders. Open the document's folder as a workspace folder to annotate it. (${name})`);
    }
    const disk = diskFor(uri);
    if (disk && folder.uri.scheme === 'file') await disk.checkInside(folder.uri.fsPath, uri.fsPath);
  },
  async writeAtomic(location, data) {
    const uri = toUri(location);
    const disk = diskFor(uri);
    if (disk) return disk.writeFileAtomic(uri.fsPath, data);
    const temp = uri.with({ path: temporaryPathFor(uri.path, Date.now()) });
    await vscode.workspace.fs.writeFile(temp, data);
    await vscode.workspace.fs.rename(temp, uri, { overwrite: true });
  },
};

/** The first `bytes` bytes of a file (the whole file on schemes without partial reads). */
export async function readHead(uri: vscode.Uri, bytes: number): Promise<Uint8Array> {
  const disk = diskFor(uri);
  if (disk) return disk.readHead(uri.fsPath, bytes);
  const all = await vscode.workspace.fs.readFile(uri);
  return all.subarray(0, bytes);
}
