// An append-only log file written through a stream, with backpressure and a clean close.
// Per-stage cost matters (docs/performance.md): the file is created with one synchronous open
// (its directory is created only when that open says it is missing), and the write stream is
// made only when the first output arrives; a silent command costs an open and a close.
import { closeSync, createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes buffered before the producer is asked to pause (fewer pauses, still bounded). */
const LOG_BUFFER_BYTES = 1024 * 1024;

/** Appends output to one file; a write failure stops logging but never the process. */
export class LogWriter {
  private failure: Error | null = null;
  private drainWaiters: Array<() => void> = [];
  private stream: WriteStream | null = null;
  /** The open file until the stream takes it over (null once closed or handed over). */
  private fd: number | null;

  private constructor(
    fd: number,
    readonly path: string,
  ) {
    this.fd = fd;
  }

  /** Opens (creating missing parent directories) the file in append mode; throws if it cannot. */
  static open(path: string): LogWriter {
    let fd: number;
    try {
      fd = openSync(path, 'a');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(dirname(path), { recursive: true });
      fd = openSync(path, 'a');
    }
    return new LogWriter(fd, path);
  }

  /** The first write error, if logging failed. */
  get error(): Error | null {
    return this.failure;
  }

  /** Appends data; false means "call whenDrained before writing more". */
  write(data: Buffer | string): boolean {
    if (this.failure !== null || data.length === 0) return true;
    const stream = this.writable();
    if (stream === null) {
      this.failure = new Error(`log ${this.path} written after it was closed`);
      return true;
    }
    return stream.write(data);
  }

  /** Runs callback once buffered data has been handed to the file (at once if nothing waits). */
  whenDrained(callback: () => void): void {
    if (this.failure !== null || this.stream === null || !this.stream.writableNeedDrain) callback();
    else this.drainWaiters.push(callback);
  }

  /** Flushes everything written and closes the file. */
  async close(): Promise<void> {
    if (this.fd !== null) {
      // Nothing was ever written: no stream to end.
      const fd = this.fd;
      this.fd = null;
      closeSync(fd);
      return;
    }
    const stream = this.stream;
    if (stream === null || stream.closed) return;
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.end();
    });
  }

  /** The write stream, made on first use from the open file; null once closed. */
  private writable(): WriteStream | null {
    if (this.stream !== null) return this.stream;
    const fd = this.fd;
    if (fd === null) return null;
    this.fd = null;
    const stream = createWriteStream(this.path, { fd, highWaterMark: LOG_BUFFER_BYTES });
    stream.on('drain', () => this.releaseWaiters());
    stream.on('error', (error) => {
      this.failure ??= error;
      this.releaseWaiters();
    });
    this.stream = stream;
    return stream;
  }

  private releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
