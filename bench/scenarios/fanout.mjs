// Fan-out: a 1,000-cell matrix of no-op commands with max_parallel 8, next to the same 1,000
// no-ops as a `parallel:` group queued by max_parallel 8, a group of regions (the largest one
// allowed without max_parallel: 200 branches; 1,000 are refused), and `xargs -P8` as the anchor.
// Through the CLI (start-up included); peak RSS of the runner; per-cell cost from the first tenth
// of the cells to the last (from the journal's stage.started times). Budget (DESIGN §8): bounded
// memory and a flat per-cell cost.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmt, loadNote, printTable, tempProject, timeMs, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const CELLS = 1000;
const LIMIT = 8;
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('maxrss='+process.resourceUsage().maxRSS+'\\n'))`;

/** YAML of one matrix stage of `n` `true` cells. */
function matrixPipeline(n) {
  return [
    'version: 1',
    'name: fanout',
    'stages:',
    '  cells:',
    `    matrix: { n: [${Array.from({ length: n }, (_, i) => i).join(', ')}] }`,
    `    max_parallel: ${LIMIT}`,
    '    run: ["true"]',
    '',
  ].join('\n');
}

/** YAML of one parallel stage of `n` `true` branches, queued when `limit` is set. */
function groupPipeline(name, n, limit) {
  const lines = ['version: 1', `name: ${name}`, 'stages:', '  group:', ...(limit ? [`    max_parallel: ${limit}`] : []), '    parallel:'];
  for (let i = 0; i < n; i++) lines.push(`      b${i}: { run: ["true"] }`);
  return `${lines.join('\n')}\n`;
}

/** Runs a pipeline through the CLI: wall ms, peak RSS (MB), per-stage gaps of the first and last tenth. */
function cliRun(dir, file) {
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--import', REPORT_RSS, CLI, 'run', file, '--json', '--max-parallel', String(LIMIT)], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: 300_000,
  });
  const wallMs = performance.now() - started;
  if (out.status !== 0)
    return {
      ok: false,
      wallMs,
      error: out.stderr.split('\n').find((line) => line.trim() !== '' && !line.startsWith('maxrss=') && !line.startsWith('project root')) ?? `exit ${out.status}`,
    };
  const rssMb = Number(/maxrss=(\d+)/.exec(out.stderr)?.[1]) / 1024;
  const events = readFileSync(join(JSON.parse(out.stdout).run_dir, 'events.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const starts = events.filter((e) => e.type === 'stage.started' && e.stage !== 'cells' && e.stage !== 'group').map((e) => Date.parse(e.ts));
  const tenth = Math.floor(starts.length / 10);
  const gap = (from, to) => (starts[to - 1] - starts[from]) / (to - 1 - from);
  return { ok: true, wallMs, rssMb, count: starts.length, first: gap(0, tenth), last: gap(starts.length - tenth, starts.length) };
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  const dir = tempProject({
    'matrix.yaml': matrixPipeline(CELLS),
    'queued.yaml': groupPipeline('queued', CELLS, LIMIT),
    'regions200.yaml': groupPipeline('regions200', 200),
    'regions1000.yaml': groupPipeline('regions1000', CELLS),
  });
  const xargsMs = await timeMs(async () => {
    spawnSync('sh', ['-c', `seq ${CELLS} | xargs -P${LIMIT} -n1 true`], { stdio: 'ignore' });
  });
  const matrix = cliRun(dir, 'matrix.yaml');
  const queued = cliRun(dir, 'queued.yaml');
  const regions = cliRun(dir, 'regions200.yaml');
  const refused = cliRun(dir, 'regions1000.yaml');
  const row = (what, r, n) => (r.ok ? [what, fmt(r.wallMs), fmt(r.wallMs / n), fmt(r.rssMb), `${fmt(r.first)} / ${fmt(r.last)}`] : [what, `failed: ${r.error}`, '', '', '']);
  printTable([
    ['run (CLI, incl. start-up, --max-parallel 8)', 'wall ms', 'ms per cell', 'peak RSS MB', 'gap first/last tenth ms'],
    row(`matrix of ${CELLS} cells, max_parallel ${LIMIT}`, matrix, CELLS),
    row(`parallel group of ${CELLS} branches, max_parallel ${LIMIT}`, queued, CELLS),
    row('parallel group of 200 branches as regions (largest allowed)', regions, 200),
    row(`parallel group of ${CELLS} branches as regions`, refused, CELLS),
    [`xargs -P${LIMIT} of ${CELLS} \`true\` (anchor)`, fmt(xargsMs), fmt(xargsMs / CELLS), '', ''],
  ]);
  console.log(loadNote());
  const flat = matrix.ok && matrix.last / matrix.first <= 1.2;
  return [
    {
      scenario: `${CELLS}-cell matrix, max_parallel ${LIMIT}`,
      flowstate: matrix.ok ? `${fmt(matrix.wallMs)} ms, ${fmt(matrix.rssMb)} MB` : 'failed',
      anchors: `xargs -P${LIMIT} ${fmt(xargsMs)} ms`,
      ratio: matrix.wallMs / xargsMs,
      budget: 'completes, bounded memory',
      met: verdict(matrix.ok && matrix.rssMb <= 150),
    },
    {
      scenario: `${CELLS}-cell matrix: last/first tenth per cell`,
      flowstate: matrix.ok ? `${fmt(matrix.last)} / ${fmt(matrix.first)} ms` : 'failed',
      anchors: '',
      ratio: matrix.ok ? matrix.last / matrix.first : NaN,
      budget: 'flat (<= 1.2x)',
      met: verdict(flat),
    },
    {
      scenario: `${CELLS}-branch queued group vs 200 regions`,
      flowstate: queued.ok ? `${fmt(queued.wallMs / CELLS)} ms/branch` : 'failed',
      anchors: regions.ok ? `regions ${fmt(regions.wallMs / 200)} ms/branch` : '',
      ratio: queued.ok && regions.ok ? queued.wallMs / CELLS / (regions.wallMs / 200) : NaN,
      budget: 'runs',
      met: verdict(queued.ok),
    },
  ];
}
