#!/usr/bin/env node
// Keeps the published package.json free of lifecycle scripts an install could run.
// `prepare` builds dist/ after `npm install` in a checkout, but npm (11.x) flags any package
// whose package.json has `prepare` with an "install scripts not yet covered by allowScripts"
// warning, although installs from a tarball or the registry never run it. So, like `pinst`:
//   node scripts/pack-manifest.mjs --strip     (end of prepack) back up package.json, drop `prepare`
//   node scripts/pack-manifest.mjs --restore   (postpack)       put the backup back
// A backup left by an interrupted pack is restored before anything else.
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const manifest = new URL('../package.json', import.meta.url);
const backup = new URL('../.package.json.prepack', import.meta.url);

/** Puts the backed-up package.json back, if there is one. */
function restore() {
  if (existsSync(backup)) renameSync(backup, manifest);
}

/** Backs up package.json and rewrites it without the scripts that installs would flag. */
function strip() {
  restore();
  const text = readFileSync(manifest, 'utf8');
  const pkg = JSON.parse(text);
  copyFileSync(manifest, backup);
  delete pkg.scripts.prepare;
  const tmp = new URL('../.package.json.tmp', import.meta.url);
  writeFileSync(tmp, `${JSON.stringify(pkg, null, 2)}\n`);
  renameSync(tmp, manifest);
}

const mode = process.argv[2];
if (mode === '--strip') strip();
else if (mode === '--restore') restore();
else {
  console.error('usage: node scripts/pack-manifest.mjs --strip|--restore');
  process.exit(2);
}
