// An append-only log file written through a stream, with backpressure and a clean close.
// The file is opened on the first write (a command that prints nothing gets no file), and its
// directory is only created when opening finds it missing (run directories already have logs/).
import { createWriteStream, mkdirSync, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Bytes buffered before the producer is asked to pause (fewer pauses, still bounded). */
const LOG_BUFFER_BYTES = 1024 * 1024;

/** Appends output to one file; a failure to open or write stops logging but never the process. */
export class LogWriter {
  private stream: WriteStream | null = null;
  private failure: Error | null = null;
  private drainWaiters: Array<() => void> = [];

  constructor(readonly path: string) {}

  /** The first open or write error, if logging failed. */
  get error(): Error | null {
    return this.failure;
  }

  /** Appends data (opening the file first if needed); false means "call whenDrained before writing more". */
  write(data: Buffer | string): boolean {
    if (this.failure !== null || data.length === 0) return true;
    const stream = this.stream ?? this.openStream();
    return stream === null ? true : stream.write(data);
  }

  /** Runs callback once buffered data has been handed to the file (at once if nothing waits). */
  whenDrained(callback: () => void): void {
    if (this.failure !== null || this.stream === null || !this.stream.writableNeedDrain) callback();
    else this.drainWaiters.push(callback);
  }

  /** Flushes everything written and closes the file (nothing to do if nothing was written). */
  async close(): Promise<void> {
    const stream = this.stream;
    if (stream === null || stream.closed) return;
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.end();
    });
  }

  /** Opens the file in append mode, creating its directory when missing; null (and error set) on failure. */
  private openStream(): WriteStream | null {
    let fd: number;
    try {
      fd = openAppend(this.path);
    } catch (error) {
      this.failure = new Error(`cannot open log file ${this.path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      return null;
    }
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

/** openSync(path, 'a'), creating the parent directories when they are missing. */
function openAppend(path: string): number {
  try {
    return openSync(path, 'a');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    mkdirSync(dirname(path), { recursive: true });
    return openSync(path, 'a');
  }
}
