// What every stage executor receives for one attempt and the one result shape it returns.
import type { Outputs, Usage } from '../model/index.js';

/** Everything an executor needs for one attempt; the engine fills it. */
export interface AttemptContext {
  stageId: string;
  attempt: number;
  cwd: string;
  /** Variables on top of process.env (pipeline, stage and FLOWSTATE_* ones). */
  env: Record<string, string>;
  logFile: string;
  /** The FLOWSTATE_OUTPUT file of this attempt. */
  outputFile: string;
  timeoutMs?: number;
  /** No output line for this long fails the attempt like a timeout. */
  idleTimeoutMs?: number;
  killGraceMs: number;
  /** Agent stages: how long a CLI may keep running after its terminal event (default 5 s). */
  lingerGraceMs?: number;
  signal: AbortSignal;
  redact: (text: string) => string;
  onSpawn: (pid: number) => void;
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export type AttemptStatus = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

/** The outcome of one attempt, for success and failure alike. */
export interface AttemptOutcome {
  status: AttemptStatus;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  pid: number | null;
  outputs: Outputs;
  /** Why it did not succeed, in words ("exit 1", "timed out after 5s"). */
  reason: string | null;
  usage?: Usage;
  /** Agent stages: the CLI's session (thread) id when it reported one. */
  sessionId?: string | null;
  /** Last lines of output, for failure reports. */
  tail: string[];
}

/** A rendered command: templates already substituted. */
export type RenderedCommand = { kind: 'shell'; script: string; env: Record<string, string> } | { kind: 'argv'; argv: string[] };
