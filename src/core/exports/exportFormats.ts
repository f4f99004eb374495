/**
 * What every annotation format shares, both directions. A format is one
 * module that exports an {@link AnnotationFormat} (id, label, file extension,
 * an export function and, when it can be read back, an import function),
 * plus one line in the table of `formats.ts`, which the CLI's `export
 * --format` and `import --format`, and the editor's Export Quotes…, read;
 * nothing else names a format. The table is apart from this module so that
 * the extension can load the formats at the first export (`dist/exports.js`).
 *
 * Pure: the shells read the corpus (see {@link loadAnnotatedDocuments}) and
 * write the files a format returns.
 */

import type { DocumentEntry } from '../corpus/corpusIndex';
import type { ActorKind, Registry } from '../files/registry';
import { Sidecar } from '../files/sidecar';
import { sidecarLocationFor, type FileAccess } from '../files/store';
import { mapLimit } from '../text/concurrency';

/** A document with its readable sidecar, as every exporter takes it. */
export interface AnnotatedDocument {
  /** Absolute location (`/` separators, or a URI string in the editor). */
  readonly location: string;
  /** Path relative to the corpus root, `/` separators. */
  readonly path: string;
  /** `YYYY-MM-DD`, or null when the document has no usable date. */
  readonly date: string | null;
  /** The text as stored: a byte-order mark is kept. */
  readonly text: string;
  readonly sidecar: Sidecar;
}

/** What an exporter is given. */
export interface ExportInput {
  /** In path order. */
  readonly documents: readonly AnnotatedDocument[];
  /** The actor registry, or null when it cannot be read (names and kinds are then left out). */
  readonly registry: Registry | null;
  /** Also write actor mentions, for formats where they are optional (JSON Lines). */
  readonly withMentions?: boolean;
}

/** One file an exporter produces. */
export interface ExportedFile {
  /**
   * For a `file` format: `''`, the file the user chose. For a `folder`
   * format: the path inside the chosen folder, `/` separators.
   */
  readonly path: string;
  readonly text: string;
}

/** What an exporter returns. */
export interface ExportResult {
  readonly files: readonly ExportedFile[];
  /** How many quotes and how many actor mentions were written. */
  readonly quotes: number;
  readonly mentions: number;
  /** Annotations left out, each with its reason. */
  readonly skipped: readonly string[];
}

/**
 * One annotation read from an import file, in code points into the document
 * (without its byte-order mark). Fields a format does not carry are null.
 */
export interface ImportedAnnotation {
  readonly kind: 'quote' | 'mention';
  /** The document's path as the import file names it (relative, `/` separators). */
  readonly document: string;
  /** The annotation id to keep, or null for a new one. */
  readonly id: string | null;
  readonly start: number;
  readonly end: number;
  /** The text the file says stands at `start`–`end`: checked before anything is written. */
  readonly text: string;
  /** Quote: the speaker's actor id; mention: the actor's id. */
  readonly actor: string | null;
  /** The actor's name, used to find or create the actor when its id is unknown. */
  readonly actorName: string | null;
  readonly actorKind: ActorKind | null;
  /** Quotes only. */
  readonly cue: string | null;
  readonly direct: boolean;
  /** Where it was read, for messages: `rows.jsonl:3`, `a.ann:T4`. */
  readonly source: string;
  /** Who made it and when (ISO time), when the file says: kept instead of the importer's own. */
  readonly creator?: string;
  readonly created?: string;
}

/** A file given to an importer. */
export interface ImportSource {
  /** Path relative to the folder given to import (or the file's name when one file was given). */
  readonly path: string;
  readonly text: string;
}

/** What an importer returns: the annotations it read and what it could not read. */
export interface ImportParse {
  readonly annotations: readonly ImportedAnnotation[];
  /** One message per refused row or line, leading with what is wrong. */
  readonly refused: readonly string[];
  /** Lines read but deliberately not imported (not an error), with the reason. */
  readonly ignored: readonly string[];
}

/** What an importer may ask about the corpus. */
export interface ImportContext {
  /** The text (as stored, BOM kept) of the corpus document an import path names, or null. */
  textOf(documentPath: string): string | null;
}

/** An annotation format. */
export interface AnnotationFormat {
  /** What `--format` takes. */
  readonly id: string;
  /** What the format list shows. */
  readonly label: string;
  /** One line under the label. */
  readonly detail: string;
  /** `file`: one file; `folder`: a collection of files in a new folder. */
  readonly target: 'file' | 'folder';
  /** The file extension (no dot) of the file written, or of the files read on import for a folder format. */
  readonly extension: string;
  /** True when `withMentions` changes what is written. */
  readonly mentionsOptional?: boolean;
  export(input: ExportInput): ExportResult;
  /** Reads files of this format back; absent when the format cannot be imported. */
  import?(sources: readonly ImportSource[], context: ImportContext): ImportParse;
}

/** "27 quotes and 40 actor mentions" (mentions only when the format writes them). */
export function describeCounts(result: Pick<ExportResult, 'quotes' | 'mentions'>, withMentions: boolean): string {
  const quotes = `${result.quotes} ${result.quotes === 1 ? 'quote' : 'quotes'}`;
  if (!withMentions) return quotes;
  return `${quotes} and ${result.mentions} actor ${result.mentions === 1 ? 'mention' : 'mentions'} (${result.quotes + result.mentions} annotations)`;
}

/**
 * Why an export must not write to `target`, or null when it may. An export
 * never writes over a document, its sidecar or the registry; a folder format
 * (brat copies every document) never writes into the corpus, nor into a
 * folder that holds its documents. Locations use `/` separators.
 */
export function exportTargetProblem(
  format: Pick<AnnotationFormat, 'target' | 'label'>,
  target: string,
  corpus: { readonly root: string; readonly registryLocation: string; readonly documents: Iterable<string> },
): string | null {
  const clean = target.replace(/(.)\/+$/, '$1');
  const root = corpus.root.replace(/(.)\/+$/, '$1');
  const inside = (folder: string, location: string): boolean => location.startsWith(folder.endsWith('/') ? folder : `${folder}/`);
  if (format.target === 'file') {
    if (clean === corpus.registryLocation) return `Nothing was exported: ${clean} is the corpus's actor registry. Choose another file.`;
    for (const document of corpus.documents) {
      if (clean === document) return `Nothing was exported: ${clean} is a document of the corpus, and an export never writes over one. Choose another file.`;
      if (clean === sidecarLocationFor(document)) return `Nothing was exported: ${clean} is a sidecar of the corpus. Choose another file.`;
    }
    return null;
  }
  if (clean === root || inside(root, clean)) {
    return `Nothing was exported: a ${format.label} export copies the documents, so it goes to a new folder outside the corpus, not ${clean}. Choose another folder.`;
  }
  for (const document of corpus.documents) {
    if (inside(clean, document)) return `Nothing was exported: ${clean} holds the corpus's documents. Choose a new folder for the ${format.label} export.`;
  }
  return null;
}

/** How many documents are read at once. */
const READ_CONCURRENCY = 32;

/**
 * Reads the documents of a corpus that have a sidecar, with their text, for
 * export (and agreement): one path for the CLI and the editor. Documents
 * without a sidecar are passed over; a sidecar that does not parse is noted
 * in `skipped`. `pathOf` gives a document's path relative to the corpus root.
 * Given every sidecar location, the annotations of sidecars whose document
 * is gone (renamed, moved, deleted) are counted, and said first in `skipped`
 * instead of being left out silently.
 */
export async function loadAnnotatedDocuments(
  entries: Iterable<DocumentEntry>,
  files: Pick<FileAccess, 'read'>,
  pathOf: (location: string) => string,
  sidecars: Iterable<string> = [],
): Promise<{ documents: AnnotatedDocument[]; skipped: string[] }> {
  const list = [...entries];
  const keepBom = new TextDecoder('utf-8', { ignoreBOM: true });
  const skipped: string[] = [];
  const loaded = await mapLimit(list, READ_CONCURRENCY, async (entry): Promise<AnnotatedDocument | null> => {
    const path = pathOf(entry.location);
    let sidecarBytes: Uint8Array | null;
    let textBytes: Uint8Array | null;
    try {
      sidecarBytes = await files.read(sidecarLocationFor(entry.location));
      if (!sidecarBytes) return null;
      textBytes = await files.read(entry.location);
    } catch (error) {
      skipped.push(`${path}: cannot be read (${errorText(error)})`);
      return null;
    }
    if (!textBytes) return null; // deleted since the scan
    const parsed = Sidecar.parse(new TextDecoder('utf-8').decode(sidecarBytes));
    if (!parsed.ok) {
      const first = parsed.problems[0];
      skipped.push(`${pathOf(sidecarLocationFor(entry.location))} (line ${first?.line ?? 1}: ${first?.message ?? 'invalid'})`);
      return null;
    }
    return { location: entry.location, path, date: entry.date, text: keepBom.decode(textBytes), sidecar: parsed.sidecar };
  });
  const documents = loaded.filter((d): d is AnnotatedDocument => d !== null).sort((a, b) => compareText(a.path, b.path));
  const indexed = new Set(list.map((e) => sidecarLocationFor(e.location)));
  const orphans = [...sidecars].filter((s) => !indexed.has(s));
  const counts = await mapLimit(orphans, READ_CONCURRENCY, async (location) => {
    const bytes = await files.read(location).catch(() => null);
    const parsed = bytes ? Sidecar.parse(new TextDecoder('utf-8').decode(bytes)) : null;
    return parsed?.ok ? parsed.sidecar.annotations.length : 0;
  });
  // An orphan without annotations loses nothing: check reports it, exports need not.
  const holding = orphans.filter((_, i) => counts[i]! > 0);
  const note = orphanNote(holding.map(pathOf), counts.reduce((a, b) => a + b, 0));
  return { documents, skipped: [...(note ? [note] : []), ...skipped.sort(compareText)] };
}

/** What exports and views say about annotations in orphaned sidecars, or null when there are none. */
export function orphanNote(sidecarPaths: readonly string[], annotations: number): string | null {
  if (sidecarPaths.length === 0) return null;
  const one = sidecarPaths.length === 1;
  const names = `${sidecarPaths.slice(0, 3).join(', ')}${sidecarPaths.length > 3 ? ', …' : ''}`;
  return `${annotations} annotation${annotations === 1 ? '' : 's'} in ${sidecarPaths.length} orphaned sidecar${one ? '' : 's'} (${names}): ${one ? 'its document was' : 'their documents were'} renamed, moved or deleted; run seed-annotator relink, or Re-attach in VS Code, to bring ${one ? 'it' : 'them'} back`;
}

function errorText(error: unknown): string {
  const e = error as { code?: unknown; message?: unknown };
  return typeof e?.code === 'string' ? e.code : typeof e?.message === 'string' ? e.message : String(error);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
