// spawnProcess: run one command in its own process group, stream its output, and make sure
// that when the promise resolves no process of that group is left (a stage's processes end
// with the stage, also background children of a command that exited normally).
import { trackGroup, untrackGroup } from './live-groups.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { describeSpawnFailure, toSpawnTarget, type SpawnTarget } from './command.js';
import { LogWriter } from './log-writer.js';
import { OutputCollector } from './output-collector.js';
import { StreamPump } from './stream-pump.js';
import { describeStop, superviseGroup, type StopReason } from './supervise.js';
import type { ProcessOutcome, ProcessResult, SpawnSpec } from './types.js';

/** Default bound of captured stdout (1 MiB). */
export const DEFAULT_CAPTURE_BYTES = 1024 * 1024;
interface Failure {
  outcome: ProcessOutcome;
  exitCode: number | null;
  error: string;
}

/** Runs a command to completion (or timeout/cancellation); never throws for process failures. */
export async function spawnProcess(spec: SpawnSpec): Promise<ProcessResult> {
  const startedAt = performance.now();
  const target = toSpawnTarget(spec.command);
  if (target === null) return failedResult(emptyCommand(), startedAt);
  if (spec.signal?.aborted === true) return failedResult(cancelledBeforeStart(), startedAt);
  let log: LogWriter | null = null;
  if (spec.logFile !== undefined) {
    try {
      log = LogWriter.open(spec.logFile);
    } catch (error) {
      const message = `cannot open log file ${spec.logFile}: ${messageOf(error)}`;
      return failedResult({ outcome: 'spawn_failed', exitCode: 126, error: message }, startedAt);
    }
  }
  try {
    return await runSpawned(spec, target, log, startedAt);
  } finally {
    await log?.close();
  }
}

function cancelledBeforeStart(): Failure {
  return { outcome: 'cancelled', exitCode: null, error: 'cancelled before start' };
}

/**
 * The working directory's fault in a failed spawn, if it is one. The kernel checks the cwd at
 * spawn (chdir in the child fails with ENOENT/ENOTDIR), so it is looked at only then: a stat
 * before every spawn would cost every stage for the rare one with a bad cwd.
 */
function cwdFailure(code: string | undefined, cwd: string): Failure | null {
  if (code !== 'ENOENT' && code !== 'ENOTDIR') return null;
  const found = statSync(cwd, { throwIfNoEntry: false });
  if (found === undefined) return { outcome: 'spawn_failed', exitCode: 127, error: `working directory not found: ${cwd}` };
  if (!found.isDirectory()) return { outcome: 'spawn_failed', exitCode: 126, error: `working directory is not a directory: ${cwd}` };
  return null;
}

function emptyCommand(): Failure {
  return { outcome: 'spawn_failed', exitCode: 127, error: 'command not found: (empty argv)' };
}

async function runSpawned(spec: SpawnSpec, target: SpawnTarget, log: LogWriter | null, startedAt: number): Promise<ProcessResult> {
  const collector = new OutputCollector({
    log,
    onLine: spec.onLine,
    redact: spec.redact,
    captureStdoutBytes: captureBytes(spec.captureStdout),
  });
  let started: StartedChild;
  try {
    started = startChild(spec, target);
  } catch (error) {
    // Node throws for invalid arguments (a NUL byte in an argument or variable) and for spawn
    // errors other than EACCES/EAGAIN/EMFILE/ENFILE/ENOENT (e.g. ENOTDIR for the cwd).
    return failedResult(spawnFailureOf(error, target, spec.cwd), startedAt);
  }
  const { child } = started;
  const pid = child.pid;
  if (pid === undefined) return failedResult(spawnFailureOf(await started.spawnError, target, spec.cwd), startedAt);
  const activity = { at: performance.now() };
  const pump = new StreamPump({ stdout: child.stdout, stderr: child.stderr }, collector, log, activity);
  if (spec.stdin !== undefined) {
    child.stdin?.on('error', () => undefined); // EPIPE when the command does not read stdin
    child.stdin?.end(spec.stdin);
  }
  try {
    spec.onSpawn?.(pid);
  } catch (error) {
    collector.recordCallbackFailure(error);
  }
  trackGroup(pid);
  const ended = await superviseGroup(child, pid, spec, activity).finally(() => untrackGroup(pid));
  await pump.finish();
  const stopMessage = ended.stopReason === null ? null : describeStop(ended.stopReason, spec);
  const messages = [stopMessage, log?.error ? `log write failed: ${log.error.message}` : null, collector.callbackError()];
  return {
    outcome: outcomeOf(ended.stopReason),
    exitCode: ended.exitCode,
    signal: ended.signal,
    pid,
    durationMs: performance.now() - startedAt,
    stdout: collector.stdout(),
    tailLines: collector.tailLines(),
    error: joinMessages(messages),
    ...(ended.stopReason === 'linger' ? { lingered: true } : {}),
  };
}

/** The outcome a stop leads to: a lingering process had already given its result, so it counts as exited. */
function outcomeOf(stopReason: StopReason | null): ProcessOutcome {
  if (stopReason === 'timeout' || stopReason === 'idle') return 'timed_out';
  return stopReason === 'cancel' ? 'cancelled' : 'exited';
}

/** A spawned child and the error it reports when it could not be started (pid undefined). */
interface StartedChild {
  child: ChildProcess;
  spawnError: Promise<Error>;
}

/**
 * Spawns with node:child_process directly (execa cost ~2-4 ms more per process here, more than
 * the whole per-stage budget: docs/performance.md). Throws for invalid arguments.
 */
function startChild(spec: SpawnSpec, target: SpawnTarget): StartedChild {
  const child = spawn(target.file, target.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    shell: false,
    detached: true, // own process group: pid === pgid, so the whole tree can be signalled
    windowsHide: true,
    stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  // A failed spawn emits 'error' on the next tick (pid undefined); later errors (a failed kill)
  // must not crash the runner: the exit, the streams and the process group tell the outcome.
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  child.on('error', () => undefined);
  return { child, spawnError };
}

/** The failure of a spawn that did not start a process, in the shell's exit-code convention. */
function spawnFailureOf(error: unknown, target: SpawnTarget, cwd: string): Failure {
  const inCwd = cwdFailure(errorCode(error), cwd);
  if (inCwd !== null) return inCwd;
  const failure = describeSpawnFailure(errorCode(error), target.file, messageOf(error));
  return { outcome: 'spawn_failed', exitCode: failure.exitCode, error: failure.message };
}

function captureBytes(option: SpawnSpec['captureStdout']): number | null {
  if (option === undefined || option === false) return null;
  return option === true ? DEFAULT_CAPTURE_BYTES : Math.max(0, option.maxBytes);
}

function failedResult(failure: Failure, startedAt: number): ProcessResult {
  return {
    outcome: failure.outcome,
    exitCode: failure.exitCode,
    signal: null,
    pid: null,
    durationMs: performance.now() - startedAt,
    stdout: '',
    tailLines: [],
    error: failure.error,
  };
}

function joinMessages(messages: Array<string | null>): string | null {
  const present = messages.filter((message): message is string => message !== null);
  return present.length === 0 ? null : present.join('; ');
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
