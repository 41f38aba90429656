// The chart as an SVG document: the machine laid out by Graphviz, annotated from the plan and,
// with a journal, the run drawn over it as it stands after the last event.
import type { MachineJson } from '../../compile/machine-json.js';
import type { JournalEvent } from '../../model/run.js';
import { buildGraph, type VizGraph } from '../graph.js';
import type { ChartInfo } from './annotations.js';
import { chartDot } from './dot.js';
import { layoutSvg } from './graphviz.js';
import { layeredSvg } from './layered.js';
import { mergeFrames, timelineOf, type FrameDiff } from './timeline.js';

export interface ChartInput {
  machine: MachineJson;
  info?: ChartInfo;
  /** The run's journal (masked as stored); omitted: the chart without a run. */
  events?: readonly JournalEvent[];
}

/** A chart's graph and, with events, every frame of its run. */
export interface PreparedChart {
  graph: VizGraph;
  frames: FrameDiff[] | null;
}

/** Builds the graph and the run's frames once, for the SVG and the HTML page alike. */
export function prepareChart(input: ChartInput): PreparedChart {
  const graph = buildGraph(input.machine);
  return { graph, frames: input.events ? timelineOf(graph, input.events) : null };
}

/**
 * Above this many states Graphviz's layout time grows much worse than linearly (bench: 150
 * stages take seconds, 1,000 stages minutes), so the chart falls back to the layered layout.
 */
export const GRAPHVIZ_MAX_STATES = 120;

/** Lays out a prepared chart; `reserve` keeps room for overlay lines the page repaints. */
export async function layoutChart(input: ChartInput, chart: PreparedChart, reserve: boolean): Promise<string> {
  const overlay = chart.frames ? mergeFrames(chart.frames) : undefined;
  const options = { info: input.info, overlay, reserve };
  if (chart.graph.nodes.length > GRAPHVIZ_MAX_STATES) return layeredSvg(chart.graph, options);
  return layoutSvg(chartDot(chart.graph, options));
}

/** The SVG document of a chart (same input, same bytes). */
export async function renderChartSvg(input: ChartInput): Promise<string> {
  return layoutChart(input, prepareChart(input), false);
}
