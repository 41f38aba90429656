// spawnProcess: run one command in its own process group, stream its output, and make sure
// that when the promise resolves no process of that group is left (a stage's processes end
// with the stage, also background children of a command that exited normally).
//
// Spawning uses node:child_process directly (execa cost ~1.3 ms more per process and ~100 ms
// of module loading at start). The kernel checks the working directory at spawn; it is only
// looked at after a spawn failed, to say which of the two was missing.
import { spawn, type ChildProcess } from 'node:child_process';
import { statSync } from 'node:fs';
import { trackGroup, untrackGroup } from './live-groups.js';
import { describeSpawnFailure, toSpawnTarget, type SpawnTarget } from './command.js';
import { LogWriter } from './log-writer.js';
import { OutputCollector } from './output-collector.js';
import { StreamPump } from './stream-pump.js';
import { describeStop, superviseGroup } from './supervise.js';
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
  // The log file is opened on the first output: a silent stage costs no file.
  const log = spec.logFile === undefined ? null : new LogWriter(spec.logFile);
  try {
    return await runSpawned(spec, target, log, startedAt);
  } finally {
    await log?.close();
  }
}

/** Why a spawn failed with ENOENT/ENOTDIR/EACCES: the working directory, if it is the culprit. */
function workingDirectoryProblem(cwd: string): Failure | null {
  const stats = statSync(cwd, { throwIfNoEntry: false });
  if (stats === undefined) return { outcome: 'spawn_failed', exitCode: 127, error: `working directory not found: ${cwd}` };
  if (!stats.isDirectory()) return { outcome: 'spawn_failed', exitCode: 126, error: `working directory is not a directory: ${cwd}` };
  return null;
}

function emptyCommand(): Failure {
  return { outcome: 'spawn_failed', exitCode: 127, error: 'command not found: (empty argv)' };
}

async function runSpawned(
  spec: SpawnSpec,
  target: SpawnTarget,
  log: LogWriter | null,
  startedAt: number,
): Promise<ProcessResult> {
  if (spec.signal?.aborted === true) {
    return failedResult({ outcome: 'cancelled', exitCode: null, error: 'cancelled before start' }, startedAt);
  }
  const collector = new OutputCollector({
    log,
    onLine: spec.onLine,
    redact: spec.redact,
    captureStdoutBytes: captureBytes(spec.captureStdout),
  });
  let child: ChildProcess;
  let spawnError: Promise<unknown>;
  try {
    child = startChild(spec, target);
    // Always listened to: an unhandled 'error' would crash the runner.
    spawnError = new Promise((resolve) => child.on('error', resolve));
  } catch (error) {
    // Arguments are validated synchronously (e.g. a NUL byte in an argument or variable).
    const failure = describeSpawnFailure(errorCode(error), target.file, messageOf(error));
    return failedResult({ outcome: 'spawn_failed', exitCode: failure.exitCode, error: failure.message }, startedAt);
  }
  const pid = child.pid;
  if (pid === undefined) return failedResult(spawnFailureOf(await spawnError, spec, target), startedAt);
  const pump = new StreamPump({ stdout: child.stdout, stderr: child.stderr }, collector, log);
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
  const ended = await superviseGroup(child, pid, spec).finally(() => untrackGroup(pid));
  await pump.finish();
  const stopMessage = ended.stopReason === null ? null : describeStop(ended.stopReason, spec);
  const messages = [stopMessage, log?.error ? `log write failed: ${log.error.message}` : null, collector.callbackError()];
  return {
    outcome: ended.stopReason === 'timeout' ? 'timed_out' : ended.stopReason === 'cancel' ? 'cancelled' : 'exited',
    exitCode: ended.exitCode,
    signal: ended.signal,
    pid,
    durationMs: performance.now() - startedAt,
    stdout: collector.stdout(),
    tailLines: collector.tailLines(),
    error: joinMessages(messages),
  };
}

/** Starts the process without a shell, in its own process group, with process.env + spec.env. */
function startChild(spec: SpawnSpec, target: SpawnTarget): ChildProcess {
  return spawn(target.file, target.args, {
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
    shell: false,
    detached: true, // own process group: pid === pgid, so the whole tree can be signalled
    windowsHide: true,
    stdio: [spec.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
}

/** The failure of a process that never started (the executable, or else its working directory). */
function spawnFailureOf(error: unknown, spec: SpawnSpec, target: SpawnTarget): Failure {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES') {
    const cwdProblem = workingDirectoryProblem(spec.cwd);
    if (cwdProblem !== null) return cwdProblem;
  }
  const failure = describeSpawnFailure(code, target.file, messageOf(error));
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
