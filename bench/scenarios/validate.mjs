// Validate + compile time of generated pipelines: in-process (load+validate, compile) and
// through the CLI (`flowstate validate`, start-up included), next to `node -e 0` measured in
// the same run. Budget (DESIGN §8): 10,000 stages through the CLI <= 1 s.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPipelineText, compilePipeline } from '../../dist/index.js';
import { fmt, loadNote, median, medianMs, printTable, sequentialPipeline, tempProject, timeMs, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
/** Prints the process's CPU time (user+sys, ms) on exit: a figure that load inflates less than wall time. */
const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('cpu_ms='+((u.user+u.system)/1000)+'\\n')})`;

/** A pipeline of n stages that each use an input in an expression. */
function generated(n) {
  return sequentialPipeline(`gen-${n}`, n, ['echo', '${{ inputs.x }}']).replace('stages:', 'inputs:\n  x: { type: string, default: hi }\nstages:');
}

/** Times loading (YAML, schema, semantics) and compiling a pipeline text in this process. */
async function inProcess(text, root, n) {
  let loadMs = 0;
  let compileMs = 0;
  const total = await medianMs(
    async () => {
      const t0 = performance.now();
      const { pipeline } = loadPipelineText(text, `${root}/gen.yaml`, { root });
      const t1 = performance.now();
      compilePipeline(pipeline);
      loadMs = t1 - t0;
      compileMs = performance.now() - t1;
    },
    n > 1000 ? 3 : 10,
  );
  return { loadMs, compileMs, total };
}

/** Median wall time (and CPU time) of `flowstate validate gen.yaml` and of `node -e 0`, interleaved. */
async function throughCli(root) {
  const cli = [];
  const cpu = [];
  const node0 = [];
  for (let i = 0; i < 6; i++) {
    node0.push(await timeMs(async () => spawnSync(process.execPath, ['-e', '0'])));
    cli.push(
      await timeMs(async () => {
        const out = spawnSync(process.execPath, ['--import', REPORT_CPU, CLI, 'validate', 'gen.yaml'], { cwd: root, encoding: 'utf8' });
        if (out.status !== 0) throw new Error(`bench: validate failed: ${out.stderr}`);
        cpu.push(Number(/cpu_ms=([\d.]+)/.exec(out.stderr)?.[1]));
      }),
    );
  }
  return { cli: median(cli.slice(1)), cpu: median(cpu.slice(1)), node0: median(node0.slice(1)) };
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  const rows = [['stages', 'yaml bytes', 'load+validate ms', 'compile ms', 'in-process ms', 'CLI validate ms', 'CLI CPU ms', 'node -e 0 ms']];
  let last;
  for (const n of [10, 1000, 10000]) {
    const text = generated(n);
    const root = tempProject({});
    writeFileSync(join(root, 'gen.yaml'), text);
    const r = await inProcess(text, root, n);
    const c = await throughCli(root);
    rows.push([n, text.length, fmt(r.loadMs), fmt(r.compileMs), fmt(r.total), fmt(c.cli), fmt(c.cpu), fmt(c.node0)]);
    last = c;
  }
  printTable(rows);
  console.log(loadNote());
  return [
    {
      scenario: 'validate 10,000 stages (CLI, incl. start-up)',
      flowstate: `${fmt(last.cli)} ms`,
      anchors: `node -e 0 ${fmt(last.node0)} ms`,
      ratio: last.cli / last.node0,
      budget: '<= 1000 ms',
      met: verdict(last.cli <= 1000),
    },
  ];
}
