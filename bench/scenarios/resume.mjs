// Time from `flowstate resume` to the next stage's start, on a 1,000-stage run killed near
// stage 900 (issue 4). The anchor: the same CLI starting a fresh 1-stage run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, median, printTable, sequentialPipeline, tempProject } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const STAGES = 1000;
const KILL_AT = 900;

/** Runs the 1,000-stage pipeline and SIGKILLs the runner once stage KILL_AT has started. */
async function killNear(dir) {
  const child = spawn(process.execPath, [CLI, 'run', 'big.yaml', '--json'], { cwd: dir, stdio: 'ignore' });
  const runs = join(dir, '.runs/big');
  for (;;) {
    await new Promise((r) => setTimeout(r, 20));
    if (!existsSync(runs)) continue;
    // Runs are staged elsewhere and renamed into place: the folder can exist before any run.
    const [id] = readdirSync(runs).filter((name) => !name.startsWith('.'));
    if (id === undefined) continue;
    const journal = join(runs, id, 'events.jsonl');
    if (existsSync(journal) && readFileSync(journal, 'utf8').includes(`"stage":"s${KILL_AT}"`)) {
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
      return join(runs, id);
    }
  }
}

/** ms from launching `resume` to the first stage.started it journals. */
function resumeToStart(dir, runDir) {
  const before = readFileSync(join(runDir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).length;
  const launched = Date.now();
  spawnSync(process.execPath, [CLI, 'resume', '--last', '--json'], { cwd: dir, stdio: 'ignore' });
  const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(before)
    .map((l) => JSON.parse(l));
  const first = events.find((e) => e.type === 'stage.started');
  return { ms: Date.parse(first.ts) - launched, stage: first.stage, status: events.at(-1).status };
}

/** ms from launching `run` of a 1-stage pipeline to its stage.started. */
function freshToStart(dir) {
  const launched = Date.now();
  const out = spawnSync(process.execPath, [CLI, 'run', 'one.yaml', '--json'], { cwd: dir, encoding: 'utf8' });
  const runDir = JSON.parse(out.stdout).run_dir;
  const started = readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .find((e) => e.type === 'stage.started');
  return Date.parse(started.ts) - launched;
}

export async function run() {
  const rows = [['measure', 'median ms', 'runs', 'note']];
  const resumes = [];
  let note = '';
  for (let i = 0; i < 3; i++) {
    const dir = tempProject({ 'big.yaml': sequentialPipeline('big', STAGES), 'one.yaml': sequentialPipeline('one', 1) });
    const runDir = await killNear(dir);
    const r = resumeToStart(dir, runDir);
    resumes.push(r.ms);
    note = `resumed at ${r.stage}, run ${r.status}`;
  }
  const fresh = [];
  const dir = tempProject({ 'one.yaml': sequentialPipeline('one', 1) });
  for (let i = 0; i < 5; i++) fresh.push(freshToStart(dir));
  rows.push([`resume -> next stage start (${STAGES} stages, killed near ${KILL_AT})`, fmt(median(resumes)), resumes.length, note]);
  rows.push(['anchor: fresh run -> first stage start (1 stage)', fmt(median(fresh)), fresh.length, 'same CLI, same machine']);
  printTable(rows);
  writeFileSync(join(dir, 'done'), '');
  return [
    {
      scenario: `resume -> next stage start (${STAGES} stages)`,
      flowstate: `${fmt(median(resumes))} ms`,
      anchors: `fresh 1-stage run ${fmt(median(fresh))} ms`,
      ratio: median(resumes) / median(fresh),
      budget: '',
      met: '',
    },
  ];
}
