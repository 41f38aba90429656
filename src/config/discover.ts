// Finds the project root: the nearest directory, walking up, that holds orchestrator.yaml.
import { statSync } from 'node:fs';
import path from 'node:path';

export const CONFIG_FILE_NAME = 'orchestrator.yaml';

/** The project root and its orchestrator.yaml; without one anywhere above, `cwd` and null. */
export function findProjectRoot(cwd: string): { root: string; configFile: string | null } {
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return { root: dir, configFile: candidate };
    if (path.dirname(dir) === dir) return { root: start, configFile: null };
  }
}

/**
 * The project root of a pipeline file when no orchestrator.yaml was found from the current
 * directory: the nearest orchestrator.yaml above the file, else the parent of the `pipelines/`
 * folder holding it, else the file's folder.
 */
export function pipelineProjectRoot(file: string): { root: string; configFile: string | null } {
  const dir = path.dirname(path.resolve(file));
  const found = findProjectRoot(dir);
  if (found.configFile !== null) return found;
  return { root: path.basename(dir) === 'pipelines' ? path.dirname(dir) : dir, configFile: null };
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
