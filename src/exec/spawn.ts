// spawnProcess: run one command in its own process group, stream its output, and make sure
// that when the promise resolves no process of that group is left (a stage's processes end
// with the stage, also background children of a command that exited normally).
import { trackGroup, untrackGroup } from './live-groups.js';
import { statSync } from 'node:fs';
import { execa, type ResultPromise } from 'execa';
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
  let child: ResultPromise;
  try {
    child = startChild(spec, target);
  } catch (error) {
    // execa validates arguments synchronously (e.g. a NUL byte in an argument or variable).
    const failure = describeSpawnFailure(errorCode(error), target.file, messageOf(error));
    return failedResult({ outcome: 'spawn_failed', exitCode: failure.exitCode, error: failure.message }, startedAt);
  }
  const pid = child.pid;
  if (pid === undefined) return failedResult(await spawnFailureOf(child, target, spec.cwd), startedAt);
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

function startChild(spec: SpawnSpec, target: SpawnTarget): ResultPromise {
  const child = execa(target.file, target.args, {
    cwd: spec.cwd,
    env: spec.env,
    extendEnv: true,
    shell: false,
    detached: true, // own process group: pid === pgid, so the whole tree can be signalled
    cleanup: false,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
    windowsHide: true,
    stdin: spec.stdin === undefined ? 'ignore' : 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  // With reject: false the promise only settles with a result; we read events instead.
  child.catch(() => undefined);
  return child;
}

async function spawnFailureOf(child: ResultPromise, target: SpawnTarget, cwd: string): Promise<Failure> {
  const result: unknown = await child.catch((error: unknown) => error);
  const inCwd = cwdFailure(errorCode(result), cwd);
  if (inCwd !== null) return inCwd;
  const failed = result as { message?: unknown };
  const detail = typeof failed.message === 'string' ? failed.message : 'spawn failed';
  const failure = describeSpawnFailure(errorCode(result), target.file, detail);
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
