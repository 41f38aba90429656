// Resume and services: the previous runner's service processes are gone (the resume kills the
// leftover process groups of the run), so the services that were up when it stopped are started
// again, as new attempts, before the machine re-enters the stage it was in.
import { allStages, type CommandStage, type StageRecord } from '../model/index.js';
import type { RunState } from './run-state.js';
import { restartService } from './stage-runner.js';
import type { EngineRun } from './types.js';

const FINISHED = new Set(['succeeded', 'failed', 'timed_out', 'skipped', 'cancelled']);

/** Service stages that were up when the run stopped and whose `until` stage has not finished. */
export function servicesToRestart(run: EngineRun): CommandStage[] {
  const records = run.restoredStages;
  if (!run.resume || !records) return [];
  return allStages(run.pipeline).filter((stage): stage is CommandStage => {
    if (stage.kind !== 'command' || !stage.service) return false;
    if (!wasUp(records[stage.id], stage.id === run.resume?.position)) return false;
    const until = stage.service.until ? records[stage.service.until] : undefined;
    return !(until && FINISHED.has(until.status));
  });
}

/** Up when the runner stopped: it had become ready, or a restart of it was interrupted (not at the resume position, which re-runs anyway). */
function wasUp(record: StageRecord | undefined, atPosition: boolean): boolean {
  if (!record) return false;
  if (record.status === 'succeeded') return record.reused_from === undefined;
  return record.status === 'cancelled' && record.reason === 'interrupted' && !atPosition;
}

/** Calls `begin` at once, or once the services a resume needs are up again; else `fail` (stopped meanwhile, or why a restart failed). */
export function startAfterServices(run: EngineRun, state: RunState, signal: AbortSignal, begin: () => void, fail: (reason: string) => void): void {
  const services = servicesToRestart(run);
  if (services.length === 0) {
    begin();
    return;
  }
  restartServices(run, state, services, signal).then(
    (failure) => (signal.aborted ? fail('stopped while restarting services') : failure !== null ? fail(failure) : begin()),
    (error: unknown) => fail(`internal error: ${error instanceof Error ? error.message : String(error)}`),
  );
}

/** Starts the services again, in declaration order; the reason of the first that fails, else null. */
async function restartServices(run: EngineRun, state: RunState, services: readonly CommandStage[], signal: AbortSignal): Promise<string | null> {
  for (const stage of services) {
    const outcome = await restartService(run, state, stage, signal);
    if (signal.aborted) return null;
    if (outcome.status !== 'succeeded') return `service \`${stage.id}\` could not be restarted on resume: ${outcome.reason ?? outcome.status}`;
  }
  return null;
}
