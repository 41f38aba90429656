// Finds the project (root, orchestrator.yaml, runs dir) that a command works in.
import { existsSync, readdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { loadOrchestrator } from '../config/index.js';
import type { Orchestrator } from '../model/index.js';

export interface ProjectOptions {
  /** Where to start looking for orchestrator.yaml (default: process.cwd()). */
  cwd?: string;
  /** Use this orchestrator.yaml instead of discovering one. */
  configFile?: string;
  /** Overrides runs_dir (FLOWSTATE_RUNS_DIR also does). */
  runsDir?: string;
  /** Told the project root once it is known, when it is not the current directory (the CLI prints it). */
  onRoot?: (root: string) => void;
}

export interface Project {
  root: string;
  orchestrator: Orchestrator;
  cwd: string;
  /** How a path is shown to the user: relative to cwd when inside it. */
  display(path: string): string;
}

/**
 * Loads the project's orchestrator.yaml (or defaults) and resolves its runs dir. `pipeline` is the
 * pipeline argument of the command: a path to it (not a bare name) anchors the project root when
 * no orchestrator.yaml is found from the current directory.
 */
export function openProject(options: ProjectOptions = {}, pipeline?: string): Project {
  const cwd = resolve(options.cwd ?? process.cwd());
  const pipelineFile = pipeline !== undefined && looksLikePath(pipeline) ? resolve(cwd, pipeline) : undefined;
  const orchestrator = loadOrchestrator({ cwd, configFile: options.configFile, runsDirOverride: options.runsDir, pipelineFile });
  if (orchestrator.root !== cwd) options.onRoot?.(orchestrator.root);
  return { root: orchestrator.root, orchestrator, cwd, display: (path) => displayPath(cwd, path) };
}

/** True when a pipeline argument is a path (has a slash or a YAML extension), not a bare name. */
function looksLikePath(pipeline: string): boolean {
  return /[\\/]|\.ya?ml$/.test(pipeline);
}

/** A path relative to `cwd` when it lies inside it, else absolute. */
export function displayPath(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** Resolves a pipeline argument: a path (relative to cwd) or a bare name: pipelines/NAME.yaml, else pipelines/NAME.yml. */
export function resolvePipelineFile(project: Project, pipeline: string): string {
  if (looksLikePath(pipeline)) return resolve(project.cwd, pipeline);
  const yaml = resolve(project.root, 'pipelines', `${pipeline}.yaml`);
  const yml = resolve(project.root, 'pipelines', `${pipeline}.yml`);
  return !existsSync(yaml) && existsSync(yml) ? yml : yaml;
}

/** Every pipelines/*.yaml and *.yml of the project, sorted. */
export function pipelineDirFiles(root: string): string[] {
  const dir = join(root, 'pipelines');
  try {
    return readdirSync(dir)
      .filter((n) => /\.ya?ml$/.test(n))
      .sort()
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}
