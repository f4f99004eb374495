// Bundles the extension, the CLI and (with --tests) the test suites.
// Modelled on vscode-extension-samples/esbuild-sample: minified for production,
// source maps otherwise, and a watch mode that reports to the problem matcher.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

/**
 * Prints esbuild's errors in the shape the `$esbuild-watch` problem matcher reads.
 * @type {import('esbuild').Plugin}
 */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Every `*.ts` file below `dir`, recursively.
 * @param {string} dir
 * @returns {string[]}
 */
function listTs(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listTs(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  sourcesContent: false,
  minify: production,
  logLevel: 'warning',
  plugins: watch ? [problemMatcherPlugin] : [],
};

/**
 * The browser bundle is built from the same composition root. Only the Node
 * host's own modules differ: an import of src/node/NAME resolves to its
 * browser twin src/web/NAME (same exports, checked by tsc through the
 * ExtensionHost interface), and a src/node module without a twin fails the
 * build, as does any Node built-in (the browser platform cannot resolve it).
 */
const webTwins = {
  name: 'web-twins',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/.*\bnode\/[\w.]+$/ }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      const nodeDir = path.join(__dirname, 'src', 'node');
      if (path.dirname(target) !== nodeDir) return undefined;
      const twin = path.join(__dirname, 'src', 'web', `${path.basename(target)}.ts`);
      if (fs.existsSync(twin)) return { path: twin };
      return { errors: [{ text: `src/node/${path.basename(target)} has no browser twin in src/web/: the browser bundle cannot use Node (imported from ${path.relative(__dirname, args.importer)})` }] };
    });
  },
};

async function main() {
  /** @type {import('esbuild').BuildOptions[]} */
  const builds = [
    // utf8: the messages' curly quotes and dashes stay one character, not a six-byte \u escape each
    // (4.9 KB of the 400 KB budget). Node reads the file as UTF-8.
    { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'], charset: 'utf8' },
    {
      ...common,
      platform: 'browser',
      target: 'es2022',
      entryPoints: { extension: 'src/extension.ts' },
      outdir: 'dist/web',
      external: ['vscode'],
      plugins: [...(common.plugins ?? []), webTwins],
    },
    {
      ...common,
      entryPoints: { cli: 'src/cli/bin.ts' },
      outdir: 'dist',
      banner: { js: '#!/usr/bin/env node' },
    },
    // The English language library, loaded at first use (src/node/englishAnalyser.ts): not in extension.js.
    { ...common, entryPoints: { nlp: 'src/nlp/chunk.ts' }, outdir: 'dist', minify: true, sourcemap: false },
    // The glob matcher, loaded at the first walk of a folder on disk (src/node/folderWalk.ts): not in extension.js.
    { ...common, entryPoints: { glob: 'src/node/globChunk.ts' }, outdir: 'dist', minify: true, sourcemap: false },
    // The export formats, loaded at the first export (src/node/exportFormats.ts): not in extension.js.
    { ...common, entryPoints: { exports: 'src/node/exportFormatsChunk.ts' }, outdir: 'dist', minify: true, sourcemap: false, charset: 'utf8' },
    // The same chunk for the browser, fetched and evaluated by src/web/englishAnalyser.ts.
    { ...common, platform: 'browser', target: 'es2022', entryPoints: { nlp: 'src/nlp/chunk.ts' }, outdir: 'dist/web', minify: true, sourcemap: false },
  ];
  if (tests) {
    // A deleted test must not keep running from a stale bundle.
    fs.rmSync('out', { recursive: true, force: true });
    builds.push({
      ...common,
      entryPoints: [...listTs('test/unit'), ...listTs('test/reliability'), ...listTs('test/git'), ...listTs('test/suite'), ...listTs('test/harness')],
      outbase: 'test',
      outdir: 'out/test',
      // mocha is loaded from node_modules at run time, vscode is provided by the host.
      external: ['vscode', 'mocha', 'fast-check'],
      sourcemap: true,
    });
    builds.push({ ...common, entryPoints: { nlp: 'src/nlp/chunk.ts' }, outdir: 'out/test/unit', minify: true, sourcemap: false });
  }
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((ctx) => ctx.watch()));
    return;
  }
  await Promise.all(contexts.map((ctx) => ctx.rebuild()));
  await Promise.all(contexts.map((ctx) => ctx.dispose()));
  if (fs.existsSync('dist/cli.js')) fs.chmodSync('dist/cli.js', 0o755);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
