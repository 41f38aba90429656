// An append-only log file written through a stream, with backpressure and a clean close.
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Bytes buffered before the producer is asked to pause (fewer pauses, still bounded). */
const LOG_BUFFER_BYTES = 1024 * 1024;

/** Appends output to one file; a write failure stops logging but never the process. */
export class LogWriter {
  private failure: Error | null = null;
  private drainWaiters: Array<() => void> = [];

  private constructor(
    private readonly stream: WriteStream,
    readonly path: string,
  ) {
    stream.on('drain', () => this.releaseWaiters());
    stream.on('error', (error) => {
      this.failure ??= error;
      this.releaseWaiters();
    });
  }

  /** Opens (creating parent directories) the file in append mode; rejects if it cannot. */
  static async open(path: string): Promise<LogWriter> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, { flags: 'a', highWaterMark: LOG_BUFFER_BYTES });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    return new LogWriter(stream, path);
  }

  /** The first write error, if logging failed. */
  get error(): Error | null {
    return this.failure;
  }

  /** Appends data; false means "call whenDrained before writing more". */
  write(data: Buffer | string): boolean {
    if (this.failure !== null || data.length === 0) return true;
    return this.stream.write(data);
  }

  /** Runs callback once buffered data has been handed to the file (at once if nothing waits). */
  whenDrained(callback: () => void): void {
    if (this.failure !== null || !this.stream.writableNeedDrain) callback();
    else this.drainWaiters.push(callback);
  }

  /** Flushes everything written and closes the file. */
  async close(): Promise<void> {
    if (this.stream.closed) return;
    await new Promise<void>((resolve) => {
      this.stream.once('close', () => resolve());
      this.stream.end();
    });
  }

  private releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
