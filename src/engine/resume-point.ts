// Where a resumed run continues, derived from the run view (model's one fold of the journal,
// the durable record): the top-level stage it was in, and how far each stage of that visit had got.
import {
  cellParent,
  emptyRunView,
  foldRunView,
  plannedRunView,
  planStagesOf,
  type JournalEvent,
  type Pipeline,
  type RunView,
  type StageStatus,
  type StageView,
} from '../model/index.js';

/** How far a stage had got in the visit that was under way when the run stopped. */
export interface VisitProgress {
  /** `running`: in flight when the runner died; `retrying`: waiting for its next attempt. */
  last: 'running' | 'retrying' | StageStatus;
  /** Retries already used in this visit (stage.retrying events). */
  retriesUsed: number;
  /** When the pending retry is due (epoch ms), for `retrying`. */
  retryAt: number | null;
  /** Process group of the attempt in flight. */
  pid: number | null;
  attempt: number;
  /** A cancellation caused by stopping the run (Ctrl-C, crash), not by fail_fast. */
  interrupted: boolean;
  /** `pipeline:` stages: the child run of the attempt in flight (a resume continues it in place). */
  childRun?: string;
  /** Remote attempts in flight: their job (a resume re-attaches to it instead of running the stage again). */
  job?: string;
  /** The gate the stage was waiting at, and its decision if one was journalled. */
  gate?: {
    attempt: number;
    message: string;
    timeoutAt: number | null;
    onTimeout: 'reject' | 'approve' | 'needs_review';
    decision?: { decision: 'approved' | 'rejected'; by: string | null; comment: string | null };
  };
}

export interface ResumePoint {
  /** A top-level stage id, or `succeeded` / `failed` / `needs_review` when only the ending was lost. */
  position: string;
  /** True when the position's visit had begun (its entry must not count a new visit). */
  entered: boolean;
  progress: Map<string, VisitProgress>;
}

/** The view of a journal for resuming: a version-1 journal (no plan) is seeded with the pipeline's plan, so branches are known. */
export function resumeViewOf(events: readonly JournalEvent[], pipeline: Pipeline): RunView {
  const started = events.find((e) => e.type === 'run.started');
  const seed = started?.type === 'run.started' && started.plan ? emptyRunView() : plannedRunView({ stages: planStagesOf(pipeline.stages), machine_hash: '' });
  return foldRunView(events, seed);
}

/** The resume point of a run view: its position, and how far each stage of the position's current visit had got. */
export function resumePointOf(view: RunView, pipeline: Pipeline): ResumePoint {
  const position = view.position ?? pipeline.stages[0]?.id ?? 'succeeded';
  const group = pipeline.stages.find((s) => s.id === position);
  const branches = new Set(pipeline.stages.flatMap((s) => (s.kind === 'parallel' ? s.branches.map((b) => b.id) : [])));
  // The position itself, its branches, and the fan-out cells of either (`test[suite=a]`).
  const inPosition = new Set([position, ...(group?.kind === 'parallel' ? group.branches.map((b) => b.id) : [])]);
  const members = Object.keys(view.stages).filter((id) => inPosition.has(id) || inPosition.has(cellParent(id) ?? ''));
  for (const id of inPosition) if (!members.includes(id)) members.push(id);
  // The visit began after the last top-level route (into the position); older events belong to earlier visits.
  const since = view.routes.filter((r) => !branches.has(r.from)).at(-1)?.seq ?? 0;
  const progress = new Map<string, VisitProgress>();
  for (const id of members) {
    const stage = Object.hasOwn(view.stages, id) ? view.stages[id] : undefined;
    if (stage && stage.last_seq > since) progress.set(id, progressOf(stage));
  }
  return { position, entered: progress.size > 0, progress };
}

/** How far one stage had got in the current visit. */
function progressOf(stage: StageView): VisitProgress {
  const atGate = stage.gate !== null && stage.attempts < stage.gate.attempt && stage.status !== 'running';
  const last: VisitProgress['last'] = atGate ? 'awaiting_approval' : stage.status !== 'running' && stage.retry !== null ? 'retrying' : stage.status;
  const progress: VisitProgress = {
    last,
    retriesUsed: stage.visit_retries,
    retryAt: stage.retry ? Date.parse(stage.retry.at) : null,
    pid: null,
    attempt: stage.attempts,
    interrupted: stage.status === 'cancelled' && stage.reason === 'interrupted',
    ...(stage.child_run !== undefined ? { childRun: stage.child_run } : {}),
    ...(stage.status === 'running' && stage.placement?.job ? { job: stage.placement.job } : {}),
  };
  const gate = stage.gate;
  if (atGate && gate) {
    progress.gate = {
      attempt: gate.attempt,
      message: gate.message,
      timeoutAt: gate.timeout_at === null ? null : Date.parse(gate.timeout_at),
      onTimeout: gate.on_timeout,
      ...(gate.decision ? { decision: { decision: gate.decision.decision, by: gate.decision.by, comment: gate.decision.comment } } : {}),
    };
  }
  return progress;
}

/** Stages (with their process group) that were running when the runner stopped. */
export function inFlightStages(point: ResumePoint): { stage: string; attempt: number; pid: number | null }[] {
  return [...point.progress].filter(([, p]) => p.last === 'running').map(([stage, p]) => ({ stage, attempt: p.attempt, pid: p.pid }));
}
