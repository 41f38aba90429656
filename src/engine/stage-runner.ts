// One visit of a stage: selection check, then attempts with retries, each journalled.
// The stage's success is on disk (stage.finished fsynced) before this promise resolves.
import {
  stageFinishedDraft,
  stageRetryingDraft,
  stageSkippedDraft,
  stageStartedDraft,
  stageSupersededDraft,
  type Outputs,
  type RetryPolicy,
  type Stage,
  type StageStatus,
} from '../model/index.js';
import type { VisitProgress } from './resume-point.js';
import { attemptLimits, type AttemptContext, type AttemptOutcome } from '../runtimes/index.js';
import { identifyAttempt, remoteExecutorFor, runAttempt, type AttemptIdentity, type RemoteRun } from './attempts.js';
import { jobIdOf, type ExecutedOutcome, type Placement } from '../executors/index.js';
import { passGate } from './gate-runner.js';
import { servicePool } from './services.js';
import { NO_RETRY, retryDelayMs, sleep } from './retry.js';
import { redactValue } from './secrets.js';
import type { RunState } from './run-state.js';
import { attemptEnv, expressionContext, stageCwd, stageIdentity } from './stage-context.js';
import type { EngineRun } from './types.js';

export interface StageVisitResult {
  stage: string;
  status: StageStatus;
}

const DEFAULT_KILL_GRACE_MS = 2000;
/** A stage whose worker was lost this many times in one visit fails instead of being sent again. */
const MAX_LOST_WORKERS = 3;

/** The retry policy in force: stage, pipeline defaults, orchestrator retry_policy, none. */
export function retryPolicyOf(run: Pick<EngineRun, 'pipeline' | 'orchestrator'>, stage: Stage): RetryPolicy {
  return stage.retry ?? run.pipeline.defaults.retry ?? run.orchestrator.retryPolicy ?? NO_RETRY;
}

/** Runs a stage for one visit; resolves with its final status (never rejects for stage failures). */
export async function runStageVisit(run: EngineRun, state: RunState, stage: Stage, signal: AbortSignal): Promise<StageVisitResult> {
  const record = state.stage(stage.id);
  const policy = retryPolicyOf(run, stage);
  const resumed = takeResumeProgress(run, stage.id);
  let retry = resumed?.retriesUsed ?? 0;
  if (resumed) {
    const replay = replayedStatus(resumed, policy);
    if (replay) return { stage: stage.id, status: replay };
    if (resumed.last === 'retrying' && !(await sleep(Math.max(0, (resumed.retryAt ?? 0) - Date.now()), signal))) {
      return { stage: stage.id, status: record.status };
    }
    if (resumed.last === 'failed' || resumed.last === 'timed_out') {
      if (!(await announceRetry(run, stage, record.attempts, ++retry, record.reason ?? resumed.last, policy, signal))) return { stage: stage.id, status: record.status };
    }
  } else {
    const skipped = skipBeforeStart(run, state, stage);
    if (skipped) return skipped;
  }
  if (!resumed || resumed.last === 'awaiting_approval') {
    if ((await passGate(run, state, stage, resumed, signal)) === 'stop') return { stage: stage.id, status: record.status };
  }
  const cached = resumed ? undefined : lookupCache(run, state, stage);
  if (cached?.hit) return skipCached(run, state, stage, cached);
  const runReason = cached?.detail;
  // A nested run that was in flight when the runner stopped is continued in place, not started again.
  let childRun = resumed?.interrupted ? resumed.childRun : undefined;
  // A remote attempt in flight when the coordinator stopped: its job is waited for, not sent again.
  let reattach = resumed?.last === 'running' && resumed.job !== undefined && remoteExecutorFor(run, stage) !== undefined;
  let lostWorkers = 0;
  for (; ; retry++) {
    // The run-wide limit on command attempts (max_parallel): wait for a slot before starting.
    const release = stage.kind === 'command' && state.commandSlots ? await state.commandSlots.acquire(signal) : () => undefined;
    if (release === null) break;
    let outcome: ExecutedOutcome;
    try {
      outcome = await runOneAttempt(run, state, stage, signal, retry === 0 ? runReason : undefined, childRun, reattach);
    } finally {
      release();
    }
    childRun = undefined;
    reattach = false;
    // A lost worker is not the stage's failure: an idempotent stage runs again as a new attempt, without using a retry.
    if (outcome.lost !== undefined && !signal.aborted) {
      if (!stage.idempotent) break;
      if (++lostWorkers <= MAX_LOST_WORKERS) {
        retry--;
        continue;
      }
    }
    if (outcome.status === 'succeeded' && cached && !cached.hit) {
      // The cache is persisted, so it keeps the outputs masked; a masked one cannot stand in for a run.
      const outputs = redactValue(record.outputs, run.redact);
      const masked = JSON.stringify(outputs) !== JSON.stringify(record.outputs);
      run.cache?.store(stage, cached.key, { runId: run.runId, outputs, masked });
    }
    if (outcome.status === 'succeeded' || outcome.status === 'cancelled' || signal.aborted) break;
    if (retry >= policy.max) break;
    if (!(await announceRetry(run, stage, record.attempts, retry + 1, outcome.reason ?? outcome.status, policy, signal))) break;
  }
  return { stage: stage.id, status: record.status };
}

/**
 * Whether a selection (--target/--from, retry) runs a stage. A cell runs when its stage is
 * selected, unless the run was handed its earlier success (a retry keeps the cells that succeeded).
 */
function isSelected(run: EngineRun, selection: ReadonlySet<string>, stage: Stage): boolean {
  if (!stage.cellOf) return selection.has(stage.id);
  const earlier = run.restoredStages?.[stage.id];
  return selection.has(stage.cellOf.parent) && !(earlier?.status === 'succeeded' && earlier.reused_from !== undefined);
}

/** Starts a service stage again after a resume (a new attempt, journalled like any other). */
export function restartService(run: EngineRun, state: RunState, stage: Stage, signal: AbortSignal): Promise<AttemptOutcome> {
  return runOneAttempt(run, state, stage, signal, 'restarted on resume (the previous runner stopped it)');
}

/** Skips for --target/--from selection; undefined when the stage is selected. */
export function skipBeforeStart(run: EngineRun, state: RunState, stage: Stage): StageVisitResult | undefined {
  const record = state.stage(stage.id);
  // A service is never left out: the selected stages after it need it running (docs/services.md).
  if (run.selection && !isSelected(run, run.selection, stage) && !(stage.kind === 'command' && stage.service)) {
    const earlier = run.restoredStages?.[stage.id];
    if (earlier?.status === 'succeeded' && earlier.reused_from !== undefined) {
      // It stands for its success in an earlier run: succeeded, with that run's outputs.
      record.status = 'succeeded';
      record.outputs = { ...earlier.outputs };
      record.reason = `not selected (--target/--from); reused run ${earlier.reused_from}`;
      run.services.emit(
        stageSkippedDraft({ stage: stage.id, attempt: record.attempts, visit: record.visits, reason: 'target', outputs: record.outputs, reused_from: earlier.reused_from }),
      );
      return { stage: stage.id, status: 'succeeded' };
    }
    record.status = 'skipped';
    record.reason = 'not selected (--target/--from)';
    run.services.emit(stageSkippedDraft({ stage: stage.id, attempt: record.attempts, visit: record.visits, reason: 'target' }));
    return { stage: stage.id, status: 'skipped' };
  }
  return undefined;
}

/** Skips a stage whose fingerprint is unchanged (and whose generates exist): it stands for the success it reuses, outputs included. */
function skipCached(run: EngineRun, state: RunState, stage: Stage, hit: { detail: string; runId: string; outputs: Outputs }): StageVisitResult {
  const record = state.stage(stage.id);
  record.status = 'succeeded';
  record.outputs = { ...hit.outputs };
  record.reason = `cached: ${hit.detail}`;
  run.services.emit(
    stageSkippedDraft({ stage: stage.id, attempt: record.attempts, visit: record.visits, reason: 'cached', detail: hit.detail, outputs: record.outputs, reused_from: hit.runId }),
  );
  return { stage: stage.id, status: 'succeeded' };
}

/** Journals a retry and waits its delay; false when the run was stopped meanwhile. */
async function announceRetry(run: EngineRun, stage: Stage, attempt: number, retry: number, reason: string, policy: RetryPolicy, signal: AbortSignal): Promise<boolean> {
  const delayMs = retryDelayMs(policy, retry);
  run.services.emit(stageRetryingDraft(stage.id, attempt, delayMs, reason));
  return sleep(delayMs, signal);
}

/** The resume progress of a stage, used once: the first visit after a resume continues it. */
function takeResumeProgress(run: EngineRun, stageId: string): VisitProgress | undefined {
  const progress = run.resume?.progress.get(stageId);
  if (progress) run.resume?.progress.delete(stageId);
  return progress;
}

/** The recorded outcome to replay for a stage that had finished its visit; undefined to run it again. */
function replayedStatus(progress: VisitProgress, policy: RetryPolicy): StageStatus | undefined {
  if (progress.last === 'succeeded' || progress.last === 'skipped') return progress.last;
  if (progress.last === 'cancelled') return progress.interrupted ? undefined : 'cancelled';
  if (progress.last === 'failed' || progress.last === 'timed_out') return progress.retriesUsed >= policy.max ? progress.last : undefined;
  return undefined;
}

/** Asks the fingerprint cache about a stage with `sources` (undefined: not cacheable or no cache). */
function lookupCache(run: EngineRun, state: RunState, stage: Stage): ReturnType<NonNullable<EngineRun['cache']>['lookup']> {
  if (!run.cache || stage.sources.length === 0 || stage.kind === 'parallel') return undefined;
  let identity: string;
  try {
    identity = stageIdentity(run, stage, expressionContext(run, state, stage.id));
  } catch {
    return undefined; // it cannot be rendered (e.g. a missing output): the attempt fails and says why
  }
  return run.cache.lookup(stage, identity);
}

/** One attempt: stage.started (with why it ran, when the fingerprint said) before it spawns, stage.finished (durable, with the pid) at the end. */
async function runOneAttempt(
  run: EngineRun,
  state: RunState,
  stage: Stage,
  signal: AbortSignal,
  runReason?: string,
  resumedChild?: string,
  reattach = false,
): Promise<ExecutedOutcome> {
  const record = state.stage(stage.id);
  const attempt = reattach ? record.attempts : ++record.attempts;
  record.status = 'running';
  record.reason = null;
  const log = run.services.logPath(stage.id, attempt);
  // A re-attached attempt's stage.started is already in the journal.
  let started = reattach;
  let identity: AttemptIdentity = { runtimeId: null };
  const executor = remoteExecutorFor(run, stage);
  let placement: Placement | undefined = executor ? { executor: executor.kind, job: jobIdOf(run.runId, stage.id, attempt) } : undefined;
  // A nested stage names its child run before the child exists, so a resume can continue it.
  const childRun = stage.kind === 'pipeline' ? (resumedChild ?? run.services.newChildRunId()) : undefined;
  const announce = (durable = false): void => {
    if (started) return;
    started = true;
    run.services.emit(
      stageStartedDraft({
        stage: stage.id,
        attempt,
        visit: record.visits,
        runtime_id: identity.runtimeId,
        ...(identity.adapter ? { adapter: identity.adapter, runtime_source: identity.runtimeSource } : {}),
        ...(identity.runtimeVersion ? { runtime_version: run.redact(identity.runtimeVersion) } : {}),
        ...(runReason ? { run_reason: runReason } : {}),
        ...(childRun !== undefined ? { child_run: childRun } : {}),
        ...placement,
      }),
      { durable },
    );
  };
  let outcome: ExecutedOutcome;
  state.attemptsInFlight++;
  try {
    identity = await identifyAttempt(run, stage);
    const exprCtx = expressionContext(run, state, stage.id);
    const outputFile = run.services.outputPath(stage.id, attempt);
    const ctx: AttemptContext = {
      stageId: stage.id,
      attempt,
      cwd: stageCwd(run, stage),
      env: attemptEnv(run, stage, attempt, outputFile, exprCtx),
      logFile: log.abs,
      outputFile,
      ...attemptLimits(stage, run.pipeline.defaults, identity.runtime),
      killGraceMs: run.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      signal,
      redact: run.redact,
      onSpawn: () => undefined,
      onLine: run.services.onStageLine ? (line, stream) => run.services.onStageLine?.(stage.id, line, stream) : undefined,
    };
    // Nothing starts before the stages finished so far are on disk (a shared group sync may be in flight).
    if (run.services.whenDurable && !(await run.services.whenDurable())) return finishAttempt(run, state, stage, attempt, log.rel, recordFailed());
    // Every attempt is journalled before it spawns, so a re-run after a kill at any moment is a
    // new attempt with its own log (leftovers are found by environment, not pid). Fsynced for
    // nested stages (their child run id must survive) and for stages that must not run twice;
    // the pid is recorded on stage.finished.
    // A remote attempt is journalled (fsynced, with its job id) when a worker takes it.
    const remote: RemoteRun | undefined = executor && {
      executor,
      attempt: {
        runId: run.runId,
        stageId: stage.id,
        attempt,
        labels: Array.isArray(stage.runsOn) ? stage.runsOn : [],
        root: run.root,
        secrets: run.redact.values,
        onPlaced: (where) => {
          placement = where;
          announce(true);
        },
        onSuperseded: (worker) => {
          if (!state.ended) run.services.emit(stageSupersededDraft(stage.id, attempt, worker));
        },
        reattach,
      },
    };
    if (!remote) announce(stage.kind === 'pipeline' || !stage.idempotent);
    outcome = await servicePool(run).guard(signal, (guarded) => runAttempt(run, stage, { ...ctx, signal: guarded }, exprCtx, childRun, remote));
  } catch (error) {
    outcome = failedBeforeStart(error);
  } finally {
    state.attemptsInFlight--;
  }
  announce();
  if (outcome.lost !== undefined && !stage.idempotent) outcome = { ...outcome, reason: `${outcome.reason ?? 'worker lost'}; not sent again (idempotent: false)` };
  return finishAttempt(run, state, stage, attempt, log.rel, outcome, state.attemptsInFlight > 0);
}

/** An attempt not started because the run record failed (the run is being stopped). */
function recordFailed(): AttemptOutcome {
  return { status: 'cancelled', exitCode: null, signal: null, durationMs: 0, pid: null, outputs: {}, reason: 'the run record could not be written', tail: [] };
}

/** Records an attempt's end in the run state and the journal (fsynced; with others still running, through a shared group sync). */
function finishAttempt(run: EngineRun, state: RunState, stage: Stage, attempt: number, log: string, outcome: ExecutedOutcome, together = false): ExecutedOutcome {
  const record = state.stage(stage.id);
  // Routes and later stages see the outputs as written; the journal masks secrets in them.
  const outputs = outcome.outputs;
  record.status = outcome.status;
  record.outputs = outputs;
  record.reason = interruptedReason(state, outcome) ?? outcome.reason;
  run.services.emit(
    stageFinishedDraft({
      stage: stage.id,
      attempt,
      status: outcome.status,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      durationMs: outcome.durationMs,
      outputs,
      log: stage.kind === 'pipeline' ? null : log,
      reason: record.reason,
      pid: outcome.pid,
      usage: outcome.usage,
      tail: outcome.tail,
      mask: run.redact,
    }),
    together ? { durable: 'shared' } : undefined,
  );
  return outcome;
}

/** `interrupted` for an attempt cancelled because the whole run was stopped (it is re-run on resume). */
function interruptedReason(state: RunState, outcome: AttemptOutcome): string | null {
  return outcome.status === 'cancelled' && state.interrupted ? 'interrupted' : null;
}

/** An attempt that could not even start (bad template, unresolvable runtime...). */
function failedBeforeStart(error: unknown): AttemptOutcome {
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', exitCode: null, signal: null, durationMs: 0, pid: null, outputs: {}, reason: message, tail: [] };
}
