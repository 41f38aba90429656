// One visit of a stage: selection check, then attempts with retries, each journalled.
// The stage's success is on disk (stage.finished fsynced) before this promise resolves.
import type { RetryPolicy, Stage, StageStatus } from '../model/index.js';
import type { AttemptContext, AttemptOutcome } from '../runtimes/index.js';
import { identifyAttempt, runAttempt, type AttemptIdentity } from './attempts.js';
import { NO_RETRY, retryDelayMs, sleep } from './retry.js';
import type { RunState } from './run-state.js';
import { redactValue } from './secrets.js';
import { attemptEnv, expressionContext, stageCwd, stageIdentity } from './stage-context.js';
import type { EngineRun } from './types.js';

export interface StageVisitResult {
  stage: string;
  status: StageStatus;
}

const DEFAULT_KILL_GRACE_MS = 2000;

/** The retry policy in force: stage, pipeline defaults, orchestrator retry_policy, none. */
export function retryPolicyOf(run: EngineRun, stage: Stage): RetryPolicy {
  return stage.retry ?? run.pipeline.defaults.retry ?? run.orchestrator.retryPolicy ?? NO_RETRY;
}

/** Runs a stage for one visit; resolves with its final status (never rejects for stage failures). */
export async function runStageVisit(run: EngineRun, state: RunState, stage: Stage, signal: AbortSignal): Promise<StageVisitResult> {
  const record = state.stage(stage.id);
  if (run.selection && !run.selection.has(stage.id)) {
    record.status = 'skipped';
    record.reason = 'not selected (--target/--from)';
    run.services.emit({ type: 'stage.skipped', stage: stage.id, attempt: record.attempts, visit: record.visits, reason: 'target' });
    return { stage: stage.id, status: 'skipped' };
  }
  const cached = lookupCache(run, state, stage);
  if (cached?.hit) {
    record.status = 'skipped';
    record.reason = `cached: ${cached.detail}`;
    run.services.emit({ type: 'stage.skipped', stage: stage.id, attempt: record.attempts, visit: record.visits, reason: 'cached', detail: cached.detail });
    return { stage: stage.id, status: 'skipped' };
  }
  const policy = retryPolicyOf(run, stage);
  for (let retry = 0; ; retry++) {
    const outcome = await runOneAttempt(run, state, stage, signal);
    if (outcome.status === 'succeeded' && cached && !cached.hit) run.cache?.store(stage, cached.key);
    if (outcome.status === 'succeeded' || outcome.status === 'cancelled' || signal.aborted) break;
    if (retry >= policy.max) break;
    const delayMs = retryDelayMs(policy, retry + 1);
    run.services.emit({
      type: 'stage.retrying',
      stage: stage.id,
      attempt: record.attempts,
      delay_ms: delayMs,
      reason: outcome.reason ?? outcome.status,
    });
    if (!(await sleep(delayMs, signal))) break;
  }
  return { stage: stage.id, status: record.status };
}

/** Asks the fingerprint cache about a stage with `sources` (undefined: not cacheable or no cache). */
function lookupCache(run: EngineRun, state: RunState, stage: Stage): ReturnType<NonNullable<EngineRun['cache']>['lookup']> {
  if (!run.cache || stage.sources.length === 0 || stage.kind === 'parallel') return undefined;
  return run.cache.lookup(stage, stageIdentity(run, stage, expressionContext(run, state, stage.id)));
}

/** One attempt: stage.started once the process exists, stage.finished (durable) at the end. */
async function runOneAttempt(run: EngineRun, state: RunState, stage: Stage, signal: AbortSignal): Promise<AttemptOutcome> {
  const record = state.stage(stage.id);
  const attempt = ++record.attempts;
  record.status = 'running';
  record.reason = null;
  const log = run.services.logPath(stage.id, attempt);
  let started = false;
  let identity: AttemptIdentity = { runtimeId: null };
  const announce = (pid: number | null): void => {
    if (started) return;
    started = true;
    run.services.emit({
      type: 'stage.started',
      stage: stage.id,
      attempt,
      visit: record.visits,
      runtime_id: identity.runtimeId,
      pid,
      ...(identity.adapter ? { adapter: identity.adapter, runtime_source: identity.runtimeSource } : {}),
    });
  };
  let outcome: AttemptOutcome;
  try {
    identity = identifyAttempt(run, stage);
    const exprCtx = expressionContext(run, state, stage.id);
    const outputFile = run.services.outputPath(stage.id, attempt);
    const ctx: AttemptContext = {
      stageId: stage.id,
      attempt,
      cwd: stageCwd(run, stage),
      env: attemptEnv(run, stage, attempt, outputFile, exprCtx),
      logFile: log.abs,
      outputFile,
      timeoutMs: stage.timeoutMs ?? run.pipeline.defaults.timeoutMs,
      killGraceMs: run.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      signal,
      redact: run.redact,
      onSpawn: (pid) => announce(pid),
      onLine: run.services.onStageLine ? (line, stream) => run.services.onStageLine?.(stage.id, line, stream) : undefined,
    };
    if (stage.kind === 'pipeline') announce(null);
    outcome = await runAttempt(run, stage, ctx, exprCtx);
  } catch (error) {
    outcome = failedBeforeStart(error);
  }
  announce(outcome.pid);
  return finishAttempt(run, state, stage, attempt, log.rel, outcome);
}

/** Records an attempt's end in the run state and the journal (fsynced). */
function finishAttempt(run: EngineRun, state: RunState, stage: Stage, attempt: number, log: string, outcome: AttemptOutcome): AttemptOutcome {
  const record = state.stage(stage.id);
  const outputs = redactValue(outcome.outputs, run.redact);
  record.status = outcome.status;
  record.outputs = outputs;
  record.reason = outcome.reason;
  run.services.emit({
    type: 'stage.finished',
    stage: stage.id,
    attempt,
    status: outcome.status,
    exit_code: outcome.exitCode,
    signal: outcome.signal,
    duration_ms: Math.round(outcome.durationMs),
    outputs,
    log: stage.kind === 'pipeline' ? null : log,
    reason: outcome.reason === null ? null : run.redact(outcome.reason),
    ...(outcome.usage ? { usage: outcome.usage } : {}),
  });
  return outcome;
}

/** An attempt that could not even start (bad template, unresolvable runtime...). */
function failedBeforeStart(error: unknown): AttemptOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', exitCode: null, signal: null, durationMs: 0, pid: null, outputs: {}, reason: message, tail: [] };
}
