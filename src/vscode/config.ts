/**
 * The extension's settings, typed, with one source of defaults. Settings are
 * read here and nowhere else (as rust-analyzer's `editors/code/src/config.ts`
 * does). A unit test checks that {@link SETTING_DEFAULTS} equals the defaults
 * package.json contributes, so the two cannot drift apart.
 */

import type * as vscode from 'vscode';
import type { SortOrder } from '../core/corpus/corpusIndex';
import { DEFAULT_REGISTRY_FILE } from '../core/files/registry';

/** The settings' section: every key below is `seedAnnotator.<key>`. */
export const CONFIG_SECTION = 'seedAnnotator';

/** Every setting with its default, by key below {@link CONFIG_SECTION}. */
export const SETTING_DEFAULTS = {
  'documents.sortOrder': 'newestFirst' as SortOrder,
  'documents.include': '**/*.txt',
  'documents.exclude': '**/{node_modules,.git,.vscode-test,dist,out}/**',
  cueVerbs: [] as readonly string[],
  cueWordsByLanguage: {} as Readonly<Record<string, readonly string[]>>,
  registryFileName: DEFAULT_REGISTRY_FILE,
  annotator: '',
  'highlight.enabled': true,
  'git.offerMergeDriver': true,
  'suggestions.enabled': true,
} as const;

/** A setting's key below {@link CONFIG_SECTION}. */
export type SettingKey = keyof typeof SETTING_DEFAULTS;

/** The part of `vscode.workspace` that settings come from. */
export type SettingsSource = Pick<typeof vscode.workspace, 'getConfiguration' | 'onDidChangeConfiguration'>;

/** The extension's settings. Built once in the composition root and handed to whoever reads one. */
export class Config {
  constructor(private readonly source: SettingsSource) {}

  /** Order of the date groups in the Documents tree. */
  get sortOrder(): SortOrder {
    return this.get('documents.sortOrder', (v) => v === 'oldestFirst' || v === 'newestFirst');
  }

  /** Glob of the files that may be seed documents. */
  get include(): string {
    return this.get('documents.include', nonEmptyString);
  }

  /** Glob of the files and folders never scanned. */
  get exclude(): string {
    return this.get('documents.exclude', nonEmptyString);
  }

  /** The user's extra cue words, for every language. */
  get cueVerbs(): readonly string[] {
    return this.get('cueVerbs', isStringList);
  }

  /** The user's cue words by language code. */
  get cueWordsByLanguage(): Readonly<Record<string, readonly string[]>> {
    return this.get('cueWordsByLanguage', (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every(isStringList));
  }

  /** Both cue-word settings, as the core's tagging and suggestions take them. */
  get cueSettings(): { cueVerbs: string[]; cueWordsByLanguage: Record<string, string[]> } {
    const byLanguage = Object.fromEntries(Object.entries(this.cueWordsByLanguage).map(([language, words]) => [language, [...words]]));
    return { cueVerbs: [...this.cueVerbs], cueWordsByLanguage: byLanguage };
  }

  /** File name of the actor registry at the corpus root. */
  get registryFileName(): string {
    return this.get('registryFileName', nonEmptyString);
  }

  /** Whether tagged quotes and mentions are highlighted. */
  get highlightEnabled(): boolean {
    return this.get('highlight.enabled', isBoolean);
  }

  /** Whether untagged quotes are suggested. */
  get suggestionsEnabled(): boolean {
    return this.get('suggestions.enabled', isBoolean);
  }

  /** The annotator's name for `creator`; empty: git's user.name, else the OS user. */
  get annotator(): string {
    return this.get('annotator', (v) => typeof v === 'string');
  }

  /** Whether to offer, once per repository, to install the git merge driver. */
  get offerMergeDriver(): boolean {
    return this.get('git.offerMergeDriver', isBoolean);
  }

  /** Saves the sort order in the user's settings. */
  async setSortOrder(order: SortOrder): Promise<void> {
    // `true` is ConfigurationTarget.Global: this module imports only vscode's types.
    await this.source.getConfiguration(CONFIG_SECTION).update('documents.sortOrder', order, true);
  }

  /** Calls `listener` when any of the settings (or groups, such as `documents`) changes. */
  onDidChange(keys: readonly (SettingKey | 'documents' | 'highlight' | 'suggestions' | 'git')[], listener: () => void): vscode.Disposable {
    return this.source.onDidChangeConfiguration((e) => {
      if (keys.some((key) => e.affectsConfiguration(`${CONFIG_SECTION}.${key}`))) listener();
    });
  }

  /** The value of a setting, or its default when it is unset or not of its type. */
  private get<K extends SettingKey>(key: K, valid: (value: unknown) => boolean): (typeof SETTING_DEFAULTS)[K] {
    const value = this.source.getConfiguration(CONFIG_SECTION).get<unknown>(key);
    return valid(value) ? (value as (typeof SETTING_DEFAULTS)[K]) : SETTING_DEFAULTS[key];
  }
}

function nonEmptyString(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isBoolean(value: unknown): boolean {
  return typeof value === 'boolean';
}
