// Role resolution: which runtime serves an agent stage, and where that choice came from.
import { ROLES, type AgentStage, type Orchestrator, type Role, type RuntimeSource, type RuntimeSpec } from '../model/index.js';
import { UsageError } from '../errors/index.js';

export interface ResolvedRuntime {
  runtime: RuntimeSpec;
  source: RuntimeSource;
}

/** stage.agent.runtime > runtime_profile.stages[role] > runtime_profile.default; undefined if none. */
export function resolveRuntimeId(stage: AgentStage, orch: Orchestrator): { id: string; source: RuntimeSource } | undefined {
  if (stage.agent.runtime) return { id: stage.agent.runtime, source: 'stage' };
  const role = stage.agent.role;
  const byRole = isRole(role) && Object.hasOwn(orch.runtimeProfile.stages, role) ? orch.runtimeProfile.stages[role] : undefined;
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

/** True for a name of the closed role set (own names only: `toString` is not a role). */
function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
