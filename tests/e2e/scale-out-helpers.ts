// Scale-out test helpers: a real redis-server in a temp dir (unix socket, no persistence), real
// `flowstate worker` processes and coordinators from dist/, and waiting on files, not sleeps.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { JournalEvent } from '../../src/model/index.js';
import { CLI, readEvents } from './helpers.js';

/** Short lock and poll intervals so stalled workers are found in about a second. */
export const FAST_ENV = { FLOWSTATE_BULLMQ_POLL_MS: '200', FLOWSTATE_BULLMQ_LOSS_MS: '1500' };

/** Polls `check` every 25 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    let ok = false;
    try {
      ok = check();
    } catch {
      ok = false;
    }
    if (ok) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await delay(25);
  }
}

export interface RedisServer {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Answers true when the server at `socket` replies +PONG. */
function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const client = connect(socket);
    client.once('error', () => resolve(false));
    client.once('data', (data) => {
      client.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    client.write('PING\r\n');
  });
}

/** Starts redis-server on a unix socket in a fresh temp dir and waits for PING. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fs-redis-'));
  const socket = join(dir, 'redis.sock');
  const child = spawn('redis-server', ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = Date.now() + 10_000;
  while (!(existsSync(socket) && (await ping(socket)))) {
    if (Date.now() > end || child.exitCode !== null) throw new Error('redis-server did not start');
    await delay(20);
  }
  return {
    url: `unix://${socket}`,
    process: child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliProcess {
  child: ChildProcess;
  exited: Promise<number | string>;
  stdout(): string;
  stderr(): string;
}

/** Starts `flowstate ARGS` in `cwd` with output captured. */
export function startFlowstate(cwd: string, args: string[], env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '', ...FAST_ENV, ...env },
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

/** Starts a real worker and waits until it listens. */
export async function startWorker(project: string, redis: string, id: string, labels: string[] = []): Promise<CliProcess> {
  const args = ['worker', '--redis', redis, '--id', id, '--lock-ms', '1000', '--concurrency', '4', ...(labels.length > 0 ? ['--labels', labels.join(',')] : [])];
  const worker = startFlowstate(project, args);
  await waitFor(`worker ${id} ready`, () => worker.stderr().includes('ready:'), 20_000);
  return worker;
}

/** Stops a process (SIGTERM, then SIGKILL if it lingers) and waits for it. */
export async function stopProcess(p: CliProcess | undefined): Promise<void> {
  if (!p || p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill('SIGTERM');
  const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
  await p.exited;
  clearTimeout(timer);
}

/** The only run directory of a pipeline, or null before it exists. */
export function runDirOf(project: string, pipeline: string): string | null {
  const dir = join(project, '.runs', pipeline);
  if (!existsSync(dir)) return null;
  const runs = readdirSync(dir);
  return runs.length === 1 ? join(dir, runs[0]) : null;
}

/** The journal of the pipeline's only run (empty before it exists). */
export function journalOf(project: string, pipeline: string): JournalEvent[] {
  const dir = runDirOf(project, pipeline);
  return dir && existsSync(join(dir, 'events.jsonl')) ? readEvents(dir) : [];
}

/** Lines of a file the stages append to (empty when it does not exist). */
export function linesOf(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
}
