// Runs an agent stage attempt through the adapter its runtime names.
import type { AttemptContext, AttemptOutcome } from '../types.js';
import { runGenericAgent, type AgentRequest } from './generic.js';

/** Dispatches to the runtime's adapter; every runtime goes through the generic command adapter for now. */
export function runAgent(req: AgentRequest, ctx: AttemptContext): Promise<AttemptOutcome> {
  return runGenericAgent(req, ctx);
}
