// The sample annotations in seeds/: the two seed documents, their sidecars and the actor registry.
// They are the showcase of the extension, so they must be complete (every direct quote tagged,
// with its speaker), consistent (anchors hold, no overlaps, every actor registered) and exactly
// what scripts/annotate-seeds.ts produces.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { anchorHolds, contentHash, overlaps } from '../../src/core/anchoring/anchor';
import { parseSeed } from '../../src/core/format/format';
import { foldName, Registry, type ActorKind } from '../../src/core/files/registry';
import { Sidecar, sidecarNameFor } from '../../src/core/files/sidecar';
import { overlappingPairs } from '../../src/core/tagging/tagging';
import { CodePointMap, stripBom } from '../../src/core/text/text';
import { buildSeedAnnotations, REGISTRY_FOLDER } from '../../scripts/annotate-seeds';

// The test is bundled to out/test/unit/seeds.test.js, so the repository root is three levels up.
const repoRoot = path.resolve(__dirname, '../../..');
const seedsDir = path.join(repoRoot, 'seeds');

/** The seed documents and the SHA-256 of their bytes: the annotations are made for exactly these texts. */
const DOCUMENTS: Readonly<Record<string, string>> = {
  '000_ce07b70b4b1d5ccc.txt': 'adcd11baa900a5aca945de6cdd535fcfd3bae39d85a3cb35d9f7820e82979534',
  '002_ee4912a3b61f8db2.txt': '7a3621dcf13553fc48a5e442c4700d5242cc08943bf02fba0bd1492c45d4ba7c',
};

/** Actors the seeds must have, with their kind and the names they must answer to. */
const REQUIRED_ACTORS: ReadonlyArray<{ id: string; kind: ActorKind; names: string[]; wikidata?: string }> = [
  { id: 'joe-biden', kind: 'person', names: ['Joe Biden', 'Biden', 'US President'], wikidata: 'Q6279' },
  { id: 'vladimir-putin', kind: 'person', names: ['Vladimir Putin', 'Putin'], wikidata: 'Q7747' },
  { id: 'volodymyr-zelenskyy', kind: 'person', names: ['Volodymyr Zelenskyy', 'Zelenskyy'], wikidata: 'Q3874799' },
  { id: 'dmytro-kuleba', kind: 'person', names: ['Dmytro Kuleba', 'Dmitry Kuleba', 'Kuleba'] },
  { id: 'oleksiy-arestovych', kind: 'person', names: ['Oleksiy Arestovych', 'Alexey Arestovich'] },
  { id: 'nbc-news', kind: 'media', names: ['NBC News'] },
  { id: 'the-washington-post', kind: 'media', names: ['The Washington Post', 'Washington Post', 'the Post'] },
  { id: 'unian', kind: 'media', names: ['UNIAN'] },
  { id: 'state-department-spokesperson', kind: 'person', names: ['State Department spokesperson'] },
  { id: 'anonymous-us-official', kind: 'person', names: ['anonymous US official'] },
  { id: 'us-officials', kind: 'other', names: ['US officials'] },
  { id: 'sources-familiar-with-the-discussions', kind: 'other', names: ['sources familiar with the discussions'] },
  { id: 'united-states', kind: 'country', names: ['United States', 'US', 'U.S.', 'the United States'] },
  { id: 'ukraine', kind: 'country', names: ['Ukraine'] },
  { id: 'russia', kind: 'country', names: ['Russia', 'Russian Federation', 'the Russian Federation'] },
  { id: 'european-union', kind: 'organisation', names: ['European Union'] },
  { id: 'white-house-national-security-council', kind: 'organisation', names: ['White House National Security Council'] },
  { id: 'state-department', kind: 'organisation', names: ['State Department'] },
  { id: 'kremlin', kind: 'organisation', names: ['Kremlin'] },
  { id: 'contact-group-on-defense-of-ukraine', kind: 'organisation', names: ['Contact Group on Defense of Ukraine'] },
];

/** Direct quotes the brief names, by document: the words inside the marks and the speaker. */
const KNOWN_DIRECT_QUOTES: Readonly<Record<string, ReadonlyArray<[string, string]>>> = {
  '000_ce07b70b4b1d5ccc.txt': [
    ['behind closed doors', 'dmytro-kuleba'],
    ['peace formula', 'dmytro-kuleba'],
  ],
  '002_ee4912a3b61f8db2.txt': [
    ['Ukraine fatigue is a real thing for some of our partners.', 'anonymous-us-official'],
    ['The Kremlin has demonstrated', 'state-department-spokesperson'],
    ['incredibly serious mistake', 'joe-biden'],
    ['Let me just say:', 'joe-biden'],
    ['He (Putin) does not know', 'volodymyr-zelenskyy'],
  ],
};

function readSeed(name: string): string {
  return fs.readFileSync(path.join(seedsDir, name), 'utf8');
}

function loadSidecar(documentName: string): Sidecar {
  const loaded = Sidecar.parse(fs.readFileSync(path.join(seedsDir, sidecarNameFor(documentName)), 'utf8'));
  assert.ok(loaded.ok, `${sidecarNameFor(documentName)} does not parse: ${loaded.ok ? '' : JSON.stringify(loaded.problems)}`);
  return loaded.sidecar;
}

function actorFiles(): string[] {
  return fs.readdirSync(path.join(seedsDir, REGISTRY_FOLDER)).filter((n) => n.endsWith('.yaml')).sort();
}

function loadRegistry(): Registry {
  const actors = actorFiles().map((n) => ({ id: n.slice(0, -'.yaml'.length), text: fs.readFileSync(path.join(seedsDir, REGISTRY_FOLDER, n), 'utf8') }));
  const loaded = Registry.load({ legacy: null, actors });
  assert.ok(loaded.ok, `${REGISTRY_FOLDER}/ does not load: ${loaded.ok ? '' : JSON.stringify(loaded.problems)}`);
  return loaded.registry;
}

describe('seed annotations', () => {
  describe('the seed documents', () => {
    for (const [name, sha256] of Object.entries(DOCUMENTS)) {
      it(`${name} is the text the annotations were made for`, () => {
        const bytes = fs.readFileSync(path.join(seedsDir, name));
        assert.equal(createHash('sha256').update(bytes).digest('hex'), sha256);
      });
    }
  });

  describe('the registry', () => {
    it('parses', () => {
      loadRegistry();
    });

    for (const required of REQUIRED_ACTORS) {
      it(`has ${required.id} (${required.kind}), found by ${required.names.join(', ')}`, () => {
        const registry = loadRegistry();
        const actor = registry.get(required.id);
        assert.ok(actor, `no actor ${required.id}`);
        assert.equal(actor.kind, required.kind);
        for (const name of required.names) assert.equal(registry.findByName(name)?.id, required.id, `${name} does not find ${required.id}`);
        if (required.wikidata) assert.equal(actor.wikidata, required.wikidata);
      });
    }

    it('gives no two actors the same name or alias', () => {
      const seen = new Map<string, string>();
      for (const actor of loadRegistry().actors) {
        for (const name of [actor.name, ...actor.aliases]) {
          const key = foldName(name);
          assert.ok(!seen.has(key) || seen.get(key) === actor.id, `${name} names both ${seen.get(key)} and ${actor.id}`);
          seen.set(key, actor.id);
        }
      }
    });
  });

  for (const name of Object.keys(DOCUMENTS)) {
    describe(sidecarNameFor(name), () => {
      const text = (): string => stripBom(readSeed(name));

      it('parses and names its document and the hash of its text', () => {
        const sidecar = loadSidecar(name);
        assert.equal(sidecar.value.document, name);
        assert.equal(sidecar.value.contentHash, contentHash(text()));
      });

      it('has anchors that hold in the document', () => {
        const points = new CodePointMap(text());
        const annotations = loadSidecar(name).annotations;
        assert.ok(annotations.length > 0);
        for (const a of annotations) assert.ok(anchorHolds(points, a.anchor), `${a.id} (${JSON.stringify(a.anchor.exact)}) does not hold`);
      });

      it('tags every quotation the parser finds as a direct quote, and nothing else as direct', () => {
        // A quoted phrase that describes the sources (“familiar with the discussions”) is not a quote.
        const quotations = parseSeed(readSeed(name)).quotations.filter((q) => q.text !== 'familiar with the discussions');
        const quotes = loadSidecar(name).value.quotes;
        assert.ok(quotations.length > 0);
        for (const q of quotations) {
          const tagged = quotes.find((t) => t.anchor.start === q.inner.start && t.anchor.end === q.inner.end);
          assert.ok(tagged, `quotation ${JSON.stringify(q.text)} at ${q.start} is not tagged`);
          assert.equal(tagged.direct, true, `${tagged.id} is in quotation marks but not direct`);
        }
        for (const t of quotes.filter((t) => t.direct)) {
          assert.ok(
            quotations.some((q) => q.inner.start === t.anchor.start && q.inner.end === t.anchor.end),
            `${t.id} is direct but is not the words of a quotation`,
          );
        }
      });

      it('does not tag a phrase describing the sources as a quote', () => {
        assert.ok(!loadSidecar(name).value.quotes.some((q) => q.anchor.exact === 'familiar with the discussions'));
      });

      it('keeps reported (indirect) quotes clear of quotation marks', () => {
        const quotations = parseSeed(readSeed(name)).quotations;
        const indirect = loadSidecar(name).value.quotes.filter((q) => !q.direct);
        for (const q of indirect) {
          for (const quotation of quotations) assert.ok(!overlaps(q.anchor, quotation), `${q.id} overlaps the quotation at ${quotation.start}`);
        }
      });

      it('tags the direct quotes with the right speakers', () => {
        const quotes = loadSidecar(name).value.quotes;
        for (const [words, speaker] of KNOWN_DIRECT_QUOTES[name]!) {
          const quote = quotes.find((q) => q.direct && q.anchor.exact.startsWith(words));
          assert.ok(quote, `no direct quote ${JSON.stringify(words)}`);
          assert.equal(quote.speaker, speaker, JSON.stringify(words));
        }
      });

      it('gives every quote a speaker and a cue', () => {
        for (const q of loadSidecar(name).value.quotes) {
          assert.ok(q.speaker, `${q.id} has no speaker`);
          assert.ok(q.cue, `${q.id} has no cue`);
        }
      });

      it('refers only to registered actors, by one of their names', () => {
        const registry = loadRegistry();
        const sidecar = loadSidecar(name);
        for (const q of sidecar.value.quotes) assert.ok(registry.get(q.speaker!), `${q.id}: speaker ${q.speaker} is not in ${REGISTRY_FOLDER}/`);
        for (const m of sidecar.value.mentions) {
          const actor = registry.get(m.actor);
          assert.ok(actor, `${m.id}: actor ${m.actor} is not in ${REGISTRY_FOLDER}/`);
          const names = [actor.name, ...actor.aliases].map(foldName);
          assert.ok(names.includes(foldName(m.anchor.exact)), `${m.id}: ${JSON.stringify(m.anchor.exact)} is not a name of ${actor.id}`);
        }
      });

      it('has no overlapping quotes and no overlapping mentions', () => {
        assert.deepEqual(overlappingPairs(loadSidecar(name)), []);
      });

      it('tags every occurrence of the names of the people and media', () => {
        const registry = loadRegistry();
        const body = text();
        const points = new CodePointMap(body);
        const mentions = loadSidecar(name).value.mentions;
        const names: Array<[string, string]> = [
          ['Biden', 'joe-biden'],
          ['Putin', 'vladimir-putin'],
          ['Zelenskyy', 'volodymyr-zelenskyy'],
          ['Kuleba', 'dmytro-kuleba'],
          ['Arestovich', 'oleksiy-arestovych'],
          ['NBC News', 'nbc-news'],
          ['Washington Post', 'the-washington-post'],
          ['the Post', 'the-washington-post'],
          ['UNIAN', 'unian'],
          ['State Department spokesperson', 'state-department-spokesperson'],
          ['anonymous US official', 'anonymous-us-official'],
        ];
        for (const [word, actor] of names) {
          assert.ok(registry.get(actor));
          for (let i = body.indexOf(word); i >= 0; i = body.indexOf(word, i + 1)) {
            const start = points.toCodePoint(i);
            const end = points.toCodePoint(i + word.length);
            const mention = mentions.find((m) => m.anchor.start <= start && end <= m.anchor.end);
            assert.ok(mention, `${JSON.stringify(word)} at ${start} is not tagged`);
            assert.equal(mention.actor, actor, `${JSON.stringify(word)} at ${start}`);
          }
        }
      });
    });
  }

  describe('scripts/annotate-seeds.ts', () => {
    it('reproduces the committed sidecars and registry byte for byte', () => {
      const { files } = buildSeedAnnotations(readSeed);
      assert.deepEqual(Object.keys(files).sort(), [...Object.keys(DOCUMENTS).map(sidecarNameFor), ...actorFiles().map((n) => `${REGISTRY_FOLDER}/${n}`)].sort());
      assert.ok(!fs.existsSync(path.join(seedsDir, 'actors.yaml')), 'the seeds ship in the one-file-per-actor layout');
      for (const [file, content] of Object.entries(files)) {
        assert.equal(fs.readFileSync(path.join(seedsDir, file), 'utf8'), content, `${file} differs from what the script writes: run it again`);
      }
    });

    it('is deterministic', () => {
      assert.deepEqual(buildSeedAnnotations(readSeed), buildSeedAnnotations(readSeed));
    });
  });
});
