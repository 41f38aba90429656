// Small pieces every adapter uses: the model in force and the variables an agent process sees.
import type { AgentRequest } from './types.js';

/** The model of an attempt: the stage's `agent.model`, else the runtime's `model`. */
export function modelOf(req: AgentRequest): string | undefined {
  return req.model ?? req.runtime.model;
}

/** FLOWSTATE_ROLE (and FLOWSTATE_MODEL when set) for the agent process. */
export function agentEnv(req: AgentRequest): Record<string, string> {
  const model = modelOf(req);
  return { FLOWSTATE_ROLE: req.role, ...(model === undefined ? {} : { FLOWSTATE_MODEL: model }) };
}

/** True when `args` already holds one of the flags (as `--flag`, `--flag=value` or `-f`). */
export function hasFlag(args: readonly string[], flags: readonly string[]): boolean {
  return args.some((arg) => flags.some((flag) => arg === flag || (flag.startsWith('--') && arg.startsWith(`${flag}=`))));
}
