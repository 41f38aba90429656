// Runs one attempt of a command stage: spawn, wait, read FLOWSTATE_OUTPUT.
import { spawnProcess, type ProcessResult } from '../exec/index.js';
import { OutputFileError, readOutputFile } from './outputs.js';
import type { AttemptContext, AttemptOutcome, RenderedCommand } from './types.js';

/** Spawns the command in its own process group and maps the process result to an outcome. */
export async function runCommandAttempt(command: RenderedCommand, ctx: AttemptContext): Promise<AttemptOutcome> {
  const env = command.kind === 'shell' ? { ...ctx.env, ...command.env } : ctx.env;
  const result = await spawnProcess({
    command: command.kind === 'shell' ? { kind: 'shell', script: command.script } : { kind: 'argv', argv: command.argv },
    cwd: ctx.cwd,
    env,
    logFile: ctx.logFile,
    timeoutMs: ctx.timeoutMs,
    idleTimeoutMs: ctx.idleTimeoutMs,
    killGraceMs: ctx.killGraceMs,
    signal: ctx.signal,
    onLine: ctx.onLine,
    onSpawn: ctx.onSpawn,
    redact: ctx.redact,
  });
  if (result.outcome !== 'exited') return outcomeFromProcess(result, {});
  try {
    return outcomeFromProcess(result, readOutputFile(ctx.outputFile));
  } catch (error) {
    if (!(error instanceof OutputFileError)) throw error;
    const outcome = outcomeFromProcess(result, {});
    // A malformed output file fails the stage that wrote it, even when it exited 0.
    return { ...outcome, status: 'failed', reason: outcome.status === 'succeeded' ? error.message : `${outcome.reason ?? 'failed'}; ${error.message}` };
  }
}

/** Maps exec's ProcessResult to the stage outcome shape shared by all executors. */
export function outcomeFromProcess(result: ProcessResult, outputs: AttemptOutcome['outputs']): AttemptOutcome {
  const base = {
    exitCode: result.exitCode,
    signal: result.signal,
    durationMs: result.durationMs,
    pid: result.pid,
    outputs,
    tail: result.tailLines,
  };
  switch (result.outcome) {
    case 'exited':
      return result.exitCode === 0 ? { ...base, status: 'succeeded', reason: null } : { ...base, status: 'failed', reason: `exit ${result.exitCode}` };
    case 'timed_out':
      return { ...base, status: 'timed_out', reason: result.error ?? 'timed out' };
    case 'cancelled':
      return { ...base, status: 'cancelled', reason: result.error ?? 'cancelled' };
    case 'spawn_failed':
      return { ...base, status: 'failed', reason: result.error ?? `exit ${result.exitCode}` };
  }
}
