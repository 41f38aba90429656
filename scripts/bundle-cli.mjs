#!/usr/bin/env node
// Build step: bundles the CLI (tsc's dist/cli/main.js and everything it imports, dependencies
// included) with esbuild into one CommonJS file, dist/bin/flowstate.cjs, so `flowstate` loads
// one file at start instead of ~560 modules. bin/flowstate.js compiles it through V8's code
// cache (bin/code-cache.js): CommonJS because Node 20 can cache the code of a vm.Script, not of
// an ES module. Each command's code is still evaluated only when that command runs (esbuild
// wraps what is reached only through a dynamic import() in a lazy initialiser).
// dist/bin/ sits two levels below the package root like dist/<folder>/, so the code's
// `../../schemas/...` and `../../package.json` paths resolve the same from the bundle
// (`import.meta.url` is the bundle's file URL, passed in by the loader as `__flowstate_url`).
// Usage: node scripts/bundle-cli.mjs [--metafile FILE] [--no-minify]   (readable names for profiling)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bin');
const metaArg = process.argv.indexOf('--metafile');
const minify = !process.argv.includes('--no-minify');

/**
 * flowstate's own modules do nothing when imported (no top-level side effects), so a module
 * reached only through an index barrel whose exports a command does not use is left out of
 * that command's chunk (`run` does not pay for chokidar because api/index.js exports watch).
 */
const ownModulesArePure = {
  name: 'own-modules-are-pure',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (!args.importer.startsWith(path.join(root, 'dist') + path.sep) || args.importer.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      return { path: path.resolve(path.dirname(args.importer), args.path), sideEffects: false };
    });
  },
};

/** The xstate version, known at build time: no package.json lookup at every start. */
const xstateVersionInlined = {
  name: 'xstate-version-inlined',
  setup(build) {
    const { version } = JSON.parse(readFileSync(path.join(root, 'node_modules/xstate/package.json'), 'utf8'));
    build.onLoad({ filter: /[\\/]dist[\\/]engine[\\/]xstate-version\.js$/ }, () => ({
      contents: `export const XSTATE_VERSION = ${JSON.stringify(version)};`,
      loader: 'js',
    }));
  },
};

rmSync(outdir, { recursive: true, force: true });
const outfile = path.join(outdir, 'flowstate.cjs');
const result = await build({
  entryPoints: [path.join(root, 'dist/cli/main.js')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // The loader runs the bundle as a function of (exports, require, module, __filename,
  // __dirname, __flowstate_url): import.meta.url is the bundle's URL, as it was for the chunks.
  define: { 'import.meta.url': '__flowstate_url' },
  // import() of a bundled module becomes a lazy initialiser; of an external package, require().
  supported: { 'dynamic-import': false },
  charset: 'ascii', // the loader reads the bundle as latin1 (fast); checked below
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  minify,
  keepNames: true, // error classes name themselves after new.target.name
  plugins: [ownModulesArePure, xstateVersionInlined],
  // blessed loads its widgets and terminfo files at run time by computed paths: keep it a package.
  // @viz-js/viz is 1.5 MB of Graphviz WebAssembly that only `viz --format svg|html` needs.
  external: ['blessed', '@viz-js/viz'],
});
if (metaArg > 0) writeFileSync(process.argv[metaArg + 1], JSON.stringify(result.metafile));
const bundle = readFileSync(outfile);
const nonAscii = bundle.findIndex((byte) => byte > 0x7f);
if (nonAscii >= 0) {
  const message = `bundle-cli: dist/bin/flowstate.cjs has a non-ASCII byte at offset ${nonAscii}; bin/code-cache.js reads it as latin1`;
  // Unminified (for profiling), comments keep their non-ASCII characters: harmless there.
  if (minify) throw new Error(message);
  console.warn(`${message} (unminified build: comments may show garbled characters)`);
}
console.log(`bundle-cli: dist/bin/flowstate.cjs (${Math.round(bundle.length / 1024)} kB)`);
