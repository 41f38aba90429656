// The on-disk run record (DESIGN §4): manifest and journal events. JSON keys are snake_case.
// schemas/manifest.schema.json and schemas/event.schema.json describe the same shapes.
import type { RunPlan } from './run-plan.js';

export const RUN_STATUSES = ['running', 'awaiting_approval', 'succeeded', 'failed', 'needs_review', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STAGE_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'awaiting_approval'] as const;
export type StageStatus = (typeof STAGE_STATUSES)[number];

/** Token and cost accounting of agent stages. */
export interface Usage {
  input_tokens: number;
  output_tokens: number;
  cost_usd?: number;
}

export type Outputs = Record<string, unknown>;

export interface StageRecord {
  status: StageStatus;
  attempts: number;
  visits: number;
  runtime_id: string | null;
  exit_code: number | null;
  signal: string | null;
  duration_ms: number | null;
  outputs: Outputs;
  /** Log path relative to the run dir, e.g. `logs/build.1.log`. */
  log: string | null;
  reason: string | null;
  usage?: Usage;
  /** Set when the stage did not run here but stands for its success in that run (fingerprint cache, --from/--target, retry). */
  reused_from?: string;
  /** `pipeline:` stages: the child run of the latest attempt. */
  child_run?: string;
}

export interface PipelineRef {
  name: string;
  file: string;
  hash: string;
}

export interface RunManifest {
  schema_version: 1;
  run_id: string;
  pipeline: PipelineRef;
  status: RunStatus;
  status_reason: string | null;
  inputs: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  /** Seq of the last journal event folded into this manifest (readers rebuild from the journal when it has a later one). */
  journal_seq?: number;
  finished_at: string | null;
  heartbeat_at: string;
  pid: number;
  host: string;
  parent_run: string | null;
  /** Set on a nested child run: the `pipeline:` stage of `parent_run` that runs it (`last` never picks such a run). */
  parent_stage?: string;
  stages: Record<string, StageRecord>;
  usage: Usage;
  /** Usage totals per agent runtime id; present once a stage reported usage. */
  usage_by_runtime?: Record<string, Usage>;
  machine: { xstate_version: string; snapshot: unknown };
}

/** Why a stage did not run. */
export type SkipReason = 'cached' | 'if_false' | 'target';

interface EventBase {
  seq: number;
  ts: string;
  run_id: string;
}

/** The journal event contract written by this version (run.started `version`; absent means 1). */
export const EVENT_CONTRACT_VERSION = 2;

export interface RunStartedEvent extends EventBase {
  type: 'run.started';
  /** Event contract version; absent in journals written before version 2. */
  version?: number;
  /** Version 2: every stage and branch of the run, and the compiled machine's hash. */
  plan?: RunPlan;
  pipeline: PipelineRef;
  inputs: Record<string, unknown>;
  parent_run: string | null;
  /** Set on a nested child run: the `pipeline:` stage of `parent_run` that runs it. */
  parent_stage?: string;
  /** Stages selected by --target/--from (the others are skipped), or null for all. */
  selection?: string[] | null;
}
export interface RunResumedEvent extends EventBase {
  type: 'run.resumed';
  reason: string;
}
export interface RunFinishedEvent extends EventBase {
  type: 'run.finished';
  status: RunStatus;
  reason: string | null;
}
export interface StageStartedEvent extends EventBase {
  type: 'stage.started';
  stage: string;
  attempt: number;
  /** Which entry into the stage this is (loops enter a stage more than once). */
  visit?: number;
  runtime_id: string | null;
  pid: number | null;
  /** Agent stages: the adapter name and where the runtime choice came from. */
  adapter?: string;
  runtime_source?: 'stage' | 'role' | 'default';
  /** Agent stages: the first line the runtime's CLI printed for `--version`, e.g. `codex-cli 0.169.0`. */
  runtime_version?: string;
  /** Why the stage ran instead of being skipped by its fingerprint (e.g. `sources changed: src/a.ts`). */
  run_reason?: string;
  /** `pipeline:` stages: the child run this attempt runs (journalled before it exists; a resume continues it in place). */
  child_run?: string;
  /** Where the attempt ran: absent means local (the run's host); remote attempts name their worker, its host and the job. */
  executor?: 'local' | 'bullmq';
  worker?: string;
  host?: string;
  job?: string;
}
export interface StageFinishedEvent extends EventBase {
  type: 'stage.finished';
  stage: string;
  attempt: number;
  status: StageStatus;
  exit_code: number | null;
  signal: string | null;
  duration_ms: number;
  outputs: Outputs;
  log: string | null;
  reason: string | null;
  /** The attempt's process (group leader); stage.started is journalled before the spawn. */
  pid?: number | null;
  usage?: Usage;
  /**
   * Failed and timed-out attempts: the last lines worth reading (masked, at most 20): the
   * output's last lines for commands, the adapter's readable lines for agents (never raw
   * protocol records; the full stream is in the log).
   */
  tail?: string[];
}
export interface StageSkippedEvent extends EventBase {
  type: 'stage.skipped';
  stage: string;
  attempt: number;
  visit?: number;
  reason: SkipReason;
  detail?: string;
  /** The run whose success this skip reuses: the stage then counts as succeeded, with these outputs. */
  reused_from?: string;
  /** Outputs of the reused success (secrets masked). */
  outputs?: Outputs;
}
export interface StageRetryingEvent extends EventBase {
  type: 'stage.retrying';
  stage: string;
  attempt: number;
  delay_ms: number;
  reason: string;
}
/** A late result of an attempt already given up (its remote worker was found lost): ignored, recorded (docs/scale-out.md). */
export interface StageSupersededEvent extends EventBase {
  type: 'stage.superseded';
  stage: string;
  attempt: number;
  worker: string | null;
  reason: string;
}
export interface RouteDecidedEvent extends EventBase {
  type: 'route.decided';
  from: string;
  to: string;
  why: string;
}
export interface GateWaitingEvent extends EventBase {
  type: 'gate.waiting';
  stage: string;
  attempt: number;
  message: string;
  rule: string | null;
  /** When the wait times out (ISO 8601), if the gate has a timeout. */
  timeout_at?: string | null;
  on_timeout?: 'reject' | 'approve' | 'needs_review';
}
export interface GateDecidedEvent extends EventBase {
  type: 'gate.decided';
  stage: string;
  attempt: number;
  decision: 'approved' | 'rejected';
  by: string | null;
  comment: string | null;
}

export type JournalEvent =
  | RunStartedEvent
  | RunResumedEvent
  | RunFinishedEvent
  | StageStartedEvent
  | StageFinishedEvent
  | StageSkippedEvent
  | StageRetryingEvent
  | StageSupersededEvent
  | RouteDecidedEvent
  | GateWaitingEvent
  | GateDecidedEvent;

export type JournalEventType = JournalEvent['type'];

export const JOURNAL_EVENT_TYPES: readonly JournalEventType[] = [
  'run.started',
  'run.resumed',
  'run.finished',
  'stage.started',
  'stage.finished',
  'stage.skipped',
  'stage.retrying',
  'stage.superseded',
  'route.decided',
  'gate.waiting',
  'gate.decided',
];

/** Distributes Omit over a union, so each event keeps its own fields. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as the engine emits it; the store stamps `seq`, `ts` and `run_id`. */
export type EventDraft = DistributiveOmit<JournalEvent, 'seq' | 'ts' | 'run_id'>;

/** The reason recorded for a stage whose approval was rejected. */
export function rejectionReason(by: string | null, comment: string | null): string {
  return `approval rejected${by ? ` by ${by}` : ''}${comment ? `: ${comment}` : ''}`;
}
