/**
 * Corpus checks: what is wrong with a seed document, its sidecar and the actor
 * registry, as problems positioned in the file they concern. Pure: the caller
 * reads the files (the CLI through src/node/diskCorpus.ts, the extension through
 * its store) and turns the problems into output lines or diagnostics.
 *
 * Positions are one-based; columns count Unicode code points.
 */

import { anchorHolds, type Anchor } from '../anchoring/anchor';
import { parseHeaderLine, parseSeed, type SeedDocument, type Span } from '../format/format';
import { basename, dirname, resolveInside } from '../text/paths';
import type { Registry } from '../files/registry';
import type { Sidecar } from '../files/sidecar';
import { documentLocationForSidecar } from '../files/store';
import { overlappingPairs } from '../tagging/tagging';
import { anchorText } from '../text/lineEnds';
import { CodePointMap, LineMap, stripBom } from '../text/text';
import type { FileProblem } from '../files/yamlFile';
import { ALTERNATIVES_KEY, describeDisagreement, listDisagreements } from '../merge/mergeById';

/** How bad a problem is. */
export type Severity = 'error' | 'warning' | 'info';

/** Every problem code, stable across versions (tools may filter on them). */
export const PROBLEM_CODES = [
  'date-missing',
  'date-invalid',
  'quote-no-speaker',
  'unknown-actor',
  'overlap',
  'anchor-mismatch',
  'sidecar-orphan',
  'sidecar-invalid',
  'registry-invalid',
  'file-unreadable',
  'merge-conflict',
  'merge-disagreement',
] as const;

/** A problem code. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** A problem found in a file. */
export interface Problem {
  /** The file the problem is in (a document, a sidecar or the registry). */
  readonly location: string;
  /** One-based line. */
  readonly line: number;
  /** One-based column, in code points. */
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity: Severity;
  readonly code: ProblemCode;
  readonly message: string;
  /** The quote or mention the problem is about. */
  readonly annotationId?: string;
}

/** A document's sidecar as read: usable, absent, or refused (the store's SidecarState fits). */
export type SidecarInput =
  | { readonly status: 'ok'; readonly sidecar: Sidecar; readonly location: string }
  | { readonly status: 'missing'; readonly location?: string }
  | { readonly status: 'broken'; readonly problems: readonly FileProblem[]; readonly location: string };

/** What {@link checkDocument} needs. */
export interface DocumentCheckInput {
  /** The document's location. */
  readonly location: string;
  /** The whole document text as stored (a byte-order mark is ignored, line ends are read as LF). */
  readonly text: string;
  readonly sidecar: SidecarInput;
  /** The sidecar's text, when known: gives positions in it and columns in code points. */
  readonly sidecarText?: string;
  /** The corpus registry, or null when it cannot be read (actor ids are then not checked). */
  readonly registry: Registry | null;
  /** File name of the registry, for messages. */
  readonly registryName?: string;
}

/**
 * What {@link parseSeed} finds of a document's header (and its problem),
 * parsing the first line only: the checks need nothing of the body's
 * paragraphs and quotations (parsing them was a tenth of a cold `check`,
 * profiled). A line that holds a header is read by {@link parseHeaderLine}
 * alone (parseSeed's lead paragraph, title and quotations were still 3-6% of a
 * cold `check`); an empty text, or one holding a NUL byte anywhere, is parsed
 * whole, since that changes the problem, and a first line without a header by
 * parseSeed, which words the problem. `text` is anchor text (LF only).
 */
export function headerOf(text: string): Pick<SeedDocument, 'header' | 'problem'> {
  if (text.length === 0 || text.includes('\u0000')) return parseSeed(text);
  const nl = text.indexOf('\n');
  const line = nl < 0 ? text : text.slice(0, nl);
  const parsed = line.charCodeAt(0) === 0xfeff || line.includes('\r') ? null : parseHeaderLine(line);
  if (!parsed) return parseSeed(nl < 0 ? text : text.slice(0, nl + 1));
  const points = new CodePointMap(line);
  const span = (a: number, b: number): Span => ({ start: points.toCodePoint(a), end: points.toCodePoint(b) });
  const { dateIndex, restIndex, ...fields } = parsed;
  return {
    header: { ...fields, dateSpan: span(dateIndex, dateIndex + parsed.dateText.length), restSpan: span(restIndex, restIndex + parsed.rest.length) },
    problem: fields.problem,
  };
}

/** Checks a document and its sidecar. Problems of a broken registry are reported by {@link checkRegistry}. */
export function checkDocument(input: DocumentCheckInput): Problem[] {
  const { location } = input;
  const text = anchorText(input.text);
  const parsed = headerOf(text);
  // Lines are mapped only for a problem to position: most documents have none (a LineMap per
  // document was 3% of a cold `check`, profiled).
  let lineMap: LineMap | null = null;
  const lines = (): LineMap => (lineMap ??= new LineMap(text));
  const problems: Problem[] = [];

  if (!parsed.header) {
    const firstLine = text.split('\n', 1)[0]!.replace(/\r$/, '');
    problems.push({
      location,
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: [...firstLine].length + 1,
      severity: 'error',
      code: 'date-missing',
      message: parsed.problem ?? 'no date header',
    });
  } else if (parsed.header.problem) {
    problems.push({
      location,
      ...spanPosition(lines(), parsed.header.dateSpan.start, parsed.header.dateSpan.end),
      severity: 'error',
      code: 'date-invalid',
      message: parsed.header.problem,
    });
  }

  const state = input.sidecar;
  if (state.status === 'broken') {
    problems.push(...fileProblems(state.location, state.problems, 'sidecar-invalid', input.sidecarText, 'sidecar'));
    return sortProblems(problems);
  }
  if (state.status !== 'ok') return problems;

  if (input.sidecarText !== undefined) problems.push(...checkDisagreements(state.location, input.sidecarText));
  const data = state.sidecar.value;
  const field = documentFieldProblem(state.location, data.document, input.sidecarText, basename(location));
  if (field) problems.push(field.problem);

  const points = new CodePointMap(text);
  const at = (anchor: Anchor): Pick<Problem, 'line' | 'column' | 'endLine' | 'endColumn'> => {
    const start = Math.min(anchor.start, points.length);
    return spanPosition(lines(), start, Math.max(start, Math.min(anchor.end, points.length)));
  };
  const registryName = input.registryName ?? 'the actor registry';
  const known = (id: string): boolean => input.registry === null || input.registry.get(id) !== undefined;

  for (const quote of data.quotes) {
    if (!anchorHolds(points, quote.anchor)) problems.push(mismatch(location, 'quote', quote.id, quote.anchor, points, at(quote.anchor)));
    if (quote.speaker === null) {
      problems.push({
        location,
        ...at(quote.anchor),
        severity: 'warning',
        code: 'quote-no-speaker',
        message: `quote ${quote.id} “${clip(quote.anchor.exact)}” has no speaker`,
        annotationId: quote.id,
      });
    } else if (!known(quote.speaker)) {
      problems.push({
        location,
        ...at(quote.anchor),
        severity: 'error',
        code: 'unknown-actor',
        message: `quote ${quote.id}: speaker “${quote.speaker}” is not in ${registryName}`,
        annotationId: quote.id,
      });
    }
  }
  for (const mention of data.mentions) {
    if (!anchorHolds(points, mention.anchor)) problems.push(mismatch(location, 'mention', mention.id, mention.anchor, points, at(mention.anchor)));
    if (!known(mention.actor)) {
      problems.push({
        location,
        ...at(mention.anchor),
        severity: 'error',
        code: 'unknown-actor',
        message: `mention ${mention.id}: actor “${mention.actor}” is not in ${registryName}`,
        annotationId: mention.id,
      });
    }
  }

  const byId = new Map<string, { kind: string; anchor: Anchor }>();
  for (const q of data.quotes) byId.set(q.id, { kind: 'quote', anchor: q.anchor });
  for (const m of data.mentions) byId.set(m.id, { kind: 'mention', anchor: m.anchor });
  for (const [firstId, secondId] of overlappingPairs(state.sidecar)) {
    const first = byId.get(firstId)!;
    const second = byId.get(secondId)!;
    const same = first.anchor.start === second.anchor.start && first.anchor.end === second.anchor.end;
    problems.push({
      location,
      ...at(second.anchor),
      severity: 'warning',
      code: 'overlap',
      message: same
        ? `${second.kind} ${secondId} duplicates ${first.kind} ${firstId} (same span ${first.anchor.start}–${first.anchor.end})`
        : `${second.kind} ${secondId} overlaps ${first.kind} ${firstId} (${second.anchor.start}–${second.anchor.end} and ${first.anchor.start}–${first.anchor.end})`,
      annotationId: secondId,
    });
  }
  return sortProblems(problems);
}

/** What {@link checkOrphanSidecar} needs. */
export interface SidecarCheckInput {
  /** The sidecar's location. */
  readonly location: string;
  /** True when the document beside it ({@link documentLocationForSidecar}) exists. */
  readonly documentExists: boolean;
  /** The sidecar as read, when it was read. */
  readonly sidecar?: { readonly status: 'ok'; readonly sidecar: Sidecar } | { readonly status: 'broken'; readonly problems: readonly FileProblem[] };
  readonly sidecarText?: string;
}

/**
 * Checks a sidecar whose document may be missing. When the document exists,
 * nothing is reported here: {@link checkDocument} covers the sidecar.
 */
export function checkOrphanSidecar(input: SidecarCheckInput): Problem[] {
  if (input.documentExists) return [];
  const { location } = input;
  const expected = basename(documentLocationForSidecar(location));
  const problems: Problem[] = [];
  const state = input.sidecar;
  let named = '';
  if (state?.status === 'ok') {
    const document = state.sidecar.value.document;
    if (document !== expected) named = ` (its document field names “${document}”)`;
  }
  problems.push({
    location,
    line: 1,
    column: 1,
    severity: 'error',
    code: 'sidecar-orphan',
    message: `orphan sidecar: its document ${expected} is missing${named}`,
  });
  if (state?.status === 'broken') {
    problems.push(...fileProblems(location, state.problems, 'sidecar-invalid', input.sidecarText, 'sidecar'));
  } else if (state?.status === 'ok') {
    const field = documentFieldProblem(location, state.sidecar.value.document, input.sidecarText, expected);
    if (field?.outside) problems.push(field.problem);
  }
  return sortProblems(problems);
}

/** Problems of a registry that cannot be read, positioned in the registry file. */
export function checkRegistry(location: string, problems: readonly FileProblem[], text?: string): Problem[] {
  return fileProblems(location, problems, 'registry-invalid', text, 'registry');
}

/**
 * Disagreements left by a merge (entries with `alternatives`) in a sidecar or
 * actor file, one warning each, until they are settled.
 */
export function checkDisagreements(location: string, text: string): Problem[] {
  if (!text.includes(`${ALTERNATIVES_KEY}:`)) return [];
  const listed = listDisagreements(text);
  if (!listed.ok) return [];
  return listed.disagreements.map((d) => ({
    location,
    line: d.line,
    column: 1,
    severity: 'warning' as const,
    code: 'merge-disagreement' as const,
    message: `${d.id ?? basename(location).replace(/\.ya?ml$/, '')}: the annotators disagree, ${describeDisagreement(d)}. Settle it with “Resolve Merge Conflict by Annotation Id”, or keep one reading and delete the ${ALTERNATIVES_KEY} key`,
    ...(d.collection === 'quotes' || d.collection === 'mentions' ? { annotationId: d.id ?? undefined } : {}),
  }));
}

/** Orders problems by location, line, column, then code and message. */
export function sortProblems<T extends Problem>(problems: T[]): T[] {
  return problems.sort(
    (a, b) =>
      compareText(a.location, b.location) ||
      a.line - b.line ||
      a.column - b.column ||
      compareText(a.code, b.code) ||
      compareText(a.message, b.message),
  );
}

/** Formats a problem as `path:line:col: severity: message [code]`. */
export function formatProblem(problem: Problem, path: string = problem.location): string {
  return `${path}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message} [${problem.code}]`;
}

// ---- helpers ----------------------------------------------------------------

/**
 * The problem with a sidecar's `document` field, if any: it must be the file
 * name of the document beside it. The field is only compared, never followed.
 */
function documentFieldProblem(sidecarLocation: string, document: string, sidecarText: string | undefined, expected: string): { problem: Problem; outside: boolean } | null {
  if (document === expected) return null;
  const where = keyPosition(sidecarText, 'document');
  const outside = resolveInside(dirname(sidecarLocation), document) === null;
  return {
    outside,
    problem: {
      location: sidecarLocation,
      ...where,
      severity: outside ? 'error' : 'warning',
      code: 'sidecar-orphan',
      message: outside
        ? `document “${clip(document)}” points outside the sidecar's folder: it must be the file name ${expected}`
        : `document “${clip(document)}” does not match the sidecar's file name: expected ${expected}`,
    },
  };
}

function mismatch(
  location: string,
  kind: 'quote' | 'mention',
  id: string,
  anchor: Anchor,
  points: CodePointMap,
  where: Pick<Problem, 'line' | 'column' | 'endLine' | 'endColumn'>,
): Problem {
  const found = anchor.end <= points.length ? `“${clip(points.slice(anchor.start, anchor.end))}”` : 'the end of the document';
  return {
    location,
    ...where,
    severity: 'error',
    code: 'anchor-mismatch',
    message: `${kind} ${id}: expected “${clip(anchor.exact)}” at ${anchor.start}–${anchor.end} but found ${found}`,
    annotationId: id,
  };
}

function spanPosition(lines: LineMap, start: number, end: number): Pick<Problem, 'line' | 'column' | 'endLine' | 'endColumn'> {
  const a = lines.position(start);
  const b = lines.position(end);
  return { line: a.line + 1, column: a.column + 1, endLine: b.line + 1, endColumn: b.column + 1 };
}

/** FileProblems (columns in UTF-16 units from the YAML parser) as Problems with code-point columns. */
function fileProblems(location: string, list: readonly FileProblem[], code: ProblemCode, text: string | undefined, what: string): Problem[] {
  const lineTexts = text === undefined ? null : stripBom(text).split('\n');
  return list.map((p) => {
    const lineText = lineTexts?.[p.line - 1];
    const column = lineText === undefined ? p.column : [...lineText.slice(0, Math.max(0, p.column - 1))].length + 1;
    return { location, line: p.line, column, severity: 'error' as const, code: p.code ?? code, message: `${what}: ${p.message}` };
  });
}

/** Position of a top-level `key:` in YAML text, or line 1, column 1. */
function keyPosition(text: string | undefined, key: string): { line: number; column: number } {
  if (text !== undefined) {
    const lines = stripBom(text).split('\n');
    const re = new RegExp(`^${key}\\s*:`);
    const index = lines.findIndex((l) => re.test(l));
    if (index >= 0) return { line: index + 1, column: 1 };
  }
  return { line: 1, column: 1 };
}

function clip(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
