// The state of one top-level stage: atomic, or compound when it has `if` or `max_visits`.
import type { BranchStage } from '../model/pipeline.js';
import type { StateJson } from './machine-json.js';
import { fanOutStageState } from './fanout-state.js';
import type { CompileContext } from './routing.js';
import { stageInvoke, stageShell } from './stage-shell.js';

/** The state of a command, agent or nested-pipeline stage. */
export function branchStageState(ctx: CompileContext, stage: BranchStage): StateJson {
  if (stage.fanout) return fanOutStageState(ctx, stage);
  return stageShell(ctx, stage, { invoke: stageInvoke(ctx, stage) });
}
