// Errors of agent adapters: a runtime that cannot be driven as configured.
import { EXIT, FlowstateError } from '../../errors/index.js';

/** An attempt that cannot be set up (e.g. a prompt too long for the CLI's argv); fails the stage (exit 1). */
export class AgentSetupError extends FlowstateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('agent_setup', message, EXIT.failed, options);
  }
}
