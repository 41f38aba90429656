// Where a resumed run continues, derived from its journal alone (the durable record): the
// top-level stage it was in, and how far each stage of that visit had got.
import { cellParent, type JournalEvent, type Pipeline, type StageStatus } from '../model/index.js';

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

const STAGE_EVENTS = new Set(['stage.started', 'stage.skipped', 'stage.finished', 'stage.retrying', 'gate.waiting', 'gate.decided']);

const FINAL_BY_TARGET: Record<string, string> = { end: 'succeeded', fail: 'failed', needs_review: 'needs_review' };

/** Scans the journal: the last entered top-level stage and the progress of its visit. */
export function resumePointFromJournal(events: readonly JournalEvent[], pipeline: Pipeline): ResumePoint {
  const groupOf = new Map<string, string>();
  for (const s of pipeline.stages) if (s.kind === 'parallel') for (const b of s.branches) groupOf.set(b.id, s.id);
  const top = (id: string): string => groupOf.get(id) ?? cellParent(id) ?? id;
  const point: ResumePoint = { position: pipeline.stages[0]?.id ?? 'succeeded', entered: false, progress: new Map() };
  for (const event of events) {
    if (event.type === 'route.decided') {
      if (groupOf.has(event.from)) continue;
      point.position = FINAL_BY_TARGET[event.to] ?? event.to;
      point.entered = false;
      point.progress = new Map();
      continue;
    }
    if (!('stage' in event) || !STAGE_EVENTS.has(event.type)) continue;
    if (top(event.stage) !== point.position) continue;
    point.entered = true;
    applyStageEvent(point.progress, event);
  }
  return point;
}

/** Folds one stage event into the progress of its stage. */
function applyStageEvent(progress: Map<string, VisitProgress>, event: JournalEvent): void {
  if (!('stage' in event)) return;
  const current = progress.get(event.stage) ?? { last: 'pending', retriesUsed: 0, retryAt: null, pid: null, attempt: 0, interrupted: false };
  switch (event.type) {
    case 'stage.started':
      Object.assign(current, { last: 'running', pid: event.pid, attempt: event.attempt, interrupted: false, retryAt: null, childRun: event.child_run });
      break;
    case 'stage.finished':
      Object.assign(current, { last: event.status, pid: null, interrupted: event.status === 'cancelled' && event.reason === 'interrupted' });
      break;
    case 'stage.skipped':
      current.last = event.reused_from !== undefined ? 'succeeded' : 'skipped';
      break;
    case 'stage.retrying':
      Object.assign(current, { last: 'retrying', retriesUsed: current.retriesUsed + 1, retryAt: Date.parse(event.ts) + event.delay_ms });
      break;
    case 'gate.waiting':
      current.last = 'awaiting_approval';
      current.gate = {
        attempt: event.attempt,
        message: event.message,
        timeoutAt: event.timeout_at ? Date.parse(event.timeout_at) : null,
        onTimeout: event.on_timeout ?? 'reject',
      };
      break;
    case 'gate.decided':
      if (current.gate) current.gate.decision = { decision: event.decision, by: event.by, comment: event.comment };
      break;
  }
  progress.set(event.stage, current);
}

/** Stages (with their process group) that were running when the runner stopped. */
export function inFlightStages(point: ResumePoint): { stage: string; attempt: number; pid: number | null }[] {
  return [...point.progress].filter(([, p]) => p.last === 'running').map(([stage, p]) => ({ stage, attempt: p.attempt, pid: p.pid }));
}
