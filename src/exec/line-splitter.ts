// Incremental splitting of a byte stream into line blocks, in bounded memory.

/** Longest piece of one line held in memory or handed to onLine (64 KiB). */
export const MAX_LINE_PIECE_BYTES = 64 * 1024;

const NEWLINE = 0x0a;

/**
 * What a block holds: `lines` = one or more whole lines, each ending in '\n';
 * `piece` = the start of a line longer than the limit (the line goes on in the next block);
 * `last` = the stream's final line, which had no '\n'.
 */
export type BlockKind = 'lines' | 'piece' | 'last';

/** Receives each block in stream order. */
export type BlockSink = (block: Buffer, kind: BlockKind) => void;

/** Index at or before `at` that does not fall inside a UTF-8 sequence. */
export function utf8Boundary(bytes: Buffer, at: number): number {
  let index = at;
  // Continuation bytes look like 10xxxxxx; a sequence has at most 3 of them.
  while (index > 0 && index > at - 3 && ((bytes[index] ?? 0) & 0xc0) === 0x80) index -= 1;
  // Never return 0: the caller must make progress even on malformed input.
  return index === 0 || ((bytes[index] ?? 0) & 0xc0) === 0x80 ? at : index;
}

/** Splits chunks at '\n' without decoding them; holds at most one unfinished line piece. */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly sink: BlockSink,
    private readonly maxPieceBytes: number = MAX_LINE_PIECE_BYTES,
  ) {}

  /** Feeds the next chunk; whole lines are passed on at once, the rest is held. */
  push(chunk: Buffer): void {
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    if (lastNewline === -1) {
      this.hold(chunk);
      return;
    }
    const head = chunk.subarray(0, lastNewline + 1);
    this.sink(this.pendingBytes === 0 ? head : this.takePending(head), 'lines');
    if (lastNewline + 1 < chunk.length) this.hold(chunk.subarray(lastNewline + 1));
  }

  /** Ends the stream: a final line without '\n' is still a line. */
  end(): void {
    if (this.pendingBytes > 0) this.sink(this.takePending(), 'last');
  }

  private hold(part: Buffer): void {
    if (part.length === 0) return;
    this.pending.push(part);
    this.pendingBytes += part.length;
    if (this.pendingBytes <= this.maxPieceBytes) return;
    let rest = this.takePending();
    // Strictly longer: a piece is always followed by at least one held byte, so the end of
    // an unfinished line is always seen as 'last'.
    while (rest.length > this.maxPieceBytes) {
      const cut = utf8Boundary(rest, this.maxPieceBytes);
      this.sink(rest.subarray(0, cut), 'piece');
      rest = rest.subarray(cut);
    }
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }

  private takePending(tail?: Buffer): Buffer {
    const parts = tail === undefined ? this.pending : [...this.pending, tail];
    const joined = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    this.pending = [];
    this.pendingBytes = 0;
    return joined;
  }
}
