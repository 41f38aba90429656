// The run plan: every stage and branch with its kind, group, routes, approval and loop guard,
// and the compiled machine's hash. `run.started` carries it (event contract v2).
import type { Pipeline, Stage } from '../model/pipeline.js';
import { planStagesOf, type RunPlan } from '../model/run-plan.js';
import { machineHash } from './hash.js';
import type { MachineJson } from './machine-json.js';

/** The plan of a pipeline compiled to `machine`; `retriesOf` gives each stage's effective retries. */
export function planOf(pipeline: Pipeline, machine: MachineJson, retriesOf?: (stage: Stage) => number): RunPlan {
  return { stages: planStagesOf(pipeline.stages, retriesOf), machine_hash: machineHash(machine) };
}
