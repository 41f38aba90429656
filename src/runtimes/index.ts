// Stage executors: command stages and agent runtimes, and role -> runtime resolution.
export * from './types.js';
export { runCommandAttempt, outcomeFromProcess } from './command.js';
export { readOutputFile, parseOutputText } from './outputs.js';
export { resolveRuntime, resolveRuntimeId, type ResolvedRuntime } from './resolve.js';
export { runGenericAgent, type AgentRequest } from './agent/generic.js';
export { lastJsonObject } from './agent/last-json.js';
export { runAgent } from './agent/run-agent.js';
