/**
 * Safe loading of hand-edited YAML (sidecars and the actor registry): hostile
 * input is rejected with a clear message and a line and column, never thrown.
 */

import { type Document, Lexer, LineCounter, parseDocument, type Node } from 'yaml';
import { firstConflictLine } from '../merge/conflictMarkers';

/** A problem in a file, with a one-based line and column. */
export interface FileProblem {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  /** The file it is in, relative to the corpus root, when it is not the file being read as a whole (an actor file of the registry). */
  readonly file?: string;
  /** Set when the problem is git conflict markers left by a merge: the file is resolved, not repaired by hand. */
  readonly code?: 'merge-conflict';
}

/**
 * What a file with conflict markers is told: what happened, then what to do.
 * The markers are found before parsing, so they are never reported as the
 * YAML errors they cause ("Implicit keys need to be on a single line").
 */
export const MERGE_CONFLICT_MESSAGE =
  'merge conflict: git left conflict markers (<<<<<<< ======= >>>>>>>) in this file. Run “Resolve Merge Conflict by Annotation Id” (or seed-annotator resolve DIR) to merge both sides by id; nothing is written to the file until then';

/** True when the problems say the file holds git conflict markers. */
export function isMergeConflict(problems: readonly FileProblem[]): boolean {
  return problems.some((p) => p.code === 'merge-conflict');
}

/** Largest sidecar or registry we read. Larger files are refused rather than parsed. */
export const MAX_YAML_BYTES = 8 * 1024 * 1024;
/** Deepest nesting we accept; our files are four levels deep. */
export const MAX_YAML_DEPTH = 64;
/** Aliases are never needed in our files; a handful is tolerated for hand edits. */
export const MAX_ALIAS_COUNT = 50;

/** A parsed YAML file: the editable document, or the problems that stop it being used. */
export interface LoadedYaml {
  readonly doc: Document | null;
  readonly problems: FileProblem[];
  readonly lines: LineCounter;
}

/** Parses YAML text with limits on size, depth and aliases. */
export function loadYaml(text: string): LoadedYaml {
  const lines = new LineCounter();
  if (text.length > MAX_YAML_BYTES) {
    return {
      doc: null,
      lines,
      problems: [{ message: `file is too large to be a sidecar (${Math.round(text.length / 1048576)} MB; the limit is ${MAX_YAML_BYTES / 1048576} MB)`, line: 1, column: 1 }],
    };
  }
  const conflictLine = firstConflictLine(text);
  if (conflictLine !== null) return { doc: null, lines, problems: [{ message: MERGE_CONFLICT_MESSAGE, line: conflictLine, column: 1, code: 'merge-conflict' }] };
  const depth = nestingDepth(text);
  if (depth > MAX_YAML_DEPTH) {
    return { doc: null, lines, problems: [{ message: `nesting is ${depth} levels deep; the limit is ${MAX_YAML_DEPTH}`, line: 1, column: 1 }] };
  }
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, strict: true, logLevel: 'error' });
  } catch (error) {
    return { doc: null, lines, problems: [{ message: `cannot parse YAML: ${String(error)}`, line: 1, column: 1 }] };
  }
  const problems: FileProblem[] = doc.errors.map((e) => ({
    message: e.message.split('\n')[0]!,
    ...position(lines, e.pos[0]),
  }));
  if (problems.length === 0) {
    try {
      // Resolving aliases is where an alias bomb would explode: the limit stops it.
      doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      problems.push({ message: `rejected: ${message}`, line: 1, column: 1 });
    }
  }
  return { doc: problems.length ? null : doc, problems, lines };
}

/** One-based line and column of a character offset. */
export function position(lines: LineCounter, offset: number): { line: number; column: number } {
  const p = lines.linePos(offset);
  return { line: p.line, column: p.col };
}

/** The one-based position of a node, or of the file start. */
export function nodePosition(lines: LineCounter, node: Node | null | undefined): { line: number; column: number } {
  return node?.range ? position(lines, node.range[0]) : { line: 1, column: 1 };
}

/**
 * Flow and block nesting depth, measured without composing the document, so
 * that a deeply nested file is refused before the parser recurses into it
 * (the composer recurses once per level and overflows the stack at a few
 * thousand). Block depth is estimated from the indentation and the `- `, `? `
 * and `: ` indicators at line starts; flow depth is counted on the tokens of
 * yaml's own (iterative) lexer, so quotes are understood exactly as the parser
 * understands them (`[a', [[[…` is a plain scalar `a'` then real nesting).
 */
function nestingDepth(text: string): number {
  let maxIndent = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (!lineStart) continue;
    const next = text[i + 1];
    if (c === ' ' || c === '-' || ((c === '?' || c === ':') && (next === ' ' || next === '\n' || next === undefined))) {
      indent++;
      continue;
    }
    lineStart = false;
    if (c !== '#') maxIndent = Math.max(maxIndent, indent);
  }
  const block = Math.ceil(maxIndent / 2);
  if (block > MAX_YAML_DEPTH) return block;
  let flow = 0;
  let maxFlow = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '[' || token === '{') maxFlow = Math.max(maxFlow, ++flow);
    else if (token === ']' || token === '}') flow = Math.max(0, flow - 1);
  }
  return Math.max(maxFlow, block);
}

