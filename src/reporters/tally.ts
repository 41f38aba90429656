// Folds journal events into summary rows (stages in the order they first appeared) and run timing.
import type { JournalEvent, SkipReason } from '../model/index.js';
import { formatExit } from './format.js';
import type { SummaryRow } from './summary.js';

/** Words used for a skip reason, in stage lines and in the summary. */
export const SKIP_REASON_TEXT: Record<SkipReason, string> = {
  cached: 'cached',
  if_false: 'if false',
  target: 'not selected',
};

/** Accumulated view of a run: one row per stage and when the run (re)started. */
export interface RunTally {
  rows: Map<string, SummaryRow>;
  startedAtMs: number | null;
}

/** Creates an empty tally. */
export function createTally(): RunTally {
  return { rows: new Map(), startedAtMs: null };
}

function rowOf(tally: RunTally, stage: string): SummaryRow {
  let row = tally.rows.get(stage);
  if (!row) {
    row = { stage, status: 'pending', attempts: 0, duration_ms: null, reason: null };
    tally.rows.set(stage, row);
  }
  return row;
}

/** Updates the tally with one event: attempts count starts, duration sums finished attempts. */
export function updateTally(tally: RunTally, event: JournalEvent): void {
  switch (event.type) {
    case 'run.started':
    case 'run.resumed': {
      const parsed = Date.parse(event.ts);
      if (tally.startedAtMs === null && Number.isFinite(parsed)) tally.startedAtMs = parsed;
      return;
    }
    case 'stage.started': {
      const row = rowOf(tally, event.stage);
      row.status = 'running';
      row.attempts += 1;
      row.reason = null;
      return;
    }
    case 'stage.finished': {
      const row = rowOf(tally, event.stage);
      row.status = event.status;
      row.duration_ms = (row.duration_ms ?? 0) + event.duration_ms;
      row.reason = event.status === 'succeeded' ? null : (event.reason ?? formatExit(event));
      return;
    }
    case 'stage.skipped': {
      const row = rowOf(tally, event.stage);
      const why = SKIP_REASON_TEXT[event.reason] ?? event.reason;
      row.status = event.reused_from !== undefined ? 'succeeded' : 'skipped';
      row.reason = event.reused_from !== undefined ? `${why}, from run ${event.reused_from}` : why;
      return;
    }
    case 'gate.waiting':
      rowOf(tally, event.stage).status = 'awaiting_approval';
      return;
    case 'gate.decided': {
      const row = rowOf(tally, event.stage);
      row.status = event.decision;
      row.reason = event.comment;
      return;
    }
    default:
      return;
  }
}

/** Milliseconds from the first run.started/run.resumed to `finishedTs`, or null if unknown. */
export function runElapsedMs(tally: RunTally, finishedTs: string): number | null {
  const finished = Date.parse(finishedTs);
  if (tally.startedAtMs === null || !Number.isFinite(finished)) return null;
  return Math.max(0, finished - tally.startedAtMs);
}
