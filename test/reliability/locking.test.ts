import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Sidecar } from '../../src/core/files/sidecar';
import { lockFiles } from '../../src/node/nodeFiles';
import { wordSpans } from './helpers/tagWriter';

function run(script: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('two processes editing one sidecar (two VS Code windows)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-lock-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('loses no annotation when both tag at the same time', async function () {
    this.timeout(60000);
    const script = path.join(__dirname, 'helpers', 'tagWriter.js');
    assert.ok(fs.existsSync(script), `${script} is built by esbuild.js --tests`);
    const document = path.join(dir, 'doc.txt');
    const words = Array.from({ length: 60 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`.replace(/\d/g, ''));
    fs.writeFileSync(document, ` date 2024-01-01 Words\n\n${words.join(' ')}\n`);
    assert.ok(wordSpans(fs.readFileSync(document, 'utf8')).length >= 52);
    const codes = await Promise.all([run(script, [document, '2', '25']), run(script, [document, '27', '25'])]);
    assert.deepEqual(codes, [0, 0]);
    const loaded = Sidecar.parse(fs.readFileSync(path.join(dir, 'doc.annotations.yaml'), 'utf8'));
    assert.ok(loaded.ok);
    console.log(`      persisted ${loaded.sidecar.value.quotes.length}/50 tags from two processes`);
    assert.equal(loaded.sidecar.value.quotes.length, 50);
  });

  it('waits while another process holds the lock', async () => {
    const target = path.join(dir, 'x.annotations.yaml');
    const release = await lockFiles([target]);
    // A waiter that finds the lock taken looks at the lock file's age (is it stale?): that is the moment it waits.
    const promises = fs.promises as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    const stat = promises.stat!;
    let sawHeld!: () => void;
    const seenHeld = new Promise<void>((resolve) => (sawHeld = resolve));
    promises.stat = (file: unknown, ...rest: unknown[]) => {
      if (String(file).endsWith('.lock')) sawHeld();
      return stat.call(fs.promises, file, ...rest);
    };
    try {
      let second = false;
      const waiting = lockFiles([target]).then((r) => {
        second = true;
        return r;
      });
      await Promise.race([
        seenHeld,
        waiting.then(() => assert.fail('the second lock was taken while the first was held')),
      ]);
      assert.equal(second, false, 'the second lock waits');
      await release();
      await (await waiting)();
      assert.equal(second, true);
    } finally {
      promises.stat = stat;
    }
  });
});
