// The shapes every agent adapter shares: the request, the lifecycle hooks and the verdict.
import type { ProcessResult } from '../../exec/index.js';
import type { RuntimeSpec, Usage } from '../../model/index.js';
import type { ScratchDir } from './scratch.js';

/** One agent attempt as the engine asks for it. */
export interface AgentRequest {
  prompt: string;
  role: string;
  runtime: RuntimeSpec;
  /** The stage's `agent.model`; wins over the runtime's `model`. */
  model?: string;
  /** runtime_profile.backend_profile of orchestrator.yaml. */
  backendProfile?: string;
}

/** The process an adapter wants started for one attempt. */
export interface AgentInvocation {
  /** Executable and every argument (the runtime's command first). */
  argv: string[];
  /** Variables on top of the attempt's environment. */
  env: Record<string, string>;
  /** The prompt written to stdin (then closed); undefined when it travels in argv. */
  stdin?: string;
  /** Keep this many bytes of stdout (the generic adapter's answer); native adapters stream. */
  captureStdoutBytes?: number;
}

/** What an adapter concluded from the CLI's output once the process ended. */
export interface AgentVerdict {
  /** The final answer (outputs are taken from it). */
  text: string;
  /** Why the CLI's own report says the attempt failed; null when it reported success. */
  failure: string | null;
  usage?: Usage;
  sessionId: string | null;
  /** Remarks for the stage log (skipped lines, non-fatal errors). */
  notes: string[];
  /**
   * Readable lines for a failure report (error events, the result text, the last assistant
   * message), never raw protocol lines; absent: the raw output tail is readable as it is.
   */
  tail?: string[];
  /** Why the CLI may have stalled, from its last events (`codex was waiting for network ...`); added to a timeout's reason. */
  stalled?: string;
}

/** Where an adapter may put scratch files, and the attempt it prepares. */
export interface PrepareContext {
  cwd: string;
  scratch: ScratchDir;
}

/** One prepared attempt: the command line, a stdout line consumer and the verdict. */
export interface AgentSession {
  invocation: AgentInvocation;
  /** Each stdout line while the CLI runs (lines over 64 KiB arrive in pieces). */
  onStdoutLine?: (line: string) => void;
  /** Aborted once the CLI printed its terminal record: a CLI still running after a short grace is stopped. */
  finished?: AbortSignal;
  /** Reads the verdict once the process has ended (also after timeouts and cancellation). */
  resolveOutcome: (result: ProcessResult) => AgentVerdict | Promise<AgentVerdict>;
  /** Releases what prepare took; runs always, after success, errors, timeouts and cancellation. */
  cleanup?: () => void | Promise<void>;
}

/** A runtime adapter: how to drive one kind of agent CLI. */
export interface AgentAdapter {
  /** The `adapter` value of orchestrator.yaml that selects it. */
  readonly name: string;
  /** The CLI the command line addresses, for messages ("claude exited 0 without ..."). */
  readonly cli: string;
  /** Builds the command line and scratch files of one attempt. */
  prepare(req: AgentRequest, ctx: PrepareContext): AgentSession | Promise<AgentSession>;
  /** The argv that asks the runtime's CLI for its version (flowstate doctor). */
  versionArgv(runtime: RuntimeSpec): string[];
}
