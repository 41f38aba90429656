// What the run overlay draws on each state and edge, computed from a RunView (the one fold):
// the status line (status, attempts, duration or skip reason), the numbered path steps with
// visit numbers, the current state, and the steps and reason of each taken route.
import { cellParent } from '../../model/fanout.js';
import type { RunView, StageView } from '../../model/run-view.js';
import type { VizGraph } from '../graph.js';
import { clip, formatDuration } from './annotations.js';

/** The overlay of one state: `status` picks the colours. */
export interface StateOverlay {
  status: string;
  line: string;
  steps: string;
  current: boolean;
}

/** Final states a top-level route target ends in. */
export const TERMINAL_OF_TARGET: Readonly<Record<string, string>> = { end: 'succeeded', fail: 'failed', needs_review: 'needs_review' };

/** Where a chart draws stages and route targets: node ids by stage id, edge indexes by route. */
export interface ChartIndex {
  stageNode: Map<string, string>;
  /** Top-level final states (succeeded, failed, needs_review) by node id. */
  terminals: Set<string>;
  edgeByRoute: Map<string, number>;
}

/** The key of a route decision (`from`, `to`, `why`). */
export function routeKey(from: string, to: string, why?: string): string {
  return why === undefined ? `${from}\u0000${to}` : `${from}\u0000${to}\u0000${why}`;
}

/** Indexes a graph: which node draws each stage and which edge each routing decision. */
export function chartIndex(graph: VizGraph): ChartIndex {
  const stageNode = new Map<string, string>();
  for (const node of graph.nodes) if (node.meta && !stageNode.has(node.key)) stageNode.set(node.key, node.id);
  const terminals = new Set(graph.roots.filter((n) => n.type === 'final').map((n) => n.id));
  const edgeByRoute = new Map<string, number>();
  graph.edges.forEach((edge, index) => {
    if (!edge.route) return;
    const exact = routeKey(edge.route.from, edge.route.to, edge.route.why);
    const loose = routeKey(edge.route.from, edge.route.to);
    if (!edgeByRoute.has(exact)) edgeByRoute.set(exact, index);
    if (!edgeByRoute.has(loose)) edgeByRoute.set(loose, index);
  });
  return { stageNode, terminals, edgeByRoute };
}

/** The edge a route decision was taken along, if the chart draws it. */
export function edgeOfRoute(index: ChartIndex, from: string, to: string, why: string): number | undefined {
  return index.edgeByRoute.get(routeKey(from, to, why)) ?? index.edgeByRoute.get(routeKey(from, to));
}

/** The status line of a stage, e.g. `failed · exit 1 · 2 attempts · 1.2s` or `skipped: if_false`. */
export function statusLine(stage: StageView): string {
  const status = stage.status.replace('_', ' ');
  const parts: string[] = [status];
  if (stage.status === 'skipped' || stage.reused_from !== undefined) return clip(stage.reason ? `${status}: ${stage.reason}` : status, 44);
  if (stage.status === 'running' && stage.attempts > 1) parts.push(`attempt ${stage.attempts}`);
  if (stage.exit_code !== null && stage.exit_code !== 0) parts.push(`exit ${stage.exit_code}`);
  if (stage.signal) parts.push(stage.signal);
  if (stage.status !== 'running' && stage.attempts > 1) parts.push(`${stage.attempts} attempts`);
  if (stage.total_ms > 0) parts.push(formatDuration(stage.total_ms));
  return parts.join(' · ');
}

/** The path steps of a stage: `#1 #3 (visit 2)`. */
export function stepsText(steps: ReadonlyArray<{ step: number; visit: number }>): string {
  return steps.map((s) => (s.visit > 1 ? `#${s.step} (visit ${s.visit})` : `#${s.step}`)).join(' ');
}

/** True when the run is at this stage now: its position, or running, or at a gate. */
export function isCurrentStage(view: RunView, stage: StageView): boolean {
  if (stage.status === 'running' || stage.status === 'awaiting_approval') return true;
  return view.finished_at === null && view.position === stage.id && stage.status !== 'pending';
}

/** The per-cell tally of a fanned-out stage, e.g. `4/6 cells ok, 1 failed, 1 running`; null when it has no cells. */
export function cellTally(view: RunView, stageId: string): string | null {
  let total = 0;
  const count = { ok: 0, failed: 0, running: 0 };
  for (const cell of Object.values(view.stages)) {
    if (cellParent(cell.id) !== stageId) continue;
    total++;
    if (cell.status === 'succeeded') count.ok++;
    else if (cell.status === 'failed' || cell.status === 'timed_out' || cell.status === 'cancelled') count.failed++;
    else if (cell.status === 'running' || cell.status === 'awaiting_approval') count.running++;
  }
  if (total === 0) return null;
  return [`${count.ok}/${total} cells ok`, ...(count.failed > 0 ? [`${count.failed} failed`] : []), ...(count.running > 0 ? [`${count.running} running`] : [])].join(', ');
}

/** The overlay of a stage's state from the view and its path steps (a fanned-out stage shows its cells' tally). */
export function stageOverlay(view: RunView, stage: StageView, steps: ReadonlyArray<{ step: number; visit: number }>): StateOverlay {
  const cells = cellTally(view, stage.id);
  const line = cells === null ? statusLine(stage) : `${stage.status.replace('_', ' ')} · ${cells}`;
  return { status: stage.status, line, steps: stepsText(steps), current: isCurrentStage(view, stage) };
}

/** The overlay of a top-level final state: coloured when the run ended there. */
export function terminalOverlay(view: RunView, id: string): StateOverlay {
  const reached = view.position === id;
  return { status: reached ? id : 'pending', line: reached ? `run ${view.status ?? id}` : '', steps: '', current: reached };
}
