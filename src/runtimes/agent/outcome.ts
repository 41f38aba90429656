// Turns a finished agent process and its adapter's verdict into the engine's AttemptOutcome.
import type { ProcessResult } from '../../exec/index.js';
import type { Outputs } from '../../model/index.js';
import { outcomeFromProcess } from '../command.js';
import { readOutputFile } from '../outputs.js';
import type { AttemptOutcome } from '../types.js';
import { lastJsonObject } from './last-json.js';
import type { AgentVerdict } from './types.js';

/** Outputs of an answer: the last JSON object in it, then FLOWSTATE_OUTPUT, and `text`. */
export function answerOutputs(text: string, outputFile: string): Outputs {
  return { ...(lastJsonObject(text) ?? {}), ...readOutputFile(outputFile), text };
}

/**
 * The attempt's outcome: the process decides first (timeout, cancellation, spawn failure,
 * non-zero exit), then the CLI's own report (an exit 0 with a failed result still fails).
 * A CLI stopped for lingering after its terminal record ended as that record says. A timeout's
 * reason says what the CLI's last events were about; the tail is the adapter's readable lines.
 */
export function composeOutcome(result: ProcessResult, verdict: AgentVerdict, outputFile: string): AttemptOutcome {
  const exited = result.outcome === 'exited';
  const decisive = result.lingered === true ? { ...result, exitCode: 0 } : result;
  const processed = outcomeFromProcess(decisive, exited ? answerOutputs(verdict.text, outputFile) : {});
  const base = { ...processed, exitCode: result.exitCode, ...(verdict.tail === undefined ? {} : { tail: verdict.tail }) };
  const extra = { sessionId: verdict.sessionId, ...(verdict.usage ? { usage: verdict.usage } : {}) };
  if (result.outcome === 'timed_out' && verdict.stalled !== undefined) return { ...base, ...extra, reason: `${base.reason ?? 'timed out'}; ${verdict.stalled}` };
  if (!exited || verdict.failure === null) return { ...base, ...extra };
  const reason = base.status === 'succeeded' ? verdict.failure : `${base.reason ?? 'failed'}: ${verdict.failure}`;
  return { ...base, ...extra, status: 'failed', reason };
}

/** The outcome of an attempt whose adapter failed before or after the process (a bug or a bad setup). */
export function adapterFailure(adapter: string, error: unknown, result: ProcessResult | null): AttemptOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return {
    status: result?.outcome === 'cancelled' ? 'cancelled' : result?.outcome === 'timed_out' ? 'timed_out' : 'failed',
    exitCode: result?.exitCode ?? null,
    signal: result?.signal ?? null,
    durationMs: result?.durationMs ?? 0,
    pid: result?.pid ?? null,
    outputs: {},
    reason: `${adapter} adapter: ${message}`,
    tail: result?.tailLines ?? [],
    sessionId: null,
  };
}
