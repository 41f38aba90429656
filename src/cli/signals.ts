// Ctrl-C / SIGTERM / SIGHUP (terminal closed) while a run is live: the first cancels it
// gracefully (SIGTERM to each stage's group, SIGKILL after the grace period, journalled,
// resumable); a second kills every stage group at once.
import { killAllStages } from '../api/stop.js';
import { println, type CliIO } from './io.js';

/** The signals that stop a run or a watch: Ctrl-C, kill, and a closed terminal. */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const RUN_STOPPING = 'stopping: stages get SIGTERM (press Ctrl-C again to kill them now); the run stays resumable';

/**
 * Runs `body` with an AbortSignal wired to SIGINT/SIGTERM/SIGHUP (the first signal aborts it and
 * prints `stopping`; a second kills every stage group); handlers are removed afterwards.
 */
export async function withRunSignals<T>(io: CliIO, body: (signal: AbortSignal) => Promise<T>, stopping = RUN_STOPPING): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (!controller.signal.aborted) {
      println(io.stderr, stopping);
      controller.abort();
      return;
    }
    const killed = killAllStages();
    println(io.stderr, `killed ${killed} stage process group(s)`);
  };
  for (const name of STOP_SIGNALS) process.on(name, onSignal);
  try {
    return await body(controller.signal);
  } finally {
    for (const name of STOP_SIGNALS) process.removeListener(name, onSignal);
  }
}
