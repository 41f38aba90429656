// Role resolution: which runtime serves an agent stage, and where that choice came from.
import { resolveRuntimeId, type AgentStage, type Orchestrator, type RuntimeSource, type RuntimeSpec } from '../model/index.js';
import { UsageError } from '../errors/index.js';

export { resolveRuntimeId } from '../model/index.js';

export interface ResolvedRuntime {
  runtime: RuntimeSpec;
  source: RuntimeSource;
}

/** Resolves the runtime of an agent stage or throws a UsageError naming the role and the fix. */
export function resolveRuntime(stage: AgentStage, orch: Orchestrator): ResolvedRuntime {
  const choice = resolveRuntimeId(stage, orch);
  if (!choice) {
    throw new UsageError(
      `stage \`${stage.id}\`: no runtime serves role \`${stage.agent.role}\`; ` + `add runtime_profile.stages.${stage.agent.role} or runtime_profile.default to orchestrator.yaml`,
    );
  }
  const runtime = Object.hasOwn(orch.runtimes, choice.id) ? orch.runtimes[choice.id] : undefined;
  if (!runtime) {
    throw new UsageError(`stage \`${stage.id}\`: runtime \`${choice.id}\` (from ${choice.source}) is not defined under runtimes in orchestrator.yaml`);
  }
  return { runtime, source: choice.source };
}

/** Where a runtime choice is written, in the words of orchestrator.yaml / the pipeline. */
export function describeSource(source: RuntimeSource, role: string): string {
  switch (source) {
    case 'stage':
      return '`agent.runtime` on the stage';
    case 'role':
      return `runtime_profile.stages.${role}`;
    case 'default':
      return 'runtime_profile.default';
  }
}
