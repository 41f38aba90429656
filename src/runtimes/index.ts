// Stage executors: command stages and agent runtimes, and role -> runtime resolution.
export * from './types.js';
export { runCommandAttempt, outcomeFromProcess } from './command.js';
export { readOutputFile, parseOutputText, OutputFileError } from './outputs.js';
export { resolveRuntime, resolveRuntimeId, describeSource, type ResolvedRuntime } from './resolve.js';
export { runGenericAgent, genericAdapter, type AgentRequest } from './agent/generic.js';
export { lastJsonObject } from './agent/last-json.js';
export { runAgent } from './agent/run-agent.js';
export { adapterFor, nativeAdapterNames, isNativeAdapter } from './agent/registry.js';
export { runAdapterLifecycle, type LifecyclePhase, type LifecycleObserver } from './agent/lifecycle.js';
export type { AgentAdapter, AgentInvocation, AgentSession, AgentVerdict, PrepareContext } from './agent/types.js';
export { codexArgv } from './agent/codex.js';
export { claudeArgv } from './agent/claude-code.js';
export { opencodeArgv } from './agent/opencode.js';
export { hermesArgv } from './agent/hermes.js';
export { findExecutable, type LookupPlace } from './which.js';
export {
  runtimeNeeds,
  missingRuntimes,
  missingRuntimeMessage,
  locateRuntime,
  runtimePathVariable,
  type RuntimeNeed,
  type MissingRuntime,
} from './availability.js';
export { probeVersion, DEFAULT_VERSION_TIMEOUT_MS, type VersionProbe } from './probe.js';
export { attemptLimits, DEFAULT_AGENT_TIMEOUT_MS, DEFAULT_AGENT_IDLE_TIMEOUT_MS, type AttemptLimits } from './limits.js';
export { runtimeVersion } from './version-cache.js';
