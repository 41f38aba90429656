// The local executor: today's process-group execution in this process, unchanged.
import { runAgent, runCommandAttempt } from '../runtimes/index.js';
import type { StageExecutor } from './types.js';

/** Runs attempts here through runtimes/ (the engine calls runtimes directly when no remote executor is set). */
export const LOCAL_EXECUTOR: StageExecutor = {
  kind: 'local',
  runCommand: (command, ctx) => runCommandAttempt(command, ctx),
  runAgent: (request, ctx) => runAgent(request, ctx),
  close: async () => undefined,
};
