// `flowstate worker`: serve stage jobs from Redis until stopped; stopping lets running jobs finish.
import { resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import { openProject, type ProjectOptions } from './project.js';
import { REDIS_URL_ENV } from './executor-choice.js';
import { loadRemote } from './load-remote.js';

export interface WorkerOptions extends ProjectOptions {
  redis?: string;
  queue?: string;
  labels?: string[];
  /** Jobs at once per queue served (default 1). */
  concurrency?: number;
  /** The project checkout jobs run in (default: the project root). */
  root?: string;
  id?: string;
  /** BullMQ lock duration in ms (stall detection; default 30 s). */
  lockMs?: number;
  onNote?: (text: string) => void;
}

/** What a started worker says about itself. */
export interface WorkerInfo {
  id: string;
  queues: string[];
  root: string;
  redis: string;
}

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** More labels would make a worker listen to 2^n queues. */
const MAX_LABELS = 6;

/** Starts a worker; resolves once `signal` aborts and the jobs it was running have finished. */
export async function serveWorker(options: WorkerOptions, signal: AbortSignal, onReady: (info: WorkerInfo) => void): Promise<void> {
  const project = openProject(options);
  const configured = project.orchestrator.executor;
  const url = options.redis ?? process.env[REDIS_URL_ENV] ?? configured?.redis;
  if (!url) throw new UsageError(`flowstate worker needs a Redis URL: --redis URL, ${REDIS_URL_ENV}, or executor.redis in orchestrator.yaml`);
  const labels = [...new Set(options.labels ?? [])];
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) throw new UsageError(`--labels: \`${bad}\` is not a label (letters, digits, _ . -)`);
  if (labels.length > MAX_LABELS) throw new UsageError(`--labels: at most ${MAX_LABELS} labels per worker`);
  const { parseRedisUrl, startWorker } = await loadRemote();
  const redis = parseRedisUrl(url);
  const root = resolve(project.cwd, options.root ?? project.root);
  const worker = await startWorker({
    redis,
    queue: options.queue ?? configured?.queue ?? 'flowstate',
    labels,
    concurrency: options.concurrency ?? 1,
    root,
    id: options.id,
    lockMs: options.lockMs,
    onNote: options.onNote,
  });
  onReady({ id: worker.id, queues: worker.queues, root, redis: redis.display });
  if (!signal.aborted) await new Promise((done) => signal.addEventListener('abort', done, { once: true }));
  await worker.stop();
}
