// The state of a small parallel stage: one region per branch, joined by the group's onDone.
// XState's cost per event grows with the number of regions (entering and exiting them walks
// every region: addAncestorStatesToEnter, getAdjList), so a larger group, or one with
// max_parallel, is one queued state instead (fanout-state.ts): same journal, same behaviour.
import type { BranchStage, ParallelStage } from '../model/pipeline.js';
import { ACTOR_SOURCES, FAIL_FAST_EVENT, type GuardRef, type StateJson, type TransitionJson } from './machine-json.js';
import { stageAnnotations } from './meta.js';
import { doneTransitions, failureTarget, routeTransition, type CompileContext } from './routing.js';
import { stageShell } from './stage-shell.js';

/**
 * The largest group compiled as one region per branch (charts then draw every branch); a larger
 * group is one queued state, so its cost per branch stays flat (docs/performance.md).
 */
export const MAX_REGION_BRANCHES = 16;

/** True when a parallel stage compiles to one region per branch (no max_parallel, at most MAX_REGION_BRANCHES branches). */
export function runsAsRegions(group: ParallelStage): boolean {
  return group.maxParallel === undefined && group.branches.length <= MAX_REGION_BRANCHES;
}

/** The region of one branch: run it, then end in `done` or `failed` (or `skipped` with `if`). */
function branchRegion(group: ParallelStage, branch: BranchStage): StateJson {
  const run: StateJson = {
    invoke: {
      id: branch.id,
      src: ACTOR_SOURCES[branch.kind],
      input: { stage: branch.id },
      onDone: [{ guard: { type: 'stageFailed', params: { stage: branch.id } }, target: 'failed' }, { target: 'done' }],
      onError: [{ target: 'failed' }],
    },
  };
  const states: Record<string, StateJson> = {};
  if (branch.if !== undefined) {
    const conditionFalse: GuardRef = { type: 'conditionFalse', params: { stage: branch.id, expr: branch.if } };
    states.enter = { always: [{ guard: conditionFalse, target: 'skipped' }, { target: 'run' }] };
  }
  states.run = run;
  states.done = { type: 'final' };
  states.failed = {
    type: 'final',
    entry: [{ type: 'branchFailed', params: { group: group.id, stage: branch.id, failFast: group.failFast } }],
  };
  if (branch.if !== undefined) {
    states.skipped = { type: 'final', entry: [{ type: 'skipStage', params: { stage: branch.id, reason: 'if_false' } }] };
  }
  const initial = branch.if === undefined ? 'run' : 'enter';
  return { ...stageAnnotations(branch), initial, states };
}

/** The transition taken when a fail-fast branch fails: the group's failure target, else `fail`. */
function failFastTransition(ctx: CompileContext, group: ParallelStage): TransitionJson {
  return routeTransition(ctx, group, failureTarget(group) ?? 'fail', 'fail_fast');
}

/** The state of a parallel stage, wrapped like any stage when it has `if` or `max_visits`. */
export function parallelStageState(ctx: CompileContext, group: ParallelStage): StateJson {
  const regions: Record<string, StateJson> = {};
  for (const branch of group.branches) regions[branch.id] = branchRegion(group, branch);
  const groupFailed: GuardRef = { type: 'groupFailed', params: { stage: group.id } };
  const running: StateJson = { type: 'parallel', states: regions, onDone: doneTransitions(ctx, group, groupFailed) };
  if (group.failFast) running.on = { [FAIL_FAST_EVENT]: [failFastTransition(ctx, group)] };
  return stageShell(ctx, group, running);
}
