// Nested pipeline stages: each runs as a child run of its parent. The child runs the pipeline
// its parent loaded and validated (never a second read of the file). How a child starts or
// resumes is handed in (NestedRuns), so this module imports neither start-run nor resume-run.
import { existsSync } from 'node:fs';
import type { ChildRunRequest, ChildRunResult } from '../engine/index.js';
import { readJournal, readManifest, runPaths, type RunPaths } from '../store/index.js';
import { mergedOutputs, type DriveOptions } from './drive-run.js';
import { preparedChild, type PreparedPipeline } from './load.js';
import type { Project } from './project.js';
import type { InputValues, NestedRuns, RunResult } from './run-types.js';

/**
 * Runs a nested pipeline stage as a child run whose parent_run is this run. A child run of the
 * requested id that already exists (the parent was resumed) is continued in place: its
 * completed stages are kept, and a child that had already ended gives its recorded result.
 */
export async function runChild(
  nested: NestedRuns,
  project: Project,
  parent: PreparedPipeline,
  parentRun: string,
  request: ChildRunRequest,
  options: DriveOptions,
  secrets: readonly string[],
): Promise<ChildRunResult> {
  const prepared = preparedChild(parent, request.file);
  if (!prepared) throw new Error(`internal: nested pipeline ${request.file} was not loaded`);
  const existing = runPaths(project.orchestrator.runsDir, prepared.pipeline.name, request.runId);
  const common = {
    inputs: request.inputs,
    signal: request.signal,
    killGraceMs: options.killGraceMs,
    maxParallel: options.maxParallel,
    env: options.env,
    force: options.force,
    stageExecutor: options.stageExecutor,
    inheritedSecrets: secrets,
  };
  const result = existsSync(existing.journal)
    ? await continueChild(nested, project, prepared, existing, common)
    : await nested.start(nested, project, prepared, { ...common, runId: request.runId, parentRun, parentStage: request.parentStage });
  return { runId: result.run_id, status: result.status, reason: result.reason, outputs: mergedOutputs(result.manifest) };
}

/** The recorded result of a child run that had ended, else the child resumed in place (its processes were killed with the root's). */
async function continueChild(
  nested: NestedRuns,
  project: Project,
  prepared: PreparedPipeline,
  paths: RunPaths,
  options: DriveOptions & { inputs: InputValues },
): Promise<RunResult> {
  const ended = readJournal(paths.journal).events.find((e) => e.type === 'run.finished');
  if (ended?.type === 'run.finished' && ended.status !== 'cancelled') {
    const manifest = readManifest(paths);
    return { run_id: manifest.run_id, status: ended.status, reason: ended.reason, run_dir: paths.dir, manifest };
  }
  return nested.resume(project, paths, { ...options, force: options.force }, { prepared, killLeftovers: false });
}
