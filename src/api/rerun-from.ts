// rerunFrom: a new run of an earlier run's pipeline that starts at a chosen stage, with the same
// inputs and parent_run = the earlier run: `flowstate run P --from STAGE` for that run.
import { resolve } from 'node:path';
import { runStatus, type RunSelector } from './inspect.js';
import { openProject } from './project.js';
import { runPipeline, type InputValues, type RunOptions, type RunResult } from './run-pipeline.js';
import { refuseMaskedInputs } from './stored-inputs.js';

export interface RerunOptions extends RunSelector, Pick<RunOptions, 'signal' | 'onStart' | 'onEvent' | 'onStageLine' | 'killGraceMs' | 'wait'> {
  /** The stage the new run starts at. */
  from: string;
  /** Inputs to change (secret inputs must be given again). */
  inputs?: InputValues;
}

/** Starts the new run and resolves with its result. */
export async function rerunFrom(options: RerunOptions): Promise<RunResult> {
  const view = runStatus(options);
  const m = view.manifest;
  refuseMaskedInputs(m.inputs, options.inputs ?? {}, m.run_id, 're-run');
  const stored = Object.fromEntries(Object.entries(m.inputs).map(([k, v]) => [k, String(v)]));
  const project = openProject(options);
  const { run: _run, last: _last, pipeline: _name, ...rest } = options;
  return runPipeline({ ...rest, pipeline: resolve(project.root, m.pipeline.file), inputs: { ...stored, ...options.inputs }, parentRun: m.run_id });
}
