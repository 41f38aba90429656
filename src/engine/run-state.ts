// In-memory state of one run that the machine's guards and actions read: per-stage status,
// attempts, visits and outputs. Kept out of the XState context so snapshots stay small.
import type { Outputs, StageRecord, StageStatus } from '../model/index.js';

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
  /** Ends the whole run with this status (set by the engine; e.g. a gate timing out to needs_review). */
  requestHalt?: (status: 'needs_review', reason: string) => void;

  constructor(stageIds: Iterable<string>) {
    for (const id of stageIds) {
      const state: StageState = { status: 'pending', attempts: 0, visits: 0, outputs: {}, reason: null };
      this.stages.set(id, state);
      this.view[id] = state;
    }
  }

  /** Restores stage states from a manifest's records (resume). */
  restore(records: Record<string, StageRecord>): void {
    for (const [id, r] of Object.entries(records)) {
      const state = this.stages.get(id);
      if (!state) continue;
      Object.assign(state, { status: r.status, attempts: r.attempts, visits: r.visits, outputs: { ...r.outputs }, reason: r.reason });
    }
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
