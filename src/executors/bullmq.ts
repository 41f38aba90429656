// The bullmq executor (coordinator side): each ready attempt becomes a job `runId.stage.attempt`
// on the queue of its labels; a worker's report stream brings its placement and log; the job's
// state in BullMQ is the authority on how it ended (completed, failed as stalled, gone).
import { mkdirSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { Queue, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AgentRequest, AttemptContext, RenderedCommand } from '../runtimes/index.js';
import { cancelChannelOf, cancelKeyOf, jobIdOf, queueNameOf, reportStreamOf, type ReportEntry, type StageJobData, type StageJobResult } from './job.js';
import { PendingAttempt } from './pending-attempt.js';
import { connectRedis, type RedisTarget } from './redis-url.js';
import { ReportsReader } from './reports-reader.js';
import type { ExecutedOutcome, RemoteAttempt, StageExecutor } from './types.js';

export interface BullmqSettings {
  redis: RedisTarget;
  queue: string;
  /** How often the state of jobs in flight is checked (stalled or vanished workers are found this way). */
  pollMs?: number;
  /** Redis unreachable this long ends the run as interrupted (resumable). */
  lossMs?: number;
  /** How long finished jobs stay in Redis when the coordinator could not remove them (seconds). */
  keepSeconds?: number;
  /** Called once when Redis is lost: the caller stops the run (resumable). */
  onLost?: (message: string) => void;
}

/** Connects (a usage error, exit 2, when Redis cannot be reached) and returns the executor. */
export async function createBullmqExecutor(settings: BullmqSettings): Promise<StageExecutor> {
  const commands = await connectRedis(settings.redis);
  const blocking = await connectRedis(settings.redis);
  return new BullmqExecutor(settings, commands, blocking);
}

/** Sends attempts as jobs and waits for their outcome; see docs/scale-out.md for the guarantees. */
class BullmqExecutor implements StageExecutor {
  readonly kind = 'bullmq' as const;
  private readonly queues = new Map<string, Queue<StageJobData, StageJobResult>>();
  private readonly pending = new Map<string, PendingAttempt>();
  /** Attempts given up because their worker was lost: a late result of theirs is journalled as ignored (fencing). */
  private readonly givenUp = new Map<string, (worker: string | null) => void>();
  private readonly reader: ReportsReader;
  private readonly stream: string;
  private readonly poller: NodeJS.Timeout;
  private lossTimer: NodeJS.Timeout | null = null;
  private lost: string | null = null;
  private following: Promise<void> | null = null;

  constructor(
    private readonly settings: BullmqSettings,
    private readonly commands: Redis,
    private readonly blocking: Redis,
  ) {
    this.stream = reportStreamOf(settings.queue, `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`);
    this.reader = new ReportsReader(blocking, commands, (entry) => this.onReport(entry));
    this.poller = setInterval(() => void this.poll().catch(() => undefined), settings.pollMs ?? 1000);
    this.poller.unref();
    commands.on('close', () => this.armLossTimer());
    commands.on('ready', () => this.disarmLossTimer());
  }

  runCommand(command: RenderedCommand, ctx: AttemptContext, remote: RemoteAttempt): Promise<ExecutedOutcome> {
    return this.submit({ kind: 'command', command }, ctx, remote);
  }

  runAgent(request: AgentRequest, ctx: AttemptContext, remote: RemoteAttempt): Promise<ExecutedOutcome> {
    return this.submit({ kind: 'agent', request }, ctx, remote);
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    this.disarmLossTimer();
    this.reader.stop();
    this.blocking.disconnect();
    // Without Redis nothing can be closed gracefully (commands would wait for it forever).
    if (this.lost === null && this.commands.status === 'ready') {
      await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
      await this.commands.del(this.stream).catch(() => undefined);
      await this.commands.quit().catch(() => undefined);
    }
    this.commands.disconnect();
  }

  /** Sends (or, on resume, finds) the job of an attempt and resolves with its outcome. */
  private async submit(action: StageJobData['action'], ctx: AttemptContext, remote: RemoteAttempt): Promise<ExecutedOutcome> {
    const jobId = jobIdOf(remote.runId, remote.stageId, remote.attempt);
    const queue = this.queueFor(queueNameOf(this.settings.queue, remote.labels));
    mkdirSync(dirname(ctx.logFile), { recursive: true });
    const attempt = new PendingAttempt(jobId, queue, ctx, remote);
    if (this.lost !== null) return attempt.lostRedis(this.lost);
    // Before the attempt can receive reports: another re-attached job may replay this one's
    // stream from its start while this one still looks its job up.
    if (remote.reattach) attempt.skipLogBefore();
    this.pending.set(jobId, attempt);
    const onAbort = (): void => void this.cancel(attempt).catch(() => undefined);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      this.following ??= this.reader.follow(this.stream, '$');
      await this.following;
      if (remote.reattach) await this.reattach(attempt);
      else await queue.add('stage', this.jobData(action, ctx, remote), this.jobOptions(jobId));
      attempt.markSent();
      if (ctx.signal.aborted) void this.cancel(attempt).catch(() => undefined);
    } catch (error) {
      attempt.settleFailed(`could not send the job to Redis: ${error instanceof Error ? error.message : String(error)}`);
    }
    try {
      const outcome = await attempt.outcome;
      if (outcome.lost !== undefined && remote.onSuperseded) this.givenUp.set(jobId, remote.onSuperseded.bind(remote));
      return outcome;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      this.pending.delete(jobId);
      // The payload holds secrets: gone as soon as the outcome is known (see docs/scale-out.md).
      if (this.lost === null) void queue.remove(jobId).catch(() => undefined);
    }
  }

  /** Resume: follow the existing job's report stream from its start; a missing job is a lost worker. */
  private async reattach(attempt: PendingAttempt): Promise<void> {
    const job = await attempt.queue.getJob(attempt.jobId);
    if (!job) return attempt.settleLost('its job is gone from Redis (the worker or Redis was lost while the coordinator was down)');
    attempt.markSent();
    await this.reader.follow(job.data.stream, '0');
    await this.check(attempt);
  }

  /** The job's data: the rendered action, cwd relative to the root, the attempt's env and limits. */
  private jobData(action: StageJobData['action'], ctx: AttemptContext, remote: RemoteAttempt): StageJobData {
    const env = { ...ctx.env };
    delete env.FLOWSTATE_OUTPUT;
    // A resumed coordinator kills leftover stages on its host by this id: a worker's stages are not its leftovers.
    delete env.FLOWSTATE_ROOT_RUN_ID;
    return {
      runId: remote.runId,
      stage: remote.stageId,
      attempt: remote.attempt,
      action,
      cwd: relative(remote.root, ctx.cwd),
      env,
      ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
      ...(ctx.idleTimeoutMs !== undefined ? { idleTimeoutMs: ctx.idleTimeoutMs } : {}),
      ...(ctx.lingerGraceMs !== undefined ? { lingerGraceMs: ctx.lingerGraceMs } : {}),
      killGraceMs: ctx.killGraceMs,
      secrets: [...remote.secrets],
      labels: [...remote.labels],
      stream: this.stream,
    };
  }

  /** One delivery, never retried by BullMQ; kept a while only if the coordinator cannot remove it. */
  private jobOptions(jobId: string): { jobId: string; attempts: number; removeOnComplete: { age: number }; removeOnFail: { age: number } } {
    const age = this.settings.keepSeconds ?? 86_400;
    return { jobId, attempts: 1, removeOnComplete: { age }, removeOnFail: { age } };
  }

  /** The queue of a name, created once. */
  private queueFor(name: string): Queue<StageJobData, StageJobResult> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<StageJobData, StageJobResult>(name, { connection: this.commands });
      queue.on('error', () => undefined); // connection trouble is handled by the loss timer
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** A report from a worker: placement, a piece of log, or the end of a job. Unknown jobs (superseded attempts) are ignored. */
  private onReport(entry: ReportEntry): void {
    const attempt = this.pending.get(entry.job);
    if (!attempt) {
      // Fencing: reports of jobs not in flight are ignored; the end of a given-up attempt is journalled as such.
      const superseded = entry.kind === 'end' ? this.givenUp.get(entry.job) : undefined;
      if (superseded && entry.kind === 'end') {
        this.givenUp.delete(entry.job);
        superseded(entry.worker || null);
      }
      return;
    }
    if (entry.kind === 'start') attempt.placed(entry.worker, entry.host);
    else if (entry.kind === 'log') attempt.logPiece(entry.offset, entry.data);
    else void this.checkSoon(attempt).catch(() => undefined); // the poll tries again
  }

  /** Publishes a cancel the worker holding the job acts on; a job no worker took yet is removed. */
  private async cancel(attempt: PendingAttempt): Promise<void> {
    attempt.cancelRequested();
    try {
      await this.commands.set(cancelKeyOf(this.settings.queue, attempt.jobId), '1', 'EX', 3600);
      await this.commands.publish(cancelChannelOf(this.settings.queue), attempt.jobId);
      const job = await attempt.queue.getJob(attempt.jobId);
      if (job && (await job.getState()) === 'waiting') {
        await job.remove();
        attempt.settleCancelled('cancelled before a worker took it');
      }
    } catch {
      // A job that a worker holds cannot be removed: the worker ends it and reports cancelled.
    }
  }

  /** Checks every job in flight (stalled workers and vanished jobs surface here). */
  private async poll(): Promise<void> {
    if (this.lost !== null) return;
    await Promise.all([...this.pending.values()].map((attempt) => this.check(attempt).catch(() => undefined)));
  }

  /**
   * After a worker's end entry: the worker sends it just before BullMQ records the job
   * completed, so the state is read again after 5, 10, 20... ms until it says so.
   */
  private async checkSoon(attempt: PendingAttempt): Promise<void> {
    for (let wait = 5; wait <= 640 && !attempt.isSettled(); wait *= 2) {
      await this.check(attempt);
      if (!attempt.isSettled()) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }

  /** Settles an attempt whose job has ended in BullMQ: completed (after its log is all in), failed or gone. */
  private async check(attempt: PendingAttempt): Promise<void> {
    const state = await attempt.queue.getJobState(attempt.jobId);
    if (state === 'unknown') {
      if (attempt.isSent()) attempt.settleLost('its job vanished from Redis');
      return;
    }
    if (state !== 'completed' && state !== 'failed') return;
    // Read after the state: a job read earlier may predate its result.
    const job: Job<StageJobData, StageJobResult> | undefined = await attempt.queue.getJob(attempt.jobId);
    if (!job) return attempt.settleLost('its job vanished from Redis');
    if (state === 'failed') return attempt.settleLost(job.failedReason || 'its job failed');
    await this.reader.drain();
    attempt.settleResult(job.returnvalue);
  }

  /** Redis went away: after `lossMs` without it, every attempt ends and the run stops (resumable). */
  private armLossTimer(): void {
    if (this.lossTimer !== null || this.lost !== null) return;
    this.lossTimer = setTimeout(() => {
      this.lost = `lost the connection to Redis at ${this.settings.redis.display}`;
      for (const attempt of this.pending.values()) attempt.lostRedis(this.lost);
      this.settings.onLost?.(this.lost);
    }, this.settings.lossMs ?? 5000);
    this.lossTimer.unref();
  }

  private disarmLossTimer(): void {
    if (this.lossTimer !== null) clearTimeout(this.lossTimer);
    this.lossTimer = null;
  }
}
