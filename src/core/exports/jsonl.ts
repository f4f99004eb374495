/**
 * The JSON Lines format: one JSON object per quote, `"type":"quote"` first;
 * with `withMentions`, one per actor mention too (`"type":"mention"`). Read
 * back by `import`: offsets are code points, and a row without an `id` gets
 * a new one.
 */

import { ACTOR_KINDS, type ActorKind } from '../files/registry';
import type { AnnotationFormat, ImportedAnnotation, ImportParse, ImportSource } from './exportFormats';
import { buildMentionRows, buildQuoteRows, exportQuotes } from './quoteTable';

export const jsonlFormat: AnnotationFormat = {
  id: 'jsonl',
  label: 'JSON Lines',
  detail: 'One JSON object per quote (and per mention), for scripts; can be imported',
  target: 'file',
  extension: 'jsonl',
  mentionsOptional: true,
  export({ documents, registry, withMentions }) {
    const rows = buildQuoteRows(documents, registry);
    const mentions = withMentions ? buildMentionRows(documents, registry) : [];
    return { files: [{ path: '', text: exportQuotes(rows, 'jsonl', mentions) }], quotes: rows.length, mentions: mentions.length, skipped: [] };
  },
  import: readJsonLines,
};

/** Reads JSON Lines rows as written by the export (rows without `type` are quotes, as older exports wrote them). */
export function readJsonLines(sources: readonly ImportSource[]): ImportParse {
  const annotations: ImportedAnnotation[] = [];
  const refused: string[] = [];
  for (const source of sources) {
    source.text.split('\n').forEach((line, index) => {
      const at = `${source.path}:${index + 1}`;
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        refused.push(`${at}: not a JSON object (${error instanceof Error ? error.message : String(error)})`);
        return;
      }
      const row = readRow(value, at);
      if (typeof row === 'string') refused.push(`${at}: ${row}`);
      else annotations.push(row);
    });
  }
  return { annotations, refused, ignored: [] };
}

/** One row, or what is wrong with it. */
function readRow(value: unknown, source: string): ImportedAnnotation | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const row = value as Record<string, unknown>;
  const type = row.type ?? 'quote';
  if (type !== 'quote' && type !== 'mention') return `"type" must be "quote" or "mention", not ${JSON.stringify(type)}`;
  if (typeof row.document !== 'string' || row.document === '') return '"document" must be the document\'s path';
  if (!isOffset(row.start) || !isOffset(row.end) || (row.end as number) <= (row.start as number)) return '"start" and "end" must be code point offsets with start < end';
  if (typeof row.text !== 'string') return '"text" must be the text at start–end';
  if (row.id !== undefined && row.id !== null && (typeof row.id !== 'string' || !/^[\w.-]+$/.test(row.id))) return '"id" must be letters, digits, "-", "_" or "."';
  const kind = row.actorKind ?? null;
  if (kind !== null && !ACTOR_KINDS.includes(kind as ActorKind)) return `"actorKind" must be one of ${ACTOR_KINDS.join(', ')}`;
  const text = (key: string): string | null | undefined => {
    const v = row[key];
    return v === undefined || v === null ? null : typeof v === 'string' ? v : undefined;
  };
  const creator = text('creator');
  const created = text('created');
  if (creator === undefined || created === undefined) return '"creator" and "created" must be text or null';
  const base = {
    document: row.document, id: (row.id as string | undefined) ?? null, start: row.start as number, end: row.end as number, text: row.text, actorKind: kind as ActorKind | null, source,
    ...(creator ? { creator } : {}), ...(created ? { created } : {}),
  };
  if (type === 'quote') {
    const speaker = text('speaker');
    const speakerName = text('speakerName');
    const cue = text('cue');
    if (speaker === undefined || speakerName === undefined || cue === undefined) return '"speaker", "speakerName" and "cue" must be text or null';
    const mode = row.mode ?? 'direct';
    if (mode !== 'direct' && mode !== 'indirect') return '"mode" must be "direct" or "indirect"';
    return { ...base, kind: 'quote', actor: speaker, actorName: speakerName, cue, direct: mode === 'direct' };
  }
  const actor = text('actor');
  const actorName = text('actorName');
  if (actor === undefined || actorName === undefined) return '"actor" and "actorName" must be text or null';
  if (actor === null && actorName === null) return 'a mention needs "actor" or "actorName"';
  return { ...base, kind: 'mention', actor, actorName, cue: null, direct: false };
}

function isOffset(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
