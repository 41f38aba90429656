// One attempt in flight on a remote worker, as the coordinator tracks it: its placement, its log
// (written to the local log file exactly as the worker's exec layer wrote it, masked again), and
// the one outcome it settles with.
import { appendFileSync, statSync } from 'node:fs';
import type { Queue } from 'bullmq';
import type { AttemptContext } from '../runtimes/index.js';
import type { StageJobData, StageJobResult } from './job.js';
import type { ExecutedOutcome, RemoteAttempt } from './types.js';

/** After a cancel, how long to wait for the worker's answer beyond the kill grace. */
const CANCEL_CONFIRM_MS = 10_000;

export class PendingAttempt {
  readonly outcome: Promise<ExecutedOutcome>;
  private resolve!: (outcome: ExecutedOutcome) => void;
  private settled = false;
  private sentToRedis = false;
  private written = 0;
  private worker: string | null = null;
  private readonly startedAt = Date.now();
  private cancelTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly jobId: string,
    readonly queue: Queue<StageJobData, StageJobResult>,
    private readonly ctx: AttemptContext,
    private readonly remote: RemoteAttempt,
  ) {
    this.outcome = new Promise((resolve) => (this.resolve = resolve));
  }

  /** The job is in Redis (added, or found on resume): from now on its absence means it was lost. */
  markSent(): void {
    this.sentToRedis = true;
  }

  isSent(): boolean {
    return this.sentToRedis;
  }

  isSettled(): boolean {
    return this.settled;
  }

  /** Resume: the log file already holds what the previous coordinator wrote; pieces before its end are skipped. */
  skipLogBefore(): void {
    this.written = statSync(this.ctx.logFile, { throwIfNoEntry: false })?.size ?? 0;
  }

  /** A worker took the job: the engine journals stage.started with where it runs. */
  placed(worker: string, host: string): void {
    if (this.worker !== null) return;
    this.worker = worker;
    this.remote.onPlaced({ executor: 'bullmq', worker, host, job: this.jobId });
  }

  /** A piece of the worker's log at byte `offset`: appended once, in order, masked again here. */
  logPiece(offset: number, data: string): void {
    const bytes = Buffer.byteLength(data);
    if (this.settled || offset + bytes <= this.written) return;
    if (offset > this.written) appendFileSync(this.ctx.logFile, `[flowstate: ${offset - this.written} bytes of log lost in transit]\n`);
    const masked = this.ctx.redact(data);
    appendFileSync(this.ctx.logFile, masked);
    this.written = offset + bytes;
    if (this.ctx.onLine) for (const line of masked.split('\n').slice(0, masked.endsWith('\n') ? -1 : undefined)) this.ctx.onLine(line, 'stdout');
  }

  /** A cancel was sent: if the worker never answers (it died too), the attempt ends as cancelled anyway. */
  cancelRequested(): void {
    this.cancelTimer ??= setTimeout(() => this.settleCancelled(`cancelled; worker ${this.worker ?? '(none yet)'} did not confirm`), this.ctx.killGraceMs + CANCEL_CONFIRM_MS);
  }

  /** The worker's result, masked again (the tail and reason crossed Redis). */
  settleResult(result: StageJobResult): void {
    const mask = this.ctx.redact;
    const { logBytes, worker: _worker, host: _host, ...outcome } = result;
    // The stream is capped: say so in the log rather than leave it silently short.
    if (!this.settled && logBytes > this.written) appendFileSync(this.ctx.logFile, `[flowstate: ${logBytes - this.written} bytes of log lost in transit]\n`);
    this.settle({ ...outcome, reason: outcome.reason === null ? null : mask(outcome.reason), tail: outcome.tail.map(mask) });
  }

  /** The worker holding the job vanished (stalled) or the job is gone: the engine may run a new attempt. */
  settleLost(why: string): void {
    if (this.cancelTimer !== null) return this.settleCancelled(`cancelled (${why})`);
    const who = this.worker === null ? 'the job' : `worker ${this.worker}`;
    this.settle({ ...this.empty('failed', `${who} lost: ${why}`), lost: `${who} lost: ${why}` });
  }

  settleCancelled(reason: string): void {
    this.settle(this.empty('cancelled', reason));
  }

  settleFailed(reason: string): void {
    this.settle(this.empty('failed', reason));
  }

  /** Redis is gone: the attempt ends cancelled (the run stops and is resumable). */
  lostRedis(message: string): Promise<ExecutedOutcome> {
    this.settleCancelled(message);
    return this.outcome;
  }

  /** An outcome with nothing known but its status and reason. */
  private empty(status: ExecutedOutcome['status'], reason: string): ExecutedOutcome {
    return { status, exitCode: null, signal: null, durationMs: Date.now() - this.startedAt, pid: null, outputs: {}, reason, tail: [] };
  }

  private settle(outcome: ExecutedOutcome): void {
    if (this.settled) return;
    this.settled = true;
    if (this.cancelTimer !== null) clearTimeout(this.cancelTimer);
    this.resolve(outcome);
  }
}
