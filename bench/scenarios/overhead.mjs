// Per-stage overhead: 10 vs 200 no-op stages through flowstate (durable journal), a raw
// child_process.spawn loop and `make -j1`, all measured here; then a stage printing 100 MB
// streamed to its log, with the runner's peak RSS (budgets: DESIGN §8).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runPipeline } from '../../dist/index.js';
import { fmt, medianMs, printTable, sequentialPipeline, tempProject } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));

/** Spawns `true` n times, one after the other. */
async function spawnLoop(n) {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve, reject) => spawn('true', [], { stdio: 'ignore' }).on('exit', resolve).on('error', reject));
  }
}

/** Spawns `true` n times through execa (what flowstate's exec layer uses), one after the other. */
async function execaLoop(n) {
  for (let i = 0; i < n; i++) await execa('true', [], { stdio: 'ignore', detached: true });
}

/** A Makefile with n no-op targets that each spawn `true`. */
function makefile(dir, n) {
  const targets = Array.from({ length: n }, (_, i) => `t${i}`);
  writeFileSync(join(dir, 'Makefile'), `all: ${targets.join(' ')}\n${targets.map((t) => `${t}:\n\t@true\n`).join('')}`);
}

/** Median times for n stages through each runner. */
async function measure(n, dir) {
  const file = `p${n}.yaml`;
  writeFileSync(join(dir, file), sequentialPipeline(`p${n}`, n));
  makefile(dir, n);
  const flowstate = await medianMs(async () => {
    const r = await runPipeline({ cwd: dir, pipeline: file });
    if (r.status !== 'succeeded') throw new Error(`bench run ${r.status}`);
  });
  const cli = await medianMs(async () => spawnSync(process.execPath, [CLI, 'run', file, '--json'], { cwd: dir, stdio: 'ignore' }), 3);
  const raw = await medianMs(() => spawnLoop(n));
  const viaExeca = await medianMs(() => execaLoop(n));
  const make = await medianMs(async () => spawnSync('make', ['-s', '-j1', '-C', dir], { stdio: 'ignore' }));
  return { n, flowstate, cli, raw, viaExeca, make };
}

/** Runs one stage printing 100 MB in a fresh node process; returns its duration and peak RSS. */
function bigOutput(dir) {
  writeFileSync(join(dir, 'big.yaml'), 'version: 1\nname: big\nstages:\n  print:\n    run: yes "$(printf \'%0127d\' 0)" | head -c 104857600\n');
  const script = `import { runPipeline } from ${JSON.stringify(new URL('../../dist/index.js', import.meta.url).href)};
const r = await runPipeline({ cwd: ${JSON.stringify(dir)}, pipeline: 'big.yaml' });
console.log(JSON.stringify({ status: r.status, ms: r.manifest.stages.print.duration_ms, rssMb: process.resourceUsage().maxRSS / 1024 }));`;
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  const raw = spawnSync('sh', ['-c', `yes "$(printf '%0127d' 0)" | head -c 104857600 > ${join(dir, 'raw.out')}`]);
  return { ...JSON.parse(out.stdout.trim().split('\n').pop()), rawOk: raw.status === 0 };
}

export async function run() {
  const dir = tempProject({});
  const small = await measure(10, dir);
  const large = await measure(200, dir);
  const perStage = (key) => (large[key] - small[key]) / 190;
  printTable([
    ['runner', '10 stages ms', '200 stages ms', 'per stage ms'],
    ['flowstate (library, durable journal)', fmt(small.flowstate), fmt(large.flowstate), fmt(perStage('flowstate'))],
    ['flowstate (CLI process, incl. start-up)', fmt(small.cli), fmt(large.cli), fmt(perStage('cli'))],
    ['child_process.spawn loop (anchor)', fmt(small.raw), fmt(large.raw), fmt(perStage('raw'))],
    ['execa loop, detached (anchor)', fmt(small.viaExeca), fmt(large.viaExeca), fmt(perStage('viaExeca'))],
    ['make -j1 (anchor)', fmt(small.make), fmt(large.make), fmt(perStage('make'))],
  ]);
  console.log(`flowstate overhead per no-op stage over an execa spawn: ${fmt(perStage('flowstate') - perStage('viaExeca'))} ms`);
  console.log(`\nflowstate overhead per no-op stage over a raw spawn: ${fmt(perStage('flowstate') - perStage('raw'))} ms (budget <= 2 ms)`);
  console.log(`CLI start-up + 10-stage run: ${fmt(small.cli)} ms`);
  const big = bigOutput(dir);
  console.log(`\n100 MB stage: ${big.status}, ${big.ms} ms => ${fmt(100 / (big.ms / 1000))} MB/s to its log, runner peak RSS ${fmt(big.rssMb)} MB (budget >= 200 MB/s, bounded memory)`);
}
