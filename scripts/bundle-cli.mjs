#!/usr/bin/env node
// Build step: bundles the CLI (tsc's dist/cli/main.js and everything it imports, dependencies
// included) with esbuild into dist/bin/, so `flowstate` loads a handful of files at start
// instead of ~560 modules. Commands are split into chunks loaded only when that command runs.
// dist/bin/ sits two levels below the package root like dist/<folder>/, so the code's
// `../../schemas/...` and `../../package.json` paths resolve the same from the bundle.
// Usage: node scripts/bundle-cli.mjs [--metafile FILE] [--no-minify]   (readable names for profiling)
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist/bin');
const metaArg = process.argv.indexOf('--metafile');

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
const result = await build({
  entryPoints: { flowstate: path.join(root, 'dist/cli/main.js') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  // Some bundled dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __flowstateRequire } from 'node:module'; const require = __flowstateRequire(import.meta.url);" },
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
  legalComments: 'none',
  minify: !process.argv.includes('--no-minify'),
  keepNames: true, // error classes name themselves after new.target.name
  plugins: [ownModulesArePure, xstateVersionInlined],
  // blessed loads its widgets and terminfo files at run time by computed paths: keep it a package.
  external: ['blessed'],
});
if (metaArg > 0) writeFileSync(process.argv[metaArg + 1], JSON.stringify(result.metafile));
const bytes = Object.entries(result.metafile.outputs)
  .filter(([file]) => file.endsWith('.js'))
  .reduce((sum, [, o]) => sum + o.bytes, 0);
console.log(
  `bundle-cli: dist/bin/flowstate.js and ${Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.js') && !f.endsWith('/flowstate.js')).length} chunks (${Math.round(bytes / 1024)} kB)`,
);
