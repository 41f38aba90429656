// retry: a new run of a failed run's pipeline that starts at the stage that failed and reuses
// the outputs of the stages that succeeded (parent_run = the failed run). --preview explains.
import { resolve } from 'node:path';
import type { Pipeline, RunManifest, StageRecord } from '../model/index.js';
import { preparePipeline } from './load.js';
import { readJournal } from '../store/index.js';
import { runStatus, type RunSelector } from './inspect.js';
import { runPipeline, type InputValues, type RunOptions, type RunResult } from './run-pipeline.js';
import { refuseMaskedInputs } from './stored-inputs.js';
import { openProject } from './project.js';

export interface RetryOptions extends RunSelector, Pick<RunOptions, 'signal' | 'onStart' | 'onEvent' | 'onStageLine' | 'killGraceMs' | 'maxParallel' | 'wait'> {
  /** Say what would happen and why, do nothing. */
  preview?: boolean;
  /** Inputs to change (secret inputs are not stored and must be given again). */
  inputs?: InputValues;
}

export interface RetryPlan {
  run_id: string;
  possible: boolean;
  why: string;
  /** The stage the new run starts at. */
  from: string | null;
  /** Stages whose recorded outputs the new run reuses. */
  reused: string[];
}

/** Works out whether and how a run can be retried. */
export function planRetry(options: RetryOptions): RetryPlan {
  const view = runStatus(options);
  const m = view.manifest;
  const no = (why: string): RetryPlan => ({ run_id: m.run_id, possible: false, why, from: null, reused: [] });
  if (view.status === 'running') return no(`run ${m.run_id} is still live (pid ${m.pid}); wait for it or stop it first`);
  if (view.status === 'succeeded') return no(`run ${m.run_id} succeeded; there is nothing to retry`);
  if (view.status === 'awaiting_approval') return no(`run ${m.run_id} is waiting for approval; approve or reject it instead`);
  if (view.resumable) return no(`run ${m.run_id} was ${view.status}, not failed; continue it with \`flowstate resume ${m.run_id}\``);
  const from = failedStage(view.paths.journal, m);
  if (!from) return no(`run ${m.run_id} ended ${view.status} but no stage failed; start a new run instead`);
  const reused = Object.entries(m.stages)
    .filter(([, s]) => s.status === 'succeeded')
    .map(([id]) => id);
  return { run_id: m.run_id, possible: true, why: m.status_reason ?? `stage \`${from}\` ${m.stages[from]?.status ?? 'failed'}`, from, reused };
}

/** Starts the retry run (unless previewing). */
export async function retryRun(options: RetryOptions): Promise<{ plan: RetryPlan; run?: RunResult }> {
  const plan = planRetry(options);
  if (options.preview || !plan.possible || plan.from === null) return { plan };
  const view = runStatus(options);
  const project = openProject(options);
  const reuse: Record<string, StageRecord> = {};
  for (const id of plan.reused) {
    const record = view.manifest.stages[id];
    if (record) reuse[id] = { ...record, reused_from: record.reused_from ?? plan.run_id };
  }
  refuseMaskedInputs(view.manifest.inputs, options.inputs ?? {}, plan.run_id, 'retry');
  const stored = Object.fromEntries(Object.entries(view.manifest.inputs).map(([k, v]) => [k, String(v)]));
  const pipeline = resolve(project.root, view.manifest.pipeline.file);
  const run = await runPipeline({
    ...options,
    pipeline,
    inputs: { ...stored, ...options.inputs },
    from: plan.from,
    parentRun: plan.run_id,
    reuse,
    keep: succeededBranches(preparePipeline(project, pipeline).pipeline, plan.from, reuse),
  });
  return { plan, run };
}

/** The branches of the group a retry starts at that succeeded: they are not run again. */
function succeededBranches(pipeline: Pipeline, from: string, reuse: Record<string, StageRecord>): string[] {
  const group = pipeline.stages.find((s) => s.id === from);
  if (group?.kind !== 'parallel') return [];
  return group.branches.filter((b) => reuse[b.id]?.status === 'succeeded').map((b) => b.id);
}

/** The top-level stage where the run went wrong: the route into fail/needs_review, or the last failure. */
function failedStage(journal: string, manifest: RunManifest): string | null {
  const events = readJournal(journal).events;
  const ending = [...events].reverse().find((e) => e.type === 'route.decided' && (e.to === 'fail' || e.to === 'needs_review'));
  if (ending?.type === 'route.decided') return ending.from;
  const failed = [...events].reverse().find((e) => e.type === 'stage.finished' && (e.status === 'failed' || e.status === 'timed_out'));
  return failed && 'stage' in failed && failed.stage in manifest.stages ? failed.stage : null;
}
