// The plan of a run: every stage and branch of the pipeline as the run will walk them, carried
// by `run.started` (event contract v2) so a view can draw every stage before any of them starts.
import type { ApprovalSpec, Stage, StageKind } from './pipeline.js';

/** One route out of a stage, in the order `next` tests them. */
export interface PlanRoute {
  /** The condition as written, or null for the unconditional last route. */
  when: string | null;
  to: string;
}

/** One stage or parallel branch of the plan. */
export interface PlanStage {
  id: string;
  kind: StageKind;
  /** The parallel group a branch belongs to; null for top-level stages. */
  parent: string | null;
  /** 0 for top-level stages, 1 for branches of a parallel group. */
  depth: number;
  routes: PlanRoute[];
  /** Where a failure goes: `fail`, `continue` or a stage id. */
  on_failure: string;
  /** The `if` condition as written, when the stage has one. */
  if: string | null;
  approval: { message: string; timeout_ms: number | null; on_timeout: ApprovalSpec['onTimeout'] } | null;
  max_visits: number | null;
  /** Retries after the first attempt (0: none). */
  retries: number;
  /** Agent stages: the role, and the runtime when the stage names one. */
  agent: { role: string; runtime: string | null } | null;
  /** `pipeline:` stages: the child pipeline file, relative to the project root. */
  pipeline: string | null;
}

/** What `run.started` carries about the machine the run executes. */
export interface RunPlan {
  stages: PlanStage[];
  /** Hash of the compiled machine config (a resume refuses a journal whose machine differs). */
  machine_hash: string;
}

/** The plan entry of one stage (`parent` set for parallel branches). */
export function planStageOf(stage: Stage, parent: string | null): PlanStage {
  return {
    id: stage.id,
    kind: stage.kind,
    parent,
    depth: parent === null ? 0 : 1,
    routes: stage.next.map((route) => ({ when: route.when ?? null, to: route.to })),
    on_failure: stage.onFailure,
    if: stage.if ?? null,
    approval: stage.approval ? { message: stage.approval.message, timeout_ms: stage.approval.timeoutMs ?? null, on_timeout: stage.approval.onTimeout } : null,
    max_visits: stage.maxVisits ?? null,
    retries: stage.retry?.max ?? 0,
    agent: stage.kind === 'agent' ? { role: stage.agent.role, runtime: stage.agent.runtime ?? null } : null,
    pipeline: stage.kind === 'pipeline' ? stage.pipeline : null,
  };
}

/**
 * Every stage and branch of a pipeline's stages, in declaration order (branches after their
 * group). `retriesOf` gives a stage's effective retries (stage, then pipeline and orchestrator
 * defaults); without it only the stage's own `retry` counts.
 */
export function planStagesOf(stages: readonly Stage[], retriesOf?: (stage: Stage) => number): PlanStage[] {
  const entry = (stage: Stage, parent: string | null): PlanStage => {
    const planned = planStageOf(stage, parent);
    return retriesOf ? { ...planned, retries: retriesOf(stage) } : planned;
  };
  const out: PlanStage[] = [];
  for (const stage of stages) {
    out.push(entry(stage, null));
    if (stage.kind === 'parallel') for (const branch of stage.branches) out.push(entry(branch, stage.id));
  }
  return out;
}
