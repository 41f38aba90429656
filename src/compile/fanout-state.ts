// Stages that run many stage instances under one XState state: a `matrix`/`for_each` stage
// (cells) and a `parallel` group with `max_parallel` (queued branches). The state is compound
// with one child, `cells`, whose invoked actor queues the instances (src/engine/scheduler.ts):
// no region per cell, so the cost stays flat in the number of cells (DESIGN §8).
import { matrixCombinations } from '../model/fanout.js';
import type { BranchStage, ParallelStage } from '../model/pipeline.js';
import { ACTOR_SOURCES, type GuardRef, type StateJson } from './machine-json.js';
import { decideRoute, doneTransitions, stateTarget, type CompileContext } from './routing.js';
import { stageInvoke, stageShell } from './stage-shell.js';

/** Name of the one child state that runs the cells. */
export const CELLS_STATE = 'cells';

/** How many cells a fan-out makes (when known before the run) and its limit, as viz and dry runs show it. */
export function cellsLabel(stage: BranchStage): string {
  const fanout = stage.fanout;
  if (!fanout) return '';
  const limit = fanout.maxParallel === undefined ? '' : `, at most ${fanout.maxParallel} at once`;
  if (fanout.kind === 'for_each') {
    const items = Array.isArray(fanout.items) ? `${fanout.items.length} cells` : `one cell per item of ${fanout.items.replace(/^\$\{\{\s*|\s*\}\}$/g, '')}`;
    return `${items}${limit}`;
  }
  return `${fanoutCellCount(stage)} cells${limit}`;
}

/** The number of cells of a matrix stage (null for a for_each over an expression). */
export function fanoutCellCount(stage: BranchStage): number | null {
  const fanout = stage.fanout;
  if (!fanout) return null;
  if (fanout.kind === 'for_each') return Array.isArray(fanout.items) ? fanout.items.length : null;
  return matrixCombinations(fanout).length;
}

/** The state of a matrix / for_each stage. */
export function fanOutStageState(ctx: CompileContext, stage: BranchStage): StateJson {
  const invoke = { ...stageInvoke(ctx, stage), src: ACTOR_SOURCES.fanout };
  const cells: StateJson = { meta: { kind: 'cells', label: cellsLabel(stage) }, invoke };
  return stageShell(ctx, stage, { initial: CELLS_STATE, states: { [CELLS_STATE]: cells } });
}

/** The state of a parallel group with `max_parallel` or many branches: its branches queued by one actor. */
export function queuedGroupState(ctx: CompileContext, group: ParallelStage): StateJson {
  const groupFailed: GuardRef = { type: 'groupFailed', params: { stage: group.id } };
  const limit = group.maxParallel === undefined ? '' : `, at most ${group.maxParallel} at once`;
  const label = `${group.branches.length} branch${group.branches.length === 1 ? '' : 'es'}${limit}`;
  const cells: StateJson = {
    meta: { kind: 'cells', label },
    invoke: {
      id: group.id,
      src: ACTOR_SOURCES.group,
      input: { stage: group.id },
      onDone: doneTransitions(ctx, group, groupFailed),
      onError: [{ target: stateTarget(ctx, group, 'fail'), actions: [decideRoute(group.id, 'fail', 'error')] }],
    },
  };
  return stageShell(ctx, group, { initial: CELLS_STATE, states: { [CELLS_STATE]: cells } });
}
