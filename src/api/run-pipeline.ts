// runPipeline: the library entry point behind `flowstate run`. Validates, records, executes.
import { coerceInputs } from '../config/index.js';
import { redactValue, selectStages, XSTATE_VERSION, type ChildRunRequest, type ChildRunResult } from '../engine/index.js';
import { allStages, runStartedDraft, type JournalEvent, type RunManifest, type RunStatus, type StageRecord } from '../model/index.js';
import { existsSync } from 'node:fs';
import { newRunId, readJournal, readManifest, runPaths, type RunPaths } from '../store/index.js';
import { resumeAt } from './resume-run.js';
import { driveRun, mergedOutputs, recordedPipelineFile, redactorFor, ROOT_RUN_ENV, runPlanOf, type DriveOptions } from './drive-run.js';
import { preparePipeline, type PreparedPipeline } from './load.js';
import { openProject, resolvePipelineFile, type Project, type ProjectOptions } from './project.js';
import { RunRecorder } from './recorder.js';
import { reuseForSelection } from './reuse-outputs.js';
import { stageCacheFor } from './stage-cache.js';

export type InputValues = Record<string, string | number | boolean>;

export interface RunOptions extends ProjectOptions {
  /** Pipeline file (relative to cwd) or name of a pipeline in pipelines/. */
  pipeline: string;
  inputs?: InputValues;
  /** Run only this stage and the stages it needs. */
  target?: string;
  /** Start at this stage; earlier stages are skipped. */
  from?: string;
  /** Aborting cancels the run: stages get SIGTERM, then SIGKILL after the grace period. */
  signal?: AbortSignal;
  /** Called once the run directory exists, before the first event. */
  onStart?: (run: { run_id: string; run_dir: string }) => void;
  /** Called for every journal event, after it is on disk. */
  onEvent?: (event: JournalEvent) => void;
  /** Live output lines of stages. */
  onStageLine?: (stage: string, line: string, stream: 'stdout' | 'stderr') => void;
  killGraceMs?: number;
  /** Recorded as the new run's `parent_run` (watch re-runs, retries). */
  parentRun?: string;
  /** Extra environment for every stage. */
  env?: Record<string, string>;
  /** Ignore fingerprints: run every stage even when its sources are unchanged. */
  force?: boolean;
  /** Recorded stages (statuses and outputs, `reused_from` naming their run) of an earlier run to start from (`flowstate retry`). */
  reuse?: Record<string, StageRecord>;
  /** At an approval gate, keep waiting for the decision instead of pausing the run (exit 4). */
  wait?: boolean;
  /** Selected stages not to run again: their `reuse` record stands (retry keeps a group's succeeded branches). */
  keep?: string[];
}

/** One result shape for every outcome of a run. */
export interface RunResult {
  run_id: string;
  status: RunStatus;
  reason: string | null;
  run_dir: string;
  manifest: RunManifest;
  /** Problems that did not change the outcome (e.g. manifest.json could not be written). */
  warnings?: string[];
}

interface ExecuteOptions extends Pick<RunOptions, 'signal' | 'onStart' | 'onEvent' | 'onStageLine' | 'killGraceMs' | 'env' | 'force' | 'wait' | 'reuse'> {
  inputs: InputValues;
  /** The new run's id (a nested run's is chosen, and journalled, by its parent). */
  runId?: string;
  parentRun: string | null;
  /** A nested child run: the parent's `pipeline:` stage. */
  parentStage?: string;
  selection?: ReadonlySet<string>;
  /** Secret values of the parent run (a nested run masks what it was handed). */
  inheritedSecrets?: readonly string[];
}

/** Validates and runs a pipeline to its end; throws FlowstateError before anything runs on bad input. */
export async function runPipeline(options: RunOptions): Promise<RunResult> {
  const project = openProject(options, options.pipeline);
  const prepared = preparePipeline(project, resolvePipelineFile(project, options.pipeline), { checkRuntimes: true });
  return runPrepared(project, prepared, options);
}

/** Runs an already loaded pipeline as a new run (watch mode keeps the last good version loaded). */
export async function runPrepared(project: Project, prepared: PreparedPipeline, options: Omit<RunOptions, 'pipeline'>): Promise<RunResult> {
  const selection = selectStages(prepared.pipeline, { target: options.target, from: options.from });
  for (const id of options.keep ?? []) selection?.delete(id);
  const reuse = selection ? reuseForSelection(project.orchestrator.runsDir, prepared.pipeline, selection, options.reuse) : options.reuse;
  return executePrepared(project, prepared, { ...options, reuse, inputs: options.inputs ?? {}, parentRun: options.parentRun ?? null, selection });
}

/** Runs an already prepared pipeline as a new run (also used for nested pipelines). */
async function executePrepared(project: Project, prepared: PreparedPipeline, options: ExecuteOptions): Promise<RunResult> {
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
  return driveRun(project, prepared, recorder, {
    inputs,
    selection: options.selection,
    restoredStages: options.reuse,
    cache: options.force ? undefined : stageCacheFor(project, pipeline),
    redact,
    runChildPipeline: (request) => runChild(project, prepared, runId, request, runOptions, redact.values),
  }, runOptions);
}

/**
 * Runs a nested pipeline stage as a child run whose parent_run is this run. A child run of the
 * requested id that already exists (the parent was resumed) is continued in place: its
 * completed stages are kept, and a child that had already ended gives its recorded result.
 */
export async function runChild(project: Project, parent: PreparedPipeline, parentRun: string, request: ChildRunRequest, options: DriveOptions, secrets: readonly string[]): Promise<ChildRunResult> {
  const child = parent.children.get(request.file);
  if (!child) throw new Error(`internal: nested pipeline ${request.file} was not loaded`);
  const prepared = preparePipeline(project, child.file);
  const existing = runPaths(project.orchestrator.runsDir, prepared.pipeline.name, request.runId);
  const common = { inputs: request.inputs, signal: request.signal, killGraceMs: options.killGraceMs, env: options.env, force: options.force, inheritedSecrets: secrets };
  const result = existsSync(existing.journal)
    ? await continueChild(project, prepared, existing, common)
    : await executePrepared(project, prepared, { ...common, runId: request.runId, parentRun, parentStage: request.parentStage });
  return { runId: result.run_id, status: result.status, reason: result.reason, outputs: mergedOutputs(result.manifest) };
}

/** The recorded result of a child run that had ended, else the child resumed in place (its processes were killed with the root's). */
async function continueChild(project: Project, prepared: PreparedPipeline, paths: RunPaths, options: DriveOptions & { inputs: InputValues }): Promise<RunResult> {
  const ended = readJournal(paths.journal).events.find((e) => e.type === 'run.finished');
  if (ended?.type === 'run.finished' && ended.status !== 'cancelled') {
    const manifest = readManifest(paths);
    return { run_id: manifest.run_id, status: ended.status, reason: ended.reason, run_dir: paths.dir, manifest };
  }
  return resumeAt(project, paths, { ...options, force: options.force }, { prepared, killLeftovers: false });
}
