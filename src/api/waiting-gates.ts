// Which gates of a run are waiting for a decision, read from its journal.
import type { JournalEvent } from '../model/index.js';

export interface WaitingGate {
  stage: string;
  attempt: number;
  message: string;
  rule: string | null;
  since: string;
  /** Epoch ms of the timeout, or null. */
  timeoutAt: number | null;
  onTimeout: 'reject' | 'approve' | 'needs_review';
}

/** Gates with a `gate.waiting` and no later `gate.decided` or start of that stage. */
export function waitingGates(events: readonly JournalEvent[]): WaitingGate[] {
  const waiting = new Map<string, WaitingGate>();
  for (const event of events) {
    if (event.type === 'gate.waiting') {
      waiting.set(event.stage, {
        stage: event.stage,
        attempt: event.attempt,
        message: event.message,
        rule: event.rule,
        since: event.ts,
        timeoutAt: event.timeout_at ? Date.parse(event.timeout_at) : null,
        onTimeout: event.on_timeout ?? 'reject',
      });
    } else if (event.type === 'gate.decided' || event.type === 'stage.started' || event.type === 'run.finished') {
      if ('stage' in event) waiting.delete(event.stage);
      else waiting.clear();
    }
  }
  return [...waiting.values()];
}
