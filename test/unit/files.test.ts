import * as assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { nodeFiles, readHead, writeFileAtomic } from '../../src/node/nodeFiles';

const encoder = new TextEncoder();

describe('files', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'seed-annotator-files-'));
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  describe('writeFileAtomic', () => {
    it('creates a file with the content and leaves no temporary file', async () => {
      const target = path.join(dir, 'a.annotations.yaml');
      await writeFileAtomic(target, encoder.encode('version: 1\n# “ünïcode” 😀\n'));
      assert.equal(await fs.readFile(target, 'utf8'), 'version: 1\n# “ünïcode” 😀\n');
      assert.deepEqual(await fs.readdir(dir), ['a.annotations.yaml']);
    });

    it('replaces an existing file, including with fewer bytes', async () => {
      const target = path.join(dir, 'actors.yaml');
      await fs.writeFile(target, 'x'.repeat(10_000));
      await writeFileAtomic(target, encoder.encode('short'));
      assert.equal(await fs.readFile(target, 'utf8'), 'short');
      await writeFileAtomic(target, new Uint8Array());
      assert.equal(await fs.readFile(target, 'utf8'), '');
      assert.deepEqual(await fs.readdir(dir), ['actors.yaml']);
    });

    it('survives many writes in a row without leaving files behind', async () => {
      const target = path.join(dir, 'many.yaml');
      await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(target, encoder.encode(`write ${i}`))));
      assert.match(await fs.readFile(target, 'utf8'), /^write \d+$/);
      assert.deepEqual(await fs.readdir(dir), ['many.yaml']);
    });

    if (process.platform !== 'win32') {
      it('keeps the mode of the file it replaces, whatever the umask', async () => {
        for (const mode of [0o600, 0o640, 0o664, 0o666]) {
          const target = path.join(dir, `mode-${mode.toString(8)}.yaml`);
          await fs.writeFile(target, 'old');
          await fs.chmod(target, mode);
          assert.equal((await fs.stat(target)).mode & 0o777, mode, 'test setup');
          await writeFileAtomic(target, encoder.encode('new'));
          assert.equal((await fs.stat(target)).mode & 0o777, mode, `mode ${mode.toString(8)} is kept`);
          assert.equal(await fs.readFile(target, 'utf8'), 'new');
        }
      });

      it('creates a new file readable by everyone, less the umask', async () => {
        const target = path.join(dir, 'new.yaml');
        await writeFileAtomic(target, encoder.encode('x'));
        const umask = process.umask();
        assert.equal((await fs.stat(target)).mode & 0o777, 0o644 & ~umask);
      });
    }

    it('removes its temporary file when the rename fails', async () => {
      const target = path.join(dir, 'taken');
      await fs.mkdir(target);
      await assert.rejects(writeFileAtomic(target, encoder.encode('x')));
      assert.deepEqual(await fs.readdir(dir), ['taken']);
    });

    it('fails when the folder does not exist', async () => {
      await assert.rejects(writeFileAtomic(path.join(dir, 'missing', 'a.yaml'), encoder.encode('x')), /ENOENT/);
      assert.deepEqual(await fs.readdir(dir), []);
    });
  });

  describe('nodeFiles', () => {
    it('reads bytes, null for a missing file, and throws for other errors', async () => {
      const target = path.join(dir, 'a.txt');
      await nodeFiles.writeAtomic(target, encoder.encode(' date 2023-11-04 x'));
      assert.equal(Buffer.from((await nodeFiles.read(target))!).toString('utf8'), ' date 2023-11-04 x');
      assert.equal(await nodeFiles.read(path.join(dir, 'nope.txt')), null);
      await assert.rejects(nodeFiles.read(dir), /EISDIR/);
    });
  });

  describe('readHead', () => {
    it('reads at most the given number of bytes from the start', async () => {
      const target = path.join(dir, 'doc.txt');
      const content = Buffer.from(` date 2023-11-04 ${'abcdefghij'.repeat(100)}`);
      await fs.writeFile(target, content);
      assert.deepEqual(Buffer.from(await readHead(target, 10)), content.subarray(0, 10));
      assert.equal(Buffer.from(await readHead(target, 10)).toString(), ' date 2023');
      assert.deepEqual(Buffer.from(await readHead(target, 1_000_000)), content);
      assert.equal((await readHead(target, 0)).length, 0);
    });

    it('reads an empty file as no bytes and rejects a missing one', async () => {
      const empty = path.join(dir, 'empty.txt');
      await fs.writeFile(empty, '');
      assert.equal((await readHead(empty, 8192)).length, 0);
      await assert.rejects(readHead(path.join(dir, 'missing.txt'), 10), /ENOENT/);
    });
  });
});
