// The generic command adapter: every runtime without a native adapter (`adapter: command`).
// The prompt goes to stdin; the final answer is stdout; outputs are the last JSON object in
// it, plus `text` (and whatever the agent wrote to FLOWSTATE_OUTPUT).
import type { RuntimeSpec } from '../../model/index.js';
import type { AttemptContext, AttemptOutcome } from '../types.js';
import { agentEnv } from './common.js';
import { runAdapterLifecycle } from './lifecycle.js';
import type { AgentAdapter, AgentRequest, AgentSession } from './types.js';

export type { AgentRequest } from './types.js';

/** The answer is the last MiB of stdout. */
const MAX_ANSWER_BYTES = 1024 * 1024;

/** Runtimes without a native adapter: argv = command + args, prompt on stdin, answer = stdout. */
export const genericAdapter: AgentAdapter = {
  name: 'command',
  cli: 'agent',
  prepare(req: AgentRequest): AgentSession {
    return {
      invocation: {
        argv: [...req.runtime.command, ...req.runtime.args],
        env: agentEnv(req),
        stdin: req.prompt,
        captureStdoutBytes: MAX_ANSWER_BYTES,
      },
      resolveOutcome: (result) => ({ text: result.stdout.trim(), failure: null, sessionId: null, notes: [] }),
    };
  },
  versionArgv(runtime: RuntimeSpec): string[] {
    // `command` may be e.g. `node scripts/agent.mjs`: ask the executable, not the script.
    return [runtime.command[0] ?? '', '--version'];
  },
};

/** Runs an agent through its runtime's command, prompt on stdin, and reads its answer. */
export function runGenericAgent(req: AgentRequest, ctx: AttemptContext): Promise<AttemptOutcome> {
  return runAdapterLifecycle(genericAdapter, req, ctx);
}
