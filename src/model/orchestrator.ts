// The normalised orchestrator.yaml (DESIGN §3): runtimes, role -> runtime mapping, policies.
import type { RetryPolicy, Role } from './pipeline.js';

/** One agent runtime: which adapter speaks to it and how to start it. */
export interface RuntimeSpec {
  id: string;
  /** Native adapter name (codex, claude-code, opencode, hermes) or `command` (generic). */
  adapter: string;
  /** Executable and fixed leading arguments, e.g. ['node', 'scripts/echo-agent.mjs']. */
  command: string[];
  model?: string;
  profile?: string;
  /** Extra arguments appended to the adapter's command line. */
  args: string[];
  env: Record<string, string>;
  /** Timeout of agent stages on this runtime that set none (below the pipeline's defaults). */
  timeoutMs?: number;
  /** Idle timeout (no output) of agent stages on this runtime that set none. */
  idleTimeoutMs?: number;
}

export interface RuntimeProfile {
  default?: string;
  /** Backend-native profile name (codex: --profile), passed at most once. */
  backendProfile?: string;
  stages: Partial<Record<Role, string>>;
}

/** A rule that adds an approval gate to matching stages. */
export interface GateRule {
  match: { stage?: string; role?: string; runtime?: string };
  when?: string;
  message: string;
}

export interface Orchestrator {
  /** Absolute path of orchestrator.yaml, or null when the project has none. */
  file: string | null;
  /** Directory that holds orchestrator.yaml (or the current directory). */
  root: string;
  /** Absolute path of the runs directory. */
  runsDir: string;
  runtimes: Record<string, RuntimeSpec>;
  runtimeProfile: RuntimeProfile;
  gatePolicy: GateRule[];
  retryPolicy?: RetryPolicy;
  /** At most this many command stages at once in one run (`max_parallel`; default: the number of CPUs). */
  maxParallel?: number;
  /** `executor:`: where stages run (absent: local). */
  executor?: ExecutorSettings;
}

/** orchestrator.yaml `executor:` (docs/scale-out.md). */
export interface ExecutorSettings {
  kind: 'local' | 'bullmq';
  redis?: string;
  queue?: string;
}

/** Where the runtime of an agent stage was chosen. */
export type RuntimeSource = 'stage' | 'role' | 'default';
