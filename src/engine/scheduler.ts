// The scheduler behind fanned-out stages and queued parallel groups: one XState state (one
// invoked actor) runs many stage instances through a bounded queue, instead of one XState region
// per instance, whose cost grows about cubically with their number (DESIGN §8). Also the
// run-wide limit on command attempts (`max_parallel` in orchestrator.yaml, `--max-parallel`).
import { setMaxListeners } from 'node:events';
import type { Stage } from '../model/index.js';
import { isFailedStatus, type RunState } from './run-state.js';
import { runStageVisit, type StageVisitResult } from './stage-runner.js';
import type { EngineRun } from './types.js';

/** A counting semaphore: at most `limit` holders at once, waiters served in arrival order. */
export class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    this.free = limit;
  }

  /** Waits for a slot; resolves with its release function, or null when `signal` aborted first. */
  acquire(signal: AbortSignal): Promise<(() => void) | null> {
    if (signal.aborted) return Promise.resolve(null);
    if (this.free > 0) {
      this.free--;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(this.releaser());
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index !== -1) this.waiting.splice(index, 1);
        resolve(null);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A release function that hands the slot to the next waiter (once, however often it is called). */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

/** How a set of stage instances is run: at most `limit` at once, optionally stopping at the first failure. */
export interface QueueOptions {
  limit: number;
  failFast: boolean;
  /** Runs instead of the visit when it returns a result (e.g. a branch whose `if` is false). */
  before?: (stage: Stage) => StageVisitResult | undefined;
}

/**
 * Runs the instances in order, at most `limit` at once, each as an ordinary stage visit (own
 * attempts, retries, log, outputs, journal events). With failFast, the first failure cancels the
 * running ones and no more start. Resolves when every started instance has settled, with the
 * ids of those that never started.
 */
export async function runQueue(run: EngineRun, state: RunState, instances: readonly Stage[], options: QueueOptions, signal: AbortSignal): Promise<{ notStarted: string[] }> {
  const queue = new AbortController();
  setMaxListeners(0, queue.signal); // one listener per running instance, bounded by `limit`
  const stopQueue = (): void => queue.abort();
  signal.addEventListener('abort', stopQueue, { once: true });
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < instances.length && !queue.signal.aborted && !(options.failFast && failed)) {
      const stage = instances[next++];
      if (stage === undefined) break; // the while condition keeps `next` in range
      const result = options.before?.(stage) ?? (await runStageVisit(run, state, stage, queue.signal));
      if (options.failFast && isFailedStatus(result.status) && !failed) {
        failed = true;
        queue.abort();
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(options.limit, instances.length)) }, () => worker());
  await Promise.all(workers);
  signal.removeEventListener('abort', stopQueue);
  return { notStarted: instances.slice(next).map((stage) => stage.id) };
}
