/**
 * Highlights of tagged quotes and actor mentions in seed documents, in two
 * styles drawn from theme colours, and the hover that names the speaker, the
 * cue and the actor's kind.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { contains } from '../core/anchoring/anchor';
import type { Actor, Registry } from '../core/files/registry';
import type { Annotation } from '../core/files/sidecar';
import type { AnnotationStore } from '../core/files/store';
import type { AnchorTracker } from './liveAnchoring';
import { EditorText } from './editorText';
import { toLocation } from './workspaceFiles';
import type { Config } from './config';

/** Draws the annotation highlights in every visible seed editor. */
export class Highlights extends Disposable {
  private readonly quoteStyle = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('seedAnnotator.quoteBackground'),
    borderColor: new vscode.ThemeColor('seedAnnotator.quoteBorder'),
    borderStyle: 'solid',
    borderWidth: '0 0 2px 0',
    overviewRulerColor: new vscode.ThemeColor('seedAnnotator.quoteBorder'),
    overviewRulerLane: vscode.OverviewRulerLane.Right,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly actorStyle = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('seedAnnotator.actorBackground'),
    borderColor: new vscode.ThemeColor('seedAnnotator.actorBorder'),
    borderStyle: 'solid',
    borderWidth: '1px',
    borderRadius: '3px',
    overviewRulerColor: new vscode.ThemeColor('seedAnnotator.actorBorder'),
    overviewRulerLane: vscode.OverviewRulerLane.Center,
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  /** The ranges last drawn per document, so that tests and the status bar can read them. */
  private readonly drawn = new Map<string, { quotes: vscode.Range[]; mentions: vscode.Range[] }>();
  private readonly drawEmitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after the highlights of a document were drawn. */
  readonly onDidDraw = this.drawEmitter.event;

  constructor(private readonly store: AnnotationStore, private readonly tracker: AnchorTracker, private readonly config: Config) {
    super();
    this._register(
      tracker.onDidChangeAnchors((location) => {
        for (const editor of vscode.window.visibleTextEditors) if (toLocation(editor.document.uri) === location) void this.refresh(editor);
      }),
      this.drawEmitter,
      this.quoteStyle,
      this.actorStyle,
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshAll()),
      // A document given the seed language is closed and opened again under it.
      vscode.workspace.onDidOpenTextDocument(() => this.refreshAll()),
      config.onDidChange(['highlight'], () => this.refreshAll()),
      store.onDidChange((change) => {
        const changed = new Set(change.documents);
        for (const editor of vscode.window.visibleTextEditors) {
          if (change.registry || changed.has(toLocation(editor.document.uri))) void this.refresh(editor);
        }
      }),
    );
    this.refreshAll();
  }

  /** The ranges last drawn in a document's editors. */
  drawnRanges(uri: vscode.Uri): { quotes: readonly vscode.Range[]; mentions: readonly vscode.Range[] } {
    return this.drawn.get(toLocation(uri)) ?? { quotes: [], mentions: [] };
  }

  /** Redraws every visible editor. */
  refreshAll(): void {
    for (const editor of vscode.window.visibleTextEditors) void this.refresh(editor);
  }

  private async refresh(editor: vscode.TextEditor): Promise<void> {
    if (editor.document.languageId !== 'seed') return;
    const enabled = this.config.highlightEnabled;
    const state = await this.store.sidecar(toLocation(editor.document.uri)).catch(() => undefined);
    let quotes: vscode.Range[] = [];
    let mentions: vscode.Range[] = [];
    if (enabled && state?.status === 'ok') {
      const text = EditorText.of(editor.document);
      const location = toLocation(editor.document.uri);
      // Live anchors follow unsaved edits; annotations under review are not drawn where they no longer are.
      const current = this.tracker.currentAnnotations(location, state.sidecar.annotations) ?? state.sidecar.annotations;
      quotes = current.filter((a) => a.kind === 'quote').map((q) => text.rangeOf(q.anchor));
      mentions = current.filter((a) => a.kind === 'mention').map((m) => text.rangeOf(m.anchor));
    }
    editor.setDecorations(this.quoteStyle, quotes);
    editor.setDecorations(this.actorStyle, mentions);
    this.drawn.set(toLocation(editor.document.uri), { quotes, mentions });
    this.drawEmitter.fire(editor.document.uri);
  }
}

/** Shows who said a quote, with which cue, and what kind of actor is mentioned. */
export class AnnotationHover implements vscode.HoverProvider {
  constructor(private readonly store: AnnotationStore, private readonly tracker: AnchorTracker) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const location = toLocation(document.uri);
    const state = await this.store.sidecar(location);
    if (state.status !== 'ok') return undefined;
    const text = EditorText.of(document);
    const offset = text.offsetAt(position);
    const current = this.tracker.currentAnnotations(location, state.sidecar.annotations) ?? state.sidecar.annotations;
    const hits = current.filter((a) => contains(a.anchor, offset) && offset < a.anchor.end);
    if (hits.length === 0) return undefined;
    const registryState = await this.store.registry(location);
    const registry = registryState.status === 'ok' ? registryState.registry : null;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: ['seedAnnotator.editAnnotation', 'seedAnnotator.removeAnnotation'] };
    for (const hit of hits) markdown.appendMarkdown(describeAnnotation(hit, registry, location));
    const widest = hits.reduce((a, b) => (b.anchor.end - b.anchor.start > a.anchor.end - a.anchor.start ? b : a));
    return new vscode.Hover(markdown, text.rangeOf(widest.anchor));
  }
}

function commandLink(title: string, command: string, args: unknown[], tooltip: string): string {
  return `[${title}](command:${command}?${encodeURIComponent(JSON.stringify(args))} "${tooltip}")`;
}

function describeAnnotation(annotation: Annotation, registry: Registry | null, location: string): string {
  const links = `${commandLink('$(edit) Edit…', 'seedAnnotator.editAnnotation', [location, annotation.id], 'Change the speaker, cue, direct or indirect, or span (Ctrl+Alt+E)')} · ${commandLink('$(trash) Remove', 'seedAnnotator.removeAnnotation', [location, annotation.id], 'Remove this annotation (Ctrl+Z undoes it)')}`;
  return describeOne(annotation, registry).replace(/\n\n$/, `  \n${links}\n\n`);
}

function describeOne(annotation: Annotation, registry: Registry | null): string {
  if (annotation.kind === 'quote') {
    const speaker = annotation.speaker ? registry?.get(annotation.speaker) : undefined;
    const who = speaker ? `**${escape(speaker.name)}** (${speaker.kind})` : annotation.speaker ? `**${escape(annotation.speaker)}** (not in the registry)` : '_no speaker yet_';
    const cue = annotation.cue ? ` · cue *${escape(annotation.cue)}*` : ' · no cue';
    return `$(quote) **Quote** by ${who}${cue} · ${annotation.direct ? 'direct' : 'indirect'}  \n\`${annotation.id}\`${provenance(annotation)}\n\n`;
  }
  const actor: Actor | undefined = registry?.get(annotation.actor);
  if (!actor) return `$(person) **Actor** ${escape(annotation.actor)} (not in the registry)  \n\`${annotation.id}\`${provenance(annotation)}\n\n`;
  const aliases = actor.aliases.length ? ` · also ${actor.aliases.map(escape).join(', ')}` : '';
  return `$(person) **Actor** ${escape(actor.name)} · ${actor.kind}${aliases}  \n\`${annotation.id}\`${provenance(annotation)}\n\n`;
}

/** ` · tagged by NAME on DATE, TIME UTC`, from the annotation's `creator` and `created`. */
function provenance(annotation: Annotation): string {
  if (!annotation.creator && !annotation.created) return '';
  const when = annotation.created ? ` on ${escape(annotation.created.replace('T', ', ').replace(/(\.\d+)?Z$/, ' UTC'))}` : '';
  return ` · tagged${annotation.creator ? ` by ${escape(annotation.creator)}` : ''}${when}`;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}
