import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { firstConflictLine, hasConflictMarkers, splitConflictSides } from '../../src/core/merge/conflictMarkers';
import { describeDisagreement, listDisagreements, mayNeedResolving, mergeById, resolveConflictText, settleDisagreements } from '../../src/core/merge/mergeById';
import { Registry } from '../../src/core/files/registry';
import { Sidecar } from '../../src/core/files/sidecar';

// Short sidecars and registries written for these tests.

function quote(id: string, speaker: string, start: number, exact: string, extra = ''): string {
  return [
    `  - id: ${id}`,
    `    speaker: ${speaker}`,
    '    cue: said',
    '    direct: true',
    ...(extra ? [extra] : []),
    '    anchor:',
    `      start: ${start}`,
    `      end: ${start + [...exact].length}`,
    `      exact: "${exact}"`,
    '      prefix: ""',
    '      suffix: ""',
  ].join('\n');
}

function sidecar(quotes: string[], hash = 'null'): string {
  return ['version: 1', 'document: a.txt', 'offsetUnit: codepoint', `contentHash: ${hash}`, 'quotes:', ...quotes, 'mentions: []', ''].join('\n');
}

function conflict(head: string[], theirs: string[], base?: string[]): string {
  return [
    'version: 1',
    'document: a.txt',
    'offsetUnit: codepoint',
    'contentHash: null',
    'quotes:',
    '<<<<<<< HEAD',
    ...head,
    ...(base ? ['||||||| base', ...base] : []),
    '=======',
    ...theirs,
    '>>>>>>> annotator-b',
    'mentions: []',
    '',
  ].join('\n');
}

interface PlainSidecar {
  quotes: Array<{ id: string; speaker: string; alternatives?: unknown[] }>;
}

describe('merge by id', () => {
  describe('conflict markers', () => {
    it('finds the first marker line and splits the sides, with the base in diff3 style', () => {
      const text = conflict([quote('q-1', 'ana', 0, 'x')], [quote('q-2', 'bob', 5, 'y')], []);
      assert.ok(hasConflictMarkers(text));
      assert.equal(firstConflictLine(text), 6);
      const sides = splitConflictSides(text);
      assert.ok(!('problem' in sides));
      assert.equal(sides.conflicts, 1);
      assert.equal(sides.oursLabel, 'HEAD');
      assert.equal(sides.theirsLabel, 'annotator-b');
      assert.ok(sides.ours.includes('q-1') && !sides.ours.includes('q-2'));
      assert.ok(sides.theirs.includes('q-2') && !sides.theirs.includes('q-1'));
      assert.equal(sides.base, sidecar([]));
    });

    it('leaves text without markers alone, and explains markers that are not closed', () => {
      assert.equal(hasConflictMarkers(sidecar([quote('q-1', 'ana', 0, 'x')])), false);
      const broken = splitConflictSides('a: 1\n<<<<<<< HEAD\nb: 2\n');
      assert.ok('problem' in broken);
      assert.equal(broken.line, 2);
    });
  });

  describe('sidecars', () => {
    it('keeps quotes found on one side only and identical quotes once', () => {
      const shared = quote('q-1', 'ana', 0, 'same words 😀');
      const result = resolveConflictText(conflict([shared, quote('q-2', 'bob', 20, 'ours only')], [shared, quote('q-3', 'carla', 40, 'theirs only')]));
      assert.ok(result.ok);
      assert.deepEqual(result.disagreements, []);
      const loaded = Sidecar.parse(result.text);
      assert.ok(loaded.ok, result.text);
      assert.deepEqual(loaded.sidecar.value.quotes.map((q) => q.id), ['q-1', 'q-2', 'q-3']);
      assert.equal(loaded.sidecar.value.quotes[0]!.anchor.exact, 'same words 😀');
    });

    it('marks the same quote with two speakers as a disagreement, keeps the file valid, and settles it', () => {
      const result = resolveConflictText(conflict([quote('q-1', 'ana', 0, 'contested')], [quote('q-1', 'bob', 0, 'contested')]));
      assert.ok(result.ok);
      assert.equal(result.disagreements.length, 1);
      const [d] = result.disagreements;
      assert.equal(d!.id, 'q-1');
      assert.equal(d!.collection, 'quotes');
      assert.equal(describeDisagreement(d!), 'ours (HEAD): speaker ana / theirs (annotator-b): speaker bob');
      assert.equal(result.text.split('\n')[d!.line - 1], '  - id: q-1');
      const loaded = Sidecar.parse(result.text);
      assert.ok(loaded.ok, 'a marked disagreement is still a readable sidecar');
      assert.equal(loaded.sidecar.value.quotes.length, 1);

      const settled = settleDisagreements(result.text, [{ collection: 'quotes', id: 'q-1', pick: 1 }]);
      assert.ok(settled.ok);
      const data = parse(settled.text) as PlainSidecar;
      assert.equal(data.quotes[0]!.speaker, 'bob');
      assert.equal(data.quotes[0]!.alternatives, undefined);
      assert.deepEqual(listDisagreements(settled.text), { ok: true, disagreements: [] });

      const both = settleDisagreements(result.text, [{ collection: 'quotes', id: 'q-1', pick: 'both' }]);
      assert.ok(both.ok);
      assert.equal(listDisagreements(both.text).ok && (listDisagreements(both.text) as { disagreements: unknown[] }).disagreements.length, 1);
    });

    it('does not call a difference in who tagged it or when a disagreement', () => {
      const result = resolveConflictText(
        conflict([quote('q-1', 'ana', 0, 'agreed', '    creator: Ana')], [quote('q-1', 'ana', 0, 'agreed', '    creator: Ben')]),
      );
      assert.ok(result.ok);
      assert.deepEqual(result.disagreements, []);
    });

    it('with the ancestor: honours deletions and marks a quote deleted on one side and changed on the other', () => {
      const base = [quote('q-1', 'ana', 0, 'kept'), quote('q-2', 'bob', 10, 'deleted by them'), quote('q-3', 'carla', 20, 'changed and deleted')];
      const ours = sidecar([quote('q-1', 'ana', 0, 'kept'), quote('q-2', 'bob', 10, 'deleted by them'), quote('q-3', 'dora', 20, 'changed and deleted')]);
      const theirs = sidecar([quote('q-1', 'ana', 0, 'kept'), quote('q-4', 'emil', 30, 'added by them')]);
      const result = mergeById({ ours, theirs, base: sidecar(base) });
      assert.ok(result.ok);
      const data = parse(result.text) as PlainSidecar;
      assert.deepEqual(data.quotes.map((q) => q.id), ['q-1', 'q-3', 'q-4']);
      assert.equal(result.disagreements.length, 1);
      assert.equal(describeDisagreement(result.disagreements[0]!), 'ours: speaker dora / theirs: deleted');
      const settled = settleDisagreements(result.text, [{ collection: 'quotes', id: 'q-3', pick: 1 }]);
      assert.ok(settled.ok);
      assert.deepEqual((parse(settled.text) as PlainSidecar).quotes.map((q) => q.id), ['q-1', 'q-4']);
    });

    it('with the ancestor: takes a field changed on one side only, and marks one changed differently on both', () => {
      const base = sidecar([quote('q-1', 'ana', 0, 'one'), quote('q-2', 'bob', 10, 'two')], '"h0"');
      const ours = sidecar([quote('q-1', 'ana2', 0, 'one'), quote('q-2', 'bob', 10, 'two')], '"h1"');
      const theirs = sidecar([quote('q-1', 'ana', 0, 'one'), quote('q-2', 'ben', 10, 'two')], '"h2"');
      const result = mergeById({ ours, theirs, base });
      assert.ok(result.ok);
      const data = parse(result.text) as PlainSidecar & { contentHash: unknown };
      assert.deepEqual(data.quotes.map((q) => q.speaker), ['ana2', 'ben']);
      assert.deepEqual(result.disagreements, []);
      assert.equal(data.contentHash, null, 'the anchors are looked up again when the texts differ');

      const both = mergeById({ ours, theirs: sidecar([quote('q-1', 'alma', 0, 'one'), quote('q-2', 'bob', 10, 'two')]), base });
      assert.ok(both.ok);
      assert.equal(describeDisagreement(both.disagreements[0]!), 'ours: speaker ana2 / theirs: speaker alma');
    });

    it('merges two entries with one id left by "accept both", also when each annotation is one line', () => {
      const line = (speaker: string): string => `  - { id: q-1, speaker: ${speaker}, cue: said, direct: true, anchor: { start: 0, end: 3, exact: "abc", prefix: "", suffix: "" } }`;
      const acceptBoth = ['version: 1', 'document: a.txt', 'offsetUnit: codepoint', 'quotes:', line('ana'), line('bob'), line('ana'), 'mentions:', ''].join('\n');
      assert.ok(mayNeedResolving(acceptBoth));
      const result = resolveConflictText(acceptBoth);
      assert.ok(result.ok);
      const loaded = Sidecar.parse(result.text);
      assert.ok(loaded.ok, result.text);
      assert.equal(loaded.sidecar.value.quotes.length, 1);
      assert.equal(describeDisagreement(result.disagreements[0]!), 'ours: speaker ana / theirs: speaker bob');
      const clean = sidecar([quote('q-1', 'ana', 0, 'one'), quote('q-2', 'bob', 10, 'two')]);
      assert.equal(mayNeedResolving(clean), false);
      assert.deepEqual(resolveConflictText(clean), { ok: true, text: clean, disagreements: [] });
    });

    it('refuses a side that is not valid YAML, with the reason', () => {
      const result = mergeById({ ours: 'a: [', theirs: sidecar([]), base: null });
      assert.ok(!result.ok);
      assert.match(result.problem, /our side is not valid YAML/);
    });
  });

  describe('actors', () => {
    const registry = (entries: string[]): string => ['version: 1', 'actors:', ...entries, ''].join('\n');
    const actor = (id: string, name: string, kind: string, aliases?: string[]): string =>
      [`  ${id}:`, `    name: ${name}`, `    kind: ${kind}`, ...(aliases ? ['    aliases:', ...aliases.map((a) => `      - ${a}`)] : [])].join('\n');

    it('keeps actors added on both sides, in id order, with the aliases of both', () => {
      const ours = registry([actor('anna-lee', 'Anna Lee', 'person', ['Lee']), actor('bbc', 'BBC', 'media')]);
      const theirs = registry([actor('anna-lee', 'Anna Lee', 'person', ['A. Lee']), actor('anna-lea', 'Anna Lea', 'person')]);
      const result = mergeById({ ours, theirs, base: registry([actor('anna-lee', 'Anna Lee', 'person')]) });
      assert.ok(result.ok);
      assert.deepEqual(result.disagreements, []);
      const loaded = Registry.parse(result.text);
      assert.ok(loaded.ok, result.text);
      assert.deepEqual(loaded.registry.actors.map((a) => a.id), ['anna-lea', 'anna-lee', 'bbc']);
      assert.deepEqual(loaded.registry.get('anna-lee')!.aliases, ['Lee', 'A. Lee']);
      assert.deepEqual(Object.keys((parse(result.text) as { actors: object }).actors), ['anna-lea', 'anna-lee', 'bbc']);
    });

    it('marks the same actor with another kind, keeping the registry readable', () => {
      const result = mergeById({ ours: registry([actor('nato', 'NATO', 'organisation')]), theirs: registry([actor('nato', 'NATO', 'other')]), base: null });
      assert.ok(result.ok);
      assert.equal(result.disagreements.length, 1);
      assert.equal(result.disagreements[0]!.collection, 'actors');
      assert.equal(describeDisagreement(result.disagreements[0]!), 'ours: kind organisation / theirs: kind other');
      assert.ok(Registry.parse(result.text).ok);
    });

    it('merges a file that is one actor field by field', () => {
      const result = mergeById({ ours: 'id: nato\nname: NATO\nkind: organisation\n', theirs: 'id: nato\nname: Nato\nkind: organisation\n', base: null });
      assert.ok(result.ok);
      assert.equal(result.disagreements[0]!.id, 'nato');
      assert.equal(result.disagreements[0]!.collection, null);
      const settled = settleDisagreements(result.text, [{ collection: null, id: 'nato', pick: 1 }]);
      assert.ok(settled.ok);
      assert.deepEqual(parse(settled.text), { id: 'nato', name: 'Nato', kind: 'organisation' });
    });
  });
});
