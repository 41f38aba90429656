// Watching a spawned process group: timeout, idle timeout, cancellation and a command that
// lingers after its final result stop the whole group; when the leader exits, whatever it
// left in its group is terminated too.
import type { ChildProcess } from 'node:child_process';
import { formatDuration } from '../model/index.js';
import { terminateGroup } from './process-group.js';
import type { SpawnSpec } from './types.js';

/** Default grace between SIGTERM and SIGKILL. */
export const DEFAULT_KILL_GRACE_MS = 2000;
/** Default time a command may keep running after it reported its final result. */
export const DEFAULT_LINGER_GRACE_MS = 5000;
// setTimeout fires at once beyond this; a longer timeout is no timeout.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Why flowstate stopped a process (null in GroupEnd: it ended on its own). */
export type StopReason = 'timeout' | 'idle' | 'cancel' | 'linger';

/** When the process last wrote output (performance.now()), kept up to date by the stream pump. */
export interface OutputActivity {
  at: number;
}

/** How the leader ended and whether we stopped it. */
export interface GroupEnd {
  exitCode: number | null;
  signal: string | null;
  stopReason: StopReason | null;
}

/** True for a delay setTimeout can honour. */
function usableDelay(ms: number | undefined): ms is number {
  return ms !== undefined && ms >= 0 && ms <= MAX_TIMER_MS;
}

/** Calls onIdle once no output was seen for idleMs; re-arms itself for the remainder otherwise. Returns a disarm function. */
function watchIdle(idleMs: number, activity: OutputActivity, onIdle: () => void): () => void {
  let timer: NodeJS.Timeout;
  const check = (): void => {
    const quietFor = performance.now() - activity.at;
    if (quietFor >= idleMs) onIdle();
    else timer = setTimeout(check, Math.max(1, idleMs - quietFor));
  };
  timer = setTimeout(check, idleMs);
  return () => clearTimeout(timer);
}

/** Waits for the leader to exit (stopping the group on timeout, idleness, abort or lingering), then for its group to be gone. */
export async function superviseGroup(child: ChildProcess, pid: number, spec: SpawnSpec, activity: OutputActivity): Promise<GroupEnd> {
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
  const disarm = armStops(spec, activity, stop);
  const [exitCode, signal] = await exit;
  leaderExited = true;
  disarm();
  await (termination ?? terminateGroup(pid, graceMs));
  return { exitCode, signal, stopReason };
}

/** Starts the timers and listeners that may stop the group; returns what removes them all. */
function armStops(spec: SpawnSpec, activity: OutputActivity, stop: (reason: StopReason) => void): () => void {
  const disarms: Array<() => void> = [];
  if (usableDelay(spec.timeoutMs)) {
    const timer = setTimeout(() => stop('timeout'), spec.timeoutMs);
    disarms.push(() => clearTimeout(timer));
  }
  if (usableDelay(spec.idleTimeoutMs)) disarms.push(watchIdle(spec.idleTimeoutMs, activity, () => stop('idle')));
  const onAbort = (): void => stop('cancel');
  spec.signal?.addEventListener('abort', onAbort, { once: true });
  disarms.push(() => spec.signal?.removeEventListener('abort', onAbort));
  if (spec.signal?.aborted === true) stop('cancel'); // aborted from onSpawn already
  let lingerTimer: NodeJS.Timeout | null = null;
  const onFinished = (): void => {
    lingerTimer ??= setTimeout(() => stop('linger'), spec.lingerGraceMs ?? DEFAULT_LINGER_GRACE_MS);
  };
  spec.finishedSignal?.addEventListener('abort', onFinished, { once: true });
  if (spec.finishedSignal?.aborted === true) onFinished();
  disarms.push(() => {
    spec.finishedSignal?.removeEventListener('abort', onFinished);
    if (lingerTimer !== null) clearTimeout(lingerTimer);
  });
  return () => disarms.forEach((disarm) => disarm());
}

/** The human message for a stop. */
export function describeStop(reason: StopReason, spec: SpawnSpec): string {
  switch (reason) {
    case 'timeout':
      return `timed out after ${formatDuration(spec.timeoutMs ?? 0, 'setting')}`;
    case 'idle':
      return `no output for ${formatDuration(spec.idleTimeoutMs ?? 0, 'setting')}`;
    case 'cancel':
      return 'cancelled';
    case 'linger':
      return `still running ${formatDuration(spec.lingerGraceMs ?? DEFAULT_LINGER_GRACE_MS, 'setting')} after its final event: stopped`;
  }
}
