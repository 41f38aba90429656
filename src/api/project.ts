// Finds the project (root, orchestrator.yaml, runs dir) that a command works in.
import { isAbsolute, relative, resolve } from 'node:path';
import { loadOrchestrator } from '../config/index.js';
import type { Orchestrator } from '../model/index.js';

export interface ProjectOptions {
  /** Where to start looking for orchestrator.yaml (default: process.cwd()). */
  cwd?: string;
  /** Use this orchestrator.yaml instead of discovering one. */
  configFile?: string;
  /** Overrides runs_dir (FLOWSTATE_RUNS_DIR also does). */
  runsDir?: string;
}

export interface Project {
  root: string;
  orchestrator: Orchestrator;
  cwd: string;
  /** How a path is shown to the user: relative to cwd when inside it. */
  display(path: string): string;
}

/** Loads the project's orchestrator.yaml (or defaults) and resolves its runs dir. */
export function openProject(options: ProjectOptions = {}): Project {
  const cwd = resolve(options.cwd ?? process.cwd());
  const orchestrator = loadOrchestrator({ cwd, configFile: options.configFile, runsDirOverride: options.runsDir });
  return { root: orchestrator.root, orchestrator, cwd, display: (path) => displayPath(cwd, path) };
}

/** A path relative to `cwd` when it lies inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Resolves a pipeline argument: a path (relative to cwd) or a bare name found in pipelines/. */
export function resolvePipelineFile(project: Project, pipeline: string): string {
  if (/[\\/]|\.ya?ml$/.test(pipeline)) return resolve(project.cwd, pipeline);
  return resolve(project.root, 'pipelines', `${pipeline}.yaml`);
}
