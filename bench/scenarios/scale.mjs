// Scale: a 5,000-stage run through the CLI: the runner's peak RSS and whether the per-stage
// cost stays flat from the first tenth of the stages to the last (from the journal's
// stage.started times). Budgets (DESIGN §8): <= 150 MB peak RSS; flat per-stage cost.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, loadNote, printTable, sequentialPipeline, tempProject, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const STAGES = 5000;
/** Prints the process's peak RSS on exit (preloaded into the CLI process). */
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

/** Mean gap (ms) between consecutive stage starts within [from, to) of the started times. */
function meanGap(starts, from, to) {
  return (starts[to - 1] - starts[from]) / (to - 1 - from);
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  const dir = tempProject({ 'big.yaml': sequentialPipeline('big', STAGES) });
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--import', REPORT_RSS, CLI, 'run', 'big.yaml', '--json'], { cwd: dir, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  if (out.status !== 0) throw new Error(`bench: the ${STAGES}-stage run failed: ${out.stderr.slice(-500)}`);
  const rssMb = Number(/maxrss=(\d+)/.exec(out.stderr)?.[1]) / 1024;
  const runDir = JSON.parse(out.stdout).run_dir;
  const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const starts = events.filter((e) => e.type === 'stage.started').map((e) => Date.parse(e.ts));
  const tenth = Math.floor(starts.length / 10);
  const first = meanGap(starts, 0, tenth);
  const last = meanGap(starts, starts.length - tenth, starts.length);
  printTable([
    ['measure', 'value'],
    ['stages run', starts.length],
    ['wall time (CLI, incl. start-up)', `${fmt(wallMs)} ms`],
    ['peak RSS of the runner', `${fmt(rssMb)} MB`],
    ['per stage, first tenth', `${fmt(first)} ms`],
    ['per stage, last tenth', `${fmt(last)} ms`],
  ]);
  console.log(loadNote());
  return [
    { scenario: `${STAGES}-stage run: peak RSS`, flowstate: `${fmt(rssMb)} MB`, anchors: '', ratio: NaN, budget: '<= 150 MB', met: verdict(rssMb <= 150) },
    {
      scenario: `${STAGES}-stage run: last/first tenth per stage`,
      flowstate: `${fmt(last)} / ${fmt(first)} ms`,
      anchors: '',
      ratio: last / first,
      budget: 'flat (<= 1.2x)',
      met: verdict(last / first <= 1.2),
    },
  ];
}
