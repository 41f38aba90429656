// Drives one recorded run to its end: wires the engine to the recorder, cancels on abort,
// and writes the final status. Shared by new runs, nested runs and resumed runs.
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import { addStaticSecretEnv, buildRedactor, redactValue, retryPolicyOf, startEngine, type EngineHandle, type EngineRun, type Redactor } from '../engine/index.js';
import { planOf } from '../compile/index.js';
import type { Outputs, RunManifest, RunPlan, RunStatus } from '../model/index.js';
import { awaitDecision, logPath, logRelPath, newRunId, outputPath, RunStoreError, type RunRecorder } from '../store/index.js';
import type { PreparedPipeline } from './load.js';
import type { Project } from './project.js';
import type { RunOptions, RunResult } from './run-types.js';

/** Environment variable naming the top-level run of every stage process (nested runs included). */
export const ROOT_RUN_ENV = 'FLOWSTATE_ROOT_RUN_ID';

export type DriveOptions = Pick<RunOptions, 'signal' | 'onStageLine' | 'killGraceMs' | 'maxParallel' | 'env' | 'force' | 'wait' | 'stageExecutor'>;

/** What the engine needs beyond the recorder: inputs, selection, resume point, nested runs. */
export type EngineExtras = Pick<EngineRun, 'inputs' | 'selection' | 'resume' | 'restoredStages' | 'cache' | 'redact'> & {
  runChildPipeline: EngineRun['services']['runChildPipeline'];
};

/** The plan `run.started` carries: every stage and branch with its effective retries, and the machine's hash. */
export function runPlanOf(project: Project, prepared: PreparedPipeline): RunPlan {
  const policyScope = { pipeline: prepared.pipeline, orchestrator: project.orchestrator };
  return planOf(prepared.pipeline, prepared.compiled.machine, (stage) => retryPolicyOf(policyScope, stage).max);
}

/**
 * The redactor of a run: secret env values, declared `secrets:` (env or inputs), values spliced
 * into secret-named env vars, and the secrets of the parent run (a nested run's `with:`).
 */
export function redactorFor(prepared: PreparedPipeline, inputs: Record<string, unknown>, inherited: readonly string[] = []): Redactor {
  const redact = buildRedactor([process.env, prepared.pipeline.env, inputs], prepared.pipeline.secrets, inherited);
  addStaticSecretEnv(redact, prepared.pipeline, inputs);
  return redact;
}

/** The pipeline file as recorded in manifests: relative to the project root. */
export function recordedPipelineFile(project: Project, file: string): string {
  return relative(project.root, file) || file;
}

/** Runs the engine over a recorder until the run ends; returns the one result shape. */
export async function driveRun(project: Project, prepared: PreparedPipeline, recorder: RunRecorder, extras: EngineExtras, options: DriveOptions): Promise<RunResult> {
  const runId = recorder.current().run_id;
  let engine: EngineHandle | undefined;
  const run: EngineRun = {
    pipeline: prepared.pipeline,
    compiled: prepared.compiled,
    orchestrator: project.orchestrator,
    runId,
    runDir: recorder.paths.dir,
    root: project.root,
    killGraceMs: options.killGraceMs,
    // Remote stages run on workers (their --concurrency limits them): the CPU count here is no default limit then.
    maxParallel: options.maxParallel ?? project.orchestrator.maxParallel ?? (options.stageExecutor ? undefined : availableParallelism()),
    extraEnv: options.env,
    ...(options.stageExecutor ? { executor: options.stageExecutor } : {}),
    ...extras,
    services: {
      emit: recorder.emit,
      whenDurable: recorder.whenDurable,
      logPath: (stage, attempt) => ({ abs: logPath(recorder.paths, stage, attempt), rel: logRelPath(stage, attempt) }),
      outputPath: (stage, attempt) => outputPath(recorder.paths, stage, attempt),
      onStageLine: options.onStageLine,
      runChildPipeline: extras.runChildPipeline,
      newChildRunId: () => newRunId(),
      awaitGate: async (request) => {
        const decided = await awaitDecision(recorder.paths, request, options.wait === true);
        if (decided === null && !request.signal.aborted) engine?.pause('waiting for approval');
        return decided === null ? null : { decision: decided.decision, by: decided.by, comment: decided.comment };
      },
    },
  };
  refuseAfterStoreFailure(recorder);
  const redact = extras.redact;
  recorder.redact = (draft) => (redact.values.length > 0 ? redactValue(draft, redact) : draft);
  engine = startEngine(run);
  recorder.snapshot = engine.persistedSnapshot;
  recorder.onStoreFailure = () => engine.cancel('the run record could not be written');
  // A string reason (e.g. Redis lost, docs/scale-out.md) says why; a bare abort is a signal.
  const onAbort = (): void => engine.cancel(typeof options.signal?.reason === 'string' ? options.signal.reason : 'interrupted by signal');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const result = await engine.done;
    if (result.status === 'awaiting_approval') return pauseRun(recorder);
    return finishRun(recorder, result.status, result.reason);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * After the journal could not be written (ENOSPC, EIO...) the run stopped: its stages were
 * cancelled and nothing more was recorded. Releases the run and throws the error, which names
 * the file and the errno; the run is left resumable.
 */
function refuseAfterStoreFailure(recorder: RunRecorder): void {
  const failure = recorder.failure;
  if (failure === null) return;
  recorder.pause();
  throw new RunStoreError(
    failure.file,
    `${failure.message}\nthe run stopped (its stages were ended) and is resumable once this is fixed: flowstate resume ${recorder.current().run_id}`,
    { cause: failure },
  );
}

/** Writes the final status and returns the run's result (throws if the journal failed meanwhile). */
export function finishRun(recorder: RunRecorder, status: RunStatus, reason: string | null): RunResult {
  refuseAfterStoreFailure(recorder);
  const manifest = structuredClone(recorder.finish(status, reason)) as RunManifest;
  refuseAfterStoreFailure(recorder);
  return { run_id: manifest.run_id, status, reason, run_dir: recorder.paths.dir, manifest, ...manifestWarning(recorder) };
}

/** Leaves a run waiting for an approval: records flushed, lock released, no run.finished. */
function pauseRun(recorder: RunRecorder): RunResult {
  refuseAfterStoreFailure(recorder);
  const manifest = structuredClone(recorder.pause()) as RunManifest;
  refuseAfterStoreFailure(recorder);
  return { run_id: manifest.run_id, status: 'awaiting_approval', reason: manifest.status_reason, run_dir: recorder.paths.dir, manifest, ...manifestWarning(recorder) };
}

/** A warning when manifest.json could not be written (readers then rebuild it from the journal). */
function manifestWarning(recorder: RunRecorder): { warnings?: string[] } {
  const failure = recorder.manifestFailure;
  if (failure === null) return {};
  return { warnings: [`${failure.message}; the journal (events.jsonl) has the whole run, and status reads it from there`] };
}

/** A child run's outputs: the outputs of its succeeded stages merged in declaration order. */
export function mergedOutputs(manifest: RunManifest): Outputs {
  const merged: Outputs = {};
  for (const record of Object.values(manifest.stages)) {
    if (record.status === 'succeeded') Object.assign(merged, record.outputs);
  }
  return merged;
}
