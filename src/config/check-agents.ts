// Agent stages: exactly one of prompt/prompt_file, the prompt file exists, a runtime serves the role.
import { statSync } from 'node:fs';
import path from 'node:path';
import { resolveRuntimeId, type AgentStage } from '../model/index.js';
import type { CheckContext } from './check-context.js';
import { didYouMean } from './did-you-mean.js';
import type { StageEntry } from './normalise-stage.js';
import type { Problem } from './positions.js';

/** Problems of every agent stage (branches included). */
export function checkAgents(ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  for (const entry of ctx.entries) {
    if (entry.stage.kind !== 'agent' || ctx.brokenStages.has(entry.id)) continue;
    problems.push(...promptProblems(entry, entry.stage, ctx.root));
    if (ctx.orchestrator) problems.push(...runtimeProblems(entry, entry.stage, ctx));
  }
  return problems;
}

function promptProblems(entry: StageEntry, stage: AgentStage, root: string): Problem[] {
  const agentPath = [...entry.path, 'agent'];
  const { prompt, promptFile } = stage.agent;
  if (prompt !== undefined && promptFile !== undefined) {
    return [{ path: [...agentPath, 'prompt_file'], at: 'key', message: 'an agent needs exactly one of `prompt` or `prompt_file`, found both' }];
  }
  if (prompt === undefined && promptFile === undefined) {
    return [{ path: agentPath, at: 'key', message: 'an agent needs exactly one of `prompt` or `prompt_file`, found neither' }];
  }
  if (promptFile !== undefined && !isFile(path.resolve(root, promptFile))) {
    return [
      {
        path: [...agentPath, 'prompt_file'],
        at: 'value',
        message: `prompt file \`${promptFile}\` not found (paths are relative to the project root)`,
      },
    ];
  }
  return [];
}

function runtimeProblems(entry: StageEntry, stage: AgentStage, ctx: CheckContext): Problem[] {
  const orchestrator = ctx.orchestrator;
  if (!orchestrator) return [];
  const runtimes = Object.keys(orchestrator.runtimes);
  const configName = 'orchestrator.yaml';
  if (stage.agent.runtime !== undefined && !Object.hasOwn(orchestrator.runtimes, stage.agent.runtime)) {
    const known = runtimes.length > 0 ? `runtimes: ${runtimes.join(', ')}` : `${configName} defines no runtimes`;
    return [
      {
        path: [...entry.path, 'agent', 'runtime'],
        at: 'value',
        message: `unknown runtime \`${stage.agent.runtime}\`${didYouMean(stage.agent.runtime, runtimes)} (${known})`,
      },
    ];
  }
  const resolved = resolveRuntimeId(stage, orchestrator);
  if (resolved && Object.hasOwn(orchestrator.runtimes, resolved.id)) return [];
  const role = stage.agent.role;
  const problem = resolved ? `agent role \`${role}\` maps to runtime \`${resolved.id}\`, which ${configName} does not define` : `no runtime serves agent role \`${role}\``;
  return [
    {
      path: [...entry.path, 'agent', 'role'],
      at: 'value',
      message: `${problem}: set \`runtime_profile.stages.${role}\` or \`runtime_profile.default\` in ${configName}, or \`agent.runtime\` on the stage`,
    },
  ];
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
