/**
 * Random edit sequences for measuring re-anchoring (inserts, deletes, typos,
 * replaced and moved paragraphs, LF↔CRLF) on seed-like documents generated for
 * the tests, and the measure that test/unit/reanchor.property.test.ts asserts on
 * and scripts/reanchor-sweep.ts runs over many seeds.
 */
import * as fc from 'fast-check';
import { createAnchor, type Anchor } from '../../src/core/anchoring/anchor';
import { CONFIDENCE_THRESHOLD, reanchor, reanchorAll, type AnchorMatch } from '../../src/core/anchoring/reanchor';
import { CodePointMap } from '../../src/core/text/text';
import { seededRandom } from './random';
import { contextConfirmed, move, paragraphSpans, replace, track, VOCABULARY, type Tracked } from './revisions';

const EMOJI = ['😀', '🇺🇦', '🔥', '👍', '💬'];


function pick<T>(r: () => number, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

function words(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r() < 0.02 ? pick(r, EMOJI) : pick(r, VOCABULARY));
  return out.join(' ');
}

function sentence(r: () => number): string {
  const s = words(r, 5 + Math.floor(r() * 15));
  const cap = s.charAt(0).toUpperCase() + s.slice(1);
  if (r() < 0.25) return `${pick(r, ['Kuleba', 'Biden', 'The minister', 'A spokesman'])} said “${s}.”`;
  return `${cap}.`;
}

function paragraph(r: () => number, repeated: readonly string[]): string {
  const n = 1 + Math.floor(r() * 5);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r() < 0.15 ? pick(r, repeated) : sentence(r));
  return out.join(' ');
}

function documentFrom(seed: number, paragraphs: number): string {
  const r = seededRandom(seed);
  const repeated = [sentence(r), sentence(r), sentence(r)];
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  const paras: string[] = [];
  for (let i = 0; i < paragraphs; i++) paras.push(paragraph(r, repeated));
  return ` date 2023-${month}-${day} Marta Gichko10:09, ${day}.${month}.23\n\n${paras.join('\n\n')}\n`;
}

/** Start and end (code points) of every run of non-white-space. */
function wordSpans(cps: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= cps.length; i++) {
    const space = i === cps.length || /\s/.test(cps[i]!);
    if (!space && start < 0) start = i;
    if (space && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

type EditKind = 'insert' | 'delete' | 'typo' | 'typoInSpan' | 'replaceParagraph' | 'crlf' | 'moveParagraph';
interface EditSpec {
  kind: EditKind;
  a: number;
  b: number;
  n: number;
}

function applyEdit(r: () => number, cps: string[], spans: Tracked[], edit: EditSpec): void {
  const ws = wordSpans(cps);
  const at = (x: number): [number, number] => ws[Math.min(ws.length - 1, Math.floor(x * ws.length))]!;
  switch (edit.kind) {
    case 'insert': {
      const [s] = at(edit.a);
      replace(cps, spans, s, s, `${words(r, 1 + (edit.n % 12))} `);
      break;
    }
    case 'delete': {
      const i = Math.floor(edit.a * ws.length);
      const j = Math.min(ws.length - 1, i + (edit.n % 15));
      replace(cps, spans, ws[i]![0], ws[j]![1], '');
      break;
    }
    case 'typo':
    case 'typoInSpan': {
      let pos: number;
      const live = spans.filter((s) => !s.deleted && s.end - s.start > 20);
      if (edit.kind === 'typoInSpan' && live.length) {
        const s = live[Math.floor(edit.b * live.length)]!;
        pos = s.start + 1 + Math.floor(edit.a * (s.end - s.start - 2));
      } else {
        const [s, e] = at(edit.a);
        pos = s + Math.floor(edit.b * (e - s));
      }
      const letter = String.fromCharCode(97 + (edit.n % 26));
      const mode = edit.n % 3;
      if (mode === 0) replace(cps, spans, pos, pos + 1, letter);
      else if (mode === 1) replace(cps, spans, pos, pos, letter);
      else replace(cps, spans, pos, pos + 1, '');
      break;
    }
    case 'replaceParagraph': {
      const ps = paragraphSpans(cps);
      if (!ps.length) break;
      const [s, e] = ps[Math.floor(edit.a * ps.length)]!;
      replace(cps, spans, s, e, paragraph(r, [sentence(r)]));
      break;
    }
    case 'crlf': {
      if (cps.includes('\r')) break;
      for (let i = cps.length - 1; i >= 0; i--) if (cps[i] === '\n') replace(cps, spans, i, i, '\r');
      break;
    }
    case 'moveParagraph': {
      const ps = paragraphSpans(cps);
      if (ps.length < 3) break;
      const i = Math.floor(edit.a * ps.length);
      let j = Math.floor(edit.b * ps.length);
      if (j === i || j === i + 1) j = (i + 2) % ps.length;
      const [s] = ps[i]!;
      const e = i + 1 < ps.length ? ps[i + 1]![0] : cps.length; // the paragraph and the blank line after it
      const q = ps[j]![0];
      if (q > s && q < e) break;
      move(cps, spans, s, e, q);
      break;
    }
  }
}

/** Counts of one run of {@link measureRandomEdits}, and what failed. */
export interface RandomEditStats {
  untouched: number;
  untouchedFound: number;
  light: number;
  lightFound: number;
  wrongConfident: number;
  deleted: number;
  heavy: number;
  confidentApplied: number;
  singleWrong: number;
  cut: number;
  twins: number;
  readonly failures: string[];
}

function overlapShare(m: AnchorMatch, t: { start: number; end: number }): number {
  const shared = Math.min(m.end, t.end) - Math.max(m.start, t.start);
  return Math.max(0, shared) / Math.max(m.end - m.start, t.end - t.start);
}

/** A uniform number in [0, 1) (fc.double favours the extremes). */
const unit = fc.integer({ min: 0, max: 999_999 }).map((x) => x / 1_000_000);

const docArb = fc.record({
  seed: fc.integer(),
  paragraphs: fc.integer({ min: 5, max: 40 }),
  annotations: fc.array(fc.record({ at: unit, words: fc.integer({ min: 3, max: 80 }) }), {
    minLength: 3,
    maxLength: 20,
  }),
  edits: fc.array(
    fc.record({
      kind: fc.constantFrom<EditKind>('insert', 'delete', 'typo', 'typoInSpan', 'typoInSpan', 'replaceParagraph', 'crlf', 'moveParagraph'),
      a: unit,
      b: unit,
      n: fc.nat({ max: 1000 }),
    }),
    { minLength: 1, maxLength: 6 },
  ),
  knowOldLength: fc.boolean(),
});

/** Runs `runs` random documents, annotations and edit sequences from fast-check seed `seed`. */
export function measureRandomEdits(seed: number, runs: number): RandomEditStats {
  const stats: RandomEditStats = { untouched: 0, untouchedFound: 0, light: 0, lightFound: 0, wrongConfident: 0, deleted: 0, heavy: 0, confidentApplied: 0, singleWrong: 0, cut: 0, twins: 0, failures: [] };
  const failures = stats.failures;
  fc.assert(
      fc.property(docArb, (spec) => {
        const original = documentFrom(spec.seed, spec.paragraphs);
        const cps = Array.from(original);
        const ws = wordSpans(cps);
        const anchors: Anchor[] = [];
        const tracked: Tracked[] = [];
        for (const a of spec.annotations) {
          const i = Math.floor(a.at * ws.length);
          const j = Math.min(ws.length - 1, i + a.words - 1);
          const anchor = createAnchor(original, ws[i]![0], ws[j]![1]);
          anchors.push(anchor);
          tracked.push(track(anchor));
        }
        const r = seededRandom(spec.seed ^ 0x5bd1e995);
        for (const edit of spec.edits) applyEdit(r, cps, tracked, edit);
        const edited = cps.join('');
        const points = new CodePointMap(edited);
        const oldLength = spec.knowOldLength ? Array.from(original).length : undefined;
        if (process.env.REANCHOR_DUMP === String(spec.seed)) console.log(JSON.stringify({ dump: { text: edited, anchors, tracked, oldLength } }));
        const matches = reanchorAll(points, anchors, { oldLength });

        anchors.forEach((anchor, k) => {
          const t = tracked[k]!;
          const m = matches[k]!;
          const single = reanchor(points, anchor, { oldLength });
          const confident = m.confidence >= CONFIDENCE_THRESHOLD;
          if (process.env.REANCHOR_DEBUG === String(spec.seed)) {
            console.log(JSON.stringify({ k, anchor, t, m, single, edits: spec.edits.map((e) => e.kind), near: edited.slice(Math.max(0, points.toUtf16(Math.min(t.start, m.start)) - 100), points.toUtf16(Math.max(t.end, m.end)) + 100) }, null, 1));
          }
          const where = `seed ${spec.seed}, anchor ${k} ${JSON.stringify(anchor.exact.slice(0, 40))}: true ${t.start}..${t.end}, got ${m.status} ${m.start}..${m.end} @${m.confidence}`;
          if (confident) stats.confidentApplied++;
          // A copy with the same text and context (up to a line break) cannot be told from the span moved there.
          const copy = (x: AnchorMatch): boolean => x.exact === anchor.exact && contextConfirmed(edited, anchor, points.toUtf16(x.start), points.toUtf16(x.end));
          if (t.pieces) {
            stats.cut++;
            for (const [label, x] of [['reanchorAll', m], ['reanchor alone', single]] as const) {
              if (x.confidence >= CONFIDENCE_THRESHOLD && !t.pieces.some((p) => overlapShare(x, p) > 0)) {
                // A span cut in two by a moved paragraph, found whole at a copy with its text and context: a twin.
                if (copy(x)) {
                  stats.twins++;
                  continue;
                }
                stats.wrongConfident++;
                failures.push(`${label}: confident match away from the pieces of a cut span: ${where} ${JSON.stringify(t.pieces)}`);
              }
            }
            return;
          }
          if (t.deleted) {
            stats.deleted++;
            if (confident && copy(m)) {
              stats.twins++;
              return;
            }
            if (confident) {
              stats.wrongConfident++;
              failures.push(`deleted span matched confidently: ${where}`);
            }
            if (single.confidence >= CONFIDENCE_THRESHOLD && !copy(single)) {
              stats.singleWrong++;
              failures.push(`reanchor alone: deleted span matched confidently: ${where} (alone ${single.start}..${single.end} @${single.confidence})`);
            }
            return;
          }
          const now = createAnchor(points, t.start, t.end);
          /** At a place textually indistinguishable from the true one (a repeated passage, same 32-code-point context). */
          const twin = (x: AnchorMatch): boolean => {
            const there = createAnchor(points, x.start, x.end);
            return there.exact === now.exact && there.prefix === now.prefix && there.suffix === now.suffix;
          };
          if (confident && overlapShare(m, t) === 0) {
            if (twin(m)) stats.twins++;
            else {
              stats.wrongConfident++;
              failures.push(`confident match away from the true span: ${where}`);
            }
          }
          if (single.confidence >= CONFIDENCE_THRESHOLD && overlapShare(single, t) === 0 && !twin(single)) {
            stats.singleWrong++;
            failures.push(`reanchor alone: confident match away from the true span: ${where} (alone ${single.start}..${single.end} @${single.confidence})`);
          }
          const untouched = !t.crossed && t.changed === 0 && now.exact === anchor.exact && now.prefix === anchor.prefix && now.suffix === anchor.suffix;
          if (untouched) {
            stats.untouched++;
            const ok = m.start === t.start && m.end === t.end && (m.status === 'exact' || m.status === 'moved');
            const singleOk = single.start === t.start && single.end === t.end && (single.status === 'exact' || single.status === 'moved');
            if (ok) stats.untouchedFound++;
            else if (twin(m)) stats.twins++;
            else failures.push(`untouched span not re-found: ${where}`);
            if (!singleOk && !twin(single)) failures.push(`reanchor alone: untouched span not re-found: ${where} (alone ${single.status} ${single.start}..${single.end})`);
          } else if (!t.crossed && t.changed > 0 && t.changed <= 0.1 * (anchor.end - anchor.start)) {
            stats.light++;
            if (confident && overlapShare(m, t) >= 0.8) stats.lightFound++;
            else if (process.env.REANCHOR_DEBUG === 'light') {
              const now = createAnchor(points, t.start, t.end);
              console.log(JSON.stringify({ m, t, anchor, now }));
            }
          } else {
            stats.heavy++;
          }
        });
        return true;
      }),
    { seed, numRuns: runs },
  );
  return stats;
}
