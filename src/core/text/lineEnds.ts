/**
 * Line ends. Git for Windows checks documents out with CRLF line ends, other
 * machines with LF; an anchor must mean the same on both. So every anchor
 * (offsets, `exact`, `prefix`, `suffix`) and every content hash is taken over
 * a document's *anchor text*: its text without a byte-order mark and with each
 * line end read as one LF. A CRLF is one line end; so is a lone CR, because
 * VS Code (and Python's universal newlines) break lines there too: were it
 * kept as a character, the editor and the CLI would count the same file
 * differently. On LF text the anchor text is the text itself, so sidecars
 * written before this rule keep their meaning.
 *
 * This module is the one place that maps between a text as stored (what a
 * file or an editor holds) and its anchor text.
 */

import { CodePointMap, stripBom } from './text';

/** The line-end rule, as a sidecar's `lineEnds` header records it: every line end counts as one LF. */
export const LINE_ENDS_RULE = 'lf';

const CR = /\r/;

/** The text with every CRLF and lone CR replaced by LF. */
export function normalizeLineEnds(text: string): string {
  return CR.test(text) ? text.replace(/\r\n?/g, '\n') : text;
}

/** The text anchors count over: no byte-order mark, every line end an LF. */
export function anchorText(stored: string): string {
  return normalizeLineEnds(stripBom(stored));
}

/**
 * Maps UTF-16 offsets between a text as stored (without a byte-order mark)
 * and its anchor text. A stored offset between the CR and the LF of a CRLF
 * maps to the start of that line end.
 */
export class LineEndMap {
  /** The anchor text. */
  readonly text: string;
  /** Anchor-text offsets of each LF that stands for a CRLF (the CR was dropped before it), ascending. */
  private readonly joined: number[] = [];

  constructor(readonly stored: string) {
    if (!CR.test(stored)) {
      this.text = stored;
      return;
    }
    let out = '';
    let from = 0;
    for (let i = stored.indexOf('\r'); i >= 0; i = stored.indexOf('\r', i + 1)) {
      out += stored.slice(from, i);
      if (stored.charCodeAt(i + 1) === 10) {
        this.joined.push(out.length);
        from = i + 1;
      } else {
        out += '\n';
        from = i + 1;
      }
    }
    this.text = out + stored.slice(from);
  }

  /** True when both texts are the same (no CR in the stored text). */
  get isIdentity(): boolean {
    return this.text === this.stored;
  }

  /** Anchor-text offset of a stored offset. */
  toAnchor(storedOffset: number): number {
    // The k-th joined LF sits at stored offset joined[k] + k + 1 (after its CR).
    return storedOffset - countLeading(this.joined.length, (k) => this.joined[k]! + k < storedOffset);
  }

  /** Stored offset of an anchor-text offset (an offset at a joined LF is before its CR). */
  toStored(anchorOffset: number): number {
    return anchorOffset + countLeading(this.joined.length, (k) => this.joined[k]! < anchorOffset);
  }
}

/** How many of the indices 0…n-1 satisfy `holds`, which holds for a prefix of them (binary search). */
function countLeading(n: number, holds: (k: number) => boolean): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (holds(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A document's text seen from both sides: code-point offsets in its anchor
 * text (what sidecars record) and UTF-16 offsets in the text as stored (what
 * an editor or a file holds).
 */
export class DocumentText {
  readonly lineEnds: LineEndMap;
  /** Code points of the anchor text. */
  readonly points: CodePointMap;

  /** @param stored the text as stored, without a byte-order mark */
  constructor(stored: string) {
    this.lineEnds = new LineEndMap(stored);
    this.points = new CodePointMap(this.lineEnds.text);
  }

  /** The anchor text. */
  get text(): string {
    return this.lineEnds.text;
  }

  /** Anchor code-point offset of a stored UTF-16 offset. */
  fromStored(storedOffset: number): number {
    return this.points.toCodePoint(this.lineEnds.toAnchor(storedOffset));
  }

  /** Stored UTF-16 offset of an anchor code-point offset. */
  toStored(offset: number): number {
    return this.lineEnds.toStored(this.points.toUtf16(Math.min(offset, this.points.length)));
  }
}

/** A line end written into a file. */
export type LineEnd = '\n' | '\r\n';

/**
 * The line end a file is written in: CRLF when most of its line ends are CRLF
 * (git converted it), LF otherwise. Writing it back in that one style never
 * leaves a mix.
 */
export function lineEndOf(text: string): LineEnd {
  if (!CR.test(text)) return '\n';
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const all = text.match(/\n/g)?.length ?? 0;
  return crlf * 2 > all ? '\r\n' : '\n';
}

/** The text with every LF and CRLF written as `lineEnd` (a lone CR, which YAML writers escape, is left alone). */
export function withLineEnd(text: string, lineEnd: LineEnd): string {
  return text.replace(/\r?\n/g, lineEnd);
}

/**
 * The `.gitattributes` lines that keep Seed Annotator's own files (sidecars,
 * the actor registry, one-file-per-actor folders) in LF on every machine, and
 * say nothing about the documents, whose line ends stay the user's choice
 * (anchors do not depend on them). For `seed-annotator git-setup`.
 */
export function lineEndAttributes(registryFileName = 'actors.yaml'): string[] {
  const registryStem = registryFileName.replace(/\.ya?ml$/, '');
  return ['*.annotations.yaml text eol=lf', `${registryFileName} text eol=lf`, `${registryStem}/*.yaml text eol=lf`];
}
