// Runs the CLI bundle (dist/bin/flowstate.cjs, one CommonJS file built by
// scripts/bundle-cli.mjs) through V8's code cache: the first run of a command compiles the bundle
// and, when the command gets past its arguments, saves V8's compiled code next to the bundle
// (dist/bin/.v8-cache/); later runs of that command skip parsing and compiling it. Node 20 has
// no compile cache for ES modules (module.enableCompileCache is Node >= 22.1), but caches the
// code of a vm.Script. The cache is only a cache: missing, stale, rejected by V8 (another Node
// version or V8 flags) or unwritable (a read-only install), the bundle still runs, compiled
// from source.
'use strict';
const { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const vm = require('node:vm');

/** Exit code of `flowstate` for usage errors: the command barely ran, so its cache would be thin. */
const EXIT_USAGE = 2;

/**
 * The cache file for a bundle and a command. Keyed by the bundle's size, mtime and ctime (V8
 * itself checks only the source length, so a rebuild of the same length would run the old
 * code; ctime changes with every write and cannot be set back) and by the Node version and CPU
 * architecture (V8 rejects another version's code anyway; keying avoids rewriting it in turn).
 */
function cacheFileFor(bundle, command) {
  const { size, mtimeMs, ctimeMs } = statSync(bundle);
  const name = /^[a-z]+$/.test(command ?? '') ? command : 'other';
  const key = `${process.version}-${process.arch}-${size}-${Math.trunc(mtimeMs)}-${Math.trunc(ctimeMs)}`;
  return path.join(path.dirname(bundle), '.v8-cache', `${name}-${key}.bin`);
}

/** The file's bytes, or undefined when it cannot be read. */
function readOptional(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Writes the script's compiled code to file atomically (tmp + rename); a failure only loses the cache. */
function saveCache(script, file) {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // why: nothing was written, or it is gone already
    }
  }
}

/** Compiles and runs the bundle (with its code cache for `command`); returns its exports. */
function loadBundle(bundle, command) {
  const cacheFile = cacheFileFor(bundle, command);
  const cachedData = readOptional(cacheFile);
  // The bundle is ASCII (scripts/bundle-cli.mjs checks it), so latin1 decodes it exactly, and fast.
  const source = readFileSync(bundle, 'latin1');
  const wrapper = `(function (exports, require, module, __filename, __dirname, __flowstate_url) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: bundle, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    // At exit V8 has compiled what the command used; a usage error ran too little to be worth it.
    process.once('exit', (code) => {
      if (code !== EXIT_USAGE) saveCache(script, cacheFile);
    });
  }
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundle), module, bundle, path.dirname(bundle), pathToFileURL(bundle).href);
  return module.exports;
}

module.exports = { loadBundle, cacheFileFor };
