// The shapes that cross Redis between the coordinator and `flowstate worker`, and their names.
import type { AgentRequest, AttemptOutcome, RenderedCommand } from '../runtimes/index.js';

/** Default queue name prefix (orchestrator.yaml `executor.queue`, `--queue`). */
export const DEFAULT_QUEUE = 'flowstate';

/** One stage attempt as a job: everything a worker needs, nothing that names coordinator paths. */
export interface StageJobData {
  runId: string;
  stage: string;
  attempt: number;
  /** What to run: a rendered command or an agent request. */
  action: { kind: 'command'; command: RenderedCommand } | { kind: 'agent'; request: AgentRequest };
  /** Working directory relative to the project root ('' for the root). */
  cwd: string;
  /** Variables on top of the worker's environment (FLOWSTATE_OUTPUT and FLOWSTATE_RUN_DIR are set by the worker). */
  env: Record<string, string>;
  timeoutMs?: number;
  idleTimeoutMs?: number;
  lingerGraceMs?: number;
  killGraceMs: number;
  /** Secret values the worker masks in logs, tails and outputs. */
  secrets: string[];
  labels: string[];
  /** The Redis stream this run's workers report to. */
  stream: string;
}

/** What a worker returns for a job (BullMQ stores it as the job's return value). */
export interface StageJobResult extends AttemptOutcome {
  /** Bytes of log the worker sent for this attempt (the coordinator checks it received them all). */
  logBytes: number;
  worker: string;
  host: string;
}

/** One entry of a run's report stream: a worker took a job, a piece of its log, or its end. */
export type ReportEntry =
  { kind: 'start'; job: string; worker: string; host: string } | { kind: 'log'; job: string; offset: number; data: string } | { kind: 'end'; job: string; worker: string };

/** A BullMQ job id for an attempt: `runId.stage.attempt` (BullMQ ids may not hold `:`; stage ids are %-escaped). */
export function jobIdOf(runId: string, stage: string, attempt: number): string {
  return `${runId}.${encodeURIComponent(stage)}.${attempt}`;
}

/** The queue serving a label set: `<prefix>` for any worker, `<prefix>@a+b` for workers labelled a and b. */
export function queueNameOf(prefix: string, labels: readonly string[]): string {
  return labels.length === 0 ? prefix : `${prefix}@${[...labels].sort().join('+')}`;
}

/** Every queue a worker with these labels serves: the unlabelled one and one per non-empty subset of its labels. */
export function queuesServedBy(prefix: string, labels: readonly string[]): string[] {
  const sorted = [...new Set(labels)].sort();
  const names: string[] = [];
  for (let mask = 0; mask < 1 << sorted.length; mask++)
    names.push(
      queueNameOf(
        prefix,
        sorted.filter((_, i) => (mask & (1 << i)) !== 0),
      ),
    );
  return names;
}

/** The Redis stream a run's workers report to. */
export function reportStreamOf(prefix: string, runId: string): string {
  return `${prefix}:reports:${runId}`;
}

/** The pub/sub channel and the key that carry cancellations of jobs. */
export function cancelChannelOf(prefix: string): string {
  return `${prefix}:cancel`;
}

/** The key marking one job cancelled (for a worker that takes it after the cancel was published). */
export function cancelKeyOf(prefix: string, job: string): string {
  return `${prefix}:cancelled:${job}`;
}
