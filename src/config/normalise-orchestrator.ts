// The schema-valid orchestrator.yaml document -> the model Orchestrator (runs dir resolved by the loader).
import type { OrchestratorDocument, Runtime } from '../model/generated/orchestrator-document.js';
import type { GateRule, Orchestrator, RuntimeSpec } from '../model/index.js';
import { durationMs } from './durations.js';
import { normaliseRetry, stringValues } from './normalise-stage.js';
import type { Problem } from './positions.js';

/** Everything of the Orchestrator but where it lives on disk. */
export type OrchestratorSettings = Omit<Orchestrator, 'file' | 'root' | 'runsDir'>;

/** Normalises the document; duration problems are appended to `problems`. */
export function normaliseOrchestrator(doc: OrchestratorDocument, problems: Problem[]): OrchestratorSettings {
  const runtimes: Record<string, RuntimeSpec> = {};
  for (const [id, runtime] of Object.entries(doc.runtimes ?? {})) if (runtime) runtimes[id] = normaliseRuntime(id, runtime, problems);
  const profile = doc.runtime_profile ?? {};
  const settings: OrchestratorSettings = {
    runtimes,
    runtimeProfile: {
      ...(profile.default === undefined ? {} : { default: profile.default }),
      ...(profile.backend_profile === undefined ? {} : { backendProfile: profile.backend_profile }),
      stages: { ...profile.stages },
    },
    gatePolicy: (doc.gate_policy ?? []).map((rule): GateRule => ({
      match: { ...rule.match },
      ...(rule.when === undefined ? {} : { when: rule.when }),
      message: rule.message,
    })),
  };
  if (doc.max_parallel !== undefined) settings.maxParallel = doc.max_parallel;
  if (doc.executor) settings.executor = { ...doc.executor };
  if (doc.retry_policy) settings.retryPolicy = normaliseRetry(doc.retry_policy, ['retry_policy'], { problems });
  return settings;
}

/** One runtime: command split into argv, durations in milliseconds (bad ones become problems). */
function normaliseRuntime(id: string, runtime: Runtime, problems: Problem[]): RuntimeSpec {
  const command = typeof runtime.command === 'string' ? runtime.command.trim().split(/\s+/) : [...runtime.command];
  const spec: RuntimeSpec = { id, adapter: runtime.adapter, command, args: [...(runtime.args ?? [])], env: stringValues(runtime.env) };
  if (runtime.model !== undefined) spec.model = runtime.model;
  if (runtime.profile !== undefined) spec.profile = runtime.profile;
  const timeoutMs = durationMs(runtime.timeout, ['runtimes', id, 'timeout'], { problems });
  if (timeoutMs !== undefined) spec.timeoutMs = timeoutMs;
  const idleTimeoutMs = durationMs(runtime.idle_timeout, ['runtimes', id, 'idle_timeout'], { problems });
  if (idleTimeoutMs !== undefined) spec.idleTimeoutMs = idleTimeoutMs;
  return spec;
}
