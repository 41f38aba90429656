#!/usr/bin/env node
// Entry point of the `flowstate` command: runs the CLI bundle built by `npm run build`
// (dist/bin/flowstate.cjs, through V8's code cache: bin/code-cache.js), or tsc's dist/cli/ when
// the bundle is missing or, in a checkout, older than it (after a bare `tsc` rebuild), so what
// runs is never stale. CommonJS (bin/package.json), so Node's ES module loader is not started on the way.
'use strict';
const { readFileSync, statSync } = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const args = process.argv.slice(2);

/** mtime of a file under the package root, -1 when it does not exist. */
const mtime = (file) => statSync(path.join(root, file), { throwIfNoEntry: false })?.mtimeMs ?? -1;

/** Runs the CLI's main() and exits with its code. */
async function start() {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    // No command needs loading to print the version.
    process.stdout.write(`${JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version}\n`);
    return;
  }
  let main;
  const bundle = mtime('dist/bin/flowstate.cjs');
  // Only a checkout (with src/) can have a stale bundle; an installed package has no src/, and
  // npm's extraction gives its files new mtimes in archive order (dist/bin before dist/cli).
  if (bundle >= 0 && (mtime('src') < 0 || bundle >= mtime('dist/cli/main.js'))) {
    ({ main } = require('./code-cache.js').loadBundle(path.join(root, 'dist/bin/flowstate.cjs'), args[0]));
  } else {
    // Node >= 22.1 keeps V8's compiled code of ES modules between runs; Node 20 has no such cache.
    require('node:module').enableCompileCache?.();
    ({ main } = await import('../dist/cli/main.js'));
  }
  process.exitCode = await main(process.argv);
}

start();
