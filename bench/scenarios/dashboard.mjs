// Dashboard cost: the dashboard attached (through the journal follower, in its own process) to
// a run in another process, first while a stage sleeps (idle), then while a stage prints
// 10,000 lines/s. Figures: the dashboard process's CPU%, redraws per second (cap: 10), the
// worst event-loop delay (how long a key can wait) and RSS. Anchor, same run: `tail -F` of the
// flooding stage's log (what a plain follower costs). Then a 1,000-stage run: the time a key
// press plus its redraw takes, in-process.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { createDashboard } from '../../dist/reporters/dashboard/index.js';
import { fmt, median, printTable, tempProject, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const PROBE = fileURLToPath(new URL('../dashboard-probe.mjs', import.meta.url));
const SECONDS = 5;
const FLOOD = `let n = 0; const t = setInterval(() => { let s = ''; for (let i = 0; i < 100; i++) s += 'line ' + (n++) + ' ' + 'x'.repeat(60) + '\\n'; process.stdout.write(s); if (n >= ${SECONDS * 10_000}) clearInterval(t); }, 10);`;
const PIPELINE = `version: 1
name: bench-dashboard
stages:
  idle:
    run: sleep ${SECONDS + 3}
  flood:
    run: [node, -e, ${JSON.stringify(FLOOD)}]
`;

/** CPU seconds (user + system) a process has used, from /proc. */
function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

async function attachedRun() {
  const dir = tempProject({ 'pipelines/d.yaml': PIPELINE });
  const runner = spawn(process.execPath, [CLI, 'run', 'pipelines/d.yaml', '--no-ui'], { cwd: dir, stdio: 'ignore', env: { ...process.env, FLOWSTATE_RUNS_DIR: '' } });
  const root = join(dir, '.runs', 'bench-dashboard');
  while (!existsSync(root) || readdirSync(root).filter((d) => !d.startsWith('.')).length === 0) await delay(10);
  const runDir = join(root, readdirSync(root).filter((d) => !d.startsWith('.'))[0]);
  const tail = spawn('tail', ['-F', '-q', join(runDir, 'logs', 'flood.1.log')], { stdio: ['ignore', 'ignore', 'ignore'] });
  const probe = spawn(process.execPath, [PROBE, runDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  probe.stdout.on('data', (chunk) => (text += chunk));
  await new Promise((resolve) => probe.on('exit', resolve));
  const tailCpu = cpuSeconds(tail.pid);
  tail.kill();
  await new Promise((resolve) => runner.on('exit', resolve));
  const samples = text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  const events = readFileSync(join(runDir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const flood = events.find((e) => e.type === 'stage.finished' && e.stage === 'flood');
  return { samples, tailCpuPct: (tailCpu / (flood.duration_ms / 1000)) * 100, floodSeconds: flood.duration_ms / 1000 };
}

/** A key press and its redraw on a 1,000-stage run (ms, median of 100). */
function thousandStages() {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
  const output = Object.assign(new Writable({ write: (_c, _e, cb) => cb() }), { isTTY: true, columns: 100, rows: 30 });
  const dashboard = createDashboard({ input, output, color: true, terminal: 'xterm-256color' });
  let seq = 0;
  const ev = (e) => ({ ...e, seq: ++seq, ts: new Date(1_800_000_000_000 + seq).toISOString(), run_id: 'r' });
  dashboard.onEvent(ev({ type: 'run.started', pipeline: { name: 'big', file: 'p', hash: 'h' }, inputs: {}, parent_run: null }));
  for (let i = 0; i < 1000; i++) {
    dashboard.onEvent(ev({ type: 'stage.started', stage: `s${i}`, attempt: 1, runtime_id: null, pid: 1 }));
    if (i < 999)
      dashboard.onEvent(
        ev({ type: 'stage.finished', stage: `s${i}`, attempt: 1, status: 'succeeded', exit_code: 0, signal: null, duration_ms: 5, outputs: {}, log: null, reason: null }),
      );
  }
  dashboard.flush();
  const times = [];
  for (let i = 0; i < 100; i++) {
    const start = performance.now();
    input.write(i % 2 ? 'k' : 'G');
    dashboard.flush();
    times.push(performance.now() - start);
  }
  dashboard.close();
  return median(times);
}

export async function run() {
  if (spawnSync('tail', ['--version']).status !== 0) console.log('tail not found: no anchor');
  const { samples, tailCpuPct, floodSeconds } = await attachedRun();
  // The first idle second includes start-up and the replay; the phases are the seconds a stage ran throughout.
  const idle = samples.filter((s) => s.stage === 'idle').slice(2);
  const flood = samples.filter((s) => s.stage === 'flood');
  const pick = (list, key) => median(list.map((s) => s[key]));
  const worst = (list, key) => Math.max(...list.map((s) => s[key]));
  const keyRedrawMs = thousandStages();
  const rows = [['phase', 'seconds', 'CPU % (median)', 'redraws/s (median, max)', 'event-loop delay p99, max ms', 'key ms', 'RSS MB max']];
  const lagOf = (list) => `${fmt(worst(list, 'lagP99Ms'))}, ${fmt(worst(list, 'lagMaxMs'))}`;
  rows.push([
    'idle (a stage sleeps)',
    idle.length,
    fmt(pick(idle, 'cpuPct')),
    `${fmt(pick(idle, 'redraws'))}, ${fmt(worst(idle, 'redraws'))}`,
    lagOf(idle),
    '-',
    fmt(worst(idle, 'rssMb')),
  ]);
  rows.push([
    'a stage prints 10,000 lines/s',
    flood.length,
    fmt(pick(flood, 'cpuPct')),
    `${fmt(pick(flood, 'redraws'))}, ${fmt(worst(flood, 'redraws'))}`,
    lagOf(flood),
    fmt(pick(flood, 'keyMs')),
    fmt(worst(flood, 'rssMb')),
  ]);
  printTable(rows);
  console.log(`\nanchor (same run): tail -F of the flooding log used ${fmt(tailCpuPct)} % CPU over the ${fmt(floodSeconds)} s the stage printed`);
  console.log(`1,000-stage run: a key press and its redraw take ${fmt(keyRedrawMs)} ms (median of 100)`);
  const floodCpu = pick(flood, 'cpuPct');
  return [
    { scenario: 'dashboard: CPU % idle', flowstate: `${fmt(pick(idle, 'cpuPct'))} %`, anchors: '', ratio: NaN, budget: 'near 0', met: verdict(pick(idle, 'cpuPct') < 5) },
    { scenario: 'dashboard: CPU % at 10k lines/s', flowstate: `${fmt(floodCpu)} %`, anchors: `tail -F ${fmt(tailCpuPct)} %`, ratio: floodCpu / tailCpuPct, budget: '', met: '' },
    // Keys wait at most one event-loop delay; the idle phase's delay (same process, nothing to do) is the machine's share.
    {
      scenario: 'dashboard: event-loop delay p99 at 10k lines/s',
      flowstate: `${fmt(worst(flood, 'lagP99Ms'))} ms`,
      anchors: `idle ${fmt(worst(idle, 'lagP99Ms'))} ms`,
      ratio: worst(flood, 'lagP99Ms') / worst(idle, 'lagP99Ms'),
      budget: '< 100 ms (keys responsive)',
      met: verdict(worst(flood, 'lagP99Ms') < 100),
    },
    {
      scenario: 'dashboard: redraws/s (max)',
      flowstate: fmt(Math.max(worst(idle, 'redraws'), worst(flood, 'redraws'))),
      anchors: '',
      ratio: NaN,
      budget: '<= 10 + keys',
      met: verdict(Math.max(worst(idle, 'redraws'), worst(flood, 'redraws')) <= 12),
    },
    { scenario: 'dashboard: key + redraw, 1,000 stages', flowstate: `${fmt(keyRedrawMs)} ms`, anchors: '', ratio: NaN, budget: '< 50 ms', met: verdict(keyRedrawMs < 50) },
  ];
}
