// Runs an agent stage attempt through the adapter its runtime names (the engine's one entry point).
import type { AttemptContext, AttemptOutcome } from '../types.js';
import { runAdapterLifecycle } from './lifecycle.js';
import { adapterFor } from './registry.js';
import type { AgentRequest } from './types.js';

/** Dispatches to the runtime's native adapter (or the generic one) through the adapter lifecycle. */
export function runAgent(req: AgentRequest, ctx: AttemptContext): Promise<AttemptOutcome> {
  return runAdapterLifecycle(adapterFor(req.runtime.adapter), req, ctx);
}
