#!/usr/bin/env node
// Bench helper: the dashboard attached to a run directory through the journal follower (as
// `flowstate dashboard RUN` does), drawing on a 100x30 fake terminal, in its own process.
// Every second it prints one JSON line: the stage running, this process's CPU%, redraws per
// second, the worst event-loop delay (how long a key could wait), the time a key takes, RSS.
// Usage: node bench/dashboard-probe.mjs RUN_DIR
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PassThrough, Writable } from 'node:stream';
import { followRun } from '../dist/api/index.js';
import { createDashboard } from '../dist/reporters/dashboard/index.js';

const runDir = process.argv[2];
const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined });
const output = Object.assign(new Writable({ write: (_chunk, _encoding, callback) => callback() }), { isTTY: true, columns: 100, rows: 30 });
const dashboard = createDashboard({ input, output, color: true, runDir, terminal: 'xterm-256color' });
const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
let last = { cpu: process.cpuUsage(), at: performance.now(), renders: 0 };
const sampler = setInterval(() => {
  const cpu = process.cpuUsage(last.cpu);
  const at = performance.now();
  const running = Object.values(dashboard.view.stages).find((s) => s.status === 'running');
  // While the log floods: follow off and on again, two key presses handled in full (idle gets no keys).
  const keyStart = performance.now();
  if (running?.id === 'flood') {
    input.write('f');
    input.write('f');
  }
  const keyMs = running?.id === 'flood' ? (performance.now() - keyStart) / 2 : NaN;
  const seconds = (at - last.at) / 1000;
  console.log(
    JSON.stringify({
      stage: running?.id ?? null,
      cpuPct: ((cpu.user + cpu.system) / 1000 / (seconds * 1000)) * 100,
      redraws: (dashboard.renders - last.renders) / seconds,
      lagMaxMs: lag.max / 1e6,
      lagP99Ms: lag.percentile(99) / 1e6,
      keyMs,
      rssMb: process.memoryUsage().rss / 2 ** 20,
    }),
  );
  lag.reset();
  last = { cpu: process.cpuUsage(), at: performance.now(), renders: dashboard.renders };
}, 1000);
for await (const event of followRun(runDir, { untilPaused: false })) dashboard.onEvent(event);
clearInterval(sampler);
dashboard.close();
process.exit(0);
