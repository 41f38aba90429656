// Runs a compiled pipeline to its end: creates the actor, waits for a final state, and
// makes sure no stage visit is still in flight when it returns.
import { createActor, type AnyActorRef } from 'xstate';
import { allStages, type RunStatus, type Stage } from '../model/index.js';
import { createPipelineMachine, type MachineDeps } from './machine.js';
import { RunState } from './run-state.js';
import { Slots } from './scheduler.js';
import { startAfterServices } from './service-resume.js';
import { stopRunServices } from './services.js';
import type { EngineRun } from './types.js';

export interface EngineResult {
  status: Extract<RunStatus, 'succeeded' | 'failed' | 'needs_review' | 'cancelled' | 'awaiting_approval'>;
  reason: string | null;
  state: RunState;
}

export interface EngineHandle {
  /** Settles once the run reached a final state (or was cancelled) and every stage process is gone. */
  done: Promise<EngineResult>;
  /** The XState snapshot to persist in the manifest. */
  persistedSnapshot(): unknown;
  /** Stops the run: stage processes get SIGTERM, then SIGKILL after the grace period. */
  cancel(reason: string): void;
  /** Stops the run to wait for an approval elsewhere (resumable; other in-flight stages re-run on resume). */
  pause(reason: string): void;
  readonly state: RunState;
}

const FINAL_STATUS: Record<string, EngineResult['status']> = {
  succeeded: 'succeeded',
  failed: 'failed',
  needs_review: 'needs_review',
};

/** Starts executing a run; the caller awaits `done`. */
export function startEngine(run: EngineRun): EngineHandle {
  const stages = new Map<string, Stage>(allStages(run.pipeline).map((s) => [s.id, s]));
  const state = new RunState(stages.keys());
  if (run.restoredStages) state.restore(run.restoredStages);
  if (run.maxParallel !== undefined) state.commandSlots = new Slots(run.maxParallel);
  const deps: MachineDeps = { run, state, stages, inFlight: new Set(), outcome: { reason: null }, groupStarted: new Map(), continuingVisit: new Set() };
  const machine = { ...run.compiled.machine };
  if (run.resume && stages.has(run.resume.position)) {
    machine.initial = run.resume.position;
    if (run.resume.entered) deps.continuingVisit.add(run.resume.position);
  }
  const actor = createActor(createPipelineMachine(machine, deps));
  let stopped: { status: EngineResult['status']; reason: string } | null = null;
  const restarting = new AbortController();
  let started = false;
  const stop = (status: EngineResult['status'], reason: string): void => {
    if (stopped === null && !started) {
      // Still restarting services on resume: stop that; the machine never starts.
      stopped = { status, reason };
      state.interrupted = true;
      restarting.abort();
      return;
    }
    if (stopped !== null || actor.getSnapshot().status !== 'active') return;
    stopped = { status, reason };
    state.interrupted = true;
    actor.stop();
  };
  state.requestHalt = (status, reason) => queueMicrotask(() => stop(status, reason));
  let settle: (result: Omit<EngineResult, 'state'>) => void = () => undefined;
  const finished = new Promise<Omit<EngineResult, 'state'>>((resolve) => {
    settle = resolve;
    actor.subscribe({
      next: (snapshot) => {
        if (snapshot.status !== 'done') return;
        const status = FINAL_STATUS[String(snapshot.value)] ?? 'failed';
        resolve({ status, reason: status === 'succeeded' ? null : deps.outcome.reason });
      },
      error: (error) => resolve({ status: 'failed', reason: `internal error: ${describe(error)}` }),
      complete: () => {
        if (stopped !== null) resolve(stopped);
      },
    });
  });
  const begin = (): void => {
    started = true;
    actor.start();
  };
  startAfterServices(run, state, restarting.signal, begin, (failure) => settle(stopped ?? { status: 'failed', reason: failure }));
  const done = finished.then(async (result) => {
    await settleInFlight(deps);
    await stopRunServices(run);
    state.ended = true;
    return { ...result, state };
  });
  return {
    done,
    state,
    persistedSnapshot: () => persisted(actor),
    cancel: (reason) => stop('cancelled', reason),
    pause: (reason) => stop('awaiting_approval', reason),
  };
}

/** Waits until every stage visit started by the machine has settled (their processes are gone). */
async function settleInFlight(deps: MachineDeps): Promise<void> {
  while (deps.inFlight.size > 0) await Promise.allSettled([...deps.inFlight]);
}

/** The persisted snapshot, or null when XState cannot produce one. */
function persisted(actor: AnyActorRef): unknown {
  try {
    return actor.getPersistedSnapshot();
  } catch {
    return null;
  }
}

/** A short description of an unexpected error. */
function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
