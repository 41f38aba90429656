// validate / compile / viz: load pipelines, report every problem, write or draw their machines.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isFlowstateError, ValidationError, type Diagnostic } from '../errors/index.js';
import { writeFileAtomic } from '../store/index.js';
import { overlayOf, renderMachine, type RunOverlay, type VizFormat } from '../viz/index.js';
import { preparePipeline } from './load.js';
import { openProject, pipelineDirFiles, resolvePipelineFile, type Project, type ProjectOptions } from './project.js';
import { runStatus } from './inspect.js';
import { chartInfoOf } from './viz-chart.js';

export type { VizFormat } from '../viz/index.js';

export interface ValidateResult {
  file: string;
  name: string | null;
  ok: boolean;
  diagnostics: Diagnostic[];
}

/** The pipeline files a command works on: the ones given, else every pipelines/*.yaml of the project. */
export function pipelineFiles(project: Project, files?: string[]): string[] {
  if (files && files.length > 0) return files.map((f) => resolvePipelineFile(project, f));
  return pipelineDirFiles(project.root);
}

/** Validates each file completely; never throws for a bad pipeline (its diagnostics say why). */
export function validatePipelines(options: ProjectOptions & { files?: string[] }): ValidateResult[] {
  const project = openProject(options, options.files?.[0]);
  return pipelineFiles(project, options.files).map((file) => validateOne(project, file));
}

/** Loads and compiles one file, turning FlowstateErrors into diagnostics. */
function validateOne(project: Project, file: string): ValidateResult {
  const shown = project.display(file);
  try {
    const prepared = preparePipeline(project, file);
    return { file: shown, name: prepared.pipeline.name, ok: true, diagnostics: prepared.warnings };
  } catch (error) {
    if (error instanceof ValidationError) return { file: shown, name: null, ok: false, diagnostics: error.diagnostics };
    if (!isFlowstateError(error)) throw error;
    return { file: shown, name: null, ok: false, diagnostics: [{ file: shown, line: 1, col: 1, message: error.message, severity: 'error' }] };
  }
}

/** Compiles pipelines into `<out>/<name>.json` (the MachineConfig), `<name>.mmd` and `<name>.svg` (the chart). */
export async function compileToDir(options: ProjectOptions & { files?: string[]; out?: string }): Promise<string[]> {
  const project = openProject(options, options.files?.[0]);
  const out = resolve(project.cwd, options.out ?? join(project.root, 'machines'));
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const failures: Diagnostic[] = [];
  for (const file of pipelineFiles(project, options.files)) {
    try {
      const prepared = preparePipeline(project, file);
      const { pipeline, compiled } = prepared;
      const base = join(out, pipeline.name);
      const { renderChartSvg } = await import('../viz/chart/svg.js');
      const svg = await renderChartSvg({ machine: compiled.machine, info: chartInfoOf(project, prepared) });
      writeFileAtomic(`${base}.json`, `${JSON.stringify(compiled.machine, null, 2)}\n`);
      writeFileAtomic(`${base}.mmd`, renderMachine('mermaid', compiled.machine));
      writeFileAtomic(`${base}.svg`, svg);
      written.push(`${base}.json`, `${base}.mmd`, `${base}.svg`);
    } catch (error) {
      if (error instanceof ValidationError) failures.push(...error.diagnostics);
      else throw error;
    }
  }
  if (failures.some((d) => d.severity === 'error')) throw new ValidationError(failures);
  return written.map((f) => project.display(f));
}

/** Draws a pipeline's machine; with `run`, coloured by that run's stage statuses (`last`: the newest top-level run of `runPipeline`, else of this pipeline). */
export function vizPipeline(options: ProjectOptions & { pipeline: string; format: VizFormat; run?: string; runPipeline?: string }): string {
  const project = openProject(options, options.pipeline);
  const { pipeline, compiled } = preparePipeline(project, resolvePipelineFile(project, options.pipeline));
  let overlay: RunOverlay | undefined;
  if (options.run) {
    const last = options.run === 'last';
    const view = runStatus({ ...options, runsDir: project.orchestrator.runsDir, run: options.run, pipeline: options.runPipeline ?? (last ? pipeline.name : undefined) });
    overlay = overlayOf(view.view, Date.now());
  }
  return renderMachine(options.format, compiled.machine, overlay);
}
