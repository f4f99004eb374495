#!/usr/bin/env node
// `npm start`: builds the extension and opens seeds/ in an editor with it loaded.
// With `code` on PATH that is desktop VS Code in extension-development mode;
// otherwise code-server on 127.0.0.1 (open the printed URL in a browser).
//
//   --port N        code-server port (default 8080, or a free one if 8080 is taken)
//   --code-server   use code-server even when `code` is on PATH
//   --folder DIR    folder to open (default seeds/, the real one: tags land there)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, freePort, installExtensionDir, isPortFree, launchCodeServer, log, provision, runInRepo, tempDir } from './vscode/lib.mjs';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string' },
    'code-server': { type: 'boolean', default: false },
    folder: { type: 'string', default: path.join(ROOT, 'seeds') },
  },
});

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

async function choosePort() {
  if (options.port) {
    const port = Number(options.port);
    if (!(await isPortFree(port))) throw new Error(`port ${port} is in use`);
    return port;
  }
  return (await isPortFree(8080)) ? 8080 : freePort();
}

async function main() {
  const folder = path.resolve(options.folder);
  await runInRepo(process.execPath, ['esbuild.js']);

  if (onPath('code') && !options['code-server']) {
    log(`opening ${folder} in VS Code with the extension in development mode`);
    const child = spawn('code', [`--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }

  provision();
  const scratch = await tempDir('seed-start');
  const extensionsDir = path.join(scratch, 'extensions');
  // A link to the repo: after `npm run watch` rebuilds, "Developer: Reload Window" picks it up.
  await installExtensionDir(ROOT, extensionsDir, { symlink: true });
  let server;
  let stopping = false;
  const cleanUp = async () => {
    await server?.stop();
    await fsp.rm(scratch, { recursive: true, force: true });
  };
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping code-server`);
    await cleanUp();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  try {
    server = await launchCodeServer({ folder, userDataDir: path.join(scratch, 'user-data'), extensionsDir, port: await choosePort() });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  console.log(`\nSeed Annotator is running in code-server: ${server.url}\nOpen it in a browser; press Ctrl-C to stop. (log: ${server.logFile})\n`);
  const exited = await server.exited;
  if (!stopping) {
    console.error(`code-server stopped on its own (${JSON.stringify(exited)}); see ${server.logFile}`);
    await fsp.rm(scratch, { recursive: true, force: true });
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
