// Role resolution: which runtime serves an agent stage, and where that choice came from.
import type { AgentStage, Orchestrator, Role, RuntimeSource, RuntimeSpec } from '../model/index.js';
import { UsageError } from '../errors/index.js';

export interface ResolvedRuntime {
  runtime: RuntimeSpec;
  source: RuntimeSource;
}

/** stage.agent.runtime > runtime_profile.stages[role] > runtime_profile.default; undefined if none. */
export function resolveRuntimeId(stage: AgentStage, orch: Orchestrator): { id: string; source: RuntimeSource } | undefined {
  if (stage.agent.runtime) return { id: stage.agent.runtime, source: 'stage' };
  const byRole = orch.runtimeProfile.stages[stage.agent.role as Role];
  if (byRole) return { id: byRole, source: 'role' };
  if (orch.runtimeProfile.default) return { id: orch.runtimeProfile.default, source: 'default' };
  return undefined;
}

/** Resolves the runtime of an agent stage or throws a UsageError naming the role and the fix. */
export function resolveRuntime(stage: AgentStage, orch: Orchestrator): ResolvedRuntime {
  const choice = resolveRuntimeId(stage, orch);
  if (!choice) {
    throw new UsageError(
      `stage \`${stage.id}\`: no runtime serves role \`${stage.agent.role}\`; ` +
        `add runtime_profile.stages.${stage.agent.role} or runtime_profile.default to orchestrator.yaml`,
    );
  }
  const runtime = orch.runtimes[choice.id];
  if (!runtime) {
    throw new UsageError(`stage \`${stage.id}\`: runtime \`${choice.id}\` (from ${choice.source}) is not defined under runtimes in orchestrator.yaml`);
  }
  return { runtime, source: choice.source };
}
