/**
 * Quote suggestions in the editor: untagged quotes found next to a cue verb
 * are underlined subtly, offered as a quick fix ("Tag as quote by
 * Zelenskyy"), and can be walked one by one with accept / change speaker /
 * skip on single keys.
 */

import * as vscode from 'vscode';
import { Disposable } from '../core/disposable';
import { contentHash } from '../core/anchoring/anchor';
import type { Registry } from '../core/files/registry';
import type { QuoteRecord, Sidecar } from '../core/files/sidecar';
import type { AnnotationStore } from '../core/files/store';
import type { EditHistory } from '../core/files/history';
import { excerpt } from '../core/text/excerpt';
import { currentOrigin } from './undoCommands';
import { runsInWorker, suggestInBackground } from '../node/englishAnalyser';
import { guessActorKind } from '../core/tagging/actorKind';
import type { Suggestion } from '../core/tagging/suggest';
import type { SuggestionRun } from '../core/tagging/suggestionRuns';
import { addQuote, draftQuote, TagError } from '../core/tagging/tagging';
import { pickActor } from './actorPicker';
import { EditorText } from './editorText';
import { toLocation } from './workspaceFiles';
import type { Config } from './config';

const SUGGEST_DELAY_MS = 300;
/** Documents longer than this are not scanned for suggestions while typing. */
const MAX_SUGGEST_CHARS = 2_000_000;

/** Finds, draws and applies quote suggestions. */
export class SuggestionsAdapter extends Disposable implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly style = vscode.window.createTextEditorDecorationType({
    borderColor: new vscode.ThemeColor('editorInfo.foreground'),
    borderStyle: 'dotted',
    borderWidth: '0 0 1px 0',
    overviewRulerColor: new vscode.ThemeColor('editorInfo.foreground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  private readonly found = new Map<string, { version: number; suggestions: Suggestion[] }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  /** The run in progress for each document: a new edit or a new run cancels it. */
  private readonly runs = new Map<string, SuggestionRun<Suggestion[]>>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fires after a document's suggestions were computed and drawn. */
  readonly onDidUpdate = this.emitter.event;

  /** Whether the log has said where the first run went. */
  private toldWhere = false;

  constructor(
    private readonly store: AnnotationStore,
    private readonly config: Config,
    private readonly history?: EditHistory,
    private readonly log?: vscode.LogOutputChannel,
  ) {
    super();
    this._register(
      this.style,
      this.emitter,
      vscode.window.onDidChangeVisibleTextEditors(() => this.refreshVisible()),
      // A .txt opens as plain text and becomes a seed document a moment later (extension.ts,
      // promoteToSeed): VS Code reports that as the document opening again, its editor unchanged.
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (vscode.window.visibleTextEditors.some((e) => e.document === d)) this.schedule(d);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)),
      config.onDidChange(['suggestions', 'cueVerbs', 'cueWordsByLanguage'], () => this.refreshVisible()),
      store.onDidChange(() => this.refreshVisible()),
    );
    this.refreshVisible();
  }

  /** True once suggestion runs go to a worker, off the extension host's thread. */
  get runsInWorker(): boolean {
    return runsInWorker();
  }

  /** The suggestions last computed for a document. */
  suggestionsOf(uri: vscode.Uri): readonly Suggestion[] {
    return this.found.get(toLocation(uri))?.suggestions ?? [];
  }

  private refreshVisible(): void {
    for (const editor of vscode.window.visibleTextEditors) this.schedule(editor.document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (document.languageId !== 'seed') return;
    const key = toLocation(document.uri);
    clearTimeout(this.timers.get(key));
    this.cancelRun(key);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.update(document);
    }, SUGGEST_DELAY_MS));
  }

  private cancelRun(location: string): void {
    this.runs.get(location)?.cancel();
    this.runs.delete(location);
  }

  /**
   * Computes and draws a document's suggestions. The run goes to the
   * suggestion worker, which loads the language library at the first run (not
   * at activation) and analyses paragraph by paragraph, away from the host's
   * thread; a newer run or an edit of the document cancels it.
   */
  private async update(document: vscode.TextDocument): Promise<void> {
    if (document.isClosed) return;
    const location = toLocation(document.uri);
    this.cancelRun(location);
    const enabled = this.config.suggestionsEnabled;
    let suggestions: Suggestion[] = [];
    const version = document.version;
    const text = document.getText();
    if (enabled && text.length <= MAX_SUGGEST_CHARS) {
      const [sidecar, registryState] = await Promise.all([this.store.sidecar(location), this.store.registry(location)]);
      if (document.version !== version || document.isClosed) return;
      if (sidecar.status !== 'broken') {
        const run = suggestInBackground(text, {
          ...this.config.cueSettings,
          registry: registryState.status === 'ok' ? registryState.registry : null,
          existing: sidecar.status === 'ok' ? sidecar.sidecar.value.quotes : [],
        });
        this.cancelRun(location);
        this.runs.set(location, run);
        const result = await run.result;
        if (this.runs.get(location) === run) this.runs.delete(location);
        // Cancelled: a newer run draws instead.
        if (result === undefined) return;
        suggestions = result;
        if (!this.toldWhere) {
          this.toldWhere = true;
          // Says where the language library runs, which differs between hosts (and is how the browser test knows).
          this.log?.info(runsInWorker() ? "suggestions run in a worker with the language library, off the extension host's thread" : "suggestions run on the extension host's thread: no worker could start");
        }
      }
    }
    if (document.version !== version) return;
    this.found.set(location, { version: document.version, suggestions });
    const editorText = EditorText.of(document);
    const ranges = suggestions.map((s) => ({ range: editorText.rangeOf(s.span), hoverMessage: hoverOf(s) }));
    for (const editor of vscode.window.visibleTextEditors) if (editor.document === document) editor.setDecorations(this.style, ranges);
    this.emitter.fire(document.uri);
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    const text = EditorText.of(document);
    const span = text.spanOf(range);
    return this.suggestionsOf(document.uri)
      .filter((s) => s.span.start <= span.end && span.start <= s.span.end)
      .flatMap((s) => {
        const args = [toLocation(document.uri), s.span.start, s.span.end, s.speaker?.actorId ?? null, s.speaker?.name ?? null];
        const actions: vscode.CodeAction[] = [];
        if (s.speaker) {
          const a = new vscode.CodeAction(`Tag as quote by ${s.speaker.name}`, vscode.CodeActionKind.QuickFix);
          a.command = { title: a.title, command: 'seedAnnotator.acceptSuggestion', arguments: args };
          a.isPreferred = true;
          actions.push(a);
        }
        const other = new vscode.CodeAction(s.speaker ? 'Tag as quote by someone else…' : 'Tag as quote…', vscode.CodeActionKind.QuickFix);
        other.command = { title: other.title, command: 'seedAnnotator.acceptSuggestion', arguments: [args[0], args[1], args[2], null, null, true] };
        actions.push(other);
        return actions;
      });
  }

  /**
   * Tags a suggestion as a quote. With a speaker name that matches no actor,
   * the actor is created as a person; with `ask`, the speaker picker opens.
   */
  async accept(location: string, start: number, end: number, actorId: string | null, name: string | null, ask = false): Promise<string | undefined> {
    const document = vscode.workspace.textDocuments.find((d) => toLocation(d.uri) === location);
    if (!document) throw new TagError('Open the document first.');
    const text = EditorText.of(document).text;
    const draft = draftQuote(text, { start, end }, this.config.cueSettings);
    if (ask || (!actorId && !name)) {
      const registryState = await this.store.registry(location);
      if (registryState.status === 'broken') throw new TagError('Nothing was tagged: the actor registry cannot be read. Open it to fix it, or restore it from git.');
      const picked = await pickActor(registryState.registry, { title: `Speaker of “${excerpt(draft.anchor.exact, 60)}”`, placeholder: 'Who said it?', documentActors: [], value: name ?? undefined });
      if (!picked) return undefined;
      if ('actor' in picked) return this.tag(location, text, draft, () => picked.actor.id);
      return this.tag(location, text, draft, (r) => r.findByName(picked.name)?.id ?? r.add(picked.name, picked.kind).id);
    }
    // A suggested name that is not in the registry yet becomes an actor of the kind its name suggests.
    return this.tag(location, text, draft, (r) => (actorId && r.get(actorId) ? actorId : (r.findByName(name ?? '') ?? r.add(name ?? 'Unknown speaker', guessActorKind(name ?? ''))).id));
  }

  private async tag(location: string, text: string, draft: ReturnType<typeof draftQuote>, speakerOf: (registry: Registry) => string): Promise<string> {
    let speaker = '';
    const edit = (sidecar: Sidecar, registry: Registry): QuoteRecord => {
      const id = speakerOf(registry);
      speaker = registry.get(id)?.name ?? id;
      return addQuote(sidecar, draft, id);
    };
    const quote = this.history
      ? await this.history.edit(`tag suggested quote “${excerpt(draft.anchor.exact, 40)}”`, location, contentHash(text), edit, currentOrigin())
      : await this.store.edit(location, contentHash(text), edit);
    // Said once the step is recorded: from here Ctrl+Z in the document undoes it.
    vscode.window.setStatusBarMessage(`$(quote) Tagged ${quote.direct ? 'a direct' : 'an indirect'} quote by ${speaker}${quote.cue ? ` (${quote.cue})` : ''} (Ctrl+Z to undo)`, 6000);
    return quote.id;
  }

  /** Walks the document's untagged suggestions one by one. Returns how many were tagged. */
  async walk(editor: vscode.TextEditor): Promise<number> {
    const location = toLocation(editor.document.uri);
    await this.update(editor.document);
    const skipped = new Set<string>();
    let tagged = 0;
    for (let step = 0; ; step++) {
      const pending = this.suggestionsOf(editor.document.uri).filter((s) => !skipped.has(`${s.span.start}:${s.span.end}`));
      const next = pending[0];
      if (!next) break;
      const range = EditorText.of(editor.document).rangeOf(next.span);
      editor.selection = new vscode.Selection(range.start, range.end);
      editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      // “N left” counts the suggestions after this one.
      const answer = await askStep(next, EditorText.of(editor.document).points.slice(next.span.start, next.span.end), pending.length - 1, tagged + skipped.size + 1);
      if (answer === 'stop') break;
      if (answer === 'skip') {
        skipped.add(`${next.span.start}:${next.span.end}`);
        continue;
      }
      const id = await this.accept(location, next.span.start, next.span.end, answer === 'accept' ? next.speaker?.actorId ?? null : null, answer === 'accept' ? next.speaker?.name ?? null : null, answer === 'change');
      if (id) tagged++;
      else skipped.add(`${next.span.start}:${next.span.end}`);
      await this.update(editor.document);
      if (step > 10_000) break;
    }
    vscode.window.setStatusBarMessage(`$(quote) ${tagged} suggestion${tagged === 1 ? '' : 's'} tagged, ${skipped.size} skipped`, 5000);
    return tagged;
  }

  override dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    for (const location of [...this.runs.keys()]) this.cancelRun(location);
    super.dispose();
  }
}

function hoverOf(s: Suggestion): vscode.MarkdownString {
  const md = new vscode.MarkdownString(`$(lightbulb) **Suggested quote**${s.speaker ? ` by **${s.speaker.name}**` : ''}${s.cue ? ` · cue *${s.cue}*` : ''} · ${s.direct ? 'direct' : 'indirect'}\n\nUse the quick fix (Ctrl+.) to tag it, or **Seed Annotator: Review Quote Suggestions** to walk them all.`, true);
  return md;
}

type StepAnswer = 'accept' | 'change' | 'skip' | 'stop';

/** One step of the walk: a QuickPick answered by a single key (a, c, s) or by picking. */
function askStep(s: Suggestion, words: string, left: number, index: number): Promise<StepAnswer> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { answer: StepAnswer }>();
    pick.title = `Suggestion ${index} · ${left} more after this: “${excerpt(words, 70)}”${s.speaker ? ` by ${s.speaker.name}?` : ''}`;
    pick.placeholder = 'a = accept · c = change speaker · s = skip · Esc = stop';
    pick.items = [
      { label: `$(check) Accept${s.speaker ? `: quote by ${s.speaker.name}` : ''}`, description: 'a', answer: s.speaker ? 'accept' : 'change' },
      { label: '$(person) Change speaker…', description: 'c', answer: 'change' },
      { label: '$(debug-step-over) Skip', description: 's', answer: 'skip' },
      { label: '$(close) Stop', description: 'Esc', answer: 'stop' },
    ];
    let done = false;
    const finish = (answer: StepAnswer): void => {
      if (done) return;
      done = true;
      resolve(answer);
      pick.hide();
    };
    pick.onDidChangeValue((value) => {
      const key = value.trim().toLowerCase();
      if (key === 'a') finish(s.speaker ? 'accept' : 'change');
      else if (key === 'c') finish('change');
      else if (key === 's') finish('skip');
    });
    pick.onDidAccept(() => finish(pick.selectedItems[0]?.answer ?? pick.activeItems[0]?.answer ?? 'stop'));
    pick.onDidHide(() => {
      finish('stop');
      pick.dispose();
    });
    pick.show();
  });
}
