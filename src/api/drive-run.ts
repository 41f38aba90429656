// Drives one recorded run to its end: wires the engine to the recorder, cancels on abort,
// and writes the final status. Shared by new runs, nested runs and resumed runs.
import { relative } from 'node:path';
import { buildRedactor, startEngine, type EngineHandle, type EngineRun, type Redactor } from '../engine/index.js';
import { awaitDecision } from './decisions.js';
import type { Outputs, RunManifest, RunStatus } from '../model/index.js';
import { logPath, logRelPath, outputPath } from '../store/index.js';
import type { PreparedPipeline } from './load.js';
import type { Project } from './project.js';
import type { RunRecorder } from './recorder.js';
import type { RunOptions, RunResult } from './run-pipeline.js';

/** Environment variable naming the top-level run of every stage process (nested runs included). */
export const ROOT_RUN_ENV = 'FLOWSTATE_ROOT_RUN_ID';

export type DriveOptions = Pick<RunOptions, 'signal' | 'onStageLine' | 'killGraceMs' | 'env' | 'force' | 'wait'>;

/** What the engine needs beyond the recorder: inputs, selection, resume point, nested runs. */
export type EngineExtras = Pick<EngineRun, 'inputs' | 'selection' | 'resume' | 'restoredStages' | 'cache'> & {
  runChildPipeline: EngineRun['services']['runChildPipeline'];
};

/** The redactor of a run: secret env values and declared `secrets:` (env or inputs). */
export function redactorFor(prepared: PreparedPipeline, inputs: Record<string, unknown>): Redactor {
  return buildRedactor([process.env, prepared.pipeline.env, inputs], prepared.pipeline.secrets);
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
    extraEnv: options.env,
    redact: redactorFor(prepared, extras.inputs),
    ...extras,
    services: {
      emit: recorder.emit,
      commit: () => recorder.commit(),
      logPath: (stage, attempt) => ({ abs: logPath(recorder.paths, stage, attempt), rel: logRelPath(stage, attempt) }),
      outputPath: (stage, attempt) => outputPath(recorder.paths, stage, attempt),
      onStageLine: options.onStageLine,
      runChildPipeline: extras.runChildPipeline,
      awaitGate: async (request) => {
        const decision = await awaitDecision(recorder.paths, request, options.wait === true);
        if (decision === null && !request.signal.aborted) engine?.pause('waiting for approval');
        return decision;
      },
    },
  };
  engine = startEngine(run);
  recorder.snapshot = engine.persistedSnapshot;
  const onAbort = (): void => engine.cancel('interrupted by signal');
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

/** Writes the final status and returns the run's result. */
export function finishRun(recorder: RunRecorder, status: RunStatus, reason: string | null): RunResult {
  const manifest = structuredClone(recorder.finish(status, reason)) as RunManifest;
  return { run_id: manifest.run_id, status, reason, run_dir: recorder.paths.dir, manifest };
}

/** Leaves a run waiting for an approval: records flushed, lock released, no run.finished. */
export function pauseRun(recorder: RunRecorder): RunResult {
  const manifest = structuredClone(recorder.pause()) as RunManifest;
  return { run_id: manifest.run_id, status: 'awaiting_approval', reason: manifest.status_reason, run_dir: recorder.paths.dir, manifest };
}

/** A child run's outputs: the outputs of its succeeded stages merged in declaration order. */
export function mergedOutputs(manifest: RunManifest): Outputs {
  const merged: Outputs = {};
  for (const record of Object.values(manifest.stages)) {
    if (record.status === 'succeeded') Object.assign(merged, record.outputs);
  }
  return merged;
}
