// What the engine needs from its caller (api/): an event sink, paths and nested runs.
import type { CompiledPipeline } from '../compile/index.js';
import type { EventDraft, Orchestrator, Outputs, Pipeline, RunStatus, Stage, StageRecord } from '../model/index.js';
import type { ResumePoint } from './resume-point.js';
import type { Redactor } from './secrets.js';
import type { StageExecutor } from '../executors/index.js';

export interface ChildRunRequest {
  parentStage: string;
  /** The child run's id, journalled on the parent's stage.started before the child exists; an existing run of that id is continued in place. */
  runId: string;
  /** Absolute path of the child pipeline file. */
  file: string;
  inputs: Record<string, string>;
  signal: AbortSignal;
}

export interface ChildRunResult {
  runId: string;
  status: RunStatus;
  outputs: Outputs;
  reason: string | null;
}

/** A gate the run is waiting at. */
export interface GateRequest {
  stage: string;
  attempt: number;
  message: string;
  /** Epoch ms when the wait times out, or null. */
  timeoutAt: number | null;
  onTimeout: 'reject' | 'approve' | 'needs_review';
  signal: AbortSignal;
}

/** What decided a gate: a person (approve/reject) or its timeout. */
export interface GateDecision {
  decision: 'approved' | 'rejected' | 'needs_review';
  by: string | null;
  comment: string | null;
  /** True when the decision is already in the journal (found there on resume). */
  journalled?: boolean;
}

export interface EngineServices {
  /** Waits for a gate's decision; null when the run pauses instead (exit 4, resumable). */
  awaitGate(request: GateRequest): Promise<GateDecision | null>;
  /**
   * Persists then reports an event; returns once it is on disk (durable events fsynced; `durable`
   * forces it). `durable: 'shared'`: a durable event whose sync may be shared with others
   * finishing at the same time (group commit); whenDurable() waits for it.
   */
  emit(event: EventDraft, options?: { durable?: boolean | 'shared' }): void;
  /** Resolves true once every event emitted so far is on disk; false when the record failed (the run is being stopped). */
  whenDurable?(): Promise<boolean>;
  runChildPipeline(request: ChildRunRequest): Promise<ChildRunResult>;
  /** A fresh run id for a nested child run. */
  newChildRunId(): string;
  onStageLine?(stage: string, line: string, stream: 'stdout' | 'stderr'): void;
  /** Absolute and run-dir-relative log path of an attempt. */
  logPath(stage: string, attempt: number): { abs: string; rel: string };
  /** The FLOWSTATE_OUTPUT file of an attempt. */
  outputPath(stage: string, attempt: number): string;
}

/** Skip-if-unchanged: fingerprints of stage `sources` + command + env (src/fingerprint). */
export interface StageCache {
  /** Before a stage's first attempt in a visit: may it be skipped? A hit names the run whose success (and outputs) it reuses. */
  lookup(stage: Stage, identity: string): { hit: true; detail: string; runId: string; outputs: Outputs } | { hit: false; key: string; detail: string } | undefined;
  /** After the stage succeeded: remember its fingerprint and that success (written atomically). */
  store(stage: Stage, key: string, success: { runId: string; outputs: Outputs; masked: boolean }): void;
}

export interface EngineRun {
  pipeline: Pipeline;
  compiled: CompiledPipeline;
  orchestrator: Orchestrator;
  runId: string;
  runDir: string;
  /** Project root: the cwd of stages and the base of relative paths. */
  root: string;
  inputs: Record<string, unknown>;
  /** Only these stages run; the others are skipped with reason `target`. */
  selection?: ReadonlySet<string>;
  killGraceMs?: number;
  /** Extra environment for every stage (e.g. FLOWSTATE_CHANGED_FILES in watch mode). */
  extraEnv?: Record<string, string>;
  /** Continue a run from its journal instead of starting at the first stage. */
  resume?: ResumePoint;
  /** Stage records to start from (the rebuilt manifest, on resume). */
  restoredStages?: Record<string, StageRecord>;
  /** At most this many command attempts at once in this run (absent: no limit). */
  maxParallel?: number;
  /** Fingerprint cache; absent (or `--force`) means every stage runs. */
  cache?: StageCache;
  services: EngineServices;
  redact: Redactor;
  /** A remote executor (docs/scale-out.md); absent: every attempt runs in this process. */
  executor?: StageExecutor;
}
