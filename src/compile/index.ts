// compile/: model.Pipeline -> plain JSON XState machine config + plan + pipeline hash.
export { compilePipeline, type CompiledPipeline } from './compile.js';
export { assertCompilable } from './checks.js';
export { MAX_REGION_BRANCHES } from './parallel-state.js';
export { canonicalJson, machineHash, pipelineHash } from './hash.js';
export {
  ACTOR_SOURCES,
  FAIL_FAST_EVENT,
  FINAL_STATES,
  type ActionRef,
  type GuardRef,
  type InvokeJson,
  type JsonValue,
  type MachineJson,
  type NamedRef,
  type StateJson,
  type StateMeta,
  type TransitionJson,
} from './machine-json.js';
export { stageLabel } from './meta.js';
export { cellsLabel } from './fanout-state.js';
export { planOf } from './plan.js';
export { ACTION_NAMES, ACTOR_NAMES, GUARD_NAMES, type ActionName, type ActorName, type GuardName } from './names.js';
export { actionsUsed, actorsUsed, guardsUsed } from './refs.js';
