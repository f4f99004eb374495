// Draws media/icon.png (128×128): a document page with a pair of quotation
// marks, rendered procedurally so the repository needs no image tools.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128;
const px = Buffer.alloc(N * N * 4);
const inRoundRect = (x, y, x0, y0, x1, y1, r) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
const quoteMark = (x, y, ox, oy) => {
  const inDot = (x - ox) ** 2 + (y - oy) ** 2 <= 10 * 10;
  const inTail = x >= ox && x <= ox + 10 && y >= oy && y <= oy + 22 && (x - ox) >= (y - oy) * 0.45;
  return inDot || inTail;
};
for (let y = 0; y < N; y++) {
  for (let x = 0; x < N; x++) {
    let c = [0, 0, 0, 0];
    if (inRoundRect(x, y, 4, 4, 124, 124, 22)) {
      const t = y / N;
      c = [Math.round(31 + 40 * t), Math.round(95 + 30 * t), Math.round(168 - 30 * t), 255];
    }
    if (inRoundRect(x, y, 30, 18, 98, 110, 8)) c = [250, 248, 242, 255];
    if (quoteMark(x, y, 50, 50) || quoteMark(x, y, 74, 50)) c = [224, 168, 74, 255];
    for (const ly of [84, 94]) if (y >= ly && y < ly + 4 && x >= 40 && x < 88) c = [120, 130, 150, 255];
    px.set(c, (y * N + x) * 4);
  }
}
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, sum]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr[8] = 8;
ihdr[9] = 6;
writeFileSync(new URL('../media/icon.png', import.meta.url), Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw)),
  chunk('IEND', Buffer.alloc(0)),
]));
