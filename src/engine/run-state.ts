// In-memory state of one run that the machine's guards and actions read: per-stage status,
// attempts, visits and outputs. Kept out of the XState context so snapshots stay small.
import { cellParent, type Outputs, type StageRecord, type StageStatus } from '../model/index.js';
import type { Slots } from './scheduler.js';

export interface StageState {
  status: StageStatus;
  /** Starts of the stage in this run, retries and loop visits included (log names use it). */
  attempts: number;
  visits: number;
  outputs: Outputs;
  reason: string | null;
}

const FAILED_STATUSES: ReadonlySet<StageStatus> = new Set(['failed', 'timed_out', 'cancelled']);

/** True for the statuses that count as a stage failure when routing. */
export function isFailedStatus(status: StageStatus): boolean {
  return FAILED_STATUSES.has(status);
}

export class RunState {
  private readonly stages = new Map<string, StageState>();
  /** `stages.<id>` for expressions: the live stage states themselves, built once (O(1) per lookup). */
  private readonly view: Record<string, StageState> = {};
  /** Set when the whole run is being stopped (signal, crash recovery), not just one branch. */
  interrupted = false;
  /** Set once every stage has settled: nothing more may be journalled by stages (late remote results). */
  ended = false;
  /** Ends the whole run with this status (set by the engine; e.g. a gate timing out to needs_review). */
  requestHalt?: (status: 'needs_review', reason: string) => void;
  /** Attempts started and not yet finished, across the run (a finish with others running shares its sync). */
  attemptsInFlight = 0;
  /** The run-wide limit on command attempts running at once (absent: no limit). */
  commandSlots?: Slots;
  /** Extra expression names of cells: `matrix` or the for_each item, by cell id. */
  private readonly locals = new Map<string, Record<string, unknown>>();

  constructor(stageIds: Iterable<string>) {
    for (const id of stageIds) {
      const state: StageState = { status: 'pending', attempts: 0, visits: 0, outputs: {}, reason: null };
      this.stages.set(id, state);
      this.view[id] = state;
    }
  }

  /** Restores stage states from a manifest's records (resume); cells are added, other unknown ids ignored. */
  restore(records: Record<string, StageRecord>): void {
    for (const [id, r] of Object.entries(records)) {
      const parent = cellParent(id);
      const state = this.stages.get(id) ?? (parent !== undefined && this.stages.has(parent) ? this.add(id) : undefined);
      if (!state) continue;
      Object.assign(state, { status: r.status, attempts: r.attempts, visits: r.visits, outputs: { ...r.outputs }, reason: r.reason });
    }
  }

  /** Adds the state of a cell (a no-op when it exists); `locals` are the names its expressions read. */
  addCell(id: string, locals: Record<string, unknown>): StageState {
    this.locals.set(id, locals);
    return this.stages.get(id) ?? this.add(id);
  }

  /** The extra expression names of a cell, if `id` is one. */
  localsOf(id: string): Record<string, unknown> | undefined {
    return this.locals.get(id);
  }

  private add(id: string): StageState {
    const state: StageState = { status: 'pending', attempts: 0, visits: 0, outputs: {}, reason: null };
    this.stages.set(id, state);
    this.view[id] = state;
    return state;
  }

  /** The state of one stage; ids come from the compiled pipeline, so a miss is a bug. */
  stage(id: string): StageState {
    const state = this.stages.get(id);
    if (!state) throw new Error(`internal: unknown stage ${id}`);
    return state;
  }

  /** `stages.<id>.{outputs,status}` as the expression language sees them (live, not a copy). */
  expressionView(): Record<string, { outputs: Outputs; status: string }> {
    return this.view;
  }
}
