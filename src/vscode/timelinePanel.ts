/**
 * The timeline: a webview panel that draws who was quoted when, one row per
 * speaker on a shared date axis. The layout is computed by the core
 * (`buildTimeline`); the webview script (media/timeline.js) only draws it as
 * SVG and posts back the point the user opens. It follows the ledger and the
 * registry while it is open.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import type { LedgerQuote } from '../core/whoSaid/ledger';
import { buildTimeline, type TimelineActorInfo, type TimelineLayout } from '../core/whoSaid/timeline';
import type { AnnotationStore } from '../core/files/store';
import { registryLocations } from './actorsTree';
import { EditorText } from './editorText';
import { toUri } from './workspaceFiles';
import type { LedgerService } from './ledgerLoader';
import type { Config } from './config';

/** The webview panel's type, also the serializer's key. */
export const TIMELINE_VIEW_TYPE = 'seedAnnotator.timeline';

/** What the extension posts to the webview. */
export type TimelineData = { readonly type: 'data' } & TimelineLayout;

/** What the webview reports after drawing. */
export interface TimelineDrawn {
  readonly rows: number;
  readonly points: number;
  readonly empty: boolean;
}

/** Messages from the webview. */
type FromWebview =
  | { readonly type: 'ready' }
  | { readonly type: 'open'; readonly quoteId: string; readonly document: string }
  | { readonly type: 'drawn'; readonly rows: number; readonly points: number; readonly empty: boolean };

const DEBOUNCE_MS = 120;

/** Owns the timeline panel (at most one). */
export class TimelinePanel extends Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private panelDisposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private posted: TimelineData | undefined;
  private drawn: TimelineDrawn | undefined;
  private generation = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly ledger: LedgerService,
    private readonly store: AnnotationStore,
    private readonly log: vscode.LogOutputChannel,
    private readonly config: Config,
  ) {
    super();
    this._register(
      ledger.ledger.onDidChange(() => this.schedule()),
      store.onDidChange((change) => {
        if (change.registry) this.schedule();
      }),
    );
  }

  /** Shows the timeline, creating the panel on first use. */
  async show(): Promise<void> {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      return;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    this.attach(vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, 'Quote Timeline', { viewColumn: column, preserveFocus: false }, this.options()));
    await this.update();
  }

  /** Takes over a panel restored by VS Code after a reload. */
  async restore(panel: vscode.WebviewPanel): Promise<void> {
    if (this.panel) {
      // One timeline is enough.
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(panel);
    await this.update();
  }

  /** True while the panel is open and visible. */
  get isVisible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** The editor column of the panel, while it is open. */
  get viewColumn(): vscode.ViewColumn | undefined {
    return this.panel?.viewColumn;
  }

  /** True while the panel is open (visible or not). */
  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The last data posted to the webview. */
  lastPosted(): TimelineData | undefined {
    return this.posted;
  }

  /** What the webview last reported having drawn. */
  lastDrawn(): TimelineDrawn | undefined {
    return this.drawn;
  }

  /** Opens a quote as a click on its point does. */
  async openPoint(quoteId: string, document: string): Promise<vscode.TextEditor | undefined> {
    await this.ledger.ensureLoaded();
    const quote = this.ledger.ledger.allQuotes().find((q) => q.id === quoteId && q.document === document);
    const point = quote ? undefined : this.posted?.rows.flatMap((r) => r.points).find((p) => p.quoteId === quoteId && p.document === document);
    const span = quote ? { start: quote.anchor.start, end: quote.anchor.end } : point;
    if (!span) {
      void vscode.window.showWarningMessage('That quote is no longer in the corpus.');
      this.schedule();
      return undefined;
    }
    // Open beside the timeline so that it stays in view.
    const column = this.panel?.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    const doc = await vscode.workspace.openTextDocument(toUri(document));
    const range = EditorText.of(doc).rangeOf({ start: span.start, end: span.end });
    const editor = await vscode.window.showTextDocument(doc, { selection: range, preview: true, viewColumn: this.panel ? column : undefined });
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return editor;
  }

  /** Closes the panel. */
  close(): void {
    this.panel?.dispose();
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, retainContextWhenHidden: false, enableFindWidget: false, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'media')] };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.posted = undefined;
    this.drawn = undefined;
    panel.webview.html = this.html(panel.webview);
    this.panelDisposables.push(
      panel.webview.onDidReceiveMessage((message: FromWebview) => this.receive(message)),
      panel.onDidChangeViewState(() => {
        // The webview's content is rebuilt when it becomes visible again; it asks for the data with 'ready'.
        if (!panel.visible) this.drawn = undefined;
      }),
      panel.onDidDispose(() => {
        for (const d of this.panelDisposables) d.dispose();
        this.panelDisposables = [];
        this.panel = undefined;
        this.drawn = undefined;
        if (this.timer) clearTimeout(this.timer);
        this.timer = undefined;
      }),
    );
  }

  private receive(message: FromWebview): void {
    switch (message?.type) {
      case 'ready':
        if (this.posted) void this.post(this.posted);
        else void this.update();
        break;
      case 'open':
        if (typeof message.quoteId === 'string' && typeof message.document === 'string') {
          this.openPoint(message.quoteId, message.document).catch((error: unknown) => {
            this.log.error(`cannot open the quote: ${String(error)}`);
            void vscode.window.showErrorMessage(`Seed Annotator: cannot open the quote: ${error instanceof Error ? error.message : String(error)}`);
          });
        }
        break;
      case 'drawn':
        this.drawn = { rows: Number(message.rows) || 0, points: Number(message.points) || 0, empty: Boolean(message.empty) };
        break;
    }
  }

  private schedule(): void {
    if (!this.panel || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, DEBOUNCE_MS);
  }

  /** Recomputes the layout and posts it. */
  private async update(): Promise<void> {
    const generation = ++this.generation;
    try {
      await this.ledger.ensureLoaded();
      const quotes = this.ledger.ledger.allQuotes();
      const actors = await this.actorInfo(quotes);
      if (generation !== this.generation || !this.panel) return;
      const layout = buildTimeline(quotes, actors, { documentLabel: (d) => vscode.workspace.asRelativePath(toUri(d), false) });
      await this.post({ type: 'data', ...layout });
    } catch (error) {
      this.log.error(`cannot draw the timeline: ${String(error)}`);
    }
  }

  private async post(data: TimelineData): Promise<void> {
    if (!this.panel) return;
    this.posted = data;
    await this.panel.webview.postMessage(data);
  }

  /** Names and kinds of the speakers, from the workspace registries, then from each document's own. */
  private async actorInfo(quotes: readonly LedgerQuote[]): Promise<Map<string, TimelineActorInfo>> {
    const info = new Map<string, TimelineActorInfo>();
    for (const location of registryLocations(this.config)) {
      const state = await this.store.registryAt(location);
      if (state.status !== 'ok') continue;
      for (const actor of state.registry.actors) if (!info.has(actor.id)) info.set(actor.id, { name: actor.name, kind: actor.kind });
    }
    const missing = new Map<string, string>();
    for (const q of quotes) if (q.speaker && !info.has(q.speaker) && !missing.has(q.speaker)) missing.set(q.speaker, q.document);
    for (const [id, document] of missing) {
      const state = await this.store.registry(document).catch(() => undefined);
      const actor = state?.status === 'ok' ? state.registry.get(id) : undefined;
      if (actor) info.set(id, { name: actor.name, kind: actor.kind });
    }
    return info;
  }

  private html(webview: vscode.Webview): string {
    const nonce = makeNonce();
    const media = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', name)).toString();
    const csp = [`default-src 'none'`, `img-src ${webview.cspSource} data:`, `style-src ${webview.cspSource}`, `font-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('timeline.css')}">
<title>Quote Timeline</title>
</head>
<body data-state="loading">
<header class="top">
  <h1 id="title">Quote timeline</h1>
  <p id="summary" class="summary" aria-live="polite">Loading the quotes…</p>
  <ul class="legend" aria-label="Legend">
    <li><svg width="14" height="14" aria-hidden="true"><circle class="swatch direct" cx="7" cy="7" r="5"></circle></svg>Direct quote</li>
    <li><svg width="14" height="14" aria-hidden="true"><circle class="swatch indirect" cx="7" cy="7" r="5"></circle></svg>Indirect quote</li>
  </ul>
</header>
<main id="chart" class="chart">
  <svg id="timeline" role="group" aria-labelledby="title" data-ready="false" width="0" height="0"></svg>
  <div id="empty" class="empty" hidden>
    <p class="empty-title">No quotes tagged yet…</p>
    <p>Select a quote in a seed document and run <strong>Seed Annotator: Tag Quote…</strong> (Ctrl+Alt+Q). Each quote appears here at its document’s date, on its speaker’s row.</p>
  </div>
</main>
<footer id="notes" class="notes"></footer>
<div id="tooltip" class="tooltip" role="tooltip" hidden></div>
<script nonce="${nonce}" src="${media('timeline.js')}"></script>
</body>
</html>`;
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.panel?.dispose();
    super.dispose();
  }
}

function makeNonce(): string {
  // Web Crypto: present in Node 20+ and in the browser's web worker alike.
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes));
}
