// One job on a worker: the attempt run through runtimes/ in a scratch directory, its log shipped
// to the run's report stream, its FLOWSTATE_OUTPUT read here, the outcome returned.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { runAgent, runCommandAttempt, type AttemptContext, type AttemptOutcome } from '../runtimes/index.js';
import type { StageJobData, StageJobResult } from './job.js';
import { shipLog } from './log-ship.js';
import { maskerOf } from './mask.js';

/** Names the worker in every stage process it starts: a worker restarted with the same id kills what a killed one left. */
export const WORKER_ID_ENV = 'FLOWSTATE_WORKER_ID';

/** Bound of a run's report stream (entries, trimmed approximately): logs stay bounded in Redis. */
export const REPORT_STREAM_MAXLEN = 100_000;

export interface JobHost {
  commands: Redis;
  root: string;
  worker: string;
  host: string;
  signal: AbortSignal;
}

/** Runs one stage job to its end; never throws for stage failures. */
export async function runJob(data: StageJobData, jobId: string, on: JobHost): Promise<StageJobResult> {
  const report = (...fields: string[]): Promise<unknown> => on.commands.xadd(data.stream, 'MAXLEN', '~', String(REPORT_STREAM_MAXLEN), '*', 'job', jobId, ...fields);
  await report('kind', 'start', 'worker', on.worker, 'host', on.host);
  const scratch = await mkdtemp(join(tmpdir(), 'flowstate-job-'));
  const logFile = join(scratch, 'stage.log');
  const mask = maskerOf(data.secrets);
  const shipper = shipLog(logFile, (offset, text) => report('kind', 'log', 'offset', String(offset), 'data', text).then(() => undefined));
  let outcome: AttemptOutcome;
  let logBytes = 0;
  try {
    outcome = await runAttemptHere(data, on, { logFile, outputFile: join(scratch, 'output'), mask });
  } finally {
    logBytes = await shipper.finish().catch(() => 0);
    await rm(scratch, { recursive: true, force: true });
  }
  // The end marker is sent after every piece of log, so the coordinator has them all when it sees it.
  await report('kind', 'end', 'worker', on.worker);
  return { ...outcome, tail: outcome.tail.map(mask), reason: outcome.reason === null ? null : mask(outcome.reason), logBytes, worker: on.worker, host: on.host };
}

/** The attempt itself, through the same runtimes/ calls as a local run. */
function runAttemptHere(data: StageJobData, on: JobHost, files: { logFile: string; outputFile: string; mask: (text: string) => string }): Promise<AttemptOutcome> {
  const cwd = resolve(on.root, data.cwd);
  const rel = relative(on.root, cwd);
  if (rel.startsWith('..') || isAbsolute(rel)) return Promise.resolve(refused(`working directory ${data.cwd} is outside the worker's project root`));
  const ctx: AttemptContext = {
    stageId: data.stage,
    attempt: data.attempt,
    cwd,
    env: { ...data.env, FLOWSTATE_OUTPUT: files.outputFile, [WORKER_ID_ENV]: on.worker },
    logFile: files.logFile,
    outputFile: files.outputFile,
    timeoutMs: data.timeoutMs,
    idleTimeoutMs: data.idleTimeoutMs,
    lingerGraceMs: data.lingerGraceMs,
    killGraceMs: data.killGraceMs,
    signal: on.signal,
    redact: files.mask,
    onSpawn: () => undefined,
  };
  return data.action.kind === 'command' ? runCommandAttempt(data.action.command, ctx) : runAgent(data.action.request, ctx);
}

/** An attempt the worker refused to start. */
function refused(reason: string): AttemptOutcome {
  return { status: 'failed', exitCode: null, signal: null, durationMs: 0, pid: null, outputs: {}, reason, tail: [] };
}
