// Which journals a resume can continue: the event contract version the run was recorded with,
// and (version 2) whether the machine it ran is still the one this flowstate compiles.
import { ConflictError } from '../errors/index.js';
import { EVENT_CONTRACT_VERSION, type RunStartedEvent } from '../model/index.js';

/**
 * Refuses (exit 5) a journal of a newer contract, and a version-2 run whose compiled machine
 * changed while its pipeline did not (flowstate itself changed) unless forced. A version-1
 * journal has no machine hash: it is continued from its events, its pipeline hash checked.
 * Returns a note for `run.resumed`, or null.
 */
export function checkEventContract(started: RunStartedEvent, machineHash: string, force: boolean, pipelineChanged: boolean): string | null {
  const version = started.version ?? 1;
  if (version > EVENT_CONTRACT_VERSION) {
    throw new ConflictError(
      `run ${started.run_id} was recorded by a newer flowstate (event contract version ${version}; this one reads up to ${EVENT_CONTRACT_VERSION}): resume it with that version`,
    );
  }
  if (version < 2 || started.plan === undefined) {
    return 'recorded by an earlier flowstate (event contract version 1, no machine hash): continued from its journal';
  }
  if (started.plan.machine_hash === machineHash || pipelineChanged) return null;
  if (!force) {
    throw new ConflictError(
      `the state machine of run ${started.run_id} changed since it started (same pipeline, another flowstate version); ` +
        'resume with --force to continue in the new machine, or start a new run',
    );
  }
  return 'state machine changed since the run started (resumed with --force)';
}
