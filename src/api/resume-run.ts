// resumeRun: continue a run that was killed or cancelled, from its journal. No completed
// stage runs again; in-flight stages re-run with attempt+1; retry waits keep their due time.
import { resolve } from 'node:path';
import { coerceInputs } from '../config/index.js';
import { inFlightStages, resumePointOf, resumeViewOf, type ResumePoint } from '../engine/index.js';
import { groupsWithEnv, killProcessGroup, waitForGroupExit } from '../exec/index.js';
import { basename } from 'node:path';
import { allStages, cellParent, interruptedDraft, runResumedDraft, type Pipeline, type RunManifest, type RunStatus } from '../model/index.js';
import { findRun, lockAndRead, logRelPath, readManifest, rebuildRecord, RunRecorder, type RunPaths } from '../store/index.js';
import { XSTATE_VERSION } from '../engine/index.js';
import { driveRun, finishRun, redactorFor, ROOT_RUN_ENV, runPlanOf } from './drive-run.js';
import { checkEventContract } from './resume-contract.js';
import { withExecutor } from './executor-choice.js';
import { locateRun } from './inspect.js';
import { preparePipeline, type PreparedPipeline } from './load.js';
import { checkPipelineHash } from './pipeline-changed.js';
import { openProject, type Project } from './project.js';
import { runChild } from './run-child.js';
import type { InputValues, NestedRuns, ResumeAtOptions, ResumeHow, ResumeOptions, RunResult } from './run-types.js';
import { stageCacheFor } from './stage-cache.js';
import { startRun } from './start-run.js';
import { refuseMaskedInputs } from './stored-inputs.js';

export type { ResumeOptions } from './run-types.js';

const FINAL_POSITIONS: Record<string, RunStatus> = { succeeded: 'succeeded', failed: 'failed', needs_review: 'needs_review' };

/** Nesting deeper than this is a corrupt parent_run chain. */
const MAX_NESTING = 32;

/**
 * Resumes a stopped run; a nested child run resumes its root run (which continues the child in
 * place). Throws ConflictError (exit 5) when it is locked or its pipeline changed.
 */
export async function resumeRun(options: ResumeOptions): Promise<RunResult> {
  const project = openProject(options);
  const { paths, note } = rootRunOf(project, locateRun(options));
  return withExecutor(project, options, (scope) => resumeAt(project, paths, { ...options, ...scope }, { killLeftovers: true, note }));
}

/** The root run of a run: nested child runs (parent_stage set) are resumed through their root. */
function rootRunOf(project: Project, paths: RunPaths): { paths: RunPaths; note?: string } {
  let current = paths;
  const named = basename(paths.dir);
  for (let depth = 0; depth < MAX_NESTING; depth++) {
    let manifest: RunManifest;
    try {
      manifest = readManifest(current);
    } catch {
      break; // lockAndRead reports what is wrong with it
    }
    if (manifest.parent_stage === undefined || manifest.parent_run === null) break;
    current = findRun(project.orchestrator.runsDir, manifest.parent_run);
  }
  if (current === paths) return { paths };
  return { paths: current, note: `run ${named} is a nested child run: resumed its root run ${basename(current.dir)}, which continues it in place` };
}

/** How every run tree of this process starts and resumes its nested child runs. */
export const NESTED_RUNS: NestedRuns = { start: startRun, resume: resumeAt };

/** Resumes the run at `paths` in this process (the root run, or a nested child in place). */
async function resumeAt(project: Project, paths: RunPaths, options: ResumeAtOptions, how: ResumeHow): Promise<RunResult> {
  const reopened = lockAndRead(paths);
  if (how.note) reopened.notes.push(how.note);
  let recorder: RunRecorder;
  let point: ResumePoint;
  let pipeline: Pipeline;
  let prepared: PreparedPipeline;
  let inputs: Record<string, unknown>;
  try {
    prepared = how.prepared ?? preparePipeline(project, resolve(project.root, reopened.started.pipeline.file), { checkRuntimes: true });
    pipeline = prepared.pipeline;
    inputs = resumeInputs(pipeline, reopened.started.inputs, options.inputs ?? {}, reopened.started.run_id);
    const view = resumeViewOf(reopened.events, pipeline);
    point = resumePointOf(view, pipeline);
    const known = new Set(allStages(pipeline).map((s) => s.id));
    const changed = checkPipelineHash(
      reopened.started,
      prepared.compiled.hash,
      options.force === true,
      [...point.progress.keys(), ...(FINAL_POSITIONS[point.position] ? [] : [point.position])],
      known,
    );
    if (changed) reopened.notes.push(changed);
    const contract = checkEventContract(reopened.started, runPlanOf(project, prepared).machine_hash, options.force === true, changed !== null);
    if (contract) reopened.notes.push(contract);
    const { journal, manifest } = rebuildRecord(
      paths,
      reopened,
      allStages(pipeline).map((s) => s.id),
      XSTATE_VERSION,
      view,
    );
    recorder = new RunRecorder(paths, { lock: reopened.lock, journal, manifest, listeners: options.onEvent ? [options.onEvent] : [], view });
  } catch (error) {
    reopened.lock.release();
    throw error;
  }
  const runId = reopened.started.run_id;
  options.onStart?.({ run_id: runId, run_dir: paths.dir });
  // Every process of a run tree carries the root run's id: killing by it also stops nested runs' stages.
  const env = { [ROOT_RUN_ENV]: runId, ...options.env };
  const killed = how.killLeftovers ? await killLeftovers(env[ROOT_RUN_ENV]) : 0;
  if (killed > 0) reopened.notes.push(`killed ${killed} leftover process group(s) of the previous runner`);
  recorder.emit(runResumedDraft(reopened.notes.join('; ') || 'resumed'));
  const stale = markInterrupted(recorder, point, pipeline, options.stageExecutor !== undefined);
  if (stale.length > 0) {
    return finishRun(
      recorder,
      'needs_review',
      `stage ${stale.map((s) => `\`${s}\``).join(', ')} (idempotent: false) was running when the run stopped; check what it did, then continue with \`flowstate run --from <stage>\``,
    );
  }
  const final = FINAL_POSITIONS[point.position];
  if (final) return finishRun(recorder, final, 'the run had reached its end; only the final record was missing');
  const redact = redactorFor(prepared, inputs, options.inheritedSecrets);
  return driveRun(
    project,
    prepared,
    recorder,
    {
      inputs,
      selection: reopened.started.selection ? new Set(reopened.started.selection) : undefined,
      resume: point,
      restoredStages: structuredClone(recorder.current().stages),
      cache: stageCacheFor(project, pipeline),
      redact,
      runChildPipeline: (request) => runChild(NESTED_RUNS, project, prepared, runId, request, { ...options, env }, redact.values),
    },
    { ...options, env },
  );
}

/**
 * The inputs of a resumed run: those it started with, overridden by `--input`. Secret inputs
 * were never stored (they are masked): each must be given again, else resume refuses (exit 2)
 * rather than run with `***`.
 */
function resumeInputs(pipeline: Pipeline, stored: Record<string, unknown>, given: InputValues, runId: string): Record<string, unknown> {
  refuseMaskedInputs(stored, given, runId, 'resume');
  const text = (values: Record<string, unknown>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
  return coerceInputs(pipeline, { ...text(stored), ...text(given) });
}

/** SIGKILLs every process group still carrying this run's id (the dead runner's stages). */
async function killLeftovers(runId: string): Promise<number> {
  const groups = groupsWithEnv(ROOT_RUN_ENV, runId);
  for (const pgid of groups) killProcessGroup(pgid, 'SIGKILL');
  await Promise.all(groups.map((pgid) => waitForGroupExit(pgid, 2000)));
  return groups.length;
}

/**
 * Journals in-flight stages as interrupted; returns those that must not run twice (idempotent: false).
 * With a remote executor, a stage whose attempt is a job on a worker is left running: it is re-attached.
 */
function markInterrupted(recorder: RunRecorder, point: ResumePoint, pipeline: Pipeline, remote: boolean): string[] {
  const byId = new Map(allStages(pipeline).map((s) => [s.id, s]));
  const stale: string[] = [];
  for (const { stage, attempt } of inFlightStages(point)) {
    const declared = byId.get(stage) ?? byId.get(cellParent(stage) ?? '');
    // A group or fanned-out stage has no process: its branches or cells say what ran.
    if (byId.get(stage)?.kind === 'parallel' || byId.get(stage)?.fanout) continue;
    if (remote && point.progress.get(stage)?.job !== undefined) continue;
    recorder.emit(interruptedDraft(stage, attempt, logRelPath(stage, attempt)));
    const progress = point.progress.get(stage);
    if (progress) Object.assign(progress, { last: 'cancelled', interrupted: true });
    if (declared?.idempotent === false) stale.push(stage);
  }
  return stale;
}
