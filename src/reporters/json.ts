// The JSON reporter: prints nothing live, records events for the CLI's one final JSON document.
import type { JournalEvent } from '../model/index.js';
import type { JsonReporter, ReporterOptions } from './types.js';

/** Creates the JSON reporter; `events()` returns what it saw (stdout stays one JSON document). */
export function createJsonReporter(_options: ReporterOptions): JsonReporter {
  const seen: JournalEvent[] = [];
  let closed = false;
  return {
    onEvent: (event) => {
      if (!closed) seen.push(event);
    },
    close: () => {
      closed = true;
    },
    events: () => [...seen],
  };
}
