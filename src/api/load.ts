// Loads, validates and compiles a pipeline file for running: every check before anything runs.
import { statSync } from 'node:fs';
import { compilePipeline, type CompiledPipeline } from '../compile/index.js';
import { duplicateNameDiagnostic, loadPipelineFile } from '../config/index.js';
import { NotFoundError, ValidationError, type Diagnostic } from '../errors/index.js';
import type { Pipeline } from '../model/index.js';
import { missingRuntimeMessage, missingRuntimes, runtimeNeeds } from '../runtimes/index.js';
import { pipelineDirFiles, type Project } from './project.js';

export interface PreparedPipeline {
  pipeline: Pipeline;
  compiled: CompiledPipeline;
  /** Every nested pipeline (children, grandchildren...) by absolute file, as loaded and validated with this one. */
  children: Map<string, Pipeline>;
  /** The compiled machine of each nested pipeline, by the same key: what its child runs execute. */
  compiledChildren: Map<string, CompiledPipeline>;
  warnings: Diagnostic[];
}

export interface PrepareOptions {
  /** Refuse (exit 2) when an agent stage's runtime executable is not on PATH: set by `run`, not by `validate`. */
  checkRuntimes?: boolean;
}

/** Loads and compiles a pipeline and its nested children; throws FlowstateErrors only. */
export function preparePipeline(project: Project, file: string, prepare: PrepareOptions = {}): PreparedPipeline {
  if (!isFile(file)) throw new NotFoundError(`${project.display(file)}: no such pipeline file`);
  const loaded = loadPipelineFile(file, { root: project.root, orchestrator: project.orchestrator, displayPath: project.display });
  const clash = duplicateNameDiagnostic(file, loaded.pipeline.name, pipelineDirFiles(project.root), project.display);
  if (clash) throw new ValidationError([clash]);
  if (prepare.checkRuntimes) refuseMissingRuntimes(project, [loaded.pipeline, ...loaded.children.values()]);
  const compiled = compilePipeline(loaded.pipeline);
  const compiledChildren = new Map([...loaded.children].map(([file, child]) => [file, compilePipeline(child)]));
  return { pipeline: loaded.pipeline, compiled, children: loaded.children, compiledChildren, warnings: loaded.warnings };
}

/** A nested pipeline of `parent` ready to run: the very pipeline and machine validated with the parent, never re-read. */
export function preparedChild(parent: PreparedPipeline, file: string): PreparedPipeline | undefined {
  const pipeline = parent.children.get(file);
  const compiled = parent.compiledChildren.get(file);
  if (!pipeline || !compiled) return undefined;
  return { pipeline, compiled, children: parent.children, compiledChildren: parent.compiledChildren, warnings: [] };
}

/** Refuses to run (exit 2) when an agent stage's runtime executable is not on PATH, naming role, runtime and fix. */
function refuseMissingRuntimes(project: Project, pipelines: Pipeline[]): void {
  const missing = missingRuntimes(runtimeNeeds(pipelines, project.orchestrator), project.orchestrator, project.root);
  if (missing.length === 0) return;
  throw new ValidationError(
    missing.map((m) => ({ file: project.display(m.loc.file), line: m.loc.line, col: m.loc.col, message: missingRuntimeMessage(m), severity: 'error' as const })),
  );
}

/** True when the path is an existing regular file. */
function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
