// GENERATED FILE - DO NOT EDIT.
// Generated from schemas/orchestrator.schema.json by `node scripts/gen-types.mjs`; tests/config/generated-types.test.ts
// fails when this file and the schema drift apart. Edit the schema, then regenerate.
/* eslint-disable */

/**
 * Project configuration: where runs are stored, which agent runtimes exist and which runtime serves each agent role. Reference: docs/pipeline-language.md.
 */
export interface OrchestratorDocument {
  /**
   * Schema of this file, for editors that read it from here.
   */
  $schema?: string;
  /**
   * Version of the orchestrator.yaml format; always 1.
   */
  version: 1;
  /**
   * Directory of run records, relative to this file (default `.runs`). `--runs-dir` and FLOWSTATE_RUNS_DIR override it.
   */
  runs_dir?: string;
  /**
   * Agent runtimes by id: which adapter drives them and how to start them.
   */
  runtimes?: {
    [k: string]: Runtime | undefined;
  };
  /**
   * Which runtime serves each agent role. Resolution: stage `agent.runtime` > `stages.<role>` > `default`.
   */
  runtime_profile?: {
    /**
     * A runtime id: letters, digits, `_` and `-`.
     */
    default?: string;
    /**
     * Backend-native profile name passed to runtimes that support one (codex: --profile), at most once.
     */
    backend_profile?: string;
    /**
     * Runtime id per agent role (interview, execute, evaluate, reflect).
     */
    stages?: {
      /**
       * A runtime id: letters, digits, `_` and `-`.
       */
      interview?: string;
      /**
       * A runtime id: letters, digits, `_` and `-`.
       */
      execute?: string;
      /**
       * A runtime id: letters, digits, `_` and `-`.
       */
      evaluate?: string;
      /**
       * A runtime id: letters, digits, `_` and `-`.
       */
      reflect?: string;
    };
  };
  /**
   * Rules that add approval gates to matching stages, on top of stage `approval:`.
   */
  gate_policy?: GateRule[];
  retry_policy?: Retry;
  /**
   * At most this many command stages (cells and branches included) run at once in one run (default: the number of CPUs). `--max-parallel` overrides it.
   */
  max_parallel?: number;
  /**
   * Where stages run (docs/scale-out.md): `local` (default) on this machine; `bullmq` as jobs on Redis for `flowstate worker` processes. `--executor`/`--redis` and FLOWSTATE_REDIS_URL override it.
   */
  executor?: {
    /**
     * local or bullmq.
     */
    kind: 'local' | 'bullmq';
    /**
     * Redis URL (redis://[user:password@]host:port[/db], rediss://..., or unix:///path/redis.sock). Its credentials are never logged or journalled; prefer FLOWSTATE_REDIS_URL for a password.
     */
    redis?: string;
    /**
     * Queue name prefix shared by the coordinator and its workers (default: flowstate).
     */
    queue?: string;
  };
}
/**
 * An agent runtime.
 */
export interface Runtime {
  /**
   * Adapter that speaks to the CLI: a native one (codex, claude-code, opencode, hermes) or `command` (generic: for every other CLI).
   */
  adapter: 'codex' | 'claude-code' | 'opencode' | 'hermes' | 'command';
  /**
   * Executable and fixed leading arguments: a list (argv), or a string split on whitespace (no shell).
   */
  command: string | string[];
  /**
   * Model passed to the runtime.
   */
  model?: string;
  /**
   * Backend-native profile of this runtime (codex: --profile).
   */
  profile?: string;
  /**
   * Extra arguments appended to the adapter command line.
   */
  args?: string[];
  /**
   * Timeout of agent stages on this runtime that set none (stage `timeout` > pipeline `defaults.timeout` > this > 60m).
   */
  timeout?: string | number;
  /**
   * Fail an attempt on this runtime that prints no output line for this long (stage `idle_timeout` > pipeline `defaults.idle_timeout` > this > 10m).
   */
  idle_timeout?: string | number;
  /**
   * Environment variables for the runtime process.
   */
  env?: {
    [k: string]: string | number | boolean | undefined;
  };
}
/**
 * Add an approval gate to every stage the rule matches (all `match` keys must hold, and `when` if given).
 */
export interface GateRule {
  /**
   * Which stages the rule applies to; every given key must match (an empty match applies to all stages).
   */
  match: {
    /**
     * Stage id.
     */
    stage?: string;
    /**
     * Agent role.
     */
    role?: 'interview' | 'execute' | 'evaluate' | 'reflect';
    /**
     * A runtime id: letters, digits, `_` and `-`.
     */
    runtime?: string;
  };
  /**
   * Bare expression; the gate applies only when it holds.
   */
  when?: string;
  /**
   * Question shown to the approver; may hold `${{ }}` templates.
   */
  message: string;
}
/**
 * Default retry policy of stages that set none (stage `retry` > pipeline `defaults.retry` > this).
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
