// Services: command stages that keep running (a server, a database) until the run ends or a
// named stage finishes. Pure data; the engine's services.ts owns their processes.

/** How a service shows it is ready: exactly one probe. Strings may hold `${{ }}` templates, rendered when the service starts. */
export type ReadyProbe =
  | { kind: 'http'; url: string }
  | { kind: 'tcp'; host: string; port: number }
  | {
      kind: 'command';
      command: { kind: 'shell'; script: string } | { kind: 'argv'; argv: string[] };
      /** Set by the engine when it renders a shell command's templates (values passed as variables). */
      env?: Record<string, string>;
    }
  | { kind: 'log'; text: string };

export interface ServiceSpec {
  /** Absent: ready as soon as the process has started. */
  ready?: ReadyProbe;
  /** Give up (stage timed_out, process stopped) when not ready after this long. */
  readyTimeoutMs: number;
  /** Pause between probes. */
  intervalMs: number;
  /** Stop the service once this stage has finished; absent: at the end of the run. */
  until?: string;
}

export const DEFAULT_READY_TIMEOUT_MS = 30_000;
export const DEFAULT_READY_INTERVAL_MS = 200;
