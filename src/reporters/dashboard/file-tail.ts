// Follows one log file for the log pane: reads what was appended since the last poll (bounded
// per poll, so a stage printing fast never stalls the keys) into a LogBuffer.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { stripAnsi } from '../color.js';
import { LogBuffer } from './log-buffer.js';

/** At most this much is read per poll; on open, only the file's last this-many bytes (older lines are past the scrollback anyway). */
const READ_CHUNK = 1 << 20;
const OPEN_WINDOW = 4 << 20;

export class FileTail {
  readonly buffer: LogBuffer;
  private offset = -1;
  private partial = '';
  private skipFirst = false;

  constructor(
    readonly path: string,
    capacity?: number,
  ) {
    this.buffer = new LogBuffer(capacity);
  }

  /** Reads new bytes: 'none', 'some', or 'more' (a full chunk: poll again soon). A missing file is not an error. */
  poll(): 'none' | 'some' | 'more' {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch {
      return 'none';
    }
    try {
      const size = fstatSync(fd).size;
      if (this.offset < 0) {
        this.offset = Math.max(0, size - OPEN_WINDOW);
        this.skipFirst = this.offset > 0; // opened mid-line
      }
      if (size < this.offset) this.reset(); // truncated or replaced
      if (size === this.offset) return 'none';
      const length = Math.min(READ_CHUNK, size - this.offset);
      const bytes = Buffer.allocUnsafe(length);
      const read = readSync(fd, bytes, 0, length, this.offset);
      this.offset += read;
      this.addText(bytes.subarray(0, read).toString('utf8'));
      return read === READ_CHUNK ? 'more' : 'some';
    } finally {
      closeSync(fd);
    }
  }

  private addText(text: string): void {
    const parts = (this.partial + text).split('\n');
    this.partial = parts.pop() ?? '';
    if (this.skipFirst && parts.length > 0) {
      parts.shift();
      this.skipFirst = false;
    }
    for (const line of parts) this.buffer.push(stripAnsi(line).replace(/\r$/, ''));
  }

  private reset(): void {
    this.offset = 0;
    this.partial = '';
    this.buffer.clear();
  }
}
