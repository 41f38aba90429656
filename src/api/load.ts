// Loads, validates and compiles a pipeline file for running: every check before anything runs.
import { statSync } from 'node:fs';
import { compilePipeline, type CompiledPipeline } from '../compile/index.js';
import { loadPipelineFile } from '../config/index.js';
import { NotFoundError, UnsupportedError, type Diagnostic } from '../errors/index.js';
import { allStages, type Pipeline } from '../model/index.js';
import { resolveRuntimeId } from '../runtimes/index.js';
import type { Project } from './project.js';

export interface PreparedPipeline {
  pipeline: Pipeline;
  compiled: CompiledPipeline;
  children: Map<string, Pipeline>;
  warnings: Diagnostic[];
}

/** Loads and compiles a pipeline and its nested children; throws FlowstateErrors only. */
export function preparePipeline(project: Project, file: string): PreparedPipeline {
  if (!isFile(file)) throw new NotFoundError(`${project.display(file)}: no such pipeline file`);
  const loaded = loadPipelineFile(file, { root: project.root, orchestrator: project.orchestrator, displayPath: project.display });
  for (const pipeline of [loaded.pipeline, ...loaded.children.values()]) refuseGatePolicy(project, pipeline);
  const compiled = compilePipeline(loaded.pipeline);
  for (const child of loaded.children.values()) compilePipeline(child);
  return { pipeline: loaded.pipeline, compiled, children: loaded.children, warnings: loaded.warnings };
}

/** gate_policy rules that would gate a stage are refused until approval gates exist. */
function refuseGatePolicy(project: Project, pipeline: Pipeline): void {
  for (const rule of project.orchestrator.gatePolicy) {
    for (const stage of allStages(pipeline)) {
      if (rule.match.stage && rule.match.stage !== stage.id) continue;
      if (rule.match.role && (stage.kind !== 'agent' || stage.agent.role !== rule.match.role)) continue;
      if (rule.match.runtime) {
        if (stage.kind !== 'agent') continue;
        if (resolveRuntimeId(stage, project.orchestrator)?.id !== rule.match.runtime) continue;
      }
      throw new UnsupportedError(
        `${project.display(project.orchestrator.file ?? 'orchestrator.yaml')}: gate_policy rule "${rule.message}" ` +
          `matches stage \`${stage.id}\` of ${pipeline.name}; approval gates are not supported yet, remove the rule to run`,
      );
    }
  }
}

/** True when the path is an existing regular file. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
