// Parallel groups: 200 no-op branches in one `parallel:` stage against the same 200 stages in
// sequence (through the CLI, interleaved), and whether a 1,000-branch group runs at all
// (within a time limit). Budget (DESIGN §8): the group is faster than the sequence.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fmt, loadNote, median, printTable, sequentialPipeline, tempProject, timeMs, verdict } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const LIMIT_MS = 120_000;

/** YAML of a pipeline with one parallel stage of n `true` branches. */
function groupPipeline(name, n) {
  const lines = ['version: 1', `name: ${name}`, 'stages:', '  group:', '    parallel:'];
  for (let i = 0; i < n; i++) lines.push(`      b${i}: { run: ["true"] }`);
  return `${lines.join('\n')}\n`;
}

/** Runs a pipeline through the CLI; ms, or null when it failed or hit the time limit. */
async function cliRun(dir, file) {
  let ok = false;
  const ms = await timeMs(async () => {
    const out = spawnSync(process.execPath, [CLI, 'run', file, '--json'], { cwd: dir, stdio: 'ignore', timeout: LIMIT_MS, killSignal: 'SIGKILL' });
    ok = out.status === 0;
  });
  return ok ? ms : null;
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  const dir = tempProject({ 'g200.yaml': groupPipeline('g200', 200), 's200.yaml': sequentialPipeline('s200', 200), 'g1000.yaml': groupPipeline('g1000', 1000) });
  const group = [];
  const sequence = [];
  for (let i = 0; i < 3; i++) {
    group.push(await cliRun(dir, 'g200.yaml'));
    sequence.push(await cliRun(dir, 's200.yaml'));
  }
  const big = await cliRun(dir, 'g1000.yaml');
  const g = median(group);
  const s = median(sequence);
  printTable([
    ['pipeline (CLI, incl. start-up)', 'median ms', 'runs'],
    ['200 branches in one parallel group', fmt(g), group.length],
    ['the same 200 stages in sequence (anchor)', fmt(s), sequence.length],
    ['1,000 branches in one parallel group', big === null ? `did not finish in ${LIMIT_MS / 1000} s` : fmt(big), 1],
  ]);
  console.log(loadNote());
  return [
    {
      scenario: '200-branch group vs 200 in sequence',
      flowstate: `${fmt(g)} ms`,
      anchors: `sequence ${fmt(s)} ms`,
      ratio: g / s,
      budget: 'group faster (< 1x)',
      met: verdict(g < s),
    },
    {
      scenario: '1,000-branch group',
      flowstate: big === null ? 'did not finish' : `${fmt(big)} ms`,
      anchors: '',
      ratio: NaN,
      budget: `runs (< ${LIMIT_MS / 1000} s)`,
      met: verdict(big !== null),
    },
  ];
}
