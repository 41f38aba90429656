// Chart rendering: time to lay out an n-stage pipeline to SVG with Graphviz compiled to
// WebAssembly (@viz-js/viz), with the system `dot -Tsvg` on the same DOT as the anchor when it
// is installed. Shows whether layout time grows worse than linearly with the stage count.
import { spawnSync } from 'node:child_process';
import { loadPipelineText, compilePipeline } from '../../dist/index.js';
import { buildGraph } from '../../dist/viz/graph.js';
import { chartDot } from '../../dist/viz/chart/dot.js';
import { layoutSvg } from '../../dist/viz/chart/graphviz.js';
import { layeredSvg } from '../../dist/viz/chart/layered.js';
import { fmt, loadNote, printTable, sequentialPipeline, tempProject, timeMs } from '../lib.mjs';

const HAS_DOT = spawnSync('dot', ['-V']).status === 0;

/** A sequential pipeline where every tenth stage may loop back (max_visits), like agent loops. */
function generated(n) {
  const text = sequentialPipeline(`gen-${n}`, n);
  const lines = text.split('\n');
  const out = [];
  for (const line of lines) {
    out.push(line);
    const match = /^ {2}s(\d+):$/.exec(line);
    if (match && Number(match[1]) % 10 === 9) {
      const i = Number(match[1]);
      out.push('    max_visits: 2', `    next: [{ when: "stages.s${i - 1}.status == 'failed'", to: s${i - 5} }, { to: ${i + 1 < n ? `s${i + 1}` : 'end'} }]`);
    }
  }
  return out.join('\n');
}

/** Graphviz past this many stages only with FLOWSTATE_BENCH_FULL=1 (1,000 stages take minutes). */
const GRAPHVIZ_BENCH_MAX = process.env.FLOWSTATE_BENCH_FULL ? Infinity : 250;

/** Measures; returns summary rows for the combined table. */
export async function run() {
  await layoutSvg('digraph { a -> b }'); // load the WASM module once, outside the timings
  const rows = [['stages', 'states', 'transitions', 'wasm dot ms', 'per stage', 'system dot ms', 'layered ms', 'per stage']];
  const perStage = [];
  let layered1000 = NaN;
  for (const n of [50, 100, 250, 1000]) {
    const root = tempProject({});
    const { pipeline } = loadPipelineText(generated(n), `${root}/gen.yaml`, { root });
    const graph = buildGraph(compilePipeline(pipeline).machine);
    const dot = chartDot(graph);
    const wasm = n <= GRAPHVIZ_BENCH_MAX ? await timeMs(() => layoutSvg(dot)) : NaN;
    const system = HAS_DOT && n <= GRAPHVIZ_BENCH_MAX ? await timeMs(async () => spawnSync('dot', ['-Tsvg'], { input: dot, maxBuffer: 1 << 30 })) : NaN;
    const layered = await timeMs(async () => layeredSvg(graph));
    if (Number.isFinite(wasm)) perStage.push(wasm / n);
    if (n === 1000) layered1000 = layered;
    const cell = (ms) => (Number.isFinite(ms) ? fmt(ms) : '-');
    rows.push([n, graph.nodes.length, graph.edges.length, cell(wasm), cell(wasm / n), cell(system), fmt(layered), fmt(layered / n)]);
  }
  printTable(rows);
  const growth = perStage[perStage.length - 1] / perStage[0];
  console.log(`\nGraphviz per-stage cost, largest measured / 50 stages: ${growth.toFixed(2)}x (1.0 = linear); charts above 120 states use the layered layout. ${loadNote()}`);
  return [
    {
      scenario: 'viz: 1,000-stage chart to SVG (layered)',
      flowstate: `${fmt(layered1000)} ms`,
      anchors: `wasm dot at 250 stages ${rows[3][3]} ms`,
      ratio: '-',
      budget: '-',
      met: '-',
    },
  ];
}
