// Reading events.jsonl. An event is committed once its line's '\n' is on disk; a last line
// without one is a torn write from a crash and is not part of the journal.
import fs from 'node:fs';
import type { JournalEvent } from '../model/index.js';
import { RunStoreError, describeError, errnoCode } from './errors.js';

/** The events of a journal file, and whether its last line was torn (incomplete). */
export interface JournalContents {
  events: JournalEvent[];
  tornTail: boolean;
}

/** Parses one committed journal line; throws RunStoreError naming file:line when corrupt. */
export function parseJournalLine(line: string, file: string, lineNo: number): JournalEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new RunStoreError(file, `corrupt journal ${file}:${lineNo}: not JSON (${describeError(error)})`, {
      cause: error,
    });
  }
  const event = value as Partial<JournalEvent> | null;
  if (typeof event !== 'object' || event === null || typeof event.type !== 'string' || typeof event.seq !== 'number') {
    throw new RunStoreError(file, `corrupt journal ${file}:${lineNo}: not an event (needs "type" and "seq")`);
  }
  return value as JournalEvent;
}

/** Byte length of the committed part of a journal buffer (up to and including the last '\n'). */
export function committedLength(buffer: Buffer): number {
  return buffer.lastIndexOf(0x0a) + 1;
}

/** Parses the committed lines of a journal buffer. */
export function parseJournal(buffer: Buffer, file: string): JournalContents {
  const committed = committedLength(buffer);
  const text = buffer.toString('utf8', 0, committed);
  const events: JournalEvent[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    const end = text.indexOf('\n', start);
    lineNo++;
    const line = text.slice(start, end);
    if (line.trim() !== '') events.push(parseJournalLine(line, file, lineNo));
    start = end + 1;
  }
  return { events, tornTail: committed < buffer.length };
}

/** Reads a journal (read-only: a torn tail is reported, not repaired). Missing file: no events. */
export function readJournal(file: string): JournalContents {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(file);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { events: [], tornTail: false };
    throw new RunStoreError(file, `cannot read journal ${file}: ${describeError(error)}`, { cause: error });
  }
  return parseJournal(buffer, file);
}
