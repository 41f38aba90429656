// Starts a service process and waits until it is ready. The process runs in its own group
// (exec's spawnProcess) under a controller of its own, so it outlives the stage that started it;
// whoever holds the handle stops it (SIGTERM to the group, SIGKILL after the grace).
import { spawnProcess, type ProcessResult } from '../exec/index.js';
import { formatDuration } from '../model/index.js';
import type { ServiceSpec } from '../model/index.js';
import { outcomeFromProcess } from './command.js';
import { OutputFileError, readOutputFile } from './outputs.js';
import { describeProbe, tryProbe, type ProbeResult } from './ready-probe.js';
import type { AttemptContext, AttemptOutcome, RenderedCommand } from './types.js';

/** A running service. */
export interface ServiceHandle {
  pid: number;
  /** Settles once no process of the service's group is left (with how it ended). */
  exited: Promise<ProcessResult>;
  /** Stops the group (TERM, grace, KILL); settles when it is gone. */
  stop(): Promise<ProcessResult>;
}

export type ServiceStart = { outcome: AttemptOutcome; handle?: ServiceHandle };

/** Spawns the service and resolves once it is ready (with a handle) or has failed to become ready (stopped, no handle). */
export async function startService(command: RenderedCommand, spec: ServiceSpec, ctx: AttemptContext): Promise<ServiceStart> {
  const started = performance.now();
  const controller = new AbortController();
  let pid: number | null = null;
  let logSeen = false;
  const probe = spec.ready;
  const exited = spawnProcess({
    command: command.kind === 'shell' ? { kind: 'shell', script: command.script } : { kind: 'argv', argv: command.argv },
    cwd: ctx.cwd,
    env: command.kind === 'shell' ? { ...ctx.env, ...command.env } : ctx.env,
    logFile: ctx.logFile,
    killGraceMs: ctx.killGraceMs,
    signal: controller.signal,
    redact: ctx.redact,
    onSpawn: (spawned) => {
      pid = spawned;
      ctx.onSpawn(spawned);
    },
    onLine: (line, stream) => {
      if (probe?.kind === 'log' && line.includes(probe.text)) logSeen = true;
      ctx.onLine?.(line, stream);
    },
  });
  let ended: ProcessResult | null = null;
  void exited.then((result) => (ended = result));
  const stop = async (): Promise<ProcessResult> => {
    controller.abort();
    return exited;
  };
  const deadline = started + spec.readyTimeoutMs;
  let lastWhy = 'not started yet';
  for (;;) {
    if (ended) return { outcome: diedBeforeReady(ended, started) };
    if (ctx.signal.aborted) return { outcome: { ...outcomeFromProcess(await stop(), {}), status: 'cancelled', reason: 'cancelled while starting the service' } };
    const check: ProbeResult =
      !probe || pid === null
        ? { ready: pid !== null, why: lastWhy }
        : probe.kind === 'log'
          ? { ready: logSeen, why: `no output line containing ${JSON.stringify(probe.text)} yet` }
          : await tryProbe(probe, deadline - performance.now(), { cwd: ctx.cwd, env: ctx.env, killGraceMs: ctx.killGraceMs });
    if (ended) return { outcome: diedBeforeReady(ended, started) };
    if (check.ready && pid !== null) return ready(pid, exited, stop, ctx, started);
    if (!check.ready) lastWhy = check.why;
    if (performance.now() >= deadline) {
      const result = await stop();
      const reason = `service not ready after ${formatDuration(spec.readyTimeoutMs, 'setting')} (waiting for ${describeProbe(probe)}: ${lastWhy})`;
      return { outcome: { ...outcomeFromProcess(result, {}), status: 'timed_out', reason } };
    }
    await pause(Math.min(spec.intervalMs, Math.max(0, deadline - performance.now())), ctx.signal, exited);
  }
}

/** The ready outcome (outputs the service wrote so far are its outputs) and its handle. */
function ready(pid: number, exited: Promise<ProcessResult>, stop: () => Promise<ProcessResult>, ctx: AttemptContext, started: number): ServiceStart {
  let outputs = {};
  let reason: string | null = null;
  try {
    outputs = readOutputFile(ctx.outputFile);
  } catch (error) {
    if (!(error instanceof OutputFileError)) throw error;
    reason = error.message;
  }
  const base = { exitCode: null, signal: null, durationMs: performance.now() - started, pid, outputs, tail: [] };
  if (reason !== null) {
    void stop();
    return { outcome: { ...base, status: 'failed', reason } };
  }
  return { outcome: { ...base, status: 'succeeded', reason: null }, handle: { pid, exited, stop } };
}

/** The outcome of a service whose process ended before it was ready. */
function diedBeforeReady(result: ProcessResult, started: number): AttemptOutcome {
  const outcome = outcomeFromProcess(result, {});
  const how = result.outcome === 'spawn_failed' ? (result.error ?? 'could not start') : result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`;
  return { ...outcome, status: 'failed', durationMs: performance.now() - started, reason: `service ${how} before it was ready` };
}

/** Waits `ms`, or less when the stage is cancelled or the process ends. */
function pause(ms: number, signal: AbortSignal, exited: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
    void exited.then(done);
  });
}
