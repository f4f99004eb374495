/**
 * Export Quotes… from the palette: the same exporters as the CLI (CSV, JSON
 * Lines, W3C Web Annotation JSON-LD, brat standoff) over the workspace's corpus.
 */

import * as vscode from 'vscode';
import { toBratAnn, BRAT_ANNOTATION_CONF } from '../core/exports/brat';
import type { CorpusIndex } from '../core/corpus/corpusIndex';
import { buildQuoteRows, exportQuotes, type ExportDocument } from '../core/exports/quoteTable';
import { basename } from '../core/text/paths';
import type { Registry } from '../core/files/registry';
import { Sidecar } from '../core/files/sidecar';
import { sidecarLocationFor, type AnnotationStore } from '../core/files/store';
import { TagError } from '../core/tagging/tagging';
import { buildWebAnnotations, serializeWebAnnotations, type WebAnnotationDocument } from '../core/exports/webAnnotation';
import { registryLocations } from './actorsTree';
import { toLocation, toUri, workspaceFiles } from './workspaceFiles';

type Format = 'csv' | 'jsonl' | 'w3c' | 'brat';

const FORMATS: ReadonlyArray<{ label: string; detail: string; format: Format; extension?: string }> = [
  { label: 'CSV', detail: 'One row per quote, for spreadsheets', format: 'csv', extension: 'csv' },
  { label: 'JSON Lines', detail: 'One JSON object per quote', format: 'jsonl', extension: 'jsonl' },
  { label: 'W3C Web Annotation (JSON-LD)', detail: 'Quotes and mentions with TextQuoteSelector and TextPositionSelector', format: 'w3c', extension: 'jsonld' },
  { label: 'brat standoff', detail: 'NAME.ann beside a copy of each NAME.txt, in a folder you choose', format: 'brat' },
];

const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

interface Loaded {
  readonly location: string;
  readonly path: string;
  readonly text: string;
  readonly sidecar: Sidecar;
}

/** Runs Export Quotes…; `format` and `target` skip the questions (for keybindings and tests). Returns the files written. */
export async function exportCorpus(index: CorpusIndex, store: AnnotationStore, format?: unknown, target?: unknown): Promise<string[] | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new TagError('Open the corpus folder first.');
  const chosen = FORMATS.find((f) => f.format === format) ?? (await vscode.window.showQuickPick(FORMATS, { title: 'Export quotes as…' }));
  if (!chosen) return undefined;
  let out: vscode.Uri | undefined = typeof target === 'string' ? vscode.Uri.file(target) : target instanceof vscode.Uri ? target : undefined;
  if (!out) {
    out = chosen.format === 'brat'
      ? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Export here', title: 'Folder for the brat collection' }))?.[0]
      : await vscode.window.showSaveDialog({ defaultUri: vscode.Uri.joinPath(folder.uri, `quotes.${chosen.extension}`), title: `Export quotes as ${chosen.label}` });
  }
  if (!out) return undefined;

  const registryState = await store.registryAt(registryLocations()[0]!);
  const registry: Registry | null = registryState.status === 'ok' ? registryState.registry : null;
  const { documents, skipped } = await loadAnnotated(index, folder.uri);
  const written: string[] = [];
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Exporting ${documents.length} annotated documents` }, async () => {
    if (chosen.format === 'csv' || chosen.format === 'jsonl') {
      const exportDocs: ExportDocument[] = documents.map((d) => ({ entry: index.get(d.location)!, path: d.path, sidecar: d.sidecar }));
      await vscode.workspace.fs.writeFile(out!, encoder.encode(exportQuotes(buildQuoteRows(exportDocs, registry), chosen.format)));
      written.push(out!.fsPath);
    } else if (chosen.format === 'w3c') {
      const w3cDocs: WebAnnotationDocument[] = documents.map((d) => ({ path: d.path, text: d.text, sidecar: d.sidecar }));
      const result = buildWebAnnotations(w3cDocs, registry);
      skipped.push(...result.skipped);
      await vscode.workspace.fs.writeFile(out!, encoder.encode(serializeWebAnnotations(result.annotations)));
      written.push(out!.fsPath);
    } else {
      for (const d of documents) {
        const { ann, skipped: left } = toBratAnn(d.text, d.sidecar, registry);
        skipped.push(...left.map((s) => `${d.path}: ${s}`));
        const txt = vscode.Uri.joinPath(out!, ...d.path.split('/'));
        await vscode.workspace.fs.writeFile(txt, encoder.encode(d.text));
        const annUri = vscode.Uri.joinPath(out!, ...d.path.replace(/\.txt$/i, '.ann').split('/'));
        await vscode.workspace.fs.writeFile(annUri, encoder.encode(ann));
        written.push(annUri.fsPath);
      }
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(out!, 'annotation.conf'), encoder.encode(BRAT_ANNOTATION_CONF));
    }
  });
  const note = skipped.length ? ` ${skipped.length} item(s) left out: ${skipped.slice(0, 3).join('; ')}${skipped.length > 3 ? '; …' : ''}` : '';
  void vscode.window.showInformationMessage(`Exported ${documents.length} document(s) as ${chosen.label} to ${basename(out.path)}.${note}`);
  return written;
}

async function loadAnnotated(index: CorpusIndex, root: vscode.Uri): Promise<{ documents: Loaded[]; skipped: string[] }> {
  const documents: Loaded[] = [];
  const skipped: string[] = [];
  const rootLocation = toLocation(root);
  for (const entry of index.all()) {
    const bytes = await workspaceFiles.read(sidecarLocationFor(entry.location));
    if (!bytes) continue;
    const parsed = Sidecar.parse(new TextDecoder('utf-8').decode(bytes));
    const path = entry.location.startsWith(`${rootLocation}/`) ? decodeURIComponent(entry.location.slice(rootLocation.length + 1)) : basename(toUri(entry.location).path);
    if (!parsed.ok) {
      skipped.push(`${path}: its sidecar cannot be read`);
      continue;
    }
    const text = await workspaceFiles.read(entry.location);
    if (!text) continue;
    documents.push({ location: entry.location, path, text: decoder.decode(text), sidecar: parsed.sidecar });
  }
  documents.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { documents, skipped };
}
