#!/usr/bin/env node
// Entry point of the `flowstate` command: runs the CLI bundle built by `npm run build`
// (dist/bin/, scripts/bundle-cli.mjs), or tsc's dist/cli/ when the bundle is missing or older
// than it (after a bare `tsc` rebuild), so what runs is never stale.
import { statSync } from 'node:fs';
import module from 'node:module';

// Node >= 22.1 keeps V8's compiled code of the bundle between runs; Node 20 has no such cache.
module.enableCompileCache?.();

const mtime = (path) => statSync(new URL(path, import.meta.url), { throwIfNoEntry: false })?.mtimeMs ?? -1;
const bundled = mtime('../dist/bin/flowstate.js') >= mtime('../dist/cli/main.js');
const { main } = await import(bundled ? '../dist/bin/flowstate.js' : '../dist/cli/main.js');

main(process.argv).then((code) => { process.exitCode = code; });
