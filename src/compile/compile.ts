// compilePipeline: model.Pipeline -> plain JSON XState machine config and hash (the run plan: plan.ts).
import type { Pipeline } from '../model/pipeline.js';
import { assertCompilable } from './checks.js';
import { pipelineHash } from './hash.js';
import { FINAL_STATES, type MachineJson, type StateJson } from './machine-json.js';
import { queuedGroupState } from './fanout-state.js';
import { parallelStageState, runsAsRegions } from './parallel-state.js';
import type { CompileContext } from './routing.js';
import { branchStageState } from './stage-state.js';

/** What compilePipeline returns. */
export interface CompiledPipeline {
  /** The XState config, plain JSON with string references only. */
  machine: MachineJson;
  /** `sha256:<hex>` of the canonical normalised pipeline. */
  hash: string;
}

function contextOf(pipeline: Pipeline): CompileContext {
  const order = pipeline.stages.map((stage) => stage.id);
  const indexOf = new Map(order.map((id, index) => [id, index] as const));
  return { machineId: pipeline.name, order, indexOf };
}

/** The machine config of a pipeline whose shape has been checked. */
function machineOf(pipeline: Pipeline): MachineJson {
  const ctx = contextOf(pipeline);
  const states: Record<string, StateJson> = {};
  for (const stage of pipeline.stages) {
    if (stage.kind !== 'parallel') states[stage.id] = branchStageState(ctx, stage);
    else states[stage.id] = runsAsRegions(stage) ? parallelStageState(ctx, stage) : queuedGroupState(ctx, stage);
  }
  states[FINAL_STATES.succeeded] = { type: 'final' };
  states[FINAL_STATES.failed] = { type: 'final' };
  states[FINAL_STATES.needsReview] = { type: 'final' };
  const machine: MachineJson = { id: pipeline.name, initial: ctx.order[0] ?? FINAL_STATES.succeeded, states };
  if (pipeline.description !== undefined) machine.description = pipeline.description;
  return machine;
}

/**
 * Compiles a validated, normalised pipeline into its XState machine config and hash (the plan
 * of its stages: planOf). Throws ValidationError for a bad shape.
 */
export function compilePipeline(pipeline: Pipeline): CompiledPipeline {
  assertCompilable(pipeline);
  return { machine: machineOf(pipeline), hash: pipelineHash(pipeline) };
}
