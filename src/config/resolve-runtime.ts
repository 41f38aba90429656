// Which runtime serves an agent stage: stage `agent.runtime` > role mapping > default (DESIGN §3).
import { ROLES, type AgentStage, type Orchestrator, type Role, type RuntimeSource } from '../model/index.js';

/** The runtime id of an agent stage and where the choice came from; undefined when nothing maps it. */
export function resolveRuntime(stage: AgentStage, orch: Orchestrator): { runtimeId: string; source: RuntimeSource } | undefined {
  if (stage.agent.runtime !== undefined) return { runtimeId: stage.agent.runtime, source: 'stage' };
  const role = stage.agent.role;
  const byRole = isRole(role) ? orch.runtimeProfile.stages[role] : undefined;
  if (byRole !== undefined) return { runtimeId: byRole, source: 'role' };
  if (orch.runtimeProfile.default !== undefined) return { runtimeId: orch.runtimeProfile.default, source: 'default' };
  return undefined;
}

function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
