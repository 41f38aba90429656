// Stopping at once: a second Ctrl-C kills every stage process group this process started
// (the first cancels gracefully through the run's AbortSignal).
import { signalAllGroups } from '../exec/index.js';

/** SIGKILLs every live stage process group of this process; returns how many there were. */
export function killAllStages(): number {
  return signalAllGroups('SIGKILL');
}
