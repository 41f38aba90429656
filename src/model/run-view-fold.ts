// The one fold of journal events into a RunView. Deterministic and free of I/O and clocks:
// the same events always give the same view. `applyRunEvent` updates the view in place (O(1)
// per event, so a 10,000-stage run folds in linear time); `foldRunView` is the pure form.
import { cellParent } from './fanout.js';
import type { PlanStage, RunPlan } from './run-plan.js';
import type { GateView, RunView, StageView } from './run-view.js';
import { rejectionReason, type JournalEvent, type RunStatus, type StageRecord, type StageStatus, type Usage } from './run.js';

/** Top-level route targets that end the run, by the state the run is then in. */
const FINAL_BY_TARGET: Readonly<Record<string, string>> = { end: 'succeeded', fail: 'failed', needs_review: 'needs_review' };

/** A view with no events folded in. */
export function emptyRunView(): RunView {
  return {
    version: 1,
    run_id: null,
    pipeline: null,
    status: null,
    status_reason: null,
    inputs: {},
    parent_run: null,
    parent_stage: null,
    selection: null,
    plan: null,
    started_at: null,
    resumed_at: null,
    updated_at: null,
    finished_at: null,
    last_seq: 0,
    stages: {},
    usage: { input_tokens: 0, output_tokens: 0 },
    usage_by_runtime: {},
    position: null,
    path: [],
    routes: [],
  };
}

/** The manifest record of a stage that has not run yet. */
export function pendingStageRecord(): StageRecord {
  return { status: 'pending', attempts: 0, visits: 0, runtime_id: null, exit_code: null, signal: null, duration_ms: null, outputs: {}, log: null, reason: null };
}

/** A stage that has not started, placed as the plan says (or unplaced). */
export function pendingStageView(id: string, planned?: PlanStage): StageView {
  return {
    id,
    kind: planned?.kind ?? null,
    parent: planned?.parent ?? null,
    ...pendingStageRecord(),
    started_at: null,
    finished_at: null,
    total_ms: 0,
    run_reason: null,
    runtime_version: null,
    tail: null,
    retry: null,
    gate: null,
    continues_visit: false,
    visit_retries: 0,
    skip_reason: null,
    last_seq: 0,
    placement: null,
  };
}

/** A view that knows `plan` before any event (a reader of a version-1 journal seeds it with the pipeline's plan). */
export function plannedRunView(plan: RunPlan): RunView {
  const view = emptyRunView();
  applyPlan(view, plan);
  return view;
}

/** Places every planned stage (pending) and the position before the first stage starts. */
function applyPlan(view: RunView, plan: RunPlan): void {
  view.plan = plan;
  for (const planned of plan.stages) {
    const stage = stageOf(view, planned.id);
    stage.kind = planned.kind;
    stage.parent = planned.parent;
  }
  view.position ??= plan.stages.find((s) => s.parent === null)?.id ?? null;
}

/** Sums two usage records (cost only when either has one). */
export function addUsage(total: Usage, more: Usage): Usage {
  const sum: Usage = { input_tokens: total.input_tokens + more.input_tokens, output_tokens: total.output_tokens + more.output_tokens };
  if (total.cost_usd !== undefined || more.cost_usd !== undefined) sum.cost_usd = (total.cost_usd ?? 0) + (more.cost_usd ?? 0);
  return sum;
}

/** The stage's view, created pending on first sight (own keys only: ids are user-chosen). */
function stageOf(view: RunView, id: string): StageView {
  if (!Object.hasOwn(view.stages, id)) view.stages[id] = unplannedStageView(view, id);
  return view.stages[id] as StageView;
}

/** A stage the plan does not list: a fan-out cell (`test[suite=a]`) sits under its stage, with its kind. */
function unplannedStageView(view: RunView, id: string): StageView {
  const owner = cellParent(id);
  const stage = pendingStageView(id);
  if (owner === undefined || !Object.hasOwn(view.stages, owner)) return stage;
  return { ...stage, parent: owner, kind: (view.stages[owner] as StageView).kind };
}

function setRunStatus(view: RunView, status: RunStatus, reason: string | null, finishedAt: string | null): void {
  view.status = status;
  view.status_reason = reason;
  view.finished_at = finishedAt;
}

/** Counts a visit unless the start continues the current one; records where the visit began. */
function enterVisit(view: RunView, stage: StageView, visit: number | undefined, seq: number): void {
  const before = stage.visits;
  if (visit !== undefined) stage.visits = Math.max(stage.visits, visit);
  else if (!stage.continues_visit) stage.visits++;
  stage.continues_visit = false;
  if (stage.visits !== before) beganVisit(view, stage, seq);
}

/** Records a new visit of the stage in the path; its retry budget starts afresh. */
function beganVisit(view: RunView, stage: StageView, seq: number): void {
  view.path.push({ stage: stage.id, visit: stage.visits, seq });
  stage.visit_retries = 0;
}

function applyRunLevel(view: RunView, event: JournalEvent): void {
  switch (event.type) {
    case 'run.started':
      view.version = event.version ?? 1;
      view.run_id = event.run_id;
      view.pipeline = { ...event.pipeline };
      view.inputs = { ...event.inputs };
      view.parent_run = event.parent_run;
      view.parent_stage = event.parent_stage ?? null;
      view.selection = event.selection ?? null;
      view.started_at ??= event.ts;
      if (event.plan) applyPlan(view, event.plan);
      setRunStatus(view, 'running', null, null);
      return;
    case 'run.resumed':
      // Stages in flight when the previous owner stopped are re-run within the same visit.
      for (const stage of Object.values(view.stages)) {
        const interrupted = stage.status === 'cancelled' && stage.reason === 'interrupted';
        if (stage.status === 'running' || stage.status === 'awaiting_approval' || interrupted) stage.continues_visit = true;
      }
      view.resumed_at = event.ts;
      setRunStatus(view, 'running', null, null);
      return;
    case 'run.finished':
      setRunStatus(view, event.status, event.reason, event.ts);
      return;
    case 'gate.waiting':
      if (view.status === 'running' || view.status === null) view.status = 'awaiting_approval';
      return;
    case 'gate.decided':
      if (view.status === 'awaiting_approval') view.status = 'running';
      return;
    case 'route.decided':
      view.routes.push({ from: event.from, to: event.to, why: event.why, seq: event.seq });
      if (view.plan?.stages.some((s) => s.id === event.from && s.parent !== null)) return;
      view.position = FINAL_BY_TARGET[event.to] ?? event.to;
      return;
    default:
      return;
  }
}

function setOutcome(stage: StageView, status: StageStatus, reason: string | null): void {
  stage.status = status;
  stage.reason = reason;
}

function applyStageLevel(view: RunView, event: JournalEvent): void {
  if (!('stage' in event)) return;
  const stage = stageOf(view, event.stage);
  // A gate names the attempt it guards, which has not been made yet.
  if (event.type !== 'gate.waiting' && event.type !== 'gate.decided') stage.attempts = Math.max(stage.attempts, event.attempt);
  if (view.position === null && stage.parent === null) view.position = stage.id;
  stage.last_seq = event.seq;
  switch (event.type) {
    case 'stage.started':
      enterVisit(view, stage, event.visit, event.seq);
      if (event.run_reason) stage.run_reason = event.run_reason;
      setOutcome(stage, 'running', stage.run_reason);
      Object.assign(stage, { runtime_id: event.runtime_id, exit_code: null, signal: null, duration_ms: null, tail: null, retry: null });
      Object.assign(stage, { started_at: event.ts, finished_at: null, runtime_version: event.runtime_version ?? stage.runtime_version });
      delete stage.reused_from;
      stage.skip_reason = null;
      if (event.child_run !== undefined) stage.child_run = event.child_run;
      stage.placement = { executor: event.executor ?? 'local', worker: event.worker ?? null, host: event.host ?? null, job: event.job ?? null };
      return;
    case 'stage.finished':
      setOutcome(stage, event.status, event.reason ?? (event.status === 'succeeded' ? stage.run_reason : null));
      Object.assign(stage, { exit_code: event.exit_code, signal: event.signal, duration_ms: event.duration_ms, log: event.log });
      Object.assign(stage, { outputs: { ...event.outputs }, finished_at: event.ts, total_ms: stage.total_ms + event.duration_ms });
      stage.tail = event.tail ?? null;
      if (event.usage) addStageUsage(view, stage, event.usage);
      return;
    case 'stage.skipped': {
      if (event.visit !== undefined && event.visit > stage.visits) {
        stage.visits = event.visit;
        beganVisit(view, stage, event.seq);
      }
      stage.run_reason = null;
      stage.skip_reason = event.reason;
      const why = event.detail ? `${event.reason}: ${event.detail}` : event.reason;
      if (event.reused_from !== undefined) {
        setOutcome(stage, 'succeeded', why);
        stage.outputs = { ...event.outputs };
        stage.reused_from = event.reused_from;
      } else setOutcome(stage, 'skipped', why);
      stage.finished_at = event.ts;
      return;
    }
    case 'stage.superseded':
      return; // a late result that was ignored: the stage's state is what its current attempt says
    case 'stage.retrying':
      stage.continues_visit = true;
      stage.visit_retries++;
      stage.retry = { attempt: event.attempt + 1, at: new Date(Date.parse(event.ts) + event.delay_ms).toISOString(), reason: event.reason };
      return;
    case 'gate.waiting':
      enterVisit(view, stage, undefined, event.seq); // the gate is where the visit begins
      setOutcome(stage, 'awaiting_approval', event.message);
      stage.gate = gateOf(event.stage, event.attempt, event.message, event.rule, event.ts, event.timeout_at, event.on_timeout);
      return;
    case 'gate.decided':
      if (event.decision === 'approved') setOutcome(stage, 'pending', null);
      else setOutcome(stage, 'failed', rejectionReason(event.by, event.comment));
      if (stage.gate) stage.gate.decision = { decision: event.decision, by: event.by, comment: event.comment, at: event.ts };
      stage.continues_visit = true; // the stage then runs within the visit that waited
      return;
  }
}

function gateOf(
  stage: string,
  attempt: number,
  message: string,
  rule: string | null,
  since: string,
  timeoutAt: string | null | undefined,
  onTimeout: GateView['on_timeout'] | undefined,
): GateView {
  return { stage, attempt, message, rule, since, timeout_at: timeoutAt ?? null, on_timeout: onTimeout ?? 'reject', decision: null };
}

/** Adds an attempt's usage to the stage, the run, and the run's per-runtime totals. */
function addStageUsage(view: RunView, stage: StageView, usage: Usage): void {
  stage.usage = addUsage(stage.usage ?? { input_tokens: 0, output_tokens: 0 }, usage);
  view.usage = addUsage(view.usage, usage);
  const runtime = stage.runtime_id;
  if (runtime === null) return;
  const current = Object.hasOwn(view.usage_by_runtime, runtime) ? view.usage_by_runtime[runtime] : undefined;
  view.usage_by_runtime[runtime] = addUsage(current ?? { input_tokens: 0, output_tokens: 0 }, usage);
}

/** Folds one event into `view` in place and returns it (deterministic; no I/O, no clock). */
export function applyRunEvent(view: RunView, event: JournalEvent): RunView {
  applyRunLevel(view, event);
  applyStageLevel(view, event);
  view.updated_at = event.ts;
  view.last_seq = event.seq;
  return view;
}

/** The view of a journal (or of its prefix): pure, `base` is not changed. */
export function foldRunView(events: Iterable<JournalEvent>, base: RunView = emptyRunView()): RunView {
  const view = structuredClone(base);
  for (const event of events) applyRunEvent(view, event);
  return view;
}
