// The typed settings (src/vscode/config.ts) and the command guard (src/vscode/commandGuard.ts),
// with fakes of the few vscode functions they use.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Refusal } from '../../src/core/errors';
import { TagError } from '../../src/core/tagging/tagging';
import { guardCommand, type GuardSink } from '../../src/vscode/commandGuard';
import { Config, CONFIG_SECTION, SETTING_DEFAULTS, type SettingsSource } from '../../src/vscode/config';

// Bundled to out/test/unit/config.test.js, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');

interface Manifest {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
}

/** A settings source that holds `values` and records updates. */
function fakeSource(values: Record<string, unknown>): SettingsSource & { updates: Array<[string, unknown]> } {
  const updates: Array<[string, unknown]> = [];
  const source = {
    updates,
    getConfiguration: (section?: string) => {
      assert.equal(section, CONFIG_SECTION);
      return {
        get: (key: string) => values[key],
        update: async (key: string, value: unknown) => {
          updates.push([key, value]);
        },
      };
    },
    onDidChangeConfiguration: () => ({ dispose() {} }),
  };
  return source as unknown as SettingsSource & { updates: Array<[string, unknown]> };
}

describe('config', () => {
  it('has the same defaults as package.json contributes, setting for setting', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as Manifest;
    const contributed = Object.fromEntries(
      Object.entries(manifest.contributes.configuration.properties).map(([key, value]) => [key.slice(`${CONFIG_SECTION}.`.length), value.default]),
    );
    assert.deepEqual({ ...SETTING_DEFAULTS, cueVerbs: [...SETTING_DEFAULTS.cueVerbs] }, contributed);
  });

  it('reads each setting, typed', () => {
    const config = new Config(fakeSource({
      'documents.sortOrder': 'oldestFirst',
      'documents.include': '**/*.seed.txt',
      'documents.exclude': '**/old/**',
      cueVerbs: ['sagte'],
      registryFileName: 'people.yaml',
      'highlight.enabled': false,
      'suggestions.enabled': false,
    }));
    assert.equal(config.sortOrder, 'oldestFirst');
    assert.equal(config.include, '**/*.seed.txt');
    assert.equal(config.exclude, '**/old/**');
    assert.deepEqual(config.cueVerbs, ['sagte']);
    assert.equal(config.registryFileName, 'people.yaml');
    assert.equal(config.highlightEnabled, false);
    assert.equal(config.suggestionsEnabled, false);
  });

  it('falls back to the default for a missing, empty or mistyped value', () => {
    const config = new Config(fakeSource({ 'documents.sortOrder': 'sideways', 'documents.exclude': '', cueVerbs: 'said', registryFileName: 42, 'highlight.enabled': 'yes' }));
    assert.equal(config.sortOrder, SETTING_DEFAULTS['documents.sortOrder']);
    assert.equal(config.include, SETTING_DEFAULTS['documents.include']);
    assert.equal(config.exclude, SETTING_DEFAULTS['documents.exclude']);
    assert.deepEqual(config.cueVerbs, SETTING_DEFAULTS.cueVerbs);
    assert.equal(config.registryFileName, 'actors.yaml');
    assert.equal(config.highlightEnabled, true);
  });

  it('saves the sort order under its key', async () => {
    const source = fakeSource({});
    await new Config(source).setSortOrder('oldestFirst');
    assert.deepEqual(source.updates, [['documents.sortOrder', 'oldestFirst']]);
  });
});

describe('command guard', () => {
  function sink(): GuardSink & { seen: string[] } {
    const seen: string[] = [];
    return {
      seen,
      info: (m) => seen.push(`info: ${m}`),
      error: (e) => seen.push(`error: ${e instanceof Error ? e.message : e}`),
      showWarning: (m) => seen.push(`warning shown: ${m}`),
      showError: (m) => seen.push(`error shown: ${m}`),
    };
  }

  it('passes the arguments through and resolves to the result', async () => {
    const s = sink();
    assert.equal(await guardCommand('x.add', (a, b) => Number(a) + Number(b), s)(2, 3), 5);
    assert.deepEqual(s.seen, []);
  });

  it('shows a refusal as a warning and logs it as information, not as a failure', async () => {
    const s = sink();
    assert.equal(await guardCommand('x.tag', () => { throw new TagError('Select the words of the quote first.'); }, s)(), undefined);
    assert.deepEqual(s.seen, ['info: x.tag refused: Select the words of the quote first.', 'warning shown: Select the words of the quote first.']);
    assert.ok(new TagError('') instanceof Refusal);
  });

  it('logs any other failure, rejected or thrown, and shows it as an error', async () => {
    const s = sink();
    assert.equal(await guardCommand('x.fail', async () => { throw new Error('disk on fire'); }, s)(), undefined);
    assert.deepEqual(s.seen, ['error: disk on fire', 'error shown: Seed Annotator: disk on fire']);
  });

  it('says "permission denied" when a write is refused by the file system', async () => {
    const s = sink();
    await guardCommand('x.write', () => Promise.reject(new Error('EACCES: permission denied, open a.annotations.yaml')), s)();
    assert.match(s.seen[1]!, /^error shown: Seed Annotator: cannot write the sidecar: permission denied/);
  });
});
