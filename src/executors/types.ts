// The executor seam: where a ready stage attempt runs (this process, or a remote worker).
import type { AgentRequest, AttemptContext, AttemptOutcome, RenderedCommand } from '../runtimes/index.js';

/** Where an attempt ran, as stage.started records it. */
export interface Placement {
  executor: 'local' | 'bullmq';
  /** Remote attempts: the worker id (`host:pid` or its --id) and host. */
  worker?: string;
  host?: string;
  /** Remote attempts: the BullMQ job id. */
  job?: string;
}

/** What a remote executor needs beyond the attempt context: the run, the stage's labels and a placement callback. */
export interface RemoteAttempt {
  runId: string;
  stageId: string;
  attempt: number;
  /** Sorted worker labels (`runs_on:`); empty: any worker. */
  labels: readonly string[];
  /** Project root of the coordinator: cwd is sent relative to it. */
  root: string;
  /** Secret values to mask on the worker (they travel in the job, see docs/scale-out.md). */
  secrets: readonly string[];
  /** Called once when a worker took the job: the engine journals stage.started then. */
  onPlaced(placement: Placement): void;
  /** Resume: wait for this attempt's existing job instead of sending a new one. */
  reattach?: boolean;
  /** A result came for this attempt after it was given up (its worker found lost): journal that it was ignored. */
  onSuperseded?(worker: string | null): void;
}

/** The outcome of an attempt, and whether its worker was lost (the stage re-runs as a new attempt). */
export interface ExecutedOutcome extends AttemptOutcome {
  /** Set when the worker holding the job vanished (stalled job, missing job): says which and why. */
  lost?: string;
}

/** One interface for every place a stage can run; the engine sees only this. */
export interface StageExecutor {
  readonly kind: 'local' | 'bullmq';
  runCommand(command: RenderedCommand, ctx: AttemptContext, remote: RemoteAttempt): Promise<ExecutedOutcome>;
  runAgent(request: AgentRequest, ctx: AttemptContext, remote: RemoteAttempt): Promise<ExecutedOutcome>;
  /** Stops listening and closes connections (in-flight attempts are left to their workers). */
  close(): Promise<void>;
}
