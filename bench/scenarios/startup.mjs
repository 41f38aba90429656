// Start-up: `node -e 0` (anchor), `flowstate --version`, and `flowstate run` of a 1-stage
// pipeline up to its stage's start (the stage.started event: its process exists), all
// interleaved in the same loop so load changes hit each alike. Budgets (DESIGN §8):
// --version <= 2x node -e 0; 1-stage run -> stage start <= 150 ms.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { codexOrchestrator, coProject, coRun } from '../codex-orchestrator.mjs';
import { fmt, loadNote, median, printTable, sequentialPipeline, tempProject, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const ROUNDS = 15;

/** Wall-clock ms of one synchronous child process run. */
function wallOf(args, cwd) {
  const start = performance.now();
  const out = spawnSync(process.execPath, args, { cwd, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`bench: ${args.join(' ')} exited ${out.status}: ${out.stderr}`);
  return { ms: performance.now() - start, stdout: out.stdout };
}

/** ms from launching `flowstate run` to the stage.started event of its one stage. */
function runToStageStart(dir) {
  const launched = performance.timeOrigin + performance.now();
  const { stdout } = wallOf([CLI, 'run', 'one.yaml', '--json'], dir);
  const events = readFileSync(join(JSON.parse(stdout).run_dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  return Date.parse(events.find((e) => e.type === 'stage.started').ts) - launched;
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  const dir = tempProject({ 'one.yaml': sequentialPipeline('one', 1) });
  const node0 = [];
  const version = [];
  const toStart = [];
  wallOf([CLI, '--version'], dir); // warm the page cache
  runToStageStart(dir);
  for (let i = 0; i < ROUNDS; i++) {
    node0.push(wallOf(['-e', '0'], dir).ms);
    version.push(wallOf([CLI, '--version'], dir).ms);
    toStart.push(runToStageStart(dir));
  }
  const co = codexOrchestrator();
  const coStart = [];
  if (co.bin) {
    coProject(dir, 'one', 1);
    for (let i = 0; i < 5; i++) coStart.push(coRun(co.bin, dir, 'one').toFirstStage);
  }
  const n = median(node0);
  const v = median(version);
  const s = median(toStart);
  printTable([
    ['measure', 'median ms', 'min ms', 'max ms', 'runs'],
    ['node -e 0 (anchor)', fmt(n), fmt(Math.min(...node0)), fmt(Math.max(...node0)), ROUNDS],
    ['flowstate --version', fmt(v), fmt(Math.min(...version)), fmt(Math.max(...version)), ROUNDS],
    ['flowstate run (1 stage) -> stage started', fmt(s), fmt(Math.min(...toStart)), fmt(Math.max(...toStart)), ROUNDS],
    co.bin
      ? ['Codex Orchestrator start (1 stage) -> stage started (anchor)', fmt(median(coStart)), fmt(Math.min(...coStart)), fmt(Math.max(...coStart)), coStart.length]
      : ['Codex Orchestrator (anchor)', 'skipped', '', '', co.skipped],
  ]);
  console.log(loadNote());
  const coNote = co.bin ? `; Codex Orchestrator ${fmt(median(coStart))} ms` : ` (Codex Orchestrator skipped: ${co.skipped})`;
  return [
    { scenario: 'start-up: --version', flowstate: `${fmt(v)} ms`, anchors: `node -e 0 ${fmt(n)} ms`, ratio: v / n, budget: '<= 2x node -e 0', met: verdict(v / n <= 2) },
    {
      scenario: 'start-up: 1-stage run -> stage start',
      flowstate: `${fmt(s)} ms`,
      anchors: `node -e 0 ${fmt(n)} ms${coNote}`,
      ratio: s / n,
      budget: '<= 150 ms (<= 2.5x node -e 0)',
      met: `${verdict(s <= 150)} (150 ms), ${verdict(s / n <= 2.5)} (2.5x)`,
    },
  ];
}
