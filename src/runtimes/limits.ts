// The time limits of an attempt: overall timeout and idle timeout (no output), with the
// built-in defaults that keep an agent stage from ever hanging a run.
import type { PipelineDefaults, RuntimeSpec, Stage } from '../model/index.js';

/** Overall timeout of an agent attempt when nothing sets one (60 minutes). */
export const DEFAULT_AGENT_TIMEOUT_MS = 60 * 60_000;
/** Idle timeout of an agent attempt when nothing sets one (10 minutes without an output line). */
export const DEFAULT_AGENT_IDLE_TIMEOUT_MS = 10 * 60_000;

/** The limits of one attempt; undefined means none. */
export interface AttemptLimits {
  timeoutMs?: number;
  idleTimeoutMs?: number;
}

/**
 * stage > pipeline `defaults` > (agent stages) the runtime's own setting > (agent stages) the
 * built-in default; command stages have no limit unless one is set.
 */
export function attemptLimits(stage: Stage, defaults: PipelineDefaults, runtime?: RuntimeSpec): AttemptLimits {
  const agent = stage.kind === 'agent';
  const timeoutMs = stage.timeoutMs ?? defaults.timeoutMs ?? (agent ? (runtime?.timeoutMs ?? DEFAULT_AGENT_TIMEOUT_MS) : undefined);
  const idleTimeoutMs = stage.idleTimeoutMs ?? defaults.idleTimeoutMs ?? (agent ? (runtime?.idleTimeoutMs ?? DEFAULT_AGENT_IDLE_TIMEOUT_MS) : undefined);
  return {
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(idleTimeoutMs === undefined ? {} : { idleTimeoutMs }),
  };
}
