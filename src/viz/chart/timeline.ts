// The run as a sequence of frames: frame k is the overlay after the first k journal events,
// folded with the one run view (applyRunEvent) and stored as a diff of what changed, so the
// HTML slider can step through a finished run and `--serve` can send each new event's frame.
import { cellParent } from '../../model/fanout.js';
import { applyRunEvent, emptyRunView } from '../../model/run-view-fold.js';
import { placementText, type RunView, type StageView } from '../../model/run-view.js';
import type { JournalEvent, Outputs, Usage } from '../../model/run.js';
import type { VizGraph } from '../graph.js';
import { chartIndex, edgeOfRoute, stageOverlay, terminalOverlay, TERMINAL_OF_TARGET, type ChartIndex, type StateOverlay } from './overlay.js';

/** One finished attempt of a stage, for the details panel. */
export interface AttemptRow {
  attempt: number;
  status: string;
  exit_code: number | null;
  signal: string | null;
  duration_ms: number;
  reason: string | null;
}

/** What the details panel shows about a stage (outputs and tails are masked in the journal). */
export interface StagePanel {
  id: string;
  status: string;
  reason: string | null;
  visits: number;
  attempts: AttemptRow[];
  runtime_id: string | null;
  runtime_version: string | null;
  outputs: Outputs;
  tail: string[] | null;
  usage: Usage | null;
  log: string | null;
  run_reason: string | null;
  gate: { message: string; decision: string | null } | null;
  started_at: string | null;
  finished_at: string | null;
  child_run: string | null;
  /** The remote worker of the latest attempt (docs/scale-out.md); null when it ran locally. */
  ran_on: string | null;
}

/** The run as of a frame, and the event that made the frame. */
export interface RunHeader {
  run_id: string | null;
  status: string | null;
  status_reason: string | null;
  position: string | null;
  seq: number;
  ts: string | null;
  event: string;
}

/** The changes one event makes (frame 0: the chart before any event). */
export interface FrameDiff {
  run: RunHeader;
  states: Record<string, StateOverlay>;
  edges: Record<string, string>;
  panels: Record<string, StagePanel>;
}

/** Folds events one at a time, giving each event's frame diff; reusable for a live run. */
export class TimelineBuilder {
  readonly view: RunView = emptyRunView();
  private readonly index: ChartIndex;
  private readonly steps = new Map<string, Array<{ step: number; visit: number }>>();
  private readonly attempts = new Map<string, AttemptRow[]>();
  private readonly edgeTakes = new Map<number, string[]>();
  /** Routes into a stage whose path step is not known yet (the step that follows names it). */
  private pending: Array<{ edge: number; to: string; take: number }> = [];
  private readonly shown = new Map<string, string>();

  constructor(graph: VizGraph) {
    this.index = chartIndex(graph);
  }

  /** Frame 0: every stage pending, nothing taken. */
  initial(): FrameDiff {
    const diff = this.emptyDiff('(before the run)');
    for (const id of this.index.stageNode.keys()) this.putState(diff, id, { status: 'pending', line: 'pending', steps: '', current: false });
    for (const id of this.index.terminals) this.putState(diff, id, terminalOverlay(this.view, id));
    return diff;
  }

  /** Folds one event and returns what it changed. */
  apply(event: JournalEvent): FrameDiff {
    const before = { position: this.view.position, pathLength: this.view.path.length };
    applyRunEvent(this.view, event);
    const diff = this.emptyDiff('stage' in event ? `${event.type} ${event.stage}` : event.type);
    const touched = new Set<string>();
    if ('stage' in event) {
      touched.add(event.stage);
      const owner = cellParent(event.stage); // a cell's event changes its stage's tally
      if (owner !== undefined) touched.add(owner);
    }
    if (event.type === 'run.started' || event.type === 'run.resumed' || event.type === 'run.finished') {
      for (const id of Object.keys(this.view.stages)) touched.add(id);
    }
    if (event.type === 'stage.finished') this.recordAttempt(event);
    this.view.path.slice(before.pathLength).forEach((step, k) => this.addStep(diff, step.stage, step.visit, before.pathLength + k + 1));
    if (event.type === 'route.decided') this.takeRoute(diff, event.from, event.to, event.why);
    for (const position of [before.position, this.view.position]) if (position !== null) touched.add(position);
    for (const id of touched) this.refresh(diff, id);
    return diff;
  }

  private emptyDiff(event: string): FrameDiff {
    const v = this.view;
    const run: RunHeader = { run_id: v.run_id, status: v.status, status_reason: v.status_reason, position: v.position, seq: v.last_seq, ts: v.updated_at, event };
    return { run, states: {}, edges: {}, panels: {} };
  }

  /** Puts a state's overlay in the diff when it differs from what was last shown. */
  private putState(diff: FrameDiff, nodeId: string, overlay: StateOverlay): void {
    const text = JSON.stringify(overlay);
    if (this.shown.get(`s:${nodeId}`) === text) return;
    this.shown.set(`s:${nodeId}`, text);
    diff.states[nodeId] = overlay;
  }

  private refresh(diff: FrameDiff, id: string): void {
    if (this.index.terminals.has(id)) {
      this.putState(diff, id, terminalOverlay(this.view, id));
      return;
    }
    const stage = Object.hasOwn(this.view.stages, id) ? this.view.stages[id] : undefined;
    if (!stage) return;
    const node = this.index.stageNode.get(id);
    if (node !== undefined) this.putState(diff, node, stageOverlay(this.view, stage, this.steps.get(id) ?? []));
    const panel = panelOf(stage, this.attempts.get(id) ?? []);
    const text = JSON.stringify(panel);
    if (this.shown.get(`p:${id}`) !== text) {
      this.shown.set(`p:${id}`, text);
      diff.panels[id] = panel;
    }
  }

  private recordAttempt(event: Extract<JournalEvent, { type: 'stage.finished' }>): void {
    const rows = this.attempts.get(event.stage) ?? [];
    rows.push({ attempt: event.attempt, status: event.status, exit_code: event.exit_code, signal: event.signal, duration_ms: event.duration_ms, reason: event.reason ?? null });
    this.attempts.set(event.stage, rows);
  }

  /** A new path step: numbered on its stage, and on the route that led into it. */
  private addStep(diff: FrameDiff, stage: string, visit: number, step: number): void {
    const list = this.steps.get(stage) ?? [];
    list.push({ step, visit });
    this.steps.set(stage, list);
    const waiting = this.pending.find((p) => p.to === stage);
    if (waiting) {
      this.pending = this.pending.filter((p) => p !== waiting);
      this.setTake(diff, waiting.edge, waiting.take, `#${step}`);
    }
  }

  private takeRoute(diff: FrameDiff, from: string, to: string, why: string): void {
    this.pending = []; // a route not followed by its target's step (e.g. skipped) stays unnumbered
    const edge = edgeOfRoute(this.index, from, to, why);
    if (edge === undefined) return;
    const takes = this.edgeTakes.get(edge) ?? [];
    const terminal = TERMINAL_OF_TARGET[to];
    takes.push(terminal !== undefined ? `→ ${to}` : '→');
    this.edgeTakes.set(edge, takes);
    if (terminal === undefined) this.pending.push({ edge, to, take: takes.length - 1 });
    this.putEdge(diff, edge);
  }

  private setTake(diff: FrameDiff, edge: number, take: number, text: string): void {
    const takes = this.edgeTakes.get(edge);
    if (!takes) return;
    takes[take] = `→${text}`;
    this.putEdge(diff, edge);
  }

  /** The edge's overlay: the steps its takes led into (its label already says why). */
  private putEdge(diff: FrameDiff, edge: number): void {
    diff.edges[String(edge)] = (this.edgeTakes.get(edge) ?? []).join(' ');
  }
}

function panelOf(stage: StageView, attempts: AttemptRow[]): StagePanel {
  return {
    id: stage.id,
    status: stage.status,
    reason: stage.reason,
    visits: stage.visits,
    attempts: [...attempts],
    runtime_id: stage.runtime_id,
    runtime_version: stage.runtime_version,
    outputs: stage.outputs,
    tail: stage.tail,
    usage: stage.usage ?? null,
    log: stage.log,
    run_reason: stage.run_reason,
    gate: stage.gate ? { message: stage.gate.message, decision: stage.gate.decision?.decision ?? null } : null,
    started_at: stage.started_at,
    finished_at: stage.finished_at,
    child_run: stage.child_run ?? null,
    ran_on: placementText(stage.placement),
  };
}

/** Applies diffs in order onto one frame (what the chart shows after them). */
export function mergeFrames(diffs: readonly FrameDiff[]): FrameDiff {
  const out: FrameDiff = {
    run: diffs[diffs.length - 1]?.run ?? { run_id: null, status: null, status_reason: null, position: null, seq: 0, ts: null, event: '' },
    states: {},
    edges: {},
    panels: {},
  };
  for (const diff of diffs) {
    Object.assign(out.states, diff.states);
    Object.assign(out.edges, diff.edges);
    Object.assign(out.panels, diff.panels);
  }
  return out;
}

/** Every frame of a journal: frame 0 before any event, then one per event. */
export function timelineOf(graph: VizGraph, events: readonly JournalEvent[]): FrameDiff[] {
  const builder = new TimelineBuilder(graph);
  return [builder.initial(), ...events.map((event) => builder.apply(event))];
}
