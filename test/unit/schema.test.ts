// The JSON schemas the extension contributes to the YAML extension (package.json yamlValidation)
// must agree with the core parsers: what Sidecar.parse / Registry.parse accept, the schema accepts,
// and what they refuse, the schema refuses. Checked with ajv (draft-07) on the seeds and on
// hand-made examples.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

// The test is bundled to out/test/unit/schema.test.js, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');
const seedsDir = path.join(repoRoot, 'seeds');

function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8')) as Record<string, unknown>;
}

function compile(relative: string): ValidateFunction {
  // VS Code's JSON and YAML language services read these keywords for hovers; ajv must know them.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'markdownEnumDescriptions']);
  return ajv.compile(readJson(relative));
}

const SIDECAR = `version: 1
document: a.txt
offsetUnit: codepoint
contentHash: null
quotes:
  - id: q-1
    speaker: joe-biden
    cue: said
    direct: true
    anchor:
      start: 10
      end: 20
      exact: "0123456789"
      prefix: ""
      suffix: ""
mentions:
  - id: m-1
    actor: joe-biden
    anchor:
      start: 30
      end: 35
      exact: "Biden"
      prefix: "Joe "
      suffix: " said"
`;

const REGISTRY = `version: 1
actors:
  joe-biden:
    name: Joe Biden
    kind: person
    aliases: [Biden]
    wikidata: Q6279
`;

/** Replaces `from` by `to` in `text`, failing when `from` is not there (so a broken example cannot silently stay valid). */
function edit(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `example has no ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

const BROKEN_SIDECARS: ReadonlyArray<[string, string]> = [
  ['an unknown offsetUnit', edit(SIDECAR, 'offsetUnit: codepoint', 'offsetUnit: utf16')],
  ['no offsetUnit', edit(SIDECAR, 'offsetUnit: codepoint\n', '')],
  ['another version', edit(SIDECAR, 'version: 1', 'version: 2')],
  ['the version as text', edit(SIDECAR, 'version: 1', 'version: "1"')],
  ['no document', edit(SIDECAR, 'document: a.txt\n', '')],
  ['an empty document name', edit(SIDECAR, 'document: a.txt', 'document: ""')],
  ['a contentHash that is a number', edit(SIDECAR, 'contentHash: null', 'contentHash: 42')],
  ['a quote without anchor.exact', edit(SIDECAR, '      exact: "0123456789"\n', '')],
  ['a quote without an anchor', edit(SIDECAR, `    anchor:
      start: 10
      end: 20
      exact: "0123456789"
      prefix: ""
      suffix: ""
`, '')],
  ['a quote without an id', edit(SIDECAR, '  - id: q-1\n    speaker', '  - speaker')],
  ['a negative start', edit(SIDECAR, 'start: 10', 'start: -1')],
  ['a fractional end', edit(SIDECAR, 'end: 20', 'end: 20.5')],
  ['a start written as text', edit(SIDECAR, 'start: 10', 'start: "10"')],
  ['direct as text', edit(SIDECAR, 'direct: true', 'direct: "yes"')],
  ['a speaker that is a list', edit(SIDECAR, 'speaker: joe-biden', 'speaker: [joe-biden]')],
  ['a cue that is a number', edit(SIDECAR, 'cue: said', 'cue: 7')],
  ['a prefix that is a number', edit(SIDECAR, 'prefix: ""', 'prefix: 3')],
  ['a mention without an actor', edit(SIDECAR, '    actor: joe-biden\n', '')],
  ['a mention with an empty actor', edit(SIDECAR, 'actor: joe-biden', 'actor: ""')],
  ['quotes that are a mapping', edit(SIDECAR, 'quotes:\n', 'quotes: {}\nunused:\n')],
  ['a quote that is a scalar', edit(SIDECAR, 'mentions:\n', 'mentions:\n  - just text\n')],
  ['a list at the root', '- version: 1\n'],
];

const VALID_SIDECARS: ReadonlyArray<[string, string]> = [
  ['the example', SIDECAR],
  ['keys written by hand', edit(edit(SIDECAR, 'version: 1', 'version: 1\nreviewer: Marta'), 'cue: said', 'cue: said\n    note: check the date')],
  ['no contentHash', edit(SIDECAR, 'contentHash: null\n', '')],
  ['a contentHash', edit(SIDECAR, 'contentHash: null', 'contentHash: "fnv1a:0123456789abcdef:10"')],
  ['no speaker, cue or direct flag', edit(SIDECAR, '    speaker: joe-biden\n    cue: said\n    direct: true\n', '')],
  ['a null speaker and cue', edit(edit(SIDECAR, 'speaker: joe-biden', 'speaker: null'), 'cue: said', 'cue: null')],
  ['no prefix and suffix', edit(edit(SIDECAR, '      prefix: ""\n', ''), '      suffix: ""\n', '')],
  ['null quotes and empty mentions', 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\nquotes:\nmentions: []\n'],
  ['no quotes or mentions', 'version: 1\ndocument: a.txt\noffsetUnit: codepoint\n'],
];

const BROKEN_REGISTRIES: ReadonlyArray<[string, string]> = [
  ['a wrong kind', edit(REGISTRY, 'kind: person', 'kind: politician')],
  ['no kind', edit(REGISTRY, '    kind: person\n', '')],
  ['no name', edit(REGISTRY, '    name: Joe Biden\n', '')],
  ['a blank name', edit(REGISTRY, 'name: Joe Biden', 'name: "  "')],
  ['a name that is a number', edit(REGISTRY, 'name: Joe Biden', 'name: 46')],
  ['a malformed wikidata id', edit(REGISTRY, 'wikidata: Q6279', 'wikidata: "6279"')],
  ['a wikidata id with a suffix', edit(REGISTRY, 'wikidata: Q6279', 'wikidata: Q6279x')],
  ['aliases that are text', edit(REGISTRY, 'aliases: [Biden]', 'aliases: Biden')],
  ['an alias that is a number', edit(REGISTRY, 'aliases: [Biden]', 'aliases: [Biden, 46]')],
  ['an id with a space', edit(REGISTRY, 'joe-biden:', '"joe biden":')],
  ['an id starting with a hyphen', edit(REGISTRY, 'joe-biden:', '-joe:')],
  ['an actor that is a list', edit(REGISTRY, '  joe-biden:\n', '  joe-biden: []\n  unused:\n')],
  ['another version', edit(REGISTRY, 'version: 1', 'version: 2')],
  ['no version', edit(REGISTRY, 'version: 1\n', '')],
  ['actors that are a list', 'version: 1\nactors:\n  - joe-biden\n'],
  ['empty aliases', edit(REGISTRY, 'aliases: [Biden]', 'aliases:')],
];

const VALID_REGISTRIES: ReadonlyArray<[string, string]> = [
  ['the example', REGISTRY],
  ['keys written by hand', edit(REGISTRY, 'kind: person', 'kind: person\n    born: 1942\n    notes: {party: Democratic}')],
  ['no aliases or wikidata', edit(edit(REGISTRY, '    aliases: [Biden]\n', ''), '    wikidata: Q6279\n', '')],
  ['a null wikidata', edit(REGISTRY, 'wikidata: Q6279', 'wikidata: null')],
  ['an id with letters beyond ASCII, dots and underscores', edit(REGISTRY, 'joe-biden:', 'зеленський_v.2:')],
  ['every kind', `version: 1\nactors:\n${['person', 'organisation', 'country', 'media', 'other'].map((k) => `  a-${k}:\n    name: A ${k}\n    kind: ${k}\n`).join('')}`],
  ['no actors', 'version: 1\n'],
  ['empty actors (every actor deleted by hand)', 'version: 1\nactors:\n'],
];

function errors(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors?.map((e) => `${e.instancePath} ${e.message}`));
}

describe('JSON schemas', () => {
  let sidecarSchema: ValidateFunction;
  let actorsSchema: ValidateFunction;

  before(() => {
    sidecarSchema = compile('schemas/sidecar.schema.json');
    actorsSchema = compile('schemas/actors.schema.json');
  });

  it('are the ones package.json contributes to the YAML extension', () => {
    const manifest = readJson('package.json') as { contributes?: { yamlValidation?: Array<{ fileMatch: string; url: string }> } };
    const contributed = manifest.contributes?.yamlValidation ?? [];
    assert.ok(contributed.some((v) => v.fileMatch === '*.annotations.yaml' && path.normalize(v.url) === path.normalize('./schemas/sidecar.schema.json')));
    assert.ok(contributed.some((v) => v.fileMatch === 'actors.yaml' && path.normalize(v.url) === path.normalize('./schemas/actors.schema.json')));
    assert.ok(contributed.some((v) => v.fileMatch === 'actors/*.yaml' && path.normalize(v.url) === path.normalize('./schemas/actor.schema.json')));
    for (const v of contributed) assert.ok(fs.existsSync(path.join(repoRoot, v.url)), `${v.url} does not exist`);
  });

  it('are draft-07 and describe every property for hovers', () => {
    for (const file of ['schemas/sidecar.schema.json', 'schemas/actors.schema.json', 'schemas/actor.schema.json']) {
      const schema = readJson(file);
      assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
      const visit = (node: unknown, where: string): void => {
        if (!node || typeof node !== 'object') return;
        const record = node as Record<string, unknown>;
        const properties = record['properties'] as Record<string, Record<string, unknown>> | undefined;
        for (const [key, property] of Object.entries(properties ?? {})) {
          if (!property['$ref']) {
            assert.equal(typeof property['description'], 'string', `${file} ${where}.${key} has no description`);
            assert.equal(typeof property['markdownDescription'], 'string', `${file} ${where}.${key} has no markdownDescription`);
          }
          visit(property, `${where}.${key}`);
        }
        for (const [key, definition] of Object.entries((record['definitions'] as Record<string, unknown>) ?? {})) visit(definition, `#${key}`);
        if (record['items']) visit(record['items'], `${where}[]`);
        if (typeof record['additionalProperties'] === 'object') visit(record['additionalProperties'], `${where}.*`);
      };
      visit(schema, '');
    }
  });

  describe('the seeds', () => {
    const sidecars = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.annotations.yaml'));

    it('include sidecars', () => {
      assert.ok(sidecars.length >= 2);
    });

    for (const file of sidecars) {
      it(`${file} matches the sidecar schema`, () => {
        const data: unknown = parseYaml(fs.readFileSync(path.join(seedsDir, file), 'utf8'));
        assert.ok(sidecarSchema(data), errors(sidecarSchema));
      });
    }

    it('every actors/<id>.yaml matches the actor schema', () => {
      const actorSchema = compile('schemas/actor.schema.json');
      const folder = path.join(seedsDir, 'actors');
      for (const name of fs.readdirSync(folder)) {
        assert.ok(actorSchema(parseYaml(fs.readFileSync(path.join(folder, name), 'utf8'))), `${name}: ${errors(actorSchema)}`);
      }
      assert.ok(actorSchema({ name: 'President Biden', kind: 'person', mergedInto: 'joe-biden' }), errors(actorSchema));
      assert.equal(actorSchema({ name: 'Joe', kind: 'human' }), false);
    });
  });

  describe('the sidecar schema agrees with Sidecar.parse', () => {
    for (const [what, text] of VALID_SIDECARS) {
      it(`both accept ${what}`, () => {
        const loaded = Sidecar.parse(text);
        assert.ok(loaded.ok, `Sidecar.parse refused it: ${loaded.ok ? '' : JSON.stringify(loaded.problems)}`);
        assert.ok(sidecarSchema(parseYaml(text)), `the schema refused it: ${errors(sidecarSchema)}`);
      });
    }
    for (const [what, text] of BROKEN_SIDECARS) {
      it(`both refuse ${what}`, () => {
        assert.equal(Sidecar.parse(text).ok, false, 'Sidecar.parse accepted it');
        assert.equal(sidecarSchema(parseYaml(text)), false, 'the schema accepted it');
      });
    }
  });

  describe('the registry schema agrees with Registry.parse', () => {
    for (const [what, text] of VALID_REGISTRIES) {
      it(`both accept ${what}`, () => {
        const loaded = Registry.parse(text);
        assert.ok(loaded.ok, `Registry.parse refused it: ${loaded.ok ? '' : JSON.stringify(loaded.problems)}`);
        assert.ok(actorsSchema(parseYaml(text)), `the schema refused it: ${errors(actorsSchema)}`);
      });
    }
    for (const [what, text] of BROKEN_REGISTRIES) {
      it(`both refuse ${what}`, () => {
        assert.equal(Registry.parse(text).ok, false, 'Registry.parse accepted it');
        assert.equal(actorsSchema(parseYaml(text)), false, 'the schema accepted it');
      });
    }
  });
});
