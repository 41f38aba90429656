// The Codex Orchestrator CLI (the peer flowstate is measured against) as a bench anchor:
// installed from the npm registry into a temporary prefix (kept between bench runs), driven
// with repo-local `codex.orchestrator.json` pipelines of N command stages.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CO_PACKAGE = '@kbediako/codex-orchestrator@0.2.1';
const PREFIX = join(tmpdir(), 'flowstate-bench-codex-orchestrator-0.2.1');
const BIN = join(PREFIX, 'node_modules/.bin/codex-orchestrator');

let cached;

/** `{ bin }` once installed, or `{ skipped: reason }` when it cannot be had. */
export function codexOrchestrator() {
  if (cached) return cached;
  if (!existsSync(BIN)) {
    mkdirSync(PREFIX, { recursive: true });
    console.log(`installing ${CO_PACKAGE} into ${PREFIX} (npm registry)...`);
    const out = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', PREFIX, CO_PACKAGE], { encoding: 'utf8', timeout: 300_000 });
    if (out.status !== 0 || !existsSync(BIN)) {
      const why = (out.stderr || out.error?.message || `npm exited ${out.status}`).trim().split('\n').slice(-1)[0];
      cached = { skipped: `cannot install ${CO_PACKAGE}: ${why}` };
      return cached;
    }
  }
  cached = { bin: BIN };
  return cached;
}

/** Writes a Codex Orchestrator project in `dir` with pipeline `name` of n `true` command stages. */
export function coProject(dir, name, n) {
  mkdirSync(dir, { recursive: true });
  const stages = Array.from({ length: n }, (_, i) => ({ kind: 'command', id: `s${i}`, title: `s${i}`, command: 'true' }));
  writeFileSync(join(dir, 'codex.orchestrator.json'), JSON.stringify({ pipelines: [{ id: name, title: name, stages }] }));
}

/** Runs `start name --runtime-mode cli` in dir; returns wall ms and ms from launch to the first stage's start. */
export function coRun(bin, dir, name) {
  const launched = Date.now();
  const start = performance.now();
  const out = spawnSync(bin, ['start', name, '--runtime-mode', 'cli'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  const ms = performance.now() - start;
  if (out.status !== 0) throw new Error(`codex-orchestrator exited ${out.status}: ${out.stderr.slice(-400)}`);
  const manifest = /Manifest: (\S+)/.exec(out.stdout)?.[1];
  const commands = manifest ? (JSON.parse(readFileSync(join(dir, manifest), 'utf8')).commands ?? []) : [];
  const first = commands[0]?.started_at;
  return { ms, toFirstStage: first ? Date.parse(first) - launched : NaN };
}
