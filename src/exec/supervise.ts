// Watching a spawned process group: timeout and cancellation stop the whole group, and
// when the leader exits, whatever it left in its group is terminated too.
import type { ChildProcess } from 'node:child_process';
import { formatDuration } from './command.js';
import { terminateGroup } from './process-group.js';
import type { SpawnSpec } from './types.js';

/** Default grace between SIGTERM and SIGKILL. */
export const DEFAULT_KILL_GRACE_MS = 2000;
// setTimeout fires at once beyond this; a longer timeout is no timeout.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why flowstate stopped a process (null in GroupEnd: it ended on its own). */
export type StopReason = 'timeout' | 'cancel';

/** How the leader ended and whether we stopped it. */
export interface GroupEnd {
  exitCode: number | null;
  signal: string | null;
  stopReason: StopReason | null;
}

/** Waits for the leader to exit (stopping the group on timeout or abort), then for its group to be gone. */
export async function superviseGroup(child: ChildProcess, pid: number, spec: SpawnSpec): Promise<GroupEnd> {
  const graceMs = spec.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  let stopReason: StopReason | null = null;
  let termination: Promise<void> | null = null;
  let leaderExited = false;
  const stop = (reason: StopReason): void => {
    if (stopReason !== null || leaderExited) return;
    stopReason = reason;
    termination = terminateGroup(pid, graceMs);
  };
  const exit = new Promise<[number | null, string | null]>((resolve) => {
    child.once('exit', (code: number | null, signal: NodeJS.Signals | null) => resolve([code, signal]));
  });
  const timeoutMs = spec.timeoutMs;
  const timer =
    timeoutMs !== undefined && timeoutMs >= 0 && timeoutMs <= MAX_TIMER_MS
      ? setTimeout(() => stop('timeout'), timeoutMs)
      : null;
  const onAbort = (): void => stop('cancel');
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  if (spec.signal?.aborted === true) stop('cancel'); // aborted from onSpawn already
  const [exitCode, signal] = await exit;
  leaderExited = true;
  if (timer !== null) clearTimeout(timer);
  spec.signal?.removeEventListener('abort', onAbort);
  await (termination ?? terminateGroup(pid, graceMs));
  return { exitCode, signal, stopReason };
}

/** The human message for a stop. */
export function describeStop(reason: StopReason, spec: SpawnSpec): string {
  return reason === 'timeout' ? `timed out after ${formatDuration(spec.timeoutMs ?? 0)}` : 'cancelled';
}

