/**
 * Times re-anchoring: 1,000 anchors in a 1 MB seed-like document after 50
 * random edits (inserts, deletes, typos), and prints how they were found.
 *
 *   npx esbuild scripts/reanchor-rates.ts --bundle --platform=node --outfile=out/reanchor-rates.js && node out/reanchor-rates.js
 */
import { createAnchor, type Anchor } from '../src/core/anchoring/anchor';
import { CONFIDENCE_THRESHOLD, reanchorAll } from '../src/core/anchoring/reanchor';
import { CodePointMap } from '../src/core/text/text';

let seed = 42;
/** mulberry32: a plain LCG would repeat the text with a short period. */
const random = (): number => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const words = (
  'the a of to in and on for with said minister government forces Kyiv Moscow Kharkiv region war peace talks president army front city ' +
  'attack drones missile strike officials report sources according statement Ukraine Russia Europe NATO aid weapons tanks soldiers ' +
  'civilians power grid energy winter spring village bridge river border troops defence negotiations sanctions economy prices grain ' +
  'port ship sea coast shelling damage killed injured rescue services morning evening night week month year country people children ' +
  'school hospital building residents mayor governor spokesman press conference interview television agency Zelenskyy Kuleba Biden ' +
  'Scholz Macron ministry foreign affairs security council meeting summit partners allies support billion million 😀 “we will” café über'
).split(' ');
const sentence = (): string => Array.from({ length: 6 + Math.floor(random() * 14) }, () => words[Math.floor(random() * words.length)]).join(' ') + '.';
const paragraphs: string[] = [];
let size = 0;
while (size < 1_000_000) {
  const p = Array.from({ length: 1 + Math.floor(random() * 5) }, sentence).join(' ');
  paragraphs.push(p);
  size += p.length + 2;
}
const original = ` date 2023-11-04 Marta Gichko10:09, 04.11.23\n\n${paragraphs.join('\n\n')}\n`;
const oldPoints = new CodePointMap(original);
const anchors: Anchor[] = [];
for (let i = 0; i < 1000; i++) {
  const start = Math.floor(random() * (oldPoints.length - 400));
  anchors.push(createAnchor(oldPoints, start, start + 10 + Math.floor(random() * 300)));
}
const cps = Array.from(original);
for (let e = 0; e < 50; e++) {
  const at = Math.floor(random() * cps.length);
  const kind = e % 3;
  if (kind === 0) cps.splice(at, 0, ...Array.from(` ${sentence()}`));
  else if (kind === 1) cps.splice(at, 1 + Math.floor(random() * 40));
  else cps.splice(at, 1, 'x');
}
const edited = cps.join('');
for (let run = 0; run < 5; run++) {
  const t0 = performance.now();
  const points = new CodePointMap(edited);
  const matches = reanchorAll(points, anchors);
  const ms = performance.now() - t0;
  const count = (f: (m: (typeof matches)[number]) => boolean): number => matches.filter(f).length;
  console.log(
    `run ${run}: ${ms.toFixed(1)} ms for ${anchors.length} anchors in ${(edited.length / 1e6).toFixed(2)}M UTF-16 units (CodePointMap included); ` +
      `exact ${count((m) => m.status === 'exact')}, moved ${count((m) => m.status === 'moved')}, fuzzy ${count((m) => m.status === 'fuzzy')}, ` +
      `orphan ${count((m) => m.status === 'orphan')}, below threshold ${count((m) => m.confidence < CONFIDENCE_THRESHOLD)}`,
  );
}
