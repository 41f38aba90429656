// `viz --format svg|html`: the pipeline's chart laid out by Graphviz (WASM), annotated from the
// run plan, with a run's journal drawn over it. Read-only: never writes to the run it draws.
import type { Stage } from '../model/index.js';
import type { JournalEvent } from '../model/run.js';
import { ruleMatches } from '../engine/gates.js';
import { resolveRuntimeId } from '../runtimes/index.js';
import { readJournal } from '../store/index.js';
import type { ChartInfo, ChartStageInfo } from '../viz/chart/annotations.js';
import type { ChartInput } from '../viz/chart/svg.js';
import { locateRun } from './inspect.js';
import { runPlanOf } from './drive-run.js';
import { preparePipeline, type PreparedPipeline } from './load.js';
import { openProject, resolvePipelineFile, type Project, type ProjectOptions } from './project.js';

export interface ChartOptions extends ProjectOptions {
  pipeline: string;
  /** A run id or `last` (the newest top-level run of `runPipeline`, else of this pipeline). */
  run?: string;
  runPipeline?: string;
}

/** The plan of a pipeline and what charts add to it: resolved runtimes and matching gate rules. */
export function chartInfoOf(project: Project, prepared: PreparedPipeline): ChartInfo {
  const { orchestrator } = project;
  const { pipeline } = prepared;
  const plan = runPlanOf(project, prepared).stages;
  const stages: Record<string, ChartStageInfo> = {};
  const visit = (stage: Stage): void => {
    const runtime = stage.kind === 'agent' ? (resolveRuntimeId(stage, orchestrator)?.id ?? null) : null;
    const rules = orchestrator.gatePolicy.filter((rule) => ruleMatches(rule, stage, runtime ?? undefined));
    stages[stage.id] = { runtime, policyGates: rules.map((rule) => (rule.when ? `${rule.message} (when ${rule.when})` : rule.message)) };
    if (stage.kind === 'parallel') stage.branches.forEach(visit);
  };
  pipeline.stages.forEach(visit);
  return { plan, stages };
}

/** Loads the pipeline and, with `run`, that run's journal: everything a chart is drawn from. */
export function chartInput(options: ChartOptions): ChartInput & { project: Project; pipelineName: string; runDir: string | null } {
  const project = openProject(options, options.pipeline);
  const prepared = preparePipeline(project, resolvePipelineFile(project, options.pipeline));
  const { pipeline, compiled } = prepared;
  const info = chartInfoOf(project, prepared);
  if (!options.run) return { machine: compiled.machine, info, project, pipelineName: pipeline.name, runDir: null };
  const last = options.run === 'last';
  const paths = locateRun({ ...options, runsDir: project.orchestrator.runsDir, run: options.run, pipeline: options.runPipeline ?? (last ? pipeline.name : undefined) });
  const events: JournalEvent[] = readJournal(paths.journal).events;
  return { machine: compiled.machine, info, events, project, pipelineName: pipeline.name, runDir: paths.dir };
}

/** The chart of a pipeline (and run) as an SVG document or a self-contained HTML page. */
export async function vizChart(options: ChartOptions & { format: 'svg' | 'html' }): Promise<string> {
  const input = chartInput(options);
  if (options.format === 'svg') return (await import('../viz/chart/svg.js')).renderChartSvg(input);
  return (await import('../viz/chart/html.js')).renderChartHtml(input, { title: input.pipelineName });
}
