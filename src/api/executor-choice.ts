// Which executor a run uses (flags > orchestrator.yaml; FLOWSTATE_REDIS_URL supplies the URL),
// connected for the run's duration; Redis lost mid-run stops the run, resumable (docs/scale-out.md).
import { UsageError } from '../errors/index.js';
import type { StageExecutor } from '../executors/index.js';
import { loadRemote } from './load-remote.js';
import type { Project } from './project.js';

/** The executor asked for on the command line (or by a library caller). */
export interface ExecutorOption {
  kind?: 'local' | 'bullmq';
  redis?: string;
  queue?: string;
}

/** Environment variable giving the Redis URL (keeps a password off the command line). */
export const REDIS_URL_ENV = 'FLOWSTATE_REDIS_URL';

/** The chosen remote executor's settings, or null for local. */
export function chooseExecutor(project: Project, given: ExecutorOption = {}, env: NodeJS.ProcessEnv = process.env): { redis: string; queue: string } | null {
  const configured = project.orchestrator.executor;
  const kind = given.kind ?? (given.redis !== undefined ? 'bullmq' : (configured?.kind ?? 'local'));
  if (kind === 'local') return null;
  if (kind !== 'bullmq') throw new UsageError(`--executor expects local or bullmq, got \`${String(kind)}\``);
  const redis = given.redis ?? env[REDIS_URL_ENV] ?? configured?.redis;
  if (!redis) throw new UsageError(`the bullmq executor needs a Redis URL: --redis URL, ${REDIS_URL_ENV}, or executor.redis in orchestrator.yaml`);
  return { redis, queue: given.queue ?? configured?.queue ?? 'flowstate' };
}

export interface ExecutorScope {
  stageExecutor?: StageExecutor;
  /** The caller's signal, also aborted (with the reason) when Redis is lost. */
  signal?: AbortSignal;
}

/**
 * Runs `body` with the run's executor connected (a bad or unreachable Redis is a usage error,
 * exit 2, before anything runs) and closed afterwards.
 */
export async function withExecutor<T>(
  project: Project,
  options: { executor?: ExecutorOption; stageExecutor?: StageExecutor; signal?: AbortSignal },
  body: (scope: ExecutorScope) => Promise<T>,
): Promise<T> {
  if (options.stageExecutor) return body({ stageExecutor: options.stageExecutor, signal: options.signal });
  const chosen = chooseExecutor(project, options.executor);
  if (chosen === null) return body({ signal: options.signal });
  // Loaded only for remote runs: a local run never pays for bullmq and ioredis.
  const { createBullmqExecutor, parseRedisUrl } = await loadRemote();
  const stop = new AbortController();
  const onAbort = (): void => stop.abort(options.signal?.reason);
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const executor = await createBullmqExecutor({
    redis: parseRedisUrl(chosen.redis),
    queue: chosen.queue,
    pollMs: numberEnv('FLOWSTATE_BULLMQ_POLL_MS'),
    lossMs: numberEnv('FLOWSTATE_BULLMQ_LOSS_MS'),
    onLost: (message) => stop.abort(`${message}; the run is resumable once Redis is back (flowstate resume)`),
  });
  try {
    return await body({ stageExecutor: executor, signal: stop.signal });
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await executor.close();
  }
}

/** A positive whole number from the environment (tuning knobs of docs/scale-out.md), else undefined. */
function numberEnv(name: string): number | undefined {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}
