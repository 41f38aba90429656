// A `parallel:` group with `max_parallel`: its branches run through the scheduler's queue
// under one XState state. The group's own start, end and routing stay with the machine
// (countVisit, groupFailed, finishGroup), exactly as for a group of regions.
import type { ParallelStage, Stage } from '../model/index.js';
import type { RunState } from './run-state.js';
import { runQueue } from './scheduler.js';
import type { StageVisitResult } from './stage-runner.js';
import type { EngineRun } from './types.js';

/** How the machine decides a branch's `if` and records a skip. */
export interface BranchChecks {
  conditionFalse(stage: Stage): boolean;
  skip(stage: Stage): void;
}

/** Runs one visit of a queued group's branches; resolves when every started branch has settled. */
export async function runQueuedGroupVisit(run: EngineRun, state: RunState, group: ParallelStage, checks: BranchChecks, signal: AbortSignal): Promise<StageVisitResult> {
  const before = (branch: Stage): StageVisitResult | undefined => {
    // A resumed branch replays its recorded outcome in its visit (its `if` was decided then).
    if (branch.if === undefined || run.resume?.progress.has(branch.id) || !checks.conditionFalse(branch)) return undefined;
    checks.skip(branch);
    return { stage: branch.id, status: 'skipped' };
  };
  await runQueue(run, state, group.branches, { limit: group.maxParallel ?? group.branches.length, failFast: group.failFast, before }, signal);
  return { stage: group.id, status: state.stage(group.id).status };
}
