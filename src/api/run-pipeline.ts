// runPipeline: the library entry point behind `flowstate run`. Validates, records, executes.
import { selectStages } from '../engine/index.js';
import { withExecutor } from './executor-choice.js';
import { preparePipeline, type PreparedPipeline } from './load.js';
import { openProject, resolvePipelineFile, type Project } from './project.js';
import { NESTED_RUNS } from './resume-run.js';
import { reuseForSelection } from './reuse-outputs.js';
import type { RunOptions, RunResult } from './run-types.js';
import { startRun } from './start-run.js';

export type { InputValues, RunOptions, RunResult } from './run-types.js';

/** Validates and runs a pipeline to its end; throws FlowstateError before anything runs on bad input. */
export async function runPipeline(options: RunOptions): Promise<RunResult> {
  const project = openProject(options, options.pipeline);
  const prepared = preparePipeline(project, resolvePipelineFile(project, options.pipeline), { checkRuntimes: true });
  return withExecutor(project, options, (scope) => runPrepared(project, prepared, { ...options, ...scope }));
}

/** Runs an already loaded pipeline as a new run (watch mode keeps the last good version loaded). */
export async function runPrepared(project: Project, prepared: PreparedPipeline, options: Omit<RunOptions, 'pipeline'>): Promise<RunResult> {
  const selection = selectStages(prepared.pipeline, { target: options.target, from: options.from });
  for (const id of options.keep ?? []) selection?.delete(id);
  const reuse = selection ? reuseForSelection(project.orchestrator.runsDir, prepared.pipeline, selection, options.reuse) : options.reuse;
  return startRun(NESTED_RUNS, project, prepared, { ...options, reuse, inputs: options.inputs ?? {}, parentRun: options.parentRun ?? null, selection });
}
