// The options and result of a run: shared by run, resume, retry, watch and nested runs.
import type { JournalEvent, RunManifest, RunStatus, StageRecord } from '../model/index.js';
import type { RunPaths } from '../store/index.js';
import type { RunSelector } from './inspect.js';
import type { StageExecutor } from '../executors/index.js';
import type { ExecutorOption } from './executor-choice.js';
import type { PreparedPipeline } from './load.js';
import type { Project, ProjectOptions } from './project.js';

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
  /** At most this many command stages at once (overrides orchestrator.yaml `max_parallel`; default: the number of CPUs). */
  maxParallel?: number;
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
  /** Where stages run (`--executor`, `--redis`); absent: orchestrator.yaml `executor:`, else local (docs/scale-out.md). */
  executor?: ExecutorOption;
  /** The connected remote executor of this run tree (set by withExecutor, handed to nested runs). */
  stageExecutor?: StageExecutor;
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

export interface ExecuteOptions extends Pick<
  RunOptions,
  'signal' | 'onStart' | 'onEvent' | 'onStageLine' | 'killGraceMs' | 'maxParallel' | 'env' | 'force' | 'wait' | 'reuse' | 'stageExecutor'
> {
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

export interface ResumeOptions
  extends RunSelector, Pick<RunOptions, 'signal' | 'onStart' | 'onEvent' | 'onStageLine' | 'killGraceMs' | 'maxParallel' | 'wait' | 'executor' | 'stageExecutor'> {
  /** Resume even though the pipeline changed, when the stages the run needs still exist. */
  force?: boolean;
  /** Inputs to supply again (secret inputs are never persisted). */
  inputs?: InputValues;
}

/** What resumeAt needs besides the run: ResumeOptions without the run selector, plus what a parent hands a nested child. */
export type ResumeAtOptions = Omit<ResumeOptions, keyof RunSelector> & Pick<RunOptions, 'env'> & { inheritedSecrets?: readonly string[] };

/** How resumeAt continues a run: the root run kills the dead runner's processes, a nested child (already killed with its root) does not. */
export interface ResumeHow {
  killLeftovers: boolean;
  /** The child's pipeline, already loaded by its parent. */
  prepared?: PreparedPipeline;
  /** Said in `run.resumed` (e.g. that a nested run's root was resumed instead). */
  note?: string;
}

/** How a run tree starts and resumes its child runs (start-run's startRun, resume-run's resumeAt), handed down so neither imports the other. */
export interface NestedRuns {
  start(nested: NestedRuns, project: Project, prepared: PreparedPipeline, options: ExecuteOptions): Promise<RunResult>;
  resume(project: Project, paths: RunPaths, options: ResumeAtOptions, how: ResumeHow): Promise<RunResult>;
}
