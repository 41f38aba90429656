// The public shapes of process spawning: what the caller asks for and what it gets back.

/** What to run: a shell script through `/bin/sh -c`, or an argv run without a shell. */
export type CommandSpec = { kind: 'shell'; script: string } | { kind: 'argv'; argv: string[] };

/** The stream a line of output came from. */
export type OutputStreamName = 'stdout' | 'stderr';

/** Everything spawnProcess needs to start, watch, log and stop one command. */
export interface SpawnSpec {
  command: CommandSpec;
  cwd: string;
  /** Variables set on top of process.env (the child sees both). */
  env: Record<string, string>;
  /** Written to the child's stdin, which is then closed; without it stdin is /dev/null. */
  stdin?: string;
  /** stdout+stderr appended line by line (created, with its directories, on the first output). */
  logFile?: string;
  /** After this, SIGTERM to the whole process group, then SIGKILL after killGraceMs. */
  timeoutMs?: number;
  /** Grace between SIGTERM and SIGKILL (default 2000). */
  killGraceMs?: number;
  /** Cancellation: the same kill sequence as a timeout; the outcome is 'cancelled'. */
  signal?: AbortSignal;
  /** Every line (cut into 64 KiB pieces when longer), in order within each stream. */
  onLine?: (line: string, stream: OutputStreamName) => void;
  /** Called once the process exists, before any output; the pid is also the process group id. */
  onSpawn?: (pid: number) => void;
  /** Applied to every line before it reaches the log file, onLine, tailLines and captured stdout. */
  redact?: (text: string) => string;
  /** Keep stdout in the result: the last maxBytes of it (default 1 MiB). */
  captureStdout?: boolean | { maxBytes: number };
}

/** How a process ended. */
export type ProcessOutcome = 'exited' | 'timed_out' | 'cancelled' | 'spawn_failed';

/** One shape for success and failure: spawnProcess never throws for process failures. */
export interface ProcessResult {
  outcome: ProcessOutcome;
  /** 127 when the executable is not found, 126 when it cannot be executed. */
  exitCode: number | null;
  /** The signal that ended the process, e.g. 'SIGTERM'. */
  signal: string | null;
  pid: number | null;
  durationMs: number;
  /** '' unless captureStdout. */
  stdout: string;
  /** The last 20 lines of combined output, for failure reports. */
  tailLines: string[];
  /** A human message for spawn failures, timeouts, cancellation and log write failures. */
  error: string | null;
}
