// The one event factory: every journal event draft is built here, so each field is decided in
// one place (the contract version and plan of run.started, the bounded failure tail of
// stage.finished). The journal stamps seq, ts and run_id when it appends a draft.
import type { RunPlan } from './run-plan.js';
import { EVENT_CONTRACT_VERSION, type EventDraft, type JournalEvent, type Outputs, type PipelineRef, type RunStatus, type StageStatus, type Usage } from './run.js';

/** Lines a stage.finished failure tail carries at most. */
export const FAILURE_TAIL_LINES = 20;
/** Longer tail lines are cut, so one minified blob cannot flood a view. */
const MAX_TAIL_LINE_CHARS = 400;

/** The draft of one event type. */
export type DraftOf<T extends JournalEvent['type']> = Extract<EventDraft, { type: T }>;

/** What a terminal shows of a line rewritten with `\r` (progress bars), cut to a readable length. */
function visiblePart(raw: string): string {
  const trimmed = raw.replace(/\r+$/, '');
  const line = trimmed.slice(trimmed.lastIndexOf('\r') + 1);
  return line.length > MAX_TAIL_LINE_CHARS ? `${line.slice(0, MAX_TAIL_LINE_CHARS)}…` : line;
}

/** The last FAILURE_TAIL_LINES lines of an attempt's output, each masked and cut to size. */
export function failureTail(lines: readonly string[], mask: (text: string) => string): string[] {
  return lines.slice(-FAILURE_TAIL_LINES).map((line) => visiblePart(mask(line)));
}

/** What is known about a run as it starts. */
export interface RunStartFacts {
  pipeline: PipelineRef;
  inputs: Record<string, unknown>;
  parentRun: string | null;
  parentStage?: string;
  selection: readonly string[] | null;
  plan: RunPlan;
}

/** `run.started` of the current contract version, with the plan. */
export function runStartedDraft(f: RunStartFacts): DraftOf<'run.started'> {
  return {
    type: 'run.started',
    version: EVENT_CONTRACT_VERSION,
    pipeline: f.pipeline,
    inputs: f.inputs,
    parent_run: f.parentRun,
    ...(f.parentStage !== undefined ? { parent_stage: f.parentStage } : {}),
    selection: f.selection ? [...f.selection] : null,
    plan: f.plan,
  };
}

/** How an attempt (or a parallel group, or an interrupted attempt) ended. */
export interface StageEndFacts {
  stage: string;
  attempt: number;
  status: StageStatus;
  exitCode?: number | null;
  signal?: string | null;
  durationMs: number;
  outputs?: Outputs;
  log: string | null;
  reason: string | null;
  pid?: number | null;
  usage?: Usage;
  /** The attempt's readable last lines; kept (bounded, masked) only for failed and timed-out attempts. */
  tail?: readonly string[];
  mask?: (text: string) => string;
}

/** `stage.finished`: the one place its fields are assembled. */
export function stageFinishedDraft(f: StageEndFacts): DraftOf<'stage.finished'> {
  const failed = f.status === 'failed' || f.status === 'timed_out';
  return {
    type: 'stage.finished',
    stage: f.stage,
    attempt: f.attempt,
    status: f.status,
    exit_code: f.exitCode ?? null,
    signal: f.signal ?? null,
    duration_ms: Math.max(0, Math.round(f.durationMs)),
    outputs: f.outputs ?? {},
    log: f.log,
    reason: f.reason,
    ...(f.pid !== undefined ? { pid: f.pid } : {}),
    ...(f.usage ? { usage: f.usage } : {}),
    ...(failed && f.tail !== undefined ? { tail: failureTail(f.tail, f.mask ?? ((text) => text)) } : {}),
  };
}

/** `stage.finished` of an attempt that was in flight when its runner stopped (journalled on resume). */
export function interruptedDraft(stage: string, attempt: number, log: string | null): DraftOf<'stage.finished'> {
  return stageFinishedDraft({ stage, attempt, status: 'cancelled', durationMs: 0, log, reason: 'interrupted' });
}

/** `run.resumed`. */
export function runResumedDraft(reason: string): DraftOf<'run.resumed'> {
  return { type: 'run.resumed', reason };
}

/** `run.finished`. */
export function runFinishedDraft(status: RunStatus, reason: string | null): DraftOf<'run.finished'> {
  return { type: 'run.finished', status, reason };
}

/** `gate.decided`. */
export function gateDecidedDraft(stage: string, attempt: number, d: { decision: 'approved' | 'rejected'; by: string | null; comment: string | null }): DraftOf<'gate.decided'> {
  return { type: 'gate.decided', stage, attempt, decision: d.decision, by: d.by, comment: d.comment };
}

/** `route.decided`. */
export function routeDecidedDraft(from: string, to: string, why: string): DraftOf<'route.decided'> {
  return { type: 'route.decided', from, to, why };
}

/** `stage.retrying`: the next attempt is due after `delayMs`. */
export function stageRetryingDraft(stage: string, attempt: number, delayMs: number, reason: string): DraftOf<'stage.retrying'> {
  return { type: 'stage.retrying', stage, attempt, delay_ms: delayMs, reason };
}

/** `stage.superseded`: a late result of a given-up attempt, ignored. */
export function stageSupersededDraft(stage: string, attempt: number, worker: string | null): DraftOf<'stage.superseded'> {
  const from = worker === null ? '' : ` from worker ${worker}`;
  return { type: 'stage.superseded', stage, attempt, worker, reason: `late result of attempt ${attempt}${from} ignored: that attempt had been given up` };
}

/** `stage.started` (a parallel group's start has no runtime and no process). */
export function stageStartedDraft(f: Omit<DraftOf<'stage.started'>, 'type' | 'runtime_id' | 'pid'> & { runtime_id?: string | null }): DraftOf<'stage.started'> {
  const { runtime_id = null, ...rest } = f;
  return { type: 'stage.started', ...rest, runtime_id, pid: null };
}

/** `stage.skipped` (with `reused_from` and `outputs` when it stands for an earlier success). */
export function stageSkippedDraft(f: Omit<DraftOf<'stage.skipped'>, 'type'>): DraftOf<'stage.skipped'> {
  return { type: 'stage.skipped', ...f };
}

/** `gate.waiting`: the gate of the attempt about to be made. */
export function gateWaitingDraft(f: Omit<DraftOf<'gate.waiting'>, 'type'>): DraftOf<'gate.waiting'> {
  return { type: 'gate.waiting', ...f };
}
