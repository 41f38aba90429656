// cancelRun: stop a run owned by another live process on this host, exactly as Ctrl-C in that
// process would (SIGINT to the owner: it cancels gracefully, journals it, leaves it resumable).
import { UsageError } from '../errors/index.js';
import { lockOwnerState, readLock } from '../store/index.js';
import { locateRun, type RunSelector } from './inspect.js';

export interface CancelResult {
  run_id: string;
  /** The owner process that was signalled. */
  pid: number;
}

/** Who owns a run: its lock's pid and whether that process is alive ('unknown' on another host); null when unlocked. */
export function runOwner(selector: RunSelector): { pid: number; host: string; state: 'live' | 'dead' | 'unknown' } | null {
  const lock = readLock(locateRun(selector));
  return lock ? { pid: lock.pid, host: lock.host, state: lockOwnerState(lock) } : null;
}

/** Sends the run's owner SIGINT; refuses when no live process on this host owns it. */
export function cancelRun(selector: RunSelector): CancelResult {
  const paths = locateRun(selector);
  const runId = paths.dir.split('/').pop() as string;
  const lock = readLock(paths);
  const state = lock ? lockOwnerState(lock) : 'dead';
  if (!lock || state === 'dead') throw new UsageError(`run ${runId} is not live (no process owns it); there is nothing to cancel`);
  if (state === 'unknown') throw new UsageError(`run ${runId} is owned by pid ${lock.pid} on host ${lock.host}; cancel it there`);
  process.kill(lock.pid, 'SIGINT');
  return { run_id: runId, pid: lock.pid };
}
