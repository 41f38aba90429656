// Ctrl-C / SIGTERM while a run is live: the first cancels it gracefully (SIGTERM to each
// stage's group, SIGKILL after the grace period); a second kills every stage group at once.
import { signalAllGroups } from '../exec/index.js';
import { println, type CliIO } from './io.js';

/** Runs `body` with an AbortSignal wired to SIGINT/SIGTERM; handlers are removed afterwards. */
export async function withRunSignals<T>(io: CliIO, body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (): void => {
    if (!controller.signal.aborted) {
      println(io.stderr, 'stopping: stages get SIGTERM (press Ctrl-C again to kill them now); the run stays resumable');
      controller.abort();
      return;
    }
    const killed = signalAllGroups('SIGKILL');
    println(io.stderr, `killed ${killed} stage process group(s)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await body(controller.signal);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}
