import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { createAnchor } from '../../src/core/anchoring/anchor';
import type { TimelineData } from '../../src/vscode/timelinePanel';
import { api, closeAll, deleteOutside, file, SEED_000, SEED_002, waitFor, writeOutside } from './util';

const DOC = ' date 2021-03-15 Timeline test\n\nTimo Liner said “the line is long” on Monday.\n';
const QUOTE = 'the line is long';

const SEED_SPEAKERS: Readonly<Record<string, string>> = {
  'joe-biden': '2022-11-06',
  'anonymous-us-official': '2022-11-06',
  'state-department-spokesperson': '2022-11-06',
  'volodymyr-zelenskyy': '2022-11-06',
  'dmytro-kuleba': '2023-11-04',
  'us-officials': '2023-11-04',
};

function pointsOf(data: TimelineData) {
  return data.rows.flatMap((row) => row.points.map((point) => ({ ...point, actorId: row.actorId, name: row.name })));
}

suite('Timeline', () => {
  const doc = file('timelinesuite', 't.txt');
  let actorFiles: string[] = [];

  suiteSetup(async () => {
    actorFiles = (await vscode.workspace.fs.readDirectory(file('actors')).then(undefined, () => [])).map(([name]) => name);
  });

  suiteTeardown(async () => {
    const { timeline } = await api();
    timeline.close();
    await closeAll();
    await deleteOutside(file('timelinesuite'));
    // Actors added by this suite go; the seeds' actors stay.
    for (const [name] of await vscode.workspace.fs.readDirectory(file('actors')).then(undefined, () => [])) {
      if (!actorFiles.includes(name)) await deleteOutside(file('actors', name));
    }
  });

  test('Show Timeline opens a panel with one row per speaker, drawn by the webview', async () => {
    const { timeline, ledger } = await api();
    await vscode.commands.executeCommand('seedAnnotator.showTimeline');
    await waitFor('the timeline panel to be visible', () => timeline.isVisible);
    await waitFor('the timeline data', () => timeline.lastPosted());

    // One row per speaker of the corpus (other suites may have tagged more), most quoted first.
    const expected = () => {
      const bySpeaker = new Map<string, number>();
      for (const q of ledger.ledger.allQuotes()) if (q.date) bySpeaker.set(q.speaker ?? '', (bySpeaker.get(q.speaker ?? '') ?? 0) + 1);
      return bySpeaker;
    };
    const data = await waitFor('the posted rows to match the ledger', () => {
      const posted = timeline.lastPosted();
      const speakers = expected();
      return posted && posted.rows.length === Math.min(30, speakers.size) && posted.rows.every((r) => speakers.get(r.actorId) === r.points.length) && posted;
    });
    assert.equal(data.type, 'data');
    assert.equal(new Set(data.rows.map((r) => r.actorId)).size, data.rows.length, 'no speaker has two rows');
    const counts = data.rows.map((r) => r.points.length);
    assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'rows are sorted by number of quotes');

    // The speakers of the seeds, each at its document's date.
    for (const [speaker, date] of Object.entries(SEED_SPEAKERS)) {
      const row = data.rows.find((r) => r.actorId === speaker);
      assert.ok(row, `${speaker} has a row (rows: ${data.rows.map((r) => r.actorId).join(', ')})`);
      const seedPoints = row.points.filter((p) => p.document.endsWith(SEED_000) || p.document.endsWith(SEED_002));
      assert.ok(seedPoints.length > 0 && seedPoints.every((p) => p.date === date), `${speaker}'s points are at ${date}`);
    }
    for (const point of pointsOf(data)) {
      if (point.document.endsWith(SEED_002)) assert.equal(point.date, '2022-11-06');
      if (point.document.endsWith(SEED_000)) assert.equal(point.date, '2023-11-04');
    }
    const biden = data.rows.find((r) => r.actorId === 'joe-biden')!;
    assert.equal(biden.name, 'Joe Biden');
    assert.equal(biden.kind, 'person');
    assert.ok(biden.points.some((p) => p.document.endsWith(SEED_002) && p.documentLabel.endsWith(SEED_002)));

    // The seeds' two dates are on the axis, in order, inside it.
    const points = pointsOf(data);
    const x2022 = points.find((p) => p.date === '2022-11-06')!.x;
    const x2023 = points.find((p) => p.date === '2023-11-04')!.x;
    assert.ok(x2022 >= 0 && x2022 < x2023 && x2023 <= 1, `${x2022} < ${x2023}`);
    assert.ok(points.some((p) => p.direct) && points.some((p) => !p.direct), 'the seeds have direct and indirect quotes');
    assert.ok(data.ticks.length >= 2);
    assert.ok(data.ticks.some((t) => /2022/.test(t.label)) && data.ticks.some((t) => /2023/.test(t.label)), data.ticks.map((t) => t.label).join(', '));
    assert.equal(data.hiddenRows, 0);

    // The webview ran its script under the CSP and drew every point.
    const drawn = await waitFor('the webview to draw the timeline', () => timeline.lastDrawn());
    assert.deepEqual(drawn, { rows: data.rows.length, points: points.length, empty: false });
  });

  test('a quote tagged in a new document appears on the timeline', async () => {
    const { timeline, store, index } = await api();
    await vscode.commands.executeCommand('seedAnnotator.showTimeline');
    await writeOutside(doc, DOC);
    await waitFor('the test document in the index', () => index.get(doc.toString()));
    const cp = (s: string) => [...DOC.slice(0, DOC.indexOf(s))].length;
    await store.edit(doc.toString(), null, (sidecar, registry) => {
      const actor = registry.findByName('Timo Liner') ?? registry.add('Timo Liner', 'person');
      sidecar.addQuote({ id: 'q-timeline', speaker: actor.id, cue: 'said', direct: false, anchor: createAnchor(DOC, cp(QUOTE), cp(QUOTE) + [...QUOTE].length) });
    });
    const data = await waitFor('the new quote on the timeline', () => {
      const posted = timeline.lastPosted();
      return posted?.rows.some((r) => r.actorId === 'timo-liner') && posted;
    });
    const row = data.rows.find((r) => r.actorId === 'timo-liner')!;
    assert.equal(row.name, 'Timo Liner');
    assert.equal(row.points.length, 1);
    const point = row.points[0]!;
    assert.equal(point.date, '2021-03-15');
    assert.equal(point.quoteId, 'q-timeline');
    assert.equal(point.document, doc.toString());
    assert.equal(point.direct, false);
    assert.equal(point.text, QUOTE);
    assert.equal(point.x, Math.min(...pointsOf(data).map((p) => p.x)), 'the oldest quote is leftmost');
    await waitFor('the webview to draw the new point', () => timeline.lastDrawn()?.points === pointsOf(data).length);
  });

  test('clicking a point opens its document with the quote selected', async () => {
    const { timeline } = await api();
    const point = pointsOf(timeline.lastPosted()!).find((p) => p.quoteId === 'q-timeline');
    assert.ok(point, 'the test quote is on the timeline');
    const editor = await timeline.openPoint(point.quoteId, point.document);
    assert.ok(editor, 'the quote opens');
    assert.equal(editor.document.uri.toString(), doc.toString());
    assert.equal(editor.document.getText(editor.selection), QUOTE);
    await waitFor('the quote’s editor to be active', () => vscode.window.activeTextEditor?.document.uri.toString() === doc.toString());
    assert.ok(timeline.isOpen, 'the timeline stays open beside the document');
    assert.notEqual(editor.viewColumn, timeline.viewColumn, 'the document opens beside the timeline');

    // A seed quote too, by its position in the ledger.
    const biden = timeline.lastPosted()!.rows.find((r) => r.actorId === 'joe-biden')!.points[0]!;
    const opened = await timeline.openPoint(biden.quoteId, biden.document);
    assert.ok(opened);
    assert.equal(opened.document.uri.toString(), biden.document);
    const selected = opened.document.getText(opened.selection);
    assert.ok(selected.length > 0 && biden.text.startsWith(selected.replace(/\s+/g, ' ').trim().slice(0, 20)), `selected “${selected}”`);
  });

  test('the timeline follows the registry: a speaker’s new kind is posted', async () => {
    const { timeline, store } = await api();
    await store.editRegistry(file('actors.yaml').toString(), (r) => r.addAlias('timo-liner', 'T. Liner'));
    // An alias does not change the row; a kind does.
    await store.editRegistry(file('actors.yaml').toString(), (r) => r.setKind('timo-liner', 'organisation'));
    await waitFor('the row to show the new kind', () => timeline.lastPosted()?.rows.find((r) => r.actorId === 'timo-liner')?.kind === 'organisation');
  });
});
