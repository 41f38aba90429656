// The run view: everything a reader needs to draw a run (live or finished, this process or
// another), folded from its journal alone. Types here; the fold is in run-view-fold.ts.
import type { StageKind } from './pipeline.js';
import type { RunPlan } from './run-plan.js';
import type { PipelineRef, RunStatus, SkipReason, StageRecord, Usage } from './run.js';

/** A gate that has waited (and maybe been decided) in the stage's current visit. */
export interface GateView {
  stage: string;
  attempt: number;
  message: string;
  rule: string | null;
  /** When the gate began waiting (ISO 8601). */
  since: string;
  /** When the wait times out (ISO 8601), or null. */
  timeout_at: string | null;
  on_timeout: 'reject' | 'approve' | 'needs_review';
  decision: { decision: 'approved' | 'rejected'; by: string | null; comment: string | null; at: string } | null;
}

/** A pending retry: the next attempt and when it is due. */
export interface RetryView {
  attempt: number;
  /** When the next attempt is due (ISO 8601). */
  at: string;
  reason: string;
}

/** One stage (or parallel branch, or matrix cell) as the run sees it: the manifest record and more. */
export interface StageView extends StageRecord {
  id: string;
  /** From the plan; null for stages of journals without one (version 1) or not in the plan. */
  kind: StageKind | null;
  parent: string | null;
  /** Start of the latest attempt (ISO 8601), or null before the first. */
  started_at: string | null;
  /** End of the latest attempt, or null while it runs or before the first. */
  finished_at: string | null;
  /** Sum of the durations of every finished attempt. */
  total_ms: number;
  /** Why the stage last ran instead of being skipped (e.g. `sources changed: src/a.ts`). */
  run_reason: string | null;
  /** Agent stages: the runtime's `--version` line of the latest attempt. */
  runtime_version: string | null;
  /** The last lines of the latest failed or timed-out attempt (masked). */
  tail: string[] | null;
  retry: RetryView | null;
  gate: GateView | null;
  /** True when the next stage.started continues the current visit (retry, resume, approved gate). */
  continues_visit: boolean;
  /** Retries announced (stage.retrying) in the current visit: what a resume has left of the budget. */
  visit_retries: number;
  /** Why the stage was last skipped (stage.skipped `reason`), or null once it starts again. */
  skip_reason: SkipReason | null;
  /** Seq of the last event about this stage (0 before any): tells the current visit's stages from older ones. */
  last_seq: number;
  /** Where the latest attempt ran (stage.started `executor`, `worker`, `host`, `job`); null before the first. */
  placement: StagePlacement | null;
}

/** Where an attempt ran: `local`, or a remote worker (docs/scale-out.md). */
export interface StagePlacement {
  executor: 'local' | 'bullmq';
  worker: string | null;
  host: string | null;
  job: string | null;
}

/** One entry of the run into a stage, in the order they happened. */
export interface PathStep {
  stage: string;
  visit: number;
  /** Journal seq of the event that began the visit. */
  seq: number;
}

/** One route decision, in journal order. */
export interface RouteTaken {
  from: string;
  to: string;
  why: string;
  seq: number;
}

export interface RunView {
  /** Event contract version of the journal (1: no plan in run.started). */
  version: number;
  run_id: string | null;
  pipeline: PipelineRef | null;
  /** Null until run.started has been folded. */
  status: RunStatus | null;
  status_reason: string | null;
  inputs: Record<string, unknown>;
  parent_run: string | null;
  parent_stage: string | null;
  /** Stages chosen by --target/--from, or null for all. */
  selection: string[] | null;
  plan: RunPlan | null;
  /** First run.started, latest run.resumed, last event, run.finished (ISO 8601). */
  started_at: string | null;
  resumed_at: string | null;
  updated_at: string | null;
  finished_at: string | null;
  /** Seq of the last event folded in (0 before any). */
  last_seq: number;
  /** Plan order first, then stages the plan did not name, in the order they first appeared. */
  stages: Record<string, StageView>;
  usage: Usage;
  usage_by_runtime: Record<string, Usage>;
  /** The top-level state the run is in: a stage id, `succeeded`, `failed`, `needs_review`, or null before the first. */
  position: string | null;
  path: PathStep[];
  routes: RouteTaken[];
}

/** Where a remote attempt ran, as views show it (`wB (host-2)`, or the id alone when it names the host); null for local. */
export function placementText(placement: StagePlacement | null | undefined): string | null {
  if (!placement || placement.executor === 'local') return null;
  const worker = placement.worker ?? 'queued';
  return placement.host && !worker.startsWith(`${placement.host}:`) ? `${worker} (${placement.host})` : worker;
}
