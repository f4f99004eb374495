/**
 * The boundary between VS Code (UTF-16 offsets, positions) and the core
 * (code-point offsets). Every conversion happens here.
 */

import * as vscode from 'vscode';
import type { Span } from '../core/format/format';
import { CodePointMap } from '../core/text/text';

/** A document's text with its code-point map, cached per document version. */
export class EditorText {
  private static readonly cache = new WeakMap<vscode.TextDocument, EditorText>();

  private constructor(readonly document: vscode.TextDocument, readonly text: string, readonly points: CodePointMap, readonly version: number) {}

  /** The text of a document, reusing the last conversion while the version is unchanged. */
  static of(document: vscode.TextDocument): EditorText {
    const cached = EditorText.cache.get(document);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    const fresh = new EditorText(document, text, new CodePointMap(text), document.version);
    EditorText.cache.set(document, fresh);
    return fresh;
  }

  /** Code-point offset of a position. */
  offsetAt(position: vscode.Position): number {
    return this.points.toCodePoint(this.document.offsetAt(position));
  }

  /** Position of a code-point offset. */
  positionAt(offset: number): vscode.Position {
    return this.document.positionAt(this.points.toUtf16(Math.min(offset, this.points.length)));
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
