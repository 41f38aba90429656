// Starts a new run of a prepared pipeline: creates its record (run dir, lock, run.started),
// then drives the engine over it. Nested child runs start here too.
import { coerceInputs } from '../config/index.js';
import { redactValue, XSTATE_VERSION } from '../engine/index.js';
import { allStages, runStartedDraft } from '../model/index.js';
import { newRunId, RunRecorder } from '../store/index.js';
import { driveRun, recordedPipelineFile, redactorFor, ROOT_RUN_ENV, runPlanOf } from './drive-run.js';
import type { PreparedPipeline } from './load.js';
import type { Project } from './project.js';
import { runChild } from './run-child.js';
import type { ExecuteOptions, NestedRuns, RunResult } from './run-types.js';
import { stageCacheFor } from './stage-cache.js';

/** Runs an already prepared pipeline as a new run (also used for nested pipelines). */
export async function startRun(nested: NestedRuns, project: Project, prepared: PreparedPipeline, options: ExecuteOptions): Promise<RunResult> {
  const { pipeline, compiled } = prepared;
  const given = Object.fromEntries(Object.entries(options.inputs).map(([k, v]) => [k, String(v)]));
  const inputs = coerceInputs(pipeline, given);
  const redact = redactorFor(prepared, inputs, options.inheritedSecrets);
  const runId = options.runId ?? newRunId();
  const ref = { name: pipeline.name, file: recordedPipelineFile(project, pipeline.file), hash: compiled.hash };
  const recorder = RunRecorder.create({
    runsDir: project.orchestrator.runsDir,
    runId,
    pipeline: ref,
    inputs: redactValue(inputs, redact),
    parentRun: options.parentRun,
    parentStage: options.parentStage,
    stageIds: allStages(pipeline).map((s) => s.id),
    xstateVersion: XSTATE_VERSION,
    listeners: options.onEvent ? [options.onEvent] : [],
    started: runStartedDraft({
      pipeline: ref,
      inputs: redactValue(inputs, redact),
      parentRun: options.parentRun,
      parentStage: options.parentStage,
      selection: options.selection ? [...options.selection] : null,
      plan: runPlanOf(project, prepared),
    }),
  });
  // Every process of this run tree carries the top run's id, so a resume can find leftovers.
  const runOptions = { ...options, env: { [ROOT_RUN_ENV]: runId, ...options.env } };
  options.onStart?.({ run_id: runId, run_dir: recorder.paths.dir });
  if (recorder.started) recorder.announce(recorder.started);
  return driveRun(
    project,
    prepared,
    recorder,
    {
      inputs,
      selection: options.selection,
      restoredStages: options.reuse,
      cache: options.force ? undefined : stageCacheFor(project, pipeline),
      redact,
      runChildPipeline: (request) => runChild(nested, project, prepared, runId, request, runOptions, redact.values),
    },
    runOptions,
  );
}
