// The normalised pipeline: what config/ produces from a YAML file and compile/ consumes.
// Pure data, no I/O. Durations are milliseconds; paths are as written (relative to the
// project root) unless the field says otherwise.
import type { CellOf, FanOutSpec } from './fanout.js';
import type { ServiceSpec } from './service.js';

/** A 1-based line/column position in a source file. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** The closed set of agent roles (DESIGN §2-§3). */
export const ROLES = ['interview', 'execute', 'evaluate', 'reflect'] as const;
export type Role = (typeof ROLES)[number];

/** Route targets that are not stages. */
export const RESERVED_TARGETS = ['end', 'fail'] as const;
export type ReservedTarget = (typeof RESERVED_TARGETS)[number];

export type Scalar = string | number | boolean;
export type InputType = 'string' | 'number' | 'integer' | 'boolean';

/** A typed pipeline parameter, set with `--input key=value`. */
export interface InputSpec {
  type: InputType;
  description?: string;
  enum?: Scalar[];
  default?: Scalar;
  /** True when there is no default: a run must be given a value. */
  required: boolean;
}

/** Retry behaviour of a stage; delays grow by `backoff` up to `maxDelayMs`. */
export interface RetryPolicy {
  max: number;
  delayMs: number;
  backoff: number;
  maxDelayMs: number;
}

/** A string `run:` goes through /bin/sh; a list is an argv with no shell. */
export type Command = { kind: 'shell'; script: string } | { kind: 'argv'; argv: string[] };

/** One route of `next`: the first whose `when` holds (or has none) wins. */
export interface Route {
  when?: string;
  to: string;
}

/** Where a failed stage goes: `fail` (end the run failed), `continue` (follow `next`), or a stage id. */
export type FailurePolicy = string;

export interface AgentSpec {
  role: string;
  prompt?: string;
  promptFile?: string;
  /** Overrides the runtime resolved from orchestrator.yaml. */
  runtime?: string;
  model?: string;
}

export interface ApprovalSpec {
  message: string;
  timeoutMs?: number;
  onTimeout: 'reject' | 'approve' | 'needs_review';
}

/** Fields every stage kind has. */
export interface StageCommon {
  id: string;
  description?: string;
  /** Bare expression; the stage is skipped (not failed) when false. */
  if?: string;
  env: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** No output for this long fails the attempt like a timeout (command and agent stages). */
  idleTimeoutMs?: number;
  /** Undefined: the pipeline's `defaults.retry`, then orchestrator.yaml `retry_policy`. */
  retry?: RetryPolicy;
  onFailure: FailurePolicy;
  /** Normalised: never empty, and the last route has no `when`. */
  next: Route[];
  maxVisits?: number;
  sources: string[];
  generates: string[];
  /** False: after a crash the stage is not re-run automatically. */
  idempotent: boolean;
  /** `runs_on:`: `local` keeps it on the coordinator; labels pick remote workers (docs/scale-out.md). */
  runsOn?: 'local' | string[];
  approval?: ApprovalSpec;
  /** `matrix:` / `for_each:`: the stage runs as cells (src/model/fanout.ts). */
  fanout?: FanOutSpec;
  /** Set on the stage of one cell (made by the engine, never by the loader). */
  cellOf?: CellOf;
  loc: SourceLocation;
}

export interface CommandStage extends StageCommon {
  kind: 'command';
  run: Command;
  /** `service: true`: the process keeps running after the stage succeeds (src/model/service.ts). */
  service?: ServiceSpec;
}

export interface AgentStage extends StageCommon {
  kind: 'agent';
  agent: AgentSpec;
}

export interface NestedPipelineStage extends StageCommon {
  kind: 'pipeline';
  /** Path of the child pipeline file, relative to the project root. */
  pipeline: string;
  /** Inputs for the child; values may hold `${{ }}` templates. */
  with: Record<string, string>;
}

/** Branches run concurrently and join when all finish. Branches are not parallel groups. */
export interface ParallelStage extends StageCommon {
  kind: 'parallel';
  branches: BranchStage[];
  failFast: boolean;
  /** At most this many branches at once: the group then runs as one queued state, not one region per branch. */
  maxParallel?: number;
}

export type BranchStage = CommandStage | AgentStage | NestedPipelineStage;
export type Stage = BranchStage | ParallelStage;
export type StageKind = Stage['kind'];

export interface PipelineDefaults {
  timeoutMs?: number;
  idleTimeoutMs?: number;
  retry?: RetryPolicy;
}

export interface Pipeline {
  version: 1;
  name: string;
  description?: string;
  /** Absolute path of the file it was loaded from. */
  file: string;
  inputs: Record<string, InputSpec>;
  env: Record<string, string>;
  defaults: PipelineDefaults;
  watch: string[];
  /** Names of env vars / inputs whose values are masked in logs, journal and manifest. */
  secrets: string[];
  /** Top-level stages in declaration order. */
  stages: Stage[];
}

/** Every stage of a pipeline, parallel branches included, in declaration order. */
export function allStages(pipeline: Pipeline): Stage[] {
  const out: Stage[] = [];
  for (const stage of pipeline.stages) {
    out.push(stage);
    if (stage.kind === 'parallel') out.push(...stage.branches);
  }
  return out;
}
