// Which runtimes the agent stages of pipelines need, and which of them cannot be started
// because their executable is not on PATH (`flowstate run` refuses to start; doctor reports).
import { allStages, type Orchestrator, type Pipeline, type RuntimeSource, type RuntimeSpec, type SourceLocation } from '../model/index.js';
import { describeSource, resolveRuntimeId } from './resolve.js';
import { findExecutable } from './which.js';

/** One agent stage and the runtime it resolves to. */
export interface RuntimeNeed {
  pipeline: string;
  stage: string;
  role: string;
  runtimeId: string;
  source: RuntimeSource;
  loc: SourceLocation;
}

/** A need whose runtime's executable was not found. */
export interface MissingRuntime extends RuntimeNeed {
  executable: string;
  runtime: RuntimeSpec;
}

/** Every agent stage of the pipelines with its resolved runtime (stages no runtime serves are left out). */
export function runtimeNeeds(pipelines: readonly Pipeline[], orch: Orchestrator): RuntimeNeed[] {
  const needs: RuntimeNeed[] = [];
  for (const pipeline of pipelines) {
    for (const stage of allStages(pipeline)) {
      if (stage.kind !== 'agent') continue;
      const choice = resolveRuntimeId(stage, orch);
      if (choice === undefined) continue;
      needs.push({ pipeline: pipeline.name, stage: stage.id, role: stage.agent.role, runtimeId: choice.id, source: choice.source, loc: stage.loc });
    }
  }
  return needs;
}

/** The PATH a runtime's process will search: its own env's PATH, else the runner's. */
export function runtimePathVariable(runtime: RuntimeSpec): string | undefined {
  return Object.hasOwn(runtime.env, 'PATH') ? runtime.env.PATH : process.env.PATH;
}

/** The absolute path of a runtime's executable, or null when it cannot be found. */
export function locateRuntime(runtime: RuntimeSpec, root: string): string | null {
  return findExecutable(runtime.command[0] ?? '', { pathVariable: runtimePathVariable(runtime), cwd: root });
}

/** The needs whose runtime is defined but whose executable is not found (undefined runtimes are config errors). */
export function missingRuntimes(needs: readonly RuntimeNeed[], orch: Orchestrator, root: string): MissingRuntime[] {
  const found = new Map<string, boolean>();
  const missing: MissingRuntime[] = [];
  for (const need of needs) {
    const runtime = Object.hasOwn(orch.runtimes, need.runtimeId) ? orch.runtimes[need.runtimeId] : undefined;
    if (runtime === undefined) continue;
    if (!found.has(runtime.id)) found.set(runtime.id, locateRuntime(runtime, root) !== null);
    if (found.get(runtime.id) === false) missing.push({ ...need, executable: runtime.command[0] ?? '', runtime });
  }
  return missing;
}

/** The message `flowstate run` prints for a stage whose runtime is missing: role, runtime and the fix. */
export function missingRuntimeMessage(missing: MissingRuntime): string {
  return (
    `stage \`${missing.stage}\` (role \`${missing.role}\`) needs runtime \`${missing.runtimeId}\` ` +
    `(adapter ${missing.runtime.adapter}, chosen by ${describeSource(missing.source, missing.role)}), ` +
    `but its executable \`${missing.executable}\` is not on PATH. Fix: install it or add its directory to PATH, ` +
    `or map role \`${missing.role}\` to another runtime in orchestrator.yaml (\`flowstate doctor\` shows the table)`
  );
}
