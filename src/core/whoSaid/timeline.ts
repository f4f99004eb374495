/**
 * The timeline's layout: one row per speaker (most quoted first), each quote
 * a point placed by its document's date on a shared date axis, with the
 * axis's ticks. Pure data, so that the webview only has to draw it and the
 * layout can be tested without an editor.
 */

import { formatLongDate } from '../format/format';
import { basename } from '../text/paths';
import type { ActorKind } from '../files/registry';

/** A quote as the timeline needs it (a `LedgerQuote` fits). */
export interface TimelineQuoteInput {
  readonly id: string;
  readonly document: string;
  /** `YYYY-MM-DD`, or null when the document has no date. */
  readonly date: string | null;
  readonly speaker: string | null;
  readonly direct: boolean;
  readonly anchor: { readonly start: number; readonly end: number; readonly exact: string };
}

/** What the registry says of an actor. */
export interface TimelineActorInfo {
  readonly name: string;
  readonly kind: ActorKind;
}

/** One quote on the timeline. */
export interface TimelinePoint {
  /** Position on the date axis, 0 (left, `from`) to 1 (right, `to`). */
  readonly x: number;
  /** `YYYY-MM-DD`. */
  readonly date: string;
  /** "Sunday, 6 November 2022". */
  readonly dateLabel: string;
  readonly quoteId: string;
  /** The document's location. */
  readonly document: string;
  /** How the document is named to the user (a relative path or its file name). */
  readonly documentLabel: string;
  /** Code-point span of the quote in the document. */
  readonly start: number;
  readonly end: number;
  readonly direct: boolean;
  /** The quote's text, on one line, truncated. */
  readonly text: string;
  /** Index of this point among the row's points on the same date (0 first), and how many share the date. */
  readonly stack: number;
  readonly stackSize: number;
}

/** One speaker's row. */
export interface TimelineRow {
  /** The speaker's actor id; '' for quotes without a speaker. */
  readonly actorId: string;
  readonly name: string;
  /** The actor's kind, or null when the speaker is not in the registry (or there is none). */
  readonly kind: ActorKind | null;
  /** Oldest first, then by document and position. */
  readonly points: readonly TimelinePoint[];
}

/** A labelled position on the date axis. */
export interface TimelineTick {
  readonly x: number;
  /** `YYYY-MM-DD` of the tick. */
  readonly date: string;
  readonly label: string;
}

/** The whole picture. */
export interface TimelineLayout {
  readonly rows: readonly TimelineRow[];
  readonly ticks: readonly TimelineTick[];
  /** First and last day of the axis (`YYYY-MM-DD`), or null when nothing is dated. */
  readonly from: string | null;
  readonly to: string | null;
  /** The unit of the ticks. */
  readonly unit: 'day' | 'month' | 'year' | null;
  /** Rows left out by the cap, and their quotes. */
  readonly hiddenRows: number;
  readonly hiddenQuotes: number;
  /** Quotes left out because their document has no date. */
  readonly undated: number;
  /** Every quote given, shown or not. */
  readonly total: number;
}

export interface TimelineOptions {
  /** Most rows shown (default 30); the rest are counted in `hiddenRows`. */
  readonly maxRows?: number;
  /** Most ticks on the axis (default 12). */
  readonly maxTicks?: number;
  /** Longest quote text, in code points (default 160). */
  readonly maxTextLength?: number;
  /** Name of the row of quotes without a speaker (default "No speaker"). */
  readonly noSpeakerName?: string;
  /** How a document is named (default: its file name). */
  readonly documentLabel?: (document: string) => string;
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD`, or null when it is not one. */
export function dayNumber(date: string): number | null {
  const m = ISO.exec(date);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return Math.round(t / DAY_MS);
}

/** `YYYY-MM-DD` of a day number. */
export function dayString(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function ymd(day: number): { y: number; m: number; d: number } {
  const t = new Date(day * DAY_MS);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

function dayOf(y: number, m: number, d = 1): number {
  // Date.UTC normalises month overflow (m = 13 is January of the next year).
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

/** Months since year 0 of a day number's month (its first day). */
function monthIndex(day: number): number {
  const { y, m } = ymd(day);
  return y * 12 + (m - 1);
}

function monthStart(index: number): number {
  return dayOf(Math.floor(index / 12), (index % 12) + 1);
}

/** The axis: its ends (day numbers), tick days and labels. */
export function dateAxis(first: number, last: number, maxTicks = 12): { from: number; to: number; unit: 'day' | 'month' | 'year'; ticks: Array<{ day: number; label: string }> } {
  let lo = Math.min(first, last);
  let hi = Math.max(first, last);
  if (hi === lo) {
    // A single date sits in the middle of a week.
    lo -= 3;
    hi += 3;
  }
  const limit = Math.max(2, maxTicks);
  const span = hi - lo;
  const dayStep = span <= 62 ? [1, 2, 7, 14, 21, 31].find((s) => Math.floor(span / s) + 1 <= limit) : undefined;
  if (dayStep !== undefined) {
    const step = dayStep;
    const ticks: Array<{ day: number; label: string }> = [];
    for (let day = lo; day <= hi; day += step) {
      const { y, m, d } = ymd(day);
      const withYear = ticks.length === 0 || (m === 1 && d <= step);
      ticks.push({ day, label: `${d} ${SHORT_MONTHS[m - 1]}${withYear ? ` ${y}` : ''}` });
    }
    return { from: lo, to: hi, unit: 'day', ticks };
  }
  const firstMonth = monthIndex(lo);
  const endMonth = monthIndex(hi) + 1; // the month after the last one: the last month is whole
  // Steps divide a year, and ticks are aligned to them (Jan, Apr, Jul, Oct for 3).
  const monthSteps = endMonth - firstMonth <= 48 ? [1, 2, 3, 4, 6, 12] : [];
  const monthStep = monthSteps.find((s) => Math.ceil((endMonth - Math.floor(firstMonth / s) * s) / s) + 1 <= limit);
  if (monthStep !== undefined) {
    const step = monthStep;
    const start = Math.floor(firstMonth / step) * step;
    const count = Math.ceil((endMonth - start) / step);
    const ticks: Array<{ day: number; label: string }> = [];
    for (let i = 0; i <= count; i++) {
      const index = start + i * step;
      const y = Math.floor(index / 12);
      const m = (index % 12) + 1;
      const withYear = i === 0 || m <= step;
      ticks.push({ day: monthStart(index), label: `${SHORT_MONTHS[m - 1]}${withYear ? ` ${y}` : ''}` });
    }
    return { from: ticks[0]!.day, to: ticks[ticks.length - 1]!.day, unit: 'month', ticks };
  }
  const firstYear = ymd(lo).y;
  const lastYear = ymd(hi).y + 1;
  const fits = (s: number): boolean => (Math.ceil(lastYear / s) - Math.floor(firstYear / s)) + 1 <= limit;
  let step = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000].find(fits) ?? 1000;
  while (!fits(step)) step *= 2;
  const start = Math.floor(firstYear / step) * step;
  const end = Math.ceil(lastYear / step) * step;
  const ticks: Array<{ day: number; label: string }> = [];
  for (let y = start; y <= end; y += step) ticks.push({ day: dayOf(y, 1), label: String(y) });
  return { from: ticks[0]!.day, to: ticks[ticks.length - 1]!.day, unit: 'year', ticks };
}

/** One line of at most `max` code points, with an ellipsis when cut. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const points = [...flat];
  return points.length > max ? `${points.slice(0, Math.max(1, max - 1)).join('').trimEnd()}…` : flat;
}

/**
 * Lays out the timeline of `quotes`: rows by speaker (most quotes first, then
 * by name; quotes without a speaker last), at most `maxRows` of them, and the
 * points of each row placed on a shared date axis. Undated quotes are counted,
 * not placed.
 */
export function buildTimeline(
  quotes: readonly TimelineQuoteInput[],
  actors: ReadonlyMap<string, TimelineActorInfo> | Readonly<Record<string, TimelineActorInfo>>,
  options: TimelineOptions = {},
): TimelineLayout {
  const maxRows = Math.max(0, options.maxRows ?? 30);
  const maxText = options.maxTextLength ?? 160;
  const label = options.documentLabel ?? basename;
  const infoOf = (id: string): TimelineActorInfo | undefined => (actors instanceof Map ? actors.get(id) : (actors as Readonly<Record<string, TimelineActorInfo>>)[id]);

  const dated: Array<{ q: TimelineQuoteInput; day: number }> = [];
  let undated = 0;
  for (const q of quotes) {
    const day = q.date === null ? null : dayNumber(q.date);
    if (day === null) undated++;
    else dated.push({ q, day });
  }

  const bySpeaker = new Map<string, Array<{ q: TimelineQuoteInput; day: number }>>();
  for (const entry of dated) {
    const key = entry.q.speaker ?? '';
    let list = bySpeaker.get(key);
    if (!list) bySpeaker.set(key, (list = []));
    list.push(entry);
  }
  const nameOf = (id: string): string => (id === '' ? options.noSpeakerName ?? 'No speaker' : infoOf(id)?.name ?? id);
  const speakers = [...bySpeaker.keys()].sort((a, b) => {
    if ((a === '') !== (b === '')) return a === '' ? 1 : -1;
    return bySpeaker.get(b)!.length - bySpeaker.get(a)!.length || nameOf(a).localeCompare(nameOf(b)) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const shown = speakers.slice(0, maxRows);
  const hidden = speakers.slice(maxRows);

  if (dated.length === 0) {
    return { rows: [], ticks: [], from: null, to: null, unit: null, hiddenRows: 0, hiddenQuotes: 0, undated, total: quotes.length };
  }
  // The axis spans every dated quote, shown or not, so that it does not jump when the cap changes.
  let first = Infinity;
  let last = -Infinity;
  for (const { day } of dated) {
    first = Math.min(first, day);
    last = Math.max(last, day);
  }
  const axis = dateAxis(first, last, options.maxTicks);
  const width = axis.to - axis.from;
  const xOf = (day: number): number => round((day - axis.from) / width);

  const rows: TimelineRow[] = shown.map((actorId) => {
    const list = bySpeaker.get(actorId)!.sort((a, b) => a.day - b.day || (a.q.document < b.q.document ? -1 : a.q.document > b.q.document ? 1 : 0) || a.q.anchor.start - b.q.anchor.start);
    const perDay = new Map<number, number>();
    for (const { day } of list) perDay.set(day, (perDay.get(day) ?? 0) + 1);
    const seen = new Map<number, number>();
    const points = list.map(({ q, day }): TimelinePoint => {
      const stack = seen.get(day) ?? 0;
      seen.set(day, stack + 1);
      const date = dayString(day);
      return {
        x: xOf(day),
        date,
        dateLabel: formatLongDate(date),
        quoteId: q.id,
        document: q.document,
        documentLabel: label(q.document),
        start: q.anchor.start,
        end: q.anchor.end,
        direct: q.direct,
        text: oneLine(q.anchor.exact, maxText),
        stack,
        stackSize: perDay.get(day)!,
      };
    });
    return { actorId, name: nameOf(actorId), kind: actorId === '' ? null : infoOf(actorId)?.kind ?? null, points };
  });

  return {
    rows,
    ticks: axis.ticks.map((t) => ({ x: xOf(t.day), date: dayString(t.day), label: t.label })),
    from: dayString(axis.from),
    to: dayString(axis.to),
    unit: axis.unit,
    hiddenRows: hidden.length,
    hiddenQuotes: hidden.reduce((n, id) => n + bySpeaker.get(id)!.length, 0),
    undated,
    total: quotes.length,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
