import * as assert from 'node:assert/strict';
import { buildTimeline, dateAxis, dayNumber, dayString, oneLine, type TimelineActorInfo, type TimelineQuoteInput } from '../../src/core/whoSaid/timeline';

let counter = 0;
function quote(speaker: string | null, date: string | null, more: Partial<TimelineQuoteInput> = {}): TimelineQuoteInput {
  counter++;
  return { id: `q${counter}`, document: `file:///corpus/doc-${date ?? 'undated'}.txt`, date, speaker, direct: true, anchor: { start: counter * 10, end: counter * 10 + 5, exact: `quote ${counter}` }, ...more };
}

const ACTORS = new Map<string, TimelineActorInfo>([
  ['ann', { name: 'Ann Able', kind: 'person' }],
  ['bob', { name: 'Bob Baker', kind: 'person' }],
  ['un', { name: 'United Nations', kind: 'organisation' }],
]);

describe('timeline layout', () => {
  it('orders rows by number of quotes, then by name, with quotes without a speaker last', () => {
    const layout = buildTimeline(
      [quote('bob', '2022-01-10'), quote(null, '2022-01-11'), quote(null, '2022-01-12'), quote(null, '2022-01-13'), quote('ann', '2022-01-10'), quote('un', '2022-01-20'), quote('un', '2022-01-21'), quote('zed', '2022-01-15')],
      ACTORS,
    );
    assert.deepEqual(layout.rows.map((r) => r.actorId), ['un', 'ann', 'bob', 'zed', '']);
    assert.deepEqual(layout.rows.map((r) => r.name), ['United Nations', 'Ann Able', 'Bob Baker', 'zed', 'No speaker']);
    assert.deepEqual(layout.rows.map((r) => r.kind), ['organisation', 'person', 'person', null, null]);
    assert.equal(layout.total, 8);
    assert.equal(layout.undated, 0);
    assert.equal(layout.hiddenRows, 0);
  });

  it('places points by date between 0 (from) and 1 (to), in date order within a row', () => {
    // 2022-01-01 .. 2022-01-31: a day axis from the first to the last date.
    const layout = buildTimeline([quote('ann', '2022-01-31'), quote('ann', '2022-01-01'), quote('ann', '2022-01-16', { direct: false })], ACTORS);
    assert.equal(layout.unit, 'day');
    assert.equal(layout.from, '2022-01-01');
    assert.equal(layout.to, '2022-01-31');
    const points = layout.rows[0]!.points;
    assert.deepEqual(points.map((p) => p.date), ['2022-01-01', '2022-01-16', '2022-01-31']);
    assert.deepEqual(points.map((p) => p.x), [0, 0.5, 1]);
    assert.deepEqual(points.map((p) => p.direct), [true, false, true]);
    assert.equal(points[0]!.dateLabel, 'Saturday, 1 January 2022');
    assert.equal(points[0]!.documentLabel, 'doc-2022-01-01.txt');
    for (const tick of layout.ticks) assert.ok(tick.x >= 0 && tick.x <= 1, `tick ${tick.label} at ${tick.x}`);
    assert.equal(layout.ticks[0]!.label, '1 Jan 2022');
  });

  it('keeps a point’s quote, document and span so that it can be opened', () => {
    const q = quote('bob', '2023-11-04', { id: 'q-7', document: 'file:///c/a.txt', anchor: { start: 12, end: 30, exact: 'we   are\nready' } });
    const [row] = buildTimeline([q], ACTORS, { documentLabel: (d) => d.replace('file:///c/', 'corpus/') }).rows;
    assert.deepEqual(
      { ...row!.points[0]! },
      { x: 0.5, date: '2023-11-04', dateLabel: 'Saturday, 4 November 2023', quoteId: 'q-7', document: 'file:///c/a.txt', documentLabel: 'corpus/a.txt', start: 12, end: 30, direct: true, text: 'we are ready', stack: 0, stackSize: 1 },
    );
  });

  it('centres a single-date corpus on a week of day ticks', () => {
    const layout = buildTimeline([quote('ann', '2022-11-06'), quote('bob', '2022-11-06')], ACTORS);
    assert.equal(layout.from, '2022-11-03');
    assert.equal(layout.to, '2022-11-09');
    assert.deepEqual(layout.rows.map((r) => r.points[0]!.x), [0.5, 0.5]);
    assert.deepEqual(layout.ticks.map((t) => t.label), ['3 Nov 2022', '4 Nov', '5 Nov', '6 Nov', '7 Nov', '8 Nov', '9 Nov']);
    assert.equal(layout.ticks[3]!.x, 0.5);
  });

  it('numbers the points of a row that share a date', () => {
    const layout = buildTimeline([quote('ann', '2022-11-06'), quote('ann', '2023-11-04'), quote('ann', '2022-11-06')], ACTORS);
    assert.deepEqual(layout.rows[0]!.points.map((p) => [p.date, p.stack, p.stackSize]), [['2022-11-06', 0, 2], ['2022-11-06', 1, 2], ['2023-11-04', 0, 1]]);
  });

  it('uses month ticks across a year boundary, with the year on the first tick and on January', () => {
    // The seeds: 6 November 2022 and 4 November 2023.
    const layout = buildTimeline([quote('ann', '2022-11-06'), quote('bob', '2023-11-04')], ACTORS);
    assert.equal(layout.unit, 'month');
    assert.deepEqual(layout.ticks.map((t) => t.label), ['Nov 2022', 'Jan 2023', 'Mar', 'May', 'Jul', 'Sep', 'Nov', 'Jan 2024']);
    assert.equal(layout.from, '2022-11-01');
    assert.equal(layout.to, '2024-01-01');
    assert.equal(layout.ticks[0]!.x, 0);
    assert.equal(layout.ticks.at(-1)!.x, 1);
    const total = dayNumber('2024-01-01')! - dayNumber('2022-11-01')!;
    assert.equal(layout.rows.find((r) => r.actorId === 'ann')!.points[0]!.x, Math.round((5 / total) * 1e6) / 1e6);
    const nov2023 = layout.ticks.find((t) => t.date === '2023-11-01')!;
    const bobX = layout.rows.find((r) => r.actorId === 'bob')!.points[0]!.x;
    assert.ok(bobX > nov2023.x && bobX < 1);
  });

  it('uses monthly ticks over a few months', () => {
    const layout = buildTimeline([quote('ann', '2022-03-15'), quote('ann', '2022-06-02')], ACTORS);
    assert.deepEqual(layout.ticks.map((t) => t.label), ['Mar 2022', 'Apr', 'May', 'Jun', 'Jul']);
    assert.deepEqual(layout.ticks.map((t) => t.date), ['2022-03-01', '2022-04-01', '2022-05-01', '2022-06-01', '2022-07-01']);
    assert.deepEqual(layout.ticks.map((t) => t.x), layout.ticks.map((t) => Math.round(((dayNumber(t.date)! - dayNumber('2022-03-01')!) / 122) * 1e6) / 1e6));
  });

  it('uses year ticks over many years', () => {
    const layout = buildTimeline([quote('ann', '2001-06-01'), quote('ann', '2019-02-03')], ACTORS);
    assert.equal(layout.unit, 'year');
    assert.deepEqual(layout.ticks.map((t) => t.label), ['2000', '2002', '2004', '2006', '2008', '2010', '2012', '2014', '2016', '2018', '2020']);
    assert.equal(layout.from, '2000-01-01');
    assert.equal(layout.to, '2020-01-01');
  });

  it('never has more ticks than asked for', () => {
    for (const [a, b] of [['2022-01-01', '2022-02-20'], ['2020-01-01', '2023-12-31'], ['1900-01-01', '2024-05-05'], ['2022-01-01', '2022-01-02']] as const) {
      for (const maxTicks of [4, 6, 12]) {
        const axis = dateAxis(dayNumber(a)!, dayNumber(b)!, maxTicks);
        assert.ok(axis.ticks.length <= maxTicks, `${a}..${b} with ${maxTicks}: ${axis.ticks.length} ticks`);
        assert.ok(axis.ticks.length >= 2);
        assert.ok(axis.from <= dayNumber(a)! && axis.to >= dayNumber(b)!);
      }
    }
  });

  it('leaves undated quotes out and counts them', () => {
    const layout = buildTimeline([quote('ann', null), quote('ann', '2022-01-01'), quote('bob', null), quote('bob', 'not a date')], ACTORS);
    assert.equal(layout.undated, 3);
    assert.equal(layout.total, 4);
    assert.deepEqual(layout.rows.map((r) => [r.actorId, r.points.length]), [['ann', 1]]);
  });

  it('has no rows and no axis when nothing is dated', () => {
    assert.deepEqual(buildTimeline([], ACTORS), { rows: [], ticks: [], from: null, to: null, unit: null, hiddenRows: 0, hiddenQuotes: 0, undated: 0, total: 0 });
    const layout = buildTimeline([quote('ann', null)], ACTORS);
    assert.equal(layout.rows.length, 0);
    assert.equal(layout.undated, 1);
  });

  it('caps the rows and counts the rest, keeping the axis of every quote', () => {
    const quotes: TimelineQuoteInput[] = [];
    for (let i = 0; i < 40; i++) {
      const speaker = `s${String(i).padStart(2, '0')}`;
      for (let n = 0; n <= 40 - i; n++) quotes.push(quote(speaker, i === 39 ? '2024-06-01' : '2022-01-01'));
    }
    const layout = buildTimeline(quotes, ACTORS, { maxRows: 30 });
    assert.equal(layout.rows.length, 30);
    assert.equal(layout.rows[0]!.actorId, 's00');
    assert.equal(layout.rows[29]!.actorId, 's29');
    assert.equal(layout.hiddenRows, 10);
    assert.equal(layout.hiddenQuotes, [...Array(10).keys()].reduce((n, k) => n + (40 - (30 + k) + 1), 0));
    assert.equal(layout.to, '2024-07-01', 'the hidden rows still set the axis');
  });

  it('truncates long quotes to one line', () => {
    assert.equal(oneLine('  a\n b  ', 10), 'a b');
    assert.equal(oneLine('abcdefghijkl', 5), 'abcd…');
    const long = 'x'.repeat(500);
    const [row] = buildTimeline([quote('ann', '2022-01-01', { anchor: { start: 0, end: 500, exact: long } })], ACTORS, { maxTextLength: 50 }).rows;
    assert.equal([...row!.points[0]!.text].length, 50);
  });

  it('reads and writes day numbers', () => {
    assert.equal(dayNumber('1970-01-02'), 1);
    assert.equal(dayNumber('2023-02-29'), null);
    assert.equal(dayNumber('2023-2-1'), null);
    assert.equal(dayString(dayNumber('2024-02-29')!), '2024-02-29');
  });
});
