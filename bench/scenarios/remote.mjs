// Scale-out dispatch overhead: the same N sequential no-op stages through the local executor
// and through the bullmq executor (a real redis-server on a unix socket, one real `flowstate
// worker` on this machine), interleaved per round; per-stage cost from the slope between a
// small and a large run, and the Redis commands each remote stage costs (INFO stats).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runPipeline } from '../../dist/index.js';
import { fmt, loadNote, median, printTable, sequentialPipeline, tempProject, timeMs } from '../lib.mjs';

const CLI = fileURLToPath(new URL('../../bin/flowstate.js', import.meta.url));
const SMALL = 5;
const LARGE = 40;
const ROUNDS = 3;

/** Sends one command to Redis over the socket and returns the raw reply. */
function redisCommand(socket, command) {
  return new Promise((resolve, reject) => {
    const client = createConnection(socket);
    let reply = '';
    client.on('error', reject);
    client.on('data', (d) => {
      reply += d.toString();
      if (!command.startsWith('INFO') || reply.endsWith('\r\n\r\n') || /\r\n$/.test(reply)) {
        client.end();
        resolve(reply);
      }
    });
    client.write(`${command}\r\n`);
  });
}

/** Total commands Redis has processed. */
async function commandsProcessed(socket) {
  const info = await redisCommand(socket, 'INFO stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
}

/** Starts redis-server and one worker; returns them with a stop function. */
async function startBackends(project) {
  const dir = mkdtempSync(join(tmpdir(), 'fs-bench-redis-'));
  const socket = join(dir, 'redis.sock');
  const redis = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  while (!existsSync(socket) || !(await redisCommand(socket, 'PING').catch(() => '')).startsWith('+PONG')) await delay(20);
  const worker = spawn(process.execPath, [CLI, 'worker', '--redis', `unix://${socket}`, '--id', 'bench'], { cwd: project, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  worker.stderr.on('data', (d) => (err += d.toString()));
  while (!err.includes('ready:')) await delay(20);
  const stop = async () => {
    worker.kill('SIGTERM');
    await new Promise((r) => worker.on('exit', r));
    redis.kill('SIGKILL');
    await new Promise((r) => redis.on('exit', r));
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `unix://${socket}`, socket, stop };
}

/** Measures; returns summary rows for the combined table. */
export async function run() {
  if (spawnCheck() === false) {
    console.log('redis-server not found: scenario skipped (Debian: apt-get install redis-server)');
    return [];
  }
  const dir = tempProject({});
  for (const n of [SMALL, LARGE]) writeFileSync(join(dir, `p${n}.yaml`), sequentialPipeline(`p${n}`, n));
  const backends = await startBackends(dir);
  const ways = {
    local: (n) => runPipeline({ cwd: dir, pipeline: `p${n}.yaml`, executor: { kind: 'local' } }),
    bullmq: (n) => runPipeline({ cwd: dir, pipeline: `p${n}.yaml`, executor: { kind: 'bullmq', redis: backends.url } }),
  };
  const times = { local: { [SMALL]: [], [LARGE]: [] }, bullmq: { [SMALL]: [], [LARGE]: [] } };
  let ops = NaN;
  try {
    for (const way of Object.values(ways)) await way(SMALL); // warm-up
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, way] of Object.entries(ways)) {
        for (const n of [SMALL, LARGE]) {
          const before = name === 'bullmq' && n === LARGE && round === 0 ? await commandsProcessed(backends.socket) : null;
          times[name][n].push(
            await timeMs(async () => {
              const r = await way(n);
              if (r.status !== 'succeeded') throw new Error(`bench run ${name} ${r.status}: ${r.reason}`);
            }),
          );
          if (before !== null) ops = ((await commandsProcessed(backends.socket)) - before - 1) / n;
        }
      }
    }
  } finally {
    await backends.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const perStage = (name) => (median(times[name][LARGE]) - median(times[name][SMALL])) / (LARGE - SMALL);
  const local = perStage('local');
  const remote = perStage('bullmq');
  console.log(`${LARGE} vs ${SMALL} sequential no-op stages, median of ${ROUNDS} interleaved rounds; ${loadNote()}`);
  printTable([
    ['executor', `${SMALL} stages ms`, `${LARGE} stages ms`, 'per stage ms'],
    ['local', fmt(median(times.local[SMALL])), fmt(median(times.local[LARGE])), fmt(local)],
    ['bullmq (1 worker, same host)', fmt(median(times.bullmq[SMALL])), fmt(median(times.bullmq[LARGE])), fmt(remote)],
  ]);
  console.log(`Redis commands per remote stage (all clients: coordinator, worker, BullMQ scripts counted as one): ${ops.toFixed(1)}`);
  return [
    {
      scenario: 'remote dispatch, per stage',
      flowstate: `bullmq ${fmt(remote)} ms (+${fmt(remote - local)} ms), ${ops.toFixed(0)} Redis cmds`,
      anchors: `local executor ${fmt(local)} ms`,
      ratio: remote / local,
      budget: 'none (measured)',
      met: '-',
    },
  ];
}

/** False when redis-server is not installed. */
function spawnCheck() {
  return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].some((p) => existsSync(p));
}
