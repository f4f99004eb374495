#!/usr/bin/env node
// The floor as a process, for the CLI's process rows of `npm run bench`:
// `node bench/floorProcess.mjs DIR` walks DIR as the bench's in-process floor
// does (listCorpus in bench/node.ts: dot-folders and node_modules skipped) and
// reads the first 256 bytes of every `.txt` file with the cheapest calls Node
// offers (callbacks on a raw descriptor, 48 in flight), then exits. A process
// that does the least a CLI run over the corpus must do, Node's own start
// included, and nothing else: no bundle to load.
import fs from 'node:fs';

const FLOOR_BYTES = 256;
const CONCURRENCY = 48;

/** @param {string} root @returns {Promise<string[]>} */
async function list(root) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} dir @returns {Promise<void>} */
  const walk = async (dir) => {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    /** @type {Promise<void>[]} */
    const sub = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const full = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== 'node_modules') sub.push(walk(full));
      } else if (e.name.endsWith('.txt')) files.push(full);
    }
    await Promise.all(sub);
  };
  await walk(root);
  return files;
}

/** @param {string} file @returns {Promise<void>} */
function readHead(file) {
  return new Promise((resolve, reject) => {
    fs.open(file, 'r', (openError, fd) => {
      if (openError) return reject(openError);
      fs.read(fd, Buffer.allocUnsafe(FLOOR_BYTES), 0, FLOOR_BYTES, 0, (readError) => {
        fs.close(fd, (closeError) => (readError ?? closeError ? reject(readError ?? closeError) : resolve()));
      });
    });
  });
}

const files = await list(process.argv[2] ?? '.');
let next = 0;
const worker = async () => {
  while (next < files.length) await readHead(files[next++]);
};
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
