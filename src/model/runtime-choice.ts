// Which runtime serves an agent stage (DESIGN §3): `agent.runtime` on the stage >
// `runtime_profile.stages[role]` > `runtime_profile.default`. The one resolution rule, used at
// load time (config's checks) and at run time (runtimes/, engine/, api/). Pure: no I/O.
import type { Orchestrator, RuntimeSource } from './orchestrator.js';
import { ROLES, type AgentStage, type Role } from './pipeline.js';

/** The runtime id chosen for an agent stage and where the choice is written. */
export interface RuntimeChoice {
  id: string;
  source: RuntimeSource;
}

/** The runtime id of an agent stage and where the choice came from; undefined when nothing maps it. */
export function resolveRuntimeId(stage: AgentStage, orch: Orchestrator): RuntimeChoice | undefined {
  if (stage.agent.runtime !== undefined) return { id: stage.agent.runtime, source: 'stage' };
  const role = stage.agent.role;
  const byRole = isRole(role) && Object.hasOwn(orch.runtimeProfile.stages, role) ? orch.runtimeProfile.stages[role] : undefined;
  if (byRole !== undefined) return { id: byRole, source: 'role' };
  if (orch.runtimeProfile.default !== undefined) return { id: orch.runtimeProfile.default, source: 'default' };
  return undefined;
}

/** True for a name of the closed role set (own names only: `toString` is not a role). */
function isRole(name: string): name is Role {
  return (ROLES as readonly string[]).includes(name);
}
