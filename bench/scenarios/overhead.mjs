// Per-stage overhead: 10 vs 200 no-op stages through flowstate (library and CLI, durable
// journal), a raw child_process.spawn loop, an execa loop, `make -j1` and the Codex
// Orchestrator CLI, all measured here, interleaved per round; then a stage printing 100 MB
// streamed to its log, with the runner's peak RSS (budgets: DESIGN §8). The runners that run
// in this process (library, spawn loop, execa loop) also report their CPU time per stage,
// which a busy machine inflates far less than wall time.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runPipeline } from '../../dist/index.js';
import { codexOrchestrator, coProject, coRun } from '../codex-orchestrator.mjs';
import { fmt, loadNote, median, printTable, sequentialPipeline, tempProject, timeMs, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const SMALL = 10;
const LARGE = 200;
const ROUNDS = 5;
/** Runners measured inside this process, whose CPU time process.cpuUsage() sees. */
const IN_PROCESS = ['flowstate', 'raw', 'execa'];

/** Spawns `true` n times, one after the other. */
async function spawnLoop(n) {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve, reject) => spawn('true', [], { stdio: 'ignore' }).on('exit', resolve).on('error', reject));
  }
}

/** Spawns `true` n times through execa, one after the other. */
async function execaLoop(n) {
  for (let i = 0; i < n; i++) await execa('true', [], { stdio: 'ignore', detached: true });
}

/** A Makefile with n no-op targets that each spawn `true`. */
function makefile(dir, n) {
  const targets = Array.from({ length: n }, (_, i) => `t${i}`);
  writeFileSync(join(dir, `Makefile.${n}`), `all: ${targets.join(' ')}\n${targets.map((t) => `${t}:\n\t@true\n`).join('')}`);
}

/** The runners, each a function of n returning its time in ms. */
function runners(dir, co) {
  for (const n of [SMALL, LARGE]) {
    writeFileSync(join(dir, `p${n}.yaml`), sequentialPipeline(`p${n}`, n));
    makefile(dir, n);
    if (co.bin) coProject(join(dir, `co${n}`), `p${n}`, n);
  }
  const list = {
    flowstate: (n) =>
      timeMs(async () => {
        const r = await runPipeline({ cwd: dir, pipeline: `p${n}.yaml` });
        if (r.status !== 'succeeded') throw new Error(`bench run ${r.status}`);
      }),
    cli: (n) => timeMs(async () => spawnSync(process.execPath, [CLI, 'run', `p${n}.yaml`, '--json'], { cwd: dir, stdio: 'ignore' })),
    raw: (n) => timeMs(() => spawnLoop(n)),
    execa: (n) => timeMs(() => execaLoop(n)),
    make: (n) => timeMs(async () => spawnSync('make', ['-s', '-j1', '-f', `Makefile.${n}`, '-C', dir], { stdio: 'ignore' })),
  };
  if (co.bin) list.co = async (n) => coRun(co.bin, join(dir, `co${n}`), `p${n}`).ms;
  return list;
}

/** Runs one stage printing 100 MB in a fresh node process; returns its duration and peak RSS. */
function bigOutput(dir) {
  writeFileSync(join(dir, 'big.yaml'), 'version: 1\nname: big\nstages:\n  print:\n    run: yes "$(printf \'%0127d\' 0)" | head -c 104857600\n');
  const script = `import { runPipeline } from ${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)};
const r = await runPipeline({ cwd: ${JSON.stringify(dir)}, pipeline: 'big.yaml' });
console.log(JSON.stringify({ status: r.status, ms: r.manifest.stages.print.duration_ms, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  return JSON.parse(out.stdout.trim().split('\n').pop());
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  const dir = tempProject({});
  const co = codexOrchestrator();
  if (co.skipped) console.log(`Codex Orchestrator anchor skipped: ${co.skipped}`);
  const list = runners(dir, co);
  const times = Object.fromEntries(Object.keys(list).map((k) => [k, { [SMALL]: [], [LARGE]: [] }]));
  const cpu = Object.fromEntries(IN_PROCESS.map((k) => [k, { [SMALL]: [], [LARGE]: [] }]));
  for (const fn of Object.values(list)) await fn(SMALL); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of Object.entries(list)) {
      for (const n of [SMALL, LARGE]) {
        const before = process.cpuUsage();
        times[name][n].push(await fn(n));
        const used = process.cpuUsage(before);
        cpu[name]?.[n].push((used.user + used.system) / 1000);
      }
    }
  }
  const perStage = (name, of = times) => (median(of[name][LARGE]) - median(of[name][SMALL])) / (LARGE - SMALL);
  const labels = {
    flowstate: 'flowstate (library, durable journal)',
    cli: 'flowstate (CLI process, incl. start-up)',
    raw: 'child_process.spawn loop (anchor)',
    execa: 'execa loop, detached (anchor)',
    make: 'make -j1 (anchor)',
    co: 'Codex Orchestrator CLI, --runtime-mode cli (anchor)',
  };
  const rows = [['runner', `${SMALL} stages ms`, `${LARGE} stages ms`, 'per stage ms']];
  for (const name of Object.keys(list)) rows.push([labels[name], fmt(median(times[name][SMALL])), fmt(median(times[name][LARGE])), fmt(perStage(name))]);
  printTable(rows);
  const cpuRows = [['runner (in this process)', 'CPU ms per stage']];
  for (const name of IN_PROCESS) cpuRows.push([labels[name], fmt(perStage(name, cpu))]);
  console.log('');
  printTable(cpuRows);
  const overhead = perStage('flowstate') - perStage('raw');
  const cliOverhead = perStage('cli') - perStage('raw');
  console.log(
    `\nflowstate overhead per no-op stage over a raw spawn: library ${fmt(overhead)} ms, CLI ${fmt(cliOverhead)} ms (budget <= 1.5 ms); ${ROUNDS} interleaved rounds, medians`,
  );
  console.log(loadNote());
  const big = bigOutput(dir);
  console.log(
    `\n100 MB stage: ${big.status}, ${big.ms} ms => ${fmt(100 / (big.ms / 1000))} MB/s to its log, runner peak RSS ${fmt(big.rssMb)} MB (budget >= 200 MB/s, bounded memory)`,
  );
  const anchors = [`spawn ${fmt(perStage('raw'))}`, `execa ${fmt(perStage('execa'))}`, `make -j1 ${fmt(perStage('make'))}`];
  if (co.bin) anchors.push(`Codex Orchestrator ${fmt(perStage('co'))}`);
  return [
    {
      scenario: 'per no-op stage (library), ms',
      flowstate: `${fmt(perStage('flowstate'))} (+${fmt(overhead)} over spawn)`,
      anchors: anchors.join(', '),
      ratio: perStage('flowstate') / perStage('raw'),
      budget: '<= +1.5 ms over spawn',
      met: verdict(overhead <= 1.5),
    },
    {
      scenario: 'per no-op stage (CLI), ms',
      flowstate: `${fmt(perStage('cli'))} (+${fmt(cliOverhead)} over spawn)`,
      anchors: co.bin ? `Codex Orchestrator ${fmt(perStage('co'))}` : `(Codex Orchestrator skipped: ${co.skipped})`,
      ratio: perStage('cli') / perStage('raw'),
      budget: '<= +1.5 ms over spawn',
      met: verdict(cliOverhead <= 1.5),
    },
    {
      scenario: '100 MB stage to its log',
      flowstate: `${fmt(100 / (big.ms / 1000))} MB/s, RSS ${fmt(big.rssMb)} MB`,
      anchors: '',
      ratio: NaN,
      budget: '>= 200 MB/s',
      met: verdict(100 / (big.ms / 1000) >= 200),
    },
  ];
}
