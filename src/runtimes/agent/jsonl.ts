// Incremental JSONL reading for native adapters: one event per stdout line, handled as it
// arrives (the stream is never buffered whole). exec hands over lines longer than 64 KiB in
// pieces; a piece that does not parse is joined with the following pieces until the event
// parses. A line that is not a JSON object is skipped and noted, never fatal.
import { MAX_LINE_PIECE_BYTES } from '../../exec/index.js';
import { clip, isJsonObject, type JsonObject } from './json-fields.js';

/** Longest event reassembled from pieces; beyond this the line is dropped as malformed. */
export const MAX_EVENT_BYTES = 16 * 1024 * 1024;
/** At most this many skipped lines are described in the log (the rest are counted). */
const MAX_NOTED_LINES = 5;
/** A piece cut by exec is this close to the piece limit (cuts back off UTF-8 sequences). */
const PIECE_SLACK_BYTES = 4;

/** Splits a CLI's stdout into JSON events; remembers what it had to skip. */
export class JsonlReader {
  private pending: string[] = [];
  private pendingBytes = 0;
  private lineNumber = 0;
  private skipped = 0;
  private readonly skippedNotes: string[] = [];

  constructor(
    private readonly cli: string,
    private readonly onEvent: (event: JsonObject) => void,
  ) {}

  /** Feeds one stdout line (or piece of one). */
  push(line: string): void {
    if (this.pending.length > 0) {
      this.continuePending(line);
      return;
    }
    this.lineNumber++;
    if (line.trim() === '') return;
    const event = parseObject(line);
    if (event !== undefined) this.onEvent(event);
    else if (isCutPiece(line)) this.hold(line);
    else this.skip(line);
  }

  /** Ends the stream: an unfinished event is skipped. */
  end(): void {
    if (this.pending.length > 0) this.skip(this.takePending());
  }

  /** Log remarks about skipped lines. */
  notes(): string[] {
    if (this.skipped === 0) return [];
    const more = this.skipped - this.skippedNotes.length;
    return more > 0 ? [...this.skippedNotes, `${this.cli}: ${more} more malformed line(s) skipped`] : [...this.skippedNotes];
  }

  /** How many lines were not JSON objects. */
  skippedCount(): number {
    return this.skipped;
  }

  private continuePending(piece: string): void {
    this.hold(piece);
    const event = parseObject(this.pending.join(''));
    if (event !== undefined) {
      this.takePending();
      this.onEvent(event);
      return;
    }
    if (isCutPiece(piece) && this.pendingBytes <= MAX_EVENT_BYTES) return; // more pieces to come
    const joined = this.takePending();
    const alone = parseObject(piece);
    if (alone === undefined) {
      this.skip(joined); // one malformed (long) line
      return;
    }
    // The held text was a malformed line of its own, and this one is a new event.
    this.skip(joined.slice(0, joined.length - piece.length));
    this.lineNumber++;
    this.onEvent(alone);
  }

  private hold(piece: string): void {
    this.pending.push(piece);
    this.pendingBytes += Buffer.byteLength(piece);
  }

  private takePending(): string {
    const joined = this.pending.join('');
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }

  private skip(line: string): void {
    this.skipped++;
    if (this.skippedNotes.length < MAX_NOTED_LINES) {
      this.skippedNotes.push(`${this.cli}: skipped malformed output line ${this.lineNumber}: ${clip(line, 120)}`);
    }
  }
}

/** The line as a JSON object, or undefined. */
function parseObject(line: string): JsonObject | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isJsonObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** True when exec may have cut this line at its piece limit (the line goes on). */
function isCutPiece(line: string): boolean {
  return Buffer.byteLength(line) >= MAX_LINE_PIECE_BYTES - PIECE_SLACK_BYTES;
}
