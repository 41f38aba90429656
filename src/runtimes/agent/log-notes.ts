// Remarks appended to a stage log after the agent process ended (skipped lines, session, usage).
import { appendFileSync } from 'node:fs';
import type { Usage } from '../../model/index.js';

/** Prefix of every line flowstate adds to a stage log. */
export const NOTE_PREFIX = '[flowstate] ';

/** Appends one `[flowstate] ...` line per note; a log that cannot be written is left alone. */
export function appendLogNotes(logFile: string, notes: readonly string[]): void {
  if (notes.length === 0) return;
  try {
    appendFileSync(logFile, notes.map((note) => `${NOTE_PREFIX}${note}\n`).join(''));
  } catch {
    // The log is a record, not a requirement: the attempt's outcome does not depend on it.
  }
}

/** A one-line summary of an agent attempt: session and token counts. */
export function summaryNote(cli: string, sessionId: string | null, usage: Usage | undefined): string | null {
  const parts: string[] = [];
  if (sessionId !== null) parts.push(`session ${sessionId}`);
  if (usage !== undefined) {
    const cost = usage.cost_usd === undefined ? '' : `, $${usage.cost_usd.toFixed(4)}`;
    parts.push(`${usage.input_tokens} input / ${usage.output_tokens} output tokens${cost}`);
  }
  return parts.length === 0 ? null : `${cli}: ${parts.join(', ')}`;
}
