// resumeRun: continue a run that was killed or cancelled, from its journal. No completed
// stage runs again; in-flight stages re-run with attempt+1; retry waits keep their due time.
import { resolve } from 'node:path';
import { coerceInputs } from '../config/index.js';
import { inFlightStages, resumePointFromJournal, type ResumePoint } from '../engine/index.js';
import { groupsWithEnv, killProcessGroup, waitForGroupExit } from '../exec/index.js';
import { allStages, type Pipeline, type RunStatus } from '../model/index.js';
import { logRelPath } from '../store/index.js';
import { driveRun, finishRun, redactorFor, ROOT_RUN_ENV } from './drive-run.js';
import { locateRun, type RunSelector } from './inspect.js';
import { preparePipeline } from './load.js';
import { openProject } from './project.js';
import { RunRecorder } from './recorder.js';
import { checkPipelineHash, lockAndRead, rebuildRecord } from './reopen-run.js';
import { runChild, type InputValues, type RunOptions, type RunResult } from './run-pipeline.js';
import { stageCacheFor } from './stage-cache.js';
import { refuseMaskedInputs } from './stored-inputs.js';

export interface ResumeOptions extends RunSelector, Pick<RunOptions, 'signal' | 'onStart' | 'onEvent' | 'onStageLine' | 'killGraceMs' | 'wait'> {
  /** Resume even though the pipeline changed, when the stages the run needs still exist. */
  force?: boolean;
  /** Inputs to supply again (secret inputs are never persisted). */
  inputs?: InputValues;
}

const FINAL_POSITIONS: Record<string, RunStatus> = { succeeded: 'succeeded', failed: 'failed', needs_review: 'needs_review' };

/** Resumes a stopped run; throws ConflictError (exit 5) when it is locked or its pipeline changed. */
export async function resumeRun(options: ResumeOptions): Promise<RunResult> {
  const project = openProject(options);
  const paths = locateRun(options);
  const reopened = lockAndRead(paths);
  let recorder: RunRecorder;
  let point: ResumePoint;
  let pipeline: Pipeline;
  let prepared: ReturnType<typeof preparePipeline>;
  let inputs: Record<string, unknown>;
  try {
    prepared = preparePipeline(project, resolve(project.root, reopened.started.pipeline.file), { checkRuntimes: true });
    pipeline = prepared.pipeline;
    inputs = resumeInputs(pipeline, reopened.started.inputs, options.inputs ?? {}, reopened.started.run_id);
    point = resumePointFromJournal(reopened.events, pipeline);
    const known = new Set(allStages(pipeline).map((s) => s.id));
    const changed = checkPipelineHash(reopened.started, prepared.compiled.hash, options.force === true, [...point.progress.keys(), ...(FINAL_POSITIONS[point.position] ? [] : [point.position])], known);
    if (changed) reopened.notes.push(changed);
    const { journal, manifest } = rebuildRecord(paths, reopened, allStages(pipeline).map((s) => s.id));
    recorder = new RunRecorder(paths, { lock: reopened.lock, journal, manifest, listeners: options.onEvent ? [options.onEvent] : [] });
  } catch (error) {
    reopened.lock.release();
    throw error;
  }
  const runId = reopened.started.run_id;
  options.onStart?.({ run_id: runId, run_dir: paths.dir });
  const killed = await killLeftovers(runId);
  if (killed > 0) reopened.notes.push(`killed ${killed} leftover process group(s) of the previous runner`);
  recorder.emit({ type: 'run.resumed', reason: reopened.notes.join('; ') || 'resumed' });
  const stale = markInterrupted(recorder, point, pipeline);
  if (stale.length > 0) {
    return finishRun(recorder, 'needs_review', `stage ${stale.map((s) => `\`${s}\``).join(', ')} (idempotent: false) was running when the run stopped; check what it did, then continue with \`flowstate run --from <stage>\``);
  }
  const final = FINAL_POSITIONS[point.position];
  if (final) return finishRun(recorder, final, 'the run had reached its end; only the final record was missing');
  const env = { [ROOT_RUN_ENV]: runId };
  const redact = redactorFor(prepared, inputs);
  return driveRun(project, prepared, recorder, {
    inputs,
    selection: reopened.started.selection ? new Set(reopened.started.selection) : undefined,
    resume: point,
    restoredStages: structuredClone(recorder.current().stages),
    cache: stageCacheFor(project, pipeline),
    redact,
    runChildPipeline: (request) => runChild(project, prepared, runId, request, { ...options, env }, redact.values),
  }, { ...options, env });
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

/** Journals in-flight stages as interrupted; returns those that must not run twice (idempotent: false). */
function markInterrupted(recorder: RunRecorder, point: ResumePoint, pipeline: Pipeline): string[] {
  const byId = new Map(allStages(pipeline).map((s) => [s.id, s]));
  const stale: string[] = [];
  for (const { stage, attempt } of inFlightStages(point)) {
    if (byId.get(stage)?.kind === 'parallel') continue; // a group has no process: its branches say what ran
    recorder.emit({ type: 'stage.finished', stage, attempt, status: 'cancelled', exit_code: null, signal: null, duration_ms: 0, outputs: {}, log: logRelPath(stage, attempt), reason: 'interrupted' });
    const progress = point.progress.get(stage);
    if (progress) Object.assign(progress, { last: 'cancelled', interrupted: true });
    if (byId.get(stage)?.idempotent === false) stale.push(stage);
  }
  return stale;
}
