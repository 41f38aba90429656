// Bounded keepers of the end of an output: the last lines, and the last bytes.
import { MAX_LINE_PIECE_BYTES, type BlockKind } from './line-splitter.js';

/** Number of lines kept for failure reports. */
export const TAIL_LINE_COUNT = 20;

const NEWLINE = 0x0a;

/** Cuts a line into pieces of at most `max` UTF-16 units, never inside a surrogate pair. */
export function splitLongLine(line: string, max: number = MAX_LINE_PIECE_BYTES): string[] {
  if (line.length <= max) return [line];
  const pieces: string[] = [];
  let start = 0;
  while (start < line.length) {
    let end = Math.min(start + max, line.length);
    const unit = line.charCodeAt(end - 1);
    if (end < line.length && unit >= 0xd800 && unit <= 0xdbff) end -= 1;
    pieces.push(line.slice(start, end));
    start = end;
  }
  return pieces;
}

/** Removes the '\r' of a CRLF line ending. */
export function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** The last N lines of combined output, in arrival order. */
export class TailLines {
  private readonly ring: string[] = [];
  private next = 0;

  constructor(private readonly maxLines: number = TAIL_LINE_COUNT) {}

  /** Records one line (already cut to size). */
  pushLine(line: string): void {
    if (this.ring.length < this.maxLines) this.ring.push(line);
    else this.ring[this.next] = line;
    this.next = (this.next + 1) % this.maxLines;
  }

  /** Records the lines of a raw block, decoding only its last few lines. */
  pushBlock(block: Buffer, kind: BlockKind): void {
    const end = kind === 'lines' ? block.length - 1 : block.length;
    // `boundary` walks back over newlines: the kept text starts just after it (-1 = block start).
    let boundary = end;
    for (let found = 0; found < this.maxLines && boundary >= 0; found += 1) {
      boundary = boundary === 0 ? -1 : block.lastIndexOf(NEWLINE, boundary - 1);
    }
    const text = block.toString('utf8', boundary + 1, end);
    for (const line of text.split('\n')) {
      for (const piece of splitLongLine(stripCarriageReturn(line))) this.pushLine(piece);
    }
  }

  /** The kept lines, oldest first. */
  lines(): string[] {
    if (this.ring.length < this.maxLines) return [...this.ring];
    return [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }
}

/** The last maxBytes of a byte stream. */
export class TailBytes {
  private chunks: Buffer[] = [];
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  /** Appends bytes, dropping whole old chunks that fall out of the window. */
  push(bytes: Buffer): void {
    if (bytes.length === 0 || this.maxBytes <= 0) return;
    this.chunks.push(bytes);
    this.total += bytes.length;
    while (this.chunks.length > 1 && this.total - (this.chunks[0]?.length ?? 0) >= this.maxBytes) {
      this.total -= this.chunks.shift()?.length ?? 0;
    }
  }

  /** The kept bytes as text, starting at a whole UTF-8 character. */
  text(): string {
    const joined = Buffer.concat(this.chunks);
    const skip = Math.max(0, joined.length - this.maxBytes);
    let start = skip;
    // Skip continuation bytes left over from a character cut by the window.
    while (skip > 0 && start < skip + 3 && ((joined[start] ?? 0) & 0xc0) === 0x80) start += 1;
    return joined.toString('utf8', start);
  }
}
