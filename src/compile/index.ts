// compile/: model.Pipeline -> plain JSON XState machine config + plan + pipeline hash.
export { compilePipeline, type CompiledPipeline } from './compile.js';
export { assertCompilable, MAX_PARALLEL_BRANCHES, type CompileOptions } from './checks.js';
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
export { commandLabel, stageLabel } from './meta.js';
export { planOf } from './plan.js';
export { actionsUsed, actorsUsed, guardsUsed } from './refs.js';
