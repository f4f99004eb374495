import * as assert from 'node:assert/strict';
import { canReuseCheck, makeCheckRecord, parseCheckCache, serializeCheckCache, type CheckRecord } from '../../src/core/corpus/checkCache';
import type { Problem } from '../../src/core/corpus/checks';

const problem: Problem = { location: '/c/a.txt', line: 3, column: 5, endLine: 3, endColumn: 9, severity: 'error', code: 'unknown-actor', message: 'quote q-1: speaker “x” is not in actors.yaml', annotationId: 'q-1' };
const record: CheckRecord = {
  location: '/c/a.txt',
  document: { mtime: 1000.5, size: 300 },
  sidecar: { mtime: 900, size: 1200 },
  registry: true,
  actors: ['jane-roe', 'x'],
  unknown: ['x'],
  problems: [problem],
};
const knows = (id: string): boolean => id === 'jane-roe';
const options = { salt: 'build-1', root: '/c' };

describe('check cache', () => {
  it('reads back what it wrote, for the same build and folder only', () => {
    const other: CheckRecord = { ...record, location: '/c/b.txt', sidecar: null, registry: false, actors: [], unknown: [], problems: [] };
    const text = serializeCheckCache([record, other], options);
    assert.deepEqual([...parseCheckCache(text, options)!.records.values()], [record, other]);
    assert.equal(parseCheckCache(text, { ...options, salt: 'build-2' }), null, 'another build');
    assert.equal(parseCheckCache(text, { ...options, root: '/d' }), null, 'another folder');
    assert.equal(parseCheckCache(text.slice(0, -10), options), null, 'truncated');
    assert.equal(parseCheckCache(text.replace('"line":3', '"line":"3"'), options), null, 'a malformed problem');
    assert.equal(parseCheckCache('', options), null);
  });

  it('keeps paths relative to the folder and actor ids once; ignores the older layout, a broken column and a record outside the folder', () => {
    const outside: CheckRecord = { ...record, location: '/elsewhere/c.txt', problems: [] };
    const sidecarProblem: Problem = { ...problem, location: '/c/a.annotations.yaml', code: 'sidecar-invalid' };
    const text = serializeCheckCache([record, outside, { ...record, location: '/c/d/e.txt', problems: [sidecarProblem] }], options);
    assert.ok(!text.includes('/c/a.txt') && text.includes('"a.txt"'), 'the folder is not repeated');
    assert.equal(text.split('"jane-roe"').length, 2, 'an actor id is written once');
    const back = parseCheckCache(text, options)!;
    assert.deepEqual([...back.records.keys()], ['/c/a.txt', '/c/d/e.txt'], 'the record outside the folder is checked again');
    assert.deepEqual(back.records.get('/c/d/e.txt')!.problems, [sidecarProblem]);
    const data = JSON.parse(text) as { version: number; records: { actors: number[][] } };
    assert.equal(parseCheckCache(JSON.stringify({ ...data, version: 2 }), options), null, 'the older layout');
    data.records.actors[0] = [7];
    assert.equal(parseCheckCache(JSON.stringify(data), options), null, 'an actor index out of range');
    const rows = JSON.stringify({ kind: 'seed-annotator-check', version: 2, salt: 'build-1', root: '/c', registry: null, records: [['/c/a.txt', 1000.5, 300, 900, 1200, 1, ['jane-roe', 'x'], ['x'], []]] });
    assert.equal(parseCheckCache(rows, options), null, 'a cache written in the older layout is ignored, never trusted');
  });

  it('reuses a record only while both stamps, the registry readability and every named actor’s answer are unchanged', () => {
    assert.equal(canReuseCheck(record, { mtime: 1000.5, size: 300 }, { mtime: 900, size: 1200 }, knows), true);
    assert.equal(canReuseCheck(undefined, record.document, record.sidecar, knows), false);
    assert.equal(canReuseCheck(record, { mtime: 1001, size: 300 }, record.sidecar, knows), false, 'document mtime');
    assert.equal(canReuseCheck(record, { mtime: 1000.5, size: 301 }, record.sidecar, knows), false, 'document size');
    assert.equal(canReuseCheck(record, record.document, { mtime: 901, size: 1200 }, knows), false, 'sidecar mtime');
    assert.equal(canReuseCheck(record, record.document, null, knows), false, 'sidecar gone');
    assert.equal(canReuseCheck({ ...record, sidecar: null }, record.document, record.sidecar, knows), false, 'sidecar added');
    assert.equal(canReuseCheck(record, record.document, record.sidecar, null), false, 'registry now unreadable');
    assert.equal(canReuseCheck({ ...record, registry: false }, record.document, record.sidecar, knows), false, 'registry readable again');
    assert.equal(canReuseCheck(record, record.document, record.sidecar, () => true), false, 'an unknown actor became known');
    assert.equal(canReuseCheck(record, record.document, record.sidecar, () => false), false, 'a known actor was removed');
    assert.equal(canReuseCheck(record, record.document, record.sidecar, (id) => id === 'jane-roe' || id === 'other'), true, 'an actor the sidecar does not name was added');
    assert.equal(canReuseCheck({ ...record, document: { mtime: -1, size: 300 } }, { mtime: -1, size: 300 }, record.sidecar, knows), false, 'an untrusted stamp');
  });

  it('records nothing for a file modified within two seconds of the read', () => {
    assert.deepEqual(makeCheckRecord(record, 1000.5 + 2001), record);
    assert.equal(makeCheckRecord(record, 1000.5 + 1999), null, 'the document is too recent');
    assert.equal(makeCheckRecord({ ...record, sidecar: { mtime: 5000, size: 1 } }, 1000.5 + 2001), null, 'the sidecar is too recent');
    assert.deepEqual(makeCheckRecord({ ...record, sidecar: null }, 5000), { ...record, sidecar: null });
  });
});
