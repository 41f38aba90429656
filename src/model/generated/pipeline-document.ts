// GENERATED FILE - DO NOT EDIT.
// Generated from schemas/pipeline.schema.json by `node scripts/gen-types.mjs`; tests/config/generated-types.test.ts
// fails when this file and the schema drift apart. Edit the schema, then regenerate.
/* eslint-disable */

/**
 * A string, number or boolean.
 */
export type Scalar = string | number | boolean;
/**
 * A dotenv file (`KEY=value` lines, relative to the project root) read at load time; its variables come before `env` of the same level, which wins. Names that look secret (TOKEN, KEY, PASSWORD...) or are listed in `secrets` are masked.
 */
export type EnvFile = string | string[];
/**
 * What the stage does; shown by `flowstate validate`, the dashboard and `viz`.
 */
export type StageDescription = string;
/**
 * Working directory of the stage, relative to the project root (default: the project root).
 */
export type StageCwd = string;
/**
 * Files the stage reads (globs relative to the project root). When they and `generates` are unchanged since the last success, the stage is skipped; `watch` re-runs it when they change.
 */
export type Sources = string[];
/**
 * Files the stage writes (globs relative to the project root); part of the fingerprint, never trigger `watch`.
 */
export type Generates = string[];
/**
 * False: after a crash the stage is not re-run automatically and the run goes needs_review (default: true).
 */
export type Idempotent = boolean;
/**
 * Where the stage runs when the run uses a remote executor (docs/scale-out.md): `local` keeps it on the coordinator; a list of labels sends it only to workers started with all of them (`flowstate worker --labels`).
 */
export type RunsOn = 'local' | string[];
/**
 * A stage: exactly one of `run`, `agent`, `pipeline`, `parallel` or `uses`.
 */
export type Stage = CommandStage | AgentStage | PipelineStage | ParallelStage | UsesStage;
/**
 * A string runs through /bin/sh; a list is an argv with no shell.
 */
export type Run = string | (string | number)[];
/**
 * Where a failed stage goes: `fail` (default) ends the run as failed, `continue` follows `next`, or a stage id to jump to.
 */
export type OnFailure = string;
/**
 * A route target, or a list of routes: the first whose `when` holds wins; the last has no `when`.
 */
export type Next = Target | Route[];
/**
 * A stage id, `end` (finish the run) or `fail` (finish the run as failed).
 */
export type Target = string;
/**
 * Loop guard: how many times the stage may be entered in one run; one more visit ends the run as needs_review. Every cycle of routes needs one.
 */
export type MaxVisits = number;
/**
 * Extra matrix cells: an entry adds its keys to every cell whose matrix values it does not change, else it is a cell of its own.
 */
export type MatrixInclude = MatrixCell[];
/**
 * Cells of the product to leave out: each cell whose values match every key of an entry.
 */
export type MatrixExclude = MatrixCell[];
/**
 * Fan the stage out into one cell per item of a list: a `${{ }}` expression whose value is a list (e.g. a JSON array output), or a literal list.
 */
export type ForEach = string | Scalar[];
/**
 * The name a `for_each` cell reads its item by: `as: file`, then `${{ file }}` (default `item`).
 */
export type ForEachAs = string;
/**
 * At most this many cells (or branches) run at once; the others wait in a queue.
 */
export type MaxParallel = number;
/**
 * Cancel the running cells and start no more as soon as one fails (default: false, run them all).
 */
export type CellFailFast = boolean;
/**
 * Template(s) from the top-level `templates:` whose settings this stage takes (later ones win; the stage's own keys win over all; `env` is merged by name).
 */
export type Extends = TemplateName | TemplateName[];
/**
 * A template name.
 */
export type TemplateName = string;
/**
 * Keep the command running as a service: the stage succeeds once `ready` holds, and the process is stopped (SIGTERM to its group, SIGKILL after the grace) when the run ends or the `until` stage finishes.
 */
export type Service = boolean;
/**
 * Path of a nested pipeline file (relative to the project root), run as its own machine.
 */
export type PipelinePath = string;
/**
 * A parallel branch: exactly one of `run`, `agent` or `pipeline`; no routing keys.
 */
export type Branch = CommandBranch | AgentBranch | PipelineBranch;
/**
 * Cancel the other branches as soon as one fails (default: false, wait for all).
 */
export type FailFast = boolean;

/**
 * A flowstate pipeline: typed inputs and a map of stages, compiled into a state machine. Reference: docs/pipeline-language.md.
 */
export interface PipelineDocument {
  /**
   * Schema of this file, for editors that read it from here.
   */
  $schema?: string;
  /**
   * Version of the pipeline language; always 1.
   */
  version: 1;
  /**
   * Pipeline name, unique in the project; runs are stored under `<runs_dir>/<name>/`.
   */
  name: string;
  /**
   * What the pipeline is for; shown by `flowstate validate` and the dashboard.
   */
  description?: string;
  /**
   * Typed parameters, set with `--input key=value`; referenced as `inputs.<name>` in expressions.
   */
  inputs?: {
    [k: string]: Input | undefined;
  };
  env?: Env;
  /**
   * Defaults for stages that do not set their own.
   */
  defaults?: {
    /**
     * Timeout of every stage that sets none.
     */
    timeout?: string | number;
    /**
     * Idle timeout (no output for this long) of every command and agent stage that sets none.
     */
    idle_timeout?: string | number;
    retry?: Retry;
  };
  /**
   * Extra globs (relative to the project root) that `flowstate watch` reacts to, besides stage `sources`.
   */
  watch?: string[];
  /**
   * Names of environment variables or inputs whose values are masked in logs, the journal and the manifest.
   */
  secrets?: string[];
  env_file?: EnvFile;
  /**
   * Shared stage settings, by name; a stage (or branch) takes them with `extends: <name>`, its own keys winning.
   */
  templates?: {
    [k: string]: StageTemplate | undefined;
  };
  /**
   * The stages, run in declaration order unless routed with `next`. Each has exactly one of `run`, `agent`, `pipeline`, `parallel`.
   */
  stages: {
    [k: string]: Stage | undefined;
  };
}
/**
 * A typed input. Without `default` it is required.
 */
export interface Input {
  /**
   * Type the `--input` value is converted to.
   */
  type: 'string' | 'number' | 'integer' | 'boolean';
  /**
   * The only values allowed.
   *
   * @minItems 1
   */
  enum?: Scalar[];
  /**
   * A string, number or boolean.
   */
  default?: string | number | boolean;
  /**
   * What the input is for; shown by `flowstate validate`.
   */
  description?: string;
}
/**
 * Environment variables (NAME: value). Pipeline `env` applies to every stage; a stage `env` overrides it. Values may hold `${{ }}` templates.
 */
export interface Env {
  [k: string]: Scalar | undefined;
}
/**
 * Retry policy: up to `max` more attempts, waiting `delay` multiplied by `backoff` after each, at most `max_delay`.
 */
export interface Retry {
  /**
   * Extra attempts after the first (0: no retry).
   */
  max: number;
  /**
   * Wait before the first retry (default 0s).
   */
  delay?: string | number;
  /**
   * Multiplier of the delay after each retry (default 1).
   */
  backoff?: number;
  /**
   * Upper bound of the delay (default 5m).
   */
  max_delay?: string | number;
}
/**
 * Stage settings shared through `extends`: no kind (`run`, `agent`...) and no routing.
 */
export interface StageTemplate {
  description?: StageDescription;
  env?: Env;
  env_file?: EnvFile;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  /**
   * Fail the attempt (like a timeout, so it is retried) when it prints no output line for this long (default: `defaults.idle_timeout`; agent stages then the runtime's `idle_timeout`, else 10m; command stages else none).
   */
  idle_timeout?: string | number;
  retry?: Retry;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
}
/**
 * A stage that runs a command.
 */
export interface CommandStage {
  run: Run;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  /**
   * Fail the attempt (like a timeout, so it is retried) when it prints no output line for this long (default: `defaults.idle_timeout`; agent stages then the runtime's `idle_timeout`, else 10m; command stages else none).
   */
  idle_timeout?: string | number;
  retry?: Retry;
  on_failure?: OnFailure;
  next?: Next;
  max_visits?: MaxVisits;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  matrix?: Matrix;
  include?: MatrixInclude;
  exclude?: MatrixExclude;
  for_each?: ForEach;
  as?: ForEachAs;
  max_parallel?: MaxParallel;
  fail_fast?: CellFailFast;
  extends?: Extends;
  env_file?: EnvFile;
  service?: Service;
  ready?: Ready;
  /**
   * Stop the service as soon as this stage has finished (instead of at the end of the run).
   */
  until?: string;
}
/**
 * One route: go to `to` when `when` holds (always, without `when`).
 */
export interface Route {
  /**
   * Bare expression; may use `outputs` (this stage's outputs).
   */
  when?: string | boolean;
  /**
   * A stage id, `end` (finish the run) or `fail` (finish the run as failed).
   */
  to: string;
}
/**
 * An approval gate before the stage starts.
 */
export interface Approval {
  /**
   * Question shown to the approver; may hold `${{ }}` templates.
   */
  message?: string;
  /**
   * How long to wait for a decision (default: forever).
   */
  timeout?: string | number;
  /**
   * What happens when the timeout expires (default: reject).
   */
  on_timeout?: 'reject' | 'approve' | 'needs_review';
}
/**
 * Fan the stage out into one cell per combination of these values (cartesian product); a cell reads its values as `matrix.<key>` and has its own attempts, log and outputs.
 */
export interface Matrix {
  /**
   * The values of one matrix axis.
   *
   * @minItems 1
   */
  [k: string]: Scalar[] | undefined;
}
/**
 * Matrix values: keys with one value each.
 */
export interface MatrixCell {
  [k: string]: Scalar | undefined;
}
/**
 * When a service is ready: exactly one probe, retried every `interval` until `timeout` (default 30s). Without `ready` a service is ready once it has started.
 */
export interface Ready {
  /**
   * Ready when a GET of this URL answers 2xx or 3xx.
   */
  http?: string;
  /**
   * Ready when a TCP connection to this port (on 127.0.0.1) or `host:port` opens.
   */
  tcp?: number | string;
  /**
   * A string runs through /bin/sh; a list is an argv with no shell.
   */
  command?: string | (string | number)[];
  /**
   * Ready when a line of the service's output contains this text.
   */
  log?: string;
  /**
   * Give up (the stage times out and the service is stopped) when not ready after this long (default 30s).
   */
  timeout?: string | number;
  /**
   * Pause between probes (default 200ms).
   */
  interval?: string | number;
}
/**
 * A stage that runs an AI coding agent.
 */
export interface AgentStage {
  agent: Agent;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  /**
   * Fail the attempt (like a timeout, so it is retried) when it prints no output line for this long (default: `defaults.idle_timeout`; agent stages then the runtime's `idle_timeout`, else 10m; command stages else none).
   */
  idle_timeout?: string | number;
  retry?: Retry;
  on_failure?: OnFailure;
  next?: Next;
  max_visits?: MaxVisits;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  matrix?: Matrix;
  include?: MatrixInclude;
  exclude?: MatrixExclude;
  for_each?: ForEach;
  as?: ForEachAs;
  max_parallel?: MaxParallel;
  fail_fast?: CellFailFast;
  extends?: Extends;
  env_file?: EnvFile;
}
/**
 * An agent stage: exactly one of `prompt` or `prompt_file`.
 */
export interface Agent {
  /**
   * Agent role; orchestrator.yaml maps roles to runtimes.
   */
  role: 'interview' | 'execute' | 'evaluate' | 'reflect';
  /**
   * The prompt; may hold `${{ }}` templates.
   */
  prompt?: string;
  /**
   * File holding the prompt, relative to the project root.
   */
  prompt_file?: string;
  /**
   * Runtime id of orchestrator.yaml to use instead of the one mapped to the role.
   */
  runtime?: string;
  /**
   * Model name passed to the runtime.
   */
  model?: string;
}
/**
 * A stage that runs a nested pipeline.
 */
export interface PipelineStage {
  pipeline: PipelinePath;
  with?: With;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  retry?: Retry;
  on_failure?: OnFailure;
  next?: Next;
  max_visits?: MaxVisits;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  matrix?: Matrix;
  include?: MatrixInclude;
  exclude?: MatrixExclude;
  for_each?: ForEach;
  as?: ForEachAs;
  max_parallel?: MaxParallel;
  fail_fast?: CellFailFast;
  extends?: Extends;
  env_file?: EnvFile;
}
/**
 * Inputs of the nested pipeline.
 */
export interface With {
  [k: string]: Scalar | undefined;
}
/**
 * A group of branches that run concurrently.
 */
export interface ParallelStage {
  parallel: Parallel;
  fail_fast?: FailFast;
  max_parallel?: MaxParallel;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  retry?: Retry;
  on_failure?: OnFailure;
  next?: Next;
  max_visits?: MaxVisits;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  extends?: Extends;
  env_file?: EnvFile;
}
/**
 * Branches that run concurrently and join when all finish (at most 200, unless `max_parallel` is set). Branches are stages without `next`, `on_failure`, `max_visits` or `parallel`.
 */
export interface Parallel {
  [k: string]: Branch | undefined;
}
/**
 * A branch that runs a command.
 */
export interface CommandBranch {
  run: Run;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  /**
   * Fail the attempt (like a timeout, so it is retried) when it prints no output line for this long (default: `defaults.idle_timeout`; agent stages then the runtime's `idle_timeout`, else 10m; command stages else none).
   */
  idle_timeout?: string | number;
  retry?: Retry;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  extends?: Extends;
  env_file?: EnvFile;
  service?: Service;
  ready?: Ready;
  /**
   * Stop the service as soon as this stage has finished (instead of at the end of the run).
   */
  until?: string;
}
/**
 * A branch that runs an AI coding agent.
 */
export interface AgentBranch {
  agent: Agent;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  /**
   * Fail the attempt (like a timeout, so it is retried) when it prints no output line for this long (default: `defaults.idle_timeout`; agent stages then the runtime's `idle_timeout`, else 10m; command stages else none).
   */
  idle_timeout?: string | number;
  retry?: Retry;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  extends?: Extends;
  env_file?: EnvFile;
}
/**
 * A branch that runs a nested pipeline.
 */
export interface PipelineBranch {
  pipeline: PipelinePath;
  with?: With;
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  retry?: Retry;
  sources?: Sources;
  generates?: Generates;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
  extends?: Extends;
  env_file?: EnvFile;
}
/**
 * A stage taken from a stage template file (`inputs:` + `stage:`), with its inputs given in `with`; the keys set here override the template's.
 */
export interface UsesStage {
  /**
   * The stage template file, relative to the project root.
   */
  uses: string;
  /**
   * Values of the template's inputs; they may hold `${{ }}` templates of this pipeline.
   */
  with?: {
    [k: string]: Scalar | undefined;
  };
  description?: StageDescription;
  /**
   * Bare expression; when it is false the stage is skipped (not failed). Example: `inputs.env == 'prod'`.
   */
  if?: string | boolean;
  env?: Env;
  env_file?: EnvFile;
  extends?: Extends;
  cwd?: StageCwd;
  /**
   * Kill the stage when it runs longer than this (default: `defaults.timeout`; agent stages then the runtime's `timeout`, else 60m; command stages else none).
   */
  timeout?: string | number;
  retry?: Retry;
  on_failure?: OnFailure;
  next?: Next;
  max_visits?: MaxVisits;
  idempotent?: Idempotent;
  runs_on?: RunsOn;
  approval?: Approval;
}
