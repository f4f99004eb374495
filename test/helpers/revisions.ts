/**
 * Revisions of a document for measuring re-anchoring: each one edits the text
 * (an array of code points) and tracks every annotated span through the edit,
 * so that the true place of each span is known afterwards. Used by the property
 * tests (test/unit/reanchor.revisions.property.test.ts, on generated documents)
 * and by scripts/reanchor-rates.ts (also on real articles read at run time).
 */
import { createAnchor, type Anchor } from '../../src/core/anchoring/anchor';
import { CONFIDENCE_THRESHOLD, type AnchorMatch } from '../../src/core/anchoring/reanchor';
import { CodePointMap } from '../../src/core/text/text';

/** Where a span truly is after the edits. Offsets count code points. */
export interface Tracked {
  start: number;
  end: number;
  /** Code points changed inside the span. */
  changed: number;
  /** An edit crossed a boundary, or a move split it. */
  crossed: boolean;
  deleted: boolean;
  /** The span was inside a paragraph that moved. */
  moved: boolean;
  /** A name inside the span was respelled. */
  respelled: boolean;
  /** Set when a moved paragraph cut the span in two (it has no single true place): where each piece is now. */
  pieces?: Array<{ start: number; end: number }>;
}

/** The revision kinds measured one by one. */
export const REVISION_KINDS = ['respelledNames', 'movedParagraphs', 'pullQuotes', 'deletedWithCopy', 'heavyEdits'] as const;
export type RevisionKind = (typeof REVISION_KINDS)[number];

export type Random = () => number;

export function pick<T>(r: Random, list: readonly T[]): T {
  return list[Math.floor(r() * list.length)]!;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;

/** Start and end (code points) of every run of letters and digits. */
export function wordSpans(cps: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= cps.length; i++) {
    const word = i < cps.length && WORD.test(cps[i]!);
    if (word && start < 0) start = i;
    if (!word && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** Starts and ends (code points) of paragraphs (lines), the first line (the header) left out. */
export function paragraphSpans(cps: readonly string[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= cps.length; i++) {
    const br = i === cps.length || cps[i] === '\n' || cps[i] === '\r';
    if (!br && start < 0) start = i;
    if (br && start >= 0) {
      out.push([start, i]);
      start = -1;
    }
  }
  return out.slice(1);
}

export function track(anchor: Anchor): Tracked {
  return { start: anchor.start, end: anchor.end, changed: 0, crossed: false, deleted: false, moved: false, respelled: false };
}

/** Replaces [cs, ce) by `text` in the document and in every tracked span. */
export function replace(cps: string[], spans: readonly Tracked[], cs: number, ce: number, text: string): void {
  const inserted = Array.from(text);
  cps.splice(cs, ce - cs, ...inserted);
  const delta = inserted.length - (ce - cs);
  for (const s of spans) {
    for (const piece of s.pieces ?? []) {
      if (ce <= piece.start) {
        piece.start += delta;
        piece.end += delta;
      } else if (cs < piece.end) {
        piece.start = Math.min(piece.start, cs);
        piece.end = Math.max(cs + inserted.length, piece.end + delta);
      }
    }
    if (s.deleted) continue;
    if (ce <= s.start && !(cs === ce && cs === s.start && s.start === s.end)) {
      s.start += delta;
      s.end += delta;
    } else if (cs >= s.end) {
      // after: unchanged
    } else if (cs >= s.start && ce <= s.end) {
      s.changed += Math.max(ce - cs, inserted.length);
      s.end += delta;
      if (s.end <= s.start) s.deleted = true;
    } else if (cs <= s.start && ce >= s.end) {
      s.deleted = true;
    } else if (cs < s.start) {
      s.crossed = true;
      s.changed += ce - s.start;
      s.start = cs + inserted.length;
      s.end += delta;
    } else {
      s.crossed = true;
      s.changed += s.end - cs;
      s.end = cs;
    }
  }
}

/** Moves [ps, pe) to before `q` (q outside [ps, pe]). */
export function move(cps: string[], spans: readonly Tracked[], ps: number, pe: number, q: number): void {
  const piece = cps.slice(ps, pe);
  const len = pe - ps;
  const target = q > pe ? q - len : q;
  cps.splice(ps, len);
  cps.splice(target, 0, ...piece);
  const map = (x: number): number => {
    const afterDelete = x >= pe ? x - len : x;
    return afterDelete >= target ? afterDelete + len : afterDelete;
  };
  for (const s of spans) {
    if (s.pieces) {
      s.pieces = s.pieces.flatMap((p) => moveInterval(p.start, p.end));
      continue;
    }
    if (s.deleted) continue;
    if (s.start >= ps && s.end <= pe) {
      s.start = s.start - ps + target;
      s.end = s.end - ps + target;
      s.moved = true;
    } else if (s.end <= ps || s.start >= pe) {
      const ns = map(s.start);
      const ne = map(s.end);
      if (ne - ns !== s.end - s.start) s.crossed = true; // the piece landed inside the span
      s.start = ns;
      s.end = ne;
    } else {
      // Cut in two: no single true place any more; remember where the pieces went.
      s.crossed = true;
      s.pieces = moveInterval(s.start, s.end);
    }
  }

  function moveInterval(a: number, b: number): Array<{ start: number; end: number }> {
    const inside = { start: Math.max(a, ps), end: Math.min(b, pe) };
    const out: Array<{ start: number; end: number }> = [];
    if (inside.start < inside.end) out.push({ start: inside.start - ps + target, end: inside.end - ps + target });
    for (const [x, y] of [[a, Math.min(b, ps)], [Math.max(a, pe), b]] as const) {
      if (x < y) out.push({ start: map(x), end: map(y) });
    }
    return out;
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** A respelling of a name: a letter added (often the last one doubled), dropped or changed. */
export function respell(r: Random, name: string): string {
  const cps = Array.from(name);
  const mode = Math.floor(r() * 4);
  const i = 1 + Math.floor(r() * (cps.length - 1));
  if (mode === 0) return name + cps[cps.length - 1]; // Zelensky → Zelenskyy
  if (mode === 1) return [...cps.slice(0, i), pick(r, Array.from(LETTERS)), ...cps.slice(i)].join('');
  if (mode === 2 && cps.length > 4) return [...cps.slice(0, i), ...cps.slice(i + 1)].join('');
  return [...cps.slice(0, i), pick(r, Array.from(LETTERS.replace(cps[i] ?? '', ''))), ...cps.slice(i + 1)].join('');
}

/**
 * Respells every occurrence of one name that a span covers exactly (a mention),
 * as a corrected article does. Returns false when no span covers a name.
 */
export function respellNames(r: Random, cps: string[], spans: readonly Tracked[]): boolean {
  const names = spans.filter((s) => !s.deleted && s.end - s.start >= 4 && /^\p{Lu}\p{Ll}+$/u.test(cps.slice(s.start, s.end).join('')));
  if (names.length === 0) return false;
  const target = pick(r, names);
  const name = cps.slice(target.start, target.end).join('');
  const respelled = respell(r, name);
  const starts = wordSpans(cps).filter(([s, e]) => cps.slice(s, e).join('') === name);
  for (const [s, e] of starts.reverse()) {
    for (const t of spans) if (!t.deleted && t.start <= s && t.end >= e) t.respelled = true;
    replace(cps, spans, s, e, respelled);
  }
  return true;
}

/** Moves one paragraph: far (the last to the top, or the first to the end) or anywhere. */
export function moveParagraph(r: Random, cps: string[], spans: readonly Tracked[]): boolean {
  const ps = paragraphSpans(cps);
  if (ps.length < 4) return false;
  let i: number;
  let j: number;
  if (r() < 0.5) {
    // From the end to the top (after the first body paragraph, often the repeated title), or the other way round.
    [i, j] = r() < 0.5 ? [ps.length - 2, 1] : [1, ps.length - 1];
  } else {
    i = 1 + Math.floor(r() * (ps.length - 1));
    j = 1 + Math.floor(r() * ps.length);
    if (j === i || j === i + 1) return false;
  }
  if (i + 1 >= ps.length) return false; // the last paragraph has no line break after it
  const [s] = ps[i]!;
  const e = ps[i + 1]![0];
  const q = ps[Math.min(j, ps.length - 1)]![0];
  if (q >= s && q <= e) return false;
  move(cps, spans, s, e, q);
  return true;
}

/** Inserts a copy of an annotated span, as a pull quote in its own paragraph, somewhere else. */
export function pullQuote(r: Random, cps: string[], spans: readonly Tracked[]): boolean {
  // A pull quote repeats words of one paragraph.
  const quotes = spans.filter((s) => !s.deleted && s.end - s.start >= 20 && !cps.slice(s.start, s.end).some((c) => c === '\n' || c === '\r'));
  const ps = paragraphSpans(cps);
  if (quotes.length === 0 || ps.length < 2) return false;
  const q = pick(r, quotes);
  const text = cps.slice(q.start, q.end).join('');
  const at = pick(r, ps)[0];
  replace(cps, spans, at, at, `“${text}”\n\n`);
  return true;
}

/**
 * Deletes one of two copies of a sentence or paragraph (the title repeated as
 * the first line, a repeated sentence, a pull quote). Returns false when
 * nothing is repeated.
 */
export function deleteWithCopy(r: Random, cps: string[], spans: readonly Tracked[]): boolean {
  const text = cps.join('');
  const map = new CodePointMap(text);
  const pieces = new Map<string, number[]>();
  const re = /[^.!?\n“”]{20,}[.!?]?/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const key = m[0].trim();
    if (key.length < 20) continue;
    const at = text.indexOf(key, m.index);
    pieces.set(key, [...(pieces.get(key) ?? []), at]);
  }
  // Copies side by side are left out: deleting either gives the same text, so no true place can be told.
  const apart = (piece: string, at: number[]): boolean => at.every((a, i) => i === 0 || a - at[i - 1]! > 2 * piece.length);
  const repeated = [...pieces.entries()].filter(([piece, at]) => at.length >= 2 && apart(piece, at));
  if (repeated.length === 0) return false;
  const [piece, starts] = pick(r, repeated);
  const at = pick(r, starts);
  const s = map.toCodePoint(at);
  const e = s + Array.from(piece).length;
  replace(cps, spans, s, cps[e] === ' ' ? e + 1 : e, '');
  return true;
}

/** Rewrites 15–40% of the words of one annotated span. */
export function heavyEdit(r: Random, cps: string[], spans: readonly Tracked[], vocabulary: readonly string[]): boolean {
  const live = spans.filter((s) => !s.deleted && s.end - s.start >= 30);
  if (live.length === 0) return false;
  const t = pick(r, live);
  const ws = wordSpans(cps).filter(([s, e]) => s >= t.start && e <= t.end);
  const share = 0.15 + 0.25 * r();
  const chosen = ws.filter(() => r() < share).reverse();
  for (const [s, e] of chosen) {
    const mode = r();
    if (mode < 0.5) replace(cps, spans, s, e, pick(r, vocabulary));
    else if (mode < 0.75) replace(cps, spans, s, e, '');
    else replace(cps, spans, e, e, ` ${pick(r, vocabulary)}`);
  }
  return chosen.length > 0;
}

/** Applies one revision of a kind. */
export function revise(kind: RevisionKind, r: Random, cps: string[], spans: readonly Tracked[], vocabulary: readonly string[]): boolean {
  switch (kind) {
    case 'respelledNames':
      return respellNames(r, cps, spans);
    case 'movedParagraphs':
      return moveParagraph(r, cps, spans);
    case 'pullQuotes':
      return pullQuote(r, cps, spans);
    case 'deletedWithCopy':
      return deleteWithCopy(r, cps, spans);
    case 'heavyEdits':
      return heavyEdit(r, cps, spans, vocabulary);
  }
}

// ---- judging outcomes -------------------------------------------------------

/** What happened to one annotation, judged against its true place. */
export type Verdict =
  | 'untouched-found'
  | 'untouched-missed'
  | 'moved-found'
  | 'moved-review'
  | 'respelled-found'
  | 'respelled-review'
  | 'context-found'
  | 'context-review'
  | 'light-found'
  | 'light-review'
  | 'heavy-found'
  | 'heavy-review'
  | 'deleted-review'
  | 'twin'
  | 'cut'
  | 'wrong';

/** Tallies of verdicts, with examples of the wrong ones. */
export class Tally {
  readonly counts = new Map<Verdict, number>();
  readonly wrong: string[] = [];
  /** Examples of annotations not re-found (for debugging). */
  readonly missed: string[] = [];
  add(v: Verdict, why?: string): void {
    this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    if (v === 'wrong' && why) this.wrong.push(why);
    if (v.endsWith('-missed') || v.endsWith('-review')) this.missed.push(`${v} ${why ?? ''}`);
  }
  n(v: Verdict): number {
    return this.counts.get(v) ?? 0;
  }
  /** found / (found + other) for one group, as "a/b (p%)". */
  rate(group: 'untouched' | 'moved' | 'respelled' | 'context' | 'light' | 'heavy'): { found: number; total: number; text: string } {
    const found = this.n(`${group}-found` as Verdict);
    const total = found + this.n(`${group}-${group === 'untouched' ? 'missed' : 'review'}` as Verdict);
    return { found, total, text: `${found}/${total} (${total ? ((100 * found) / total).toFixed(1) : '–'}%)` };
  }
}

/** The recorded prefix and suffix are around [s16, e16), wholly or up to a line break. */
export function contextConfirmed(t: string, anchor: Anchor, s16: number, e16: number): boolean {
  const before = t.slice(Math.max(0, s16 - anchor.prefix.length), s16);
  const after = t.slice(e16, e16 + anchor.suffix.length);
  const nl = Math.max(anchor.prefix.lastIndexOf('\n'), anchor.prefix.lastIndexOf('\r'));
  const prefixOk = before === anchor.prefix || (nl >= 0 && t.slice(0, s16).endsWith(anchor.prefix.slice(nl)));
  const br = anchor.suffix.search(/[\r\n]/);
  const suffixOk = after === anchor.suffix || (br >= 0 && t.startsWith(anchor.suffix.slice(0, br), e16) && /[\r\n]/.test(t.charAt(e16 + br)));
  return prefixOk && suffixOk;
}

function isWordAt(points: CodePointMap, i: number): boolean {
  return i >= 0 && i < points.length && WORD.test(points.slice(i, i + 1));
}

/** True when the span starts or ends inside a word where the true span does not. */
function cutsWord(points: CodePointMap, m: { start: number; end: number }, t: { start: number; end: number }): boolean {
  const inside = (x: number): boolean => isWordAt(points, x - 1) && isWordAt(points, x);
  return (inside(m.start) && m.start !== t.start) || (inside(m.end) && m.end !== t.end);
}

/**
 * Judges one match against the true place of its span.
 *  - wrong: confident, and deleted, or away from the true span (not at a copy
 *    with the same text and context), or cutting a word the true span does not
 *    cut, or (for a respelled name) not exactly the new name;
 *  - found: confident, at the true span (untouched, moved and respelled spans:
 *    exactly; edited ones: overlapping by ≥ 80% of the longer);
 *  - review: not confident.
 */
export function judge(points: CodePointMap, anchor: Anchor, t: Tracked, m: AnchorMatch): { verdict: Verdict; why?: string } {
  const confident = m.confidence >= CONFIDENCE_THRESHOLD;
  const where = `${JSON.stringify(anchor.exact.slice(0, 50))}: true ${t.deleted ? 'deleted' : `${t.start}..${t.end}`}, got ${m.status} ${m.start}..${m.end} @${m.confidence} ${JSON.stringify(m.exact.slice(0, 50))}`;
  if (t.pieces) return { verdict: 'cut' };
  if (t.deleted) {
    if (!confident) return { verdict: 'deleted-review' };
    // A copy with the same text and the same context on both sides (up to a line
    // break) cannot be told from the span moved there: re-anchoring moves it, by design.
    if (m.exact === anchor.exact && contextConfirmed(points.text, anchor, points.toUtf16(m.start), points.toUtf16(m.end))) return { verdict: 'twin' };
    return { verdict: 'wrong', why: `deleted span applied: ${where}` };
  }
  const now = createAnchor(points, t.start, t.end);
  const shared = Math.max(0, Math.min(m.end, t.end) - Math.max(m.start, t.start));
  const overlap = shared / Math.max(m.end - m.start, t.end - t.start, 1);
  const same = m.start === t.start && m.end === t.end;
  if (confident && !same) {
    const there = createAnchor(points, m.start, m.end);
    if (there.exact === now.exact && there.prefix === now.prefix && there.suffix === now.suffix) return { verdict: 'twin' };
    if (overlap === 0) return { verdict: 'wrong', why: `away from the true span: ${where}` };
    if (cutsWord(points, m, t)) return { verdict: 'wrong', why: `cuts a word: ${where}` };
    if (t.respelled && !t.crossed && t.changed > 0 && t.changed <= 3 && t.end - t.start <= 20) return { verdict: 'wrong', why: `not the whole new name: ${where}` };
  }
  const repeated = (): boolean => {
    const whole = now.prefix + now.exact + now.suffix;
    const first = points.text.indexOf(whole);
    return first >= 0 && points.text.indexOf(whole, first + 1) >= 0;
  };
  if (t.moved && !t.crossed && t.changed === 0) {
    if (confident && same) return { verdict: 'moved-found' };
    // Sent to review while another copy has the same text and context: only the order could tell them apart.
    return { verdict: 'moved-review', why: `${repeated() ? 'twin in the text: ' : ''}${where}` };
  }
  const untouched = !t.crossed && t.changed === 0 && now.exact === anchor.exact && now.prefix === anchor.prefix && now.suffix === anchor.suffix;
  if (untouched) {
    if (confident && same) return { verdict: 'untouched-found' };
    // Repeated text with the same context on both sides: nothing tells the copies apart but order.
    if (repeated()) return { verdict: 'twin' };
    return { verdict: 'untouched-missed', why: where };
  }
  if (t.respelled && !t.crossed) return { verdict: confident && same ? 'respelled-found' : 'respelled-review' };
  if (!t.crossed && t.changed === 0) return { verdict: confident && same ? 'context-found' : 'context-review', why: where };
  if (!t.crossed && t.changed <= 0.1 * (anchor.end - anchor.start)) return { verdict: confident && overlap >= 0.8 ? 'light-found' : 'light-review', why: where };
  return { verdict: confident && overlap >= 0.5 ? 'heavy-found' : 'heavy-review', why: where };
}

// ---- generated documents (written for the tests) -----------------------------

/** Words of the generated documents: news-like, with names, accents and emoji. */
export const VOCABULARY = (
  'the a of to in and on for with said minister government forces Kyiv Moscow Kharkiv region war peace talks ' +
  'president army front city attack drones missile strike officials report sources according statement ' +
  'Ukraine Russia Europe NATO aid weapons tanks soldiers civilians power grid energy winter spring village ' +
  'bridge river border troops defence counteroffensive negotiations sanctions economy prices grain port ' +
  'ship sea coast shelling damage killed injured wounded rescue services morning evening night week month ' +
  'year country people children school hospital building residents mayor governor spokesman press ' +
  'conference interview television channel agency Zelensky Kuleba Biden Scholz Macron Stoltenberg ' +
  'Reznikov Zaluzhnyi ministry foreign affairs defense security council meeting summit partners allies ' +
  'support package billion million dollars euros hryvnias über café naïve résumé Bakhmut Avdiivka Zaporizhzhia'
).split(' ');
/** Capitalised names that mentions are made of. */
export const NAMES = ['Zelensky', 'Kuleba', 'Biden', 'Scholz', 'Macron', 'Stoltenberg', 'Reznikov', 'Zaluzhnyi', 'Trump'];
const EMOJI = ['😀', '🇺🇦', '🔥', '👍', '💬'];

function words(r: Random, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r() < 0.02 ? pick(r, EMOJI) : r() < 0.06 ? pick(r, NAMES) : pick(r, VOCABULARY));
  return out.join(' ');
}

function sentence(r: Random): string {
  const s = words(r, 5 + Math.floor(r() * 15));
  if (r() < 0.25) return `${pick(r, [...NAMES, 'The minister', 'A spokesman'])} said “${s}.”`;
  return `${s.charAt(0).toUpperCase()}${s.slice(1)}.`;
}

/**
 * A seed-like document: the header, then paragraphs of generated sentences,
 * some sentences repeated; with `titleRepeated` the header's title is repeated
 * as the first line of the body, as in many scraped articles.
 */
export function generatedDocument(r: Random, paragraphs: number, titleRepeated: boolean): string {
  const repeated = [sentence(r), sentence(r), sentence(r)];
  const title = words(r, 6 + Math.floor(r() * 6)).replace(/^./, (c) => c.toUpperCase());
  const month = String(1 + Math.floor(r() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(r() * 28)).padStart(2, '0');
  const paras: string[] = titleRepeated ? [title] : [];
  for (let i = 0; i < paragraphs; i++) {
    const n = 1 + Math.floor(r() * 5);
    const out: string[] = [];
    for (let k = 0; k < n; k++) out.push(r() < 0.15 ? pick(r, repeated) : sentence(r));
    paras.push(out.join(' '));
  }
  return ` date 2023-${month}-${day} ${title}\n\n${paras.join('\n\n')}\n`;
}

/**
 * Annotations on a document: quotes (runs of 3–40 words) and mentions (single
 * names), as anchors in code points.
 */
export function generatedAnnotations(r: Random, text: string, count: number): Anchor[] {
  const points = new CodePointMap(text);
  const cps = Array.from(text);
  const bodyStart = cps.indexOf('\n');
  const ws = wordSpans(cps).filter(([s]) => s > bodyStart);
  const anchors: Anchor[] = [];
  const names = ws.filter(([s, e]) => NAMES.includes(cps.slice(s, e).join('')));
  for (let k = 0; k < count && ws.length > 0; k++) {
    if (names.length > 0 && r() < 0.4) {
      const [s, e] = pick(r, names);
      anchors.push(createAnchor(points, s, e));
    } else {
      const i = Math.floor(r() * ws.length);
      const j = Math.min(ws.length - 1, i + 2 + Math.floor(r() * 38));
      anchors.push(createAnchor(points, ws[i]![0], ws[j]![1]));
    }
  }
  return anchors;
}
