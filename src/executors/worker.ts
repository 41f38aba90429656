// `flowstate worker`: takes stage jobs from the queues its labels serve and runs them with the
// same exec layer as a local run (process groups, timeouts, kill trees, masking), shipping the
// log to the run's report stream and returning the outcome as the job's result.
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { cancelChannelOf, cancelKeyOf, queuesServedBy, type StageJobData, type StageJobResult } from './job.js';
import { groupsWithEnv, killProcessGroup } from '../exec/index.js';
import { runJob, WORKER_ID_ENV } from './run-job.js';
import { connectRedis, type RedisTarget } from './redis-url.js';

export interface WorkerSettings {
  redis: RedisTarget;
  queue: string;
  labels: string[];
  /** Jobs run at once per queue served. */
  concurrency: number;
  /** The project checkout stages run in (cwd of jobs is relative to it). */
  root: string;
  /** Worker id (default `host:pid`). */
  id?: string;
  /** BullMQ lock duration: a worker silent this long is taken for dead (its job fails as stalled). */
  lockMs?: number;
  /** How often live workers look for stalled jobs. */
  stalledCheckMs?: number;
  /** Said once per job taken and finished (for the worker's own output). */
  onNote?: (text: string) => void;
}

/** A running worker: `stop` stops taking jobs, lets the running ones finish, and closes. */
export interface RunningWorker {
  id: string;
  queues: string[];
  stop(): Promise<void>;
}

/** Connects, subscribes to cancellations and starts one BullMQ worker per queue served. */
export async function startWorker(settings: WorkerSettings): Promise<RunningWorker> {
  const host = hostname();
  const id = settings.id ?? `${host}:${process.pid}`;
  // Stage processes of an earlier worker of this id (killed, so it could not end them) end now.
  const leftovers = groupsWithEnv(WORKER_ID_ENV, id);
  for (const group of leftovers) killProcessGroup(group, 'SIGKILL');
  if (leftovers.length > 0) settings.onNote?.(`killed ${leftovers.length} leftover stage process group(s) of an earlier worker ${id}`);
  const commands = await connectRedis(settings.redis);
  const subscriber = await connectRedis(settings.redis);
  const running = new Map<string, AbortController>();
  const channel = cancelChannelOf(settings.queue);
  await subscriber.subscribe(channel);
  subscriber.on('message', (_channel: string, job: string) => running.get(job)?.abort());
  const processJob = async (job: Job<StageJobData>): Promise<StageJobResult> => {
    const jobId = job.id ?? '';
    const controller = new AbortController();
    running.set(jobId, controller);
    try {
      // A cancel published before this worker listened for the job is found by its key.
      if ((await commands.exists(cancelKeyOf(settings.queue, jobId))) === 1) controller.abort();
      settings.onNote?.(`took ${jobId}`);
      const result = await runJob(job.data, jobId, { commands, root: settings.root, worker: id, host, signal: controller.signal });
      settings.onNote?.(`${jobId}: ${result.status}${result.reason ? ` (${result.reason})` : ''}`);
      return result;
    } finally {
      running.delete(jobId);
    }
  };
  const queues = queuesServedBy(settings.queue, settings.labels);
  const workers = queues.map(
    (name) =>
      new Worker<StageJobData, StageJobResult>(name, processJob, {
        connection: commands,
        concurrency: settings.concurrency,
        name: id,
        lockDuration: settings.lockMs ?? 30_000,
        stalledInterval: settings.stalledCheckMs ?? settings.lockMs ?? 30_000,
        // A stalled job is never handed to another worker by BullMQ: the coordinator runs a new attempt (or not, for idempotent: false).
        maxStalledCount: 0,
      }),
  );
  let lastError = '';
  // One note per new error, not one per reconnection attempt.
  const onError = (error: Error): void => {
    const line = `queue error: ${error.message.split('\n')[0]}`;
    if (line !== lastError) settings.onNote?.(line);
    lastError = line;
  };
  for (const worker of workers) worker.on('error', onError);
  for (const worker of workers) worker.on('active', () => (lastError = ''));
  await Promise.all(workers.map((worker) => worker.waitUntilReady()));
  return {
    id,
    queues,
    stop: async () => {
      await Promise.all(workers.map((worker) => worker.close()));
      await closeQuietly(subscriber);
      await closeQuietly(commands);
    },
  };
}

/** Closes a connection, ignoring one that is already gone. */
async function closeQuietly(client: Redis): Promise<void> {
  try {
    await client.quit();
  } catch {
    client.disconnect();
  }
}
