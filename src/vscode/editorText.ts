/**
 * The boundary between VS Code (UTF-16 offsets and positions in the text as
 * the editor holds it, where a CRLF counts two) and the core (code-point
 * offsets in the anchor text, where every line end is one LF). Every
 * conversion happens here.
 */

import * as vscode from 'vscode';
import type { Span } from '../core/format/format';
import { DocumentText } from '../core/text/lineEnds';
import type { CodePointMap } from '../core/text/text';

/** A document's anchor text with its offset maps, cached per document version. */
export class EditorText {
  private static readonly cache = new WeakMap<vscode.TextDocument, EditorText>();

  private constructor(readonly document: vscode.TextDocument, readonly converted: DocumentText, readonly version: number) {}

  /** The text of a document, reusing the last conversion while the version is unchanged. */
  static of(document: vscode.TextDocument): EditorText {
    const cached = EditorText.cache.get(document);
    if (cached && cached.version === document.version) return cached;
    const fresh = new EditorText(document, new DocumentText(document.getText()), document.version);
    EditorText.cache.set(document, fresh);
    return fresh;
  }

  /** The anchor text: what the core reads, LF line ends whatever the file has. */
  get text(): string {
    return this.converted.text;
  }

  /** Code points of the anchor text. */
  get points(): CodePointMap {
    return this.converted.points;
  }

  /** Code-point offset of a position. */
  offsetAt(position: vscode.Position): number {
    return this.converted.fromStored(this.document.offsetAt(position));
  }

  /** Position of a code-point offset. */
  positionAt(offset: number): vscode.Position {
    return this.document.positionAt(this.converted.toStored(offset));
  }

  /** Range of a code-point span. */
  rangeOf(span: Span): vscode.Range {
    return new vscode.Range(this.positionAt(span.start), this.positionAt(span.end));
  }

  /** Code-point span of a range or selection. */
  spanOf(range: vscode.Range): Span {
    return { start: this.offsetAt(range.start), end: this.offsetAt(range.end) };
  }
}
