// Moves a child's stdout/stderr into an OutputCollector, honouring the log's backpressure.
import type { Readable } from 'node:stream';
import type { LogWriter } from './log-writer.js';
import type { OutputCollector } from './output-collector.js';
import type { OutputActivity } from './supervise.js';
import type { OutputStreamName } from './types.js';

/** After the process group is gone: how long a silent stream may stay open. */
export const STREAM_IDLE_MS = 250;
/** After the process group is gone: the longest we keep reading from escaped processes. */
export const STREAM_DRAIN_LIMIT_MS = 5000;

type StreamMap = Partial<Record<OutputStreamName, Readable | null | undefined>>;

/** Reads both output streams into a collector, pausing them while the log drains. */
export class StreamPump {
  private readonly open = new Map<OutputStreamName, Readable>();
  private lastActivity = performance.now();
  private paused = false;
  private onAllClosed: (() => void) | null = null;

  constructor(
    streams: StreamMap,
    private readonly collector: OutputCollector,
    private readonly log: LogWriter | null,
    private readonly activity: OutputActivity = { at: 0 },
  ) {
    for (const name of ['stdout', 'stderr'] as const) {
      const stream = streams[name];
      if (stream !== null && stream !== undefined) this.attach(name, stream);
    }
  }

  /**
   * Waits for both streams to end. Once the process group is gone only processes that
   * left it (setsid, daemons) can still hold a pipe: give up on a stream that stays silent
   * for STREAM_IDLE_MS, or after STREAM_DRAIN_LIMIT_MS, so they never keep us (or the
   * runner's event loop) waiting.
   */
  async finish(): Promise<void> {
    if (this.open.size === 0) return;
    const startedAt = performance.now();
    this.lastActivity = startedAt;
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (!this.mayAbandon(startedAt)) return;
        // Timers run before I/O in an event-loop turn: look again after the poll phase, so
        // output that is already waiting in the pipe is read rather than dropped.
        setImmediate(() => {
          if (this.mayAbandon(startedAt)) this.abandon();
        });
      }, STREAM_IDLE_MS / 2);
      this.onAllClosed = () => {
        clearInterval(check);
        resolve();
      };
      if (this.open.size === 0) this.onAllClosed();
    });
  }

  private mayAbandon(startedAt: number): boolean {
    if (this.paused || this.open.size === 0) return false;
    const now = performance.now();
    return now - this.lastActivity >= STREAM_IDLE_MS || now - startedAt >= STREAM_DRAIN_LIMIT_MS;
  }

  private attach(name: OutputStreamName, stream: Readable): void {
    this.open.set(name, stream);
    stream.on('data', (chunk: Buffer) => {
      this.lastActivity = performance.now();
      this.activity.at = this.lastActivity;
      if (!this.collector.push(name, chunk)) this.pauseUntilDrained();
    });
    stream.on('error', () => undefined); // 'close' follows; what was read is kept
    stream.once('end', () => this.closed(name));
    stream.once('close', () => this.closed(name));
  }

  private pauseUntilDrained(): void {
    if (this.paused || this.log === null) return;
    this.paused = true;
    for (const stream of this.open.values()) stream.pause();
    this.log.whenDrained(() => {
      this.paused = false;
      this.lastActivity = performance.now();
      this.activity.at = this.lastActivity;
      for (const stream of this.open.values()) stream.resume();
    });
  }

  private closed(name: OutputStreamName): void {
    if (!this.open.delete(name)) return;
    this.collector.end(name);
    if (this.open.size === 0) this.onAllClosed?.();
  }

  private abandon(): void {
    for (const [name, stream] of [...this.open]) {
      stream.destroy();
      this.closed(name);
    }
  }
}
