#!/usr/bin/env node
// `npm run test:agents-real`: contract tests of the native adapters against the real agent
// CLIs, pinned below. They are installed once from the npm registry into a cache directory
// outside the repository (~900 MB; reused on later runs; never a dependency), then
// tests/agents-real runs flowstate's exact command lines offline. FLOWSTATE_AGENTS_CACHE
// moves the cache; FLOWSTATE_RECORD_STREAMS=1 also rewrites tests/fixtures/agent-streams/real.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The releases the adapters are proven against (docs/runtimes.md lists them). */
export const PINNED = { '@openai/codex': '0.169.0', '@anthropic-ai/claude-code': '2.1.328', 'opencode-ai': '1.18.33' };

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cache = resolve(process.env.FLOWSTATE_AGENTS_CACHE ?? join(homedir(), '.cache', 'flowstate-agents'));

/** The installed version of a package in the cache, or null. */
function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(join(cache, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Runs a command with inherited output; exits with its status when it fails. */
function run(file, args, options = {}) {
  const result = spawnSync(file, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!relative(repo, cache).startsWith('..')) {
  console.error(`agents-real: the cache ${cache} must be outside the repository`);
  process.exit(2);
}
const missing = Object.entries(PINNED).filter(([name, version]) => installedVersion(name) !== version);
if (missing.length > 0) {
  mkdirSync(cache, { recursive: true });
  const manifest = join(cache, 'package.json');
  if (!existsSync(manifest)) writeFileSync(manifest, '{ "name": "flowstate-agents-cache", "private": true }\n');
  const specs = missing.map(([name, version]) => `${name}@${version}`);
  console.log(`agents-real: installing ${specs.join(' ')} into ${cache} (once; about 900 MB)`);
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', ...specs], { cwd: cache });
} else {
  console.log(`agents-real: using the pinned CLIs in ${cache}`);
}
run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: repo });
run(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.agents-real.config.ts', ...process.argv.slice(2)], {
  cwd: repo,
  env: { ...process.env, FLOWSTATE_AGENTS_BIN: join(cache, 'node_modules', '.bin'), FLOWSTATE_AGENTS_PINNED: JSON.stringify(PINNED) },
});
