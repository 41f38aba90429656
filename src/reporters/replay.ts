// Feeds a saved journal into a reporter, exactly as the events arrived live.
import type { JournalEvent } from '../model/index.js';
import type { Reporter } from './types.js';

/** Replays journal events into a reporter in order; it does not close it (a live tail may follow). */
export function replayJournal(events: JournalEvent[], reporter: Reporter): void {
  for (const event of events) reporter.onEvent(event);
}
