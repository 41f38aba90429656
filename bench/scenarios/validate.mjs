// Validate + compile time of a generated 10,000-stage pipeline next to a 10-stage one
// (budget: DESIGN §8, <= 1 s for 10,000 stages).
import { loadPipelineText, compilePipeline } from '../../dist/index.js';
import { fmt, medianMs, printTable, sequentialPipeline, tempProject } from '../lib.mjs';

/** Times loading (YAML, schema, semantics) and compiling a pipeline text. */
async function measure(n) {
  const text = sequentialPipeline(`gen-${n}`, n, ['echo', '${{ inputs.x }}']).replace('stages:', 'inputs:\n  x: { type: string, default: hi }\nstages:');
  const root = tempProject({});
  let loadMs = 0;
  let compileMs = 0;
  const total = await medianMs(async () => {
    const t0 = performance.now();
    const { pipeline } = loadPipelineText(text, `${root}/gen.yaml`, { root });
    const t1 = performance.now();
    compilePipeline(pipeline);
    loadMs = t1 - t0;
    compileMs = performance.now() - t1;
  }, n > 1000 ? 3 : 10);
  return { n, bytes: text.length, loadMs, compileMs, total };
}

export async function run() {
  const rows = [['stages', 'yaml bytes', 'load+validate ms', 'compile ms', 'total ms (median)', 'budget']];
  for (const n of [10, 1000, 10000]) {
    const r = await measure(n);
    rows.push([r.n, r.bytes, fmt(r.loadMs), fmt(r.compileMs), fmt(r.total), n === 10000 ? '<= 1000 ms' : '']);
  }
  printTable(rows);
}
