// Watch debounce under bursts of saves (run with --debounce 50, so a 45 ms gap cannot end a burst): a burst gives one run once it
// settles, and a burst longer than the max-wait (1 s) gives a run per max-wait, not one per save.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeProject, pipelineYaml } from '../e2e/helpers.js';
import { start, until, type Started } from './helpers.js';

const watches: Started[] = [];
afterEach(() => {
  for (const watch of watches.splice(0)) watch.child.kill('SIGKILL');
});

/**
 * Saves `file` `count` times, `gapMs` apart, from a busy-waiting process (timers slip under
 * load). Returns how long it took and how many gaps were long enough (>= 45 ms) to end a burst
 * by themselves on a starved machine: those may rightly give a run each.
 */
function burst(dir: string, file: string, count: number, gapMs: number): { ms: number; longGaps: number } {
  const script =
    `const fs=require('fs');const t0=Date.now();let next=t0,last=t0,long=0;` +
    `for(let i=0;i<${count};i++){while(Date.now()<next);const now=Date.now();if(i>0&&now-last>=45)long++;last=now;` +
    `fs.writeFileSync(${JSON.stringify(file)},String(i));next+=${gapMs};}` +
    `console.log(JSON.stringify({ms:Date.now()-t0,longGaps:long}))`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as { ms: number; longGaps: number };
}

const runsOf = (dir: string): string[] => (existsSync(join(dir, 'runs.log')) ? readFileSync(join(dir, 'runs.log'), 'utf8').split('\n').filter(Boolean) : []);

describe('watch debounce', () => {
  it('20 saves 10 ms apart give one run; 200 saves over 2 s give at most one per max-wait', async () => {
    const stages = '  log:\n    run: echo "$FLOWSTATE_RUN_ID" >> runs.log\n    sources: ["src/**"]\n';
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', stages), 'src/a.txt': '0' });
    const watch = start(dir, ['watch', 'p.yaml', '--debounce', '50ms']);
    watches.push(watch);
    await until('the first run', () => watch.out().includes('waiting for changes'));
    const idle = (runs: number) => until(`run ${runs} to finish`, () => watch.out().split('waiting for changes').length === runs + 1 && runsOf(dir).length >= runs);

    const changes = () => watch.out().split('↻ changed: src/a.txt').length - 1;
    const short = burst(dir, 'src/a.txt', 20, 10);
    await idle(2);
    await new Promise((resolve) => setTimeout(resolve, 400)); // nothing more comes
    expect(changes()).toBeLessThanOrEqual(1 + short.longGaps);
    if (short.longGaps === 0) expect(runsOf(dir)).toHaveLength(2);

    const afterShort = changes();
    const long = burst(dir, 'src/a.txt', 200, 10);
    await until('the burst runs to end', () => watch.out().split('waiting for changes').length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 400));
    const runs = changes() - afterShort;
    expect(runs).toBeGreaterThanOrEqual(2);
    // One run per max-wait (1 s) of the burst, one once it settles, and one per starved gap.
    expect(runs).toBeLessThanOrEqual(Math.ceil(long.ms / 1000) + 1 + long.longGaps);
    watch.child.kill('SIGINT');
    await watch.exit;
  }, 60_000);
});
