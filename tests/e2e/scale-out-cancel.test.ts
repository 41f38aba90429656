// Scale-out cancellation: Ctrl-C on the coordinator reaches the workers and kills the stages'
// process groups; Redis lost mid-run ends the run as interrupted (exit 130), resumable, with a
// one-line reason that hides the URL's credentials.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, pidAlive, readEvents } from './helpers.js';
import { journalOf, linesOf, runDirOf, startFlowstate, startRedis, startWorker, stopProcess, waitFor, type CliProcess, type RedisServer } from './scale-out-helpers.js';

/** A stage that records its shell's and its child's pids, then sleeps. */
const sleeper = (id: string, label: string): string => `      ${id}:\n        runs_on: [${label}]\n        run: sleep 30 & echo "$$ $!" >> pids; wait\n`;

describe('Ctrl-C on a coordinator with stages on workers', () => {
  let redis: RedisServer;
  let project: string;
  const workers: CliProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    project = makeProject({
      'pipelines/long.yaml': `version: 1\nname: long\nstages:\n  group:\n    parallel:\n${sleeper('one', 'x')}${sleeper('two', 'y')}${sleeper('three', 'x')}`,
    });
    workers.push(await startWorker(project, redis.url, 'wX', ['x']), await startWorker(project, redis.url, 'wY', ['y']));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => stopProcess(w)));
    await redis?.stop();
  });

  it('cancels the stages on the workers: no stage process is left, the run is interrupted (130)', async () => {
    const run = startFlowstate(project, ['run', 'pipelines/long.yaml', '--redis', redis.url, '--no-ui']);
    const pidFile = join(project, 'pids');
    await waitFor('three stages running on workers', () => linesOf(pidFile).length === 3);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
    const pids = linesOf(pidFile).flatMap((line) => line.split(' ').map(Number));
    expect(pids).toHaveLength(6);
    for (const pid of pids) expect(pidAlive(pid), `pid ${pid}`).toBe(false);
    const runDir = runDirOf(project, 'long') ?? '';
    const finished = readEvents(runDir).filter((e) => e.type === 'stage.finished' && e.stage !== 'group');
    expect(finished.map((e) => (e.type === 'stage.finished' ? [e.stage, e.status, e.reason] : [])).sort()).toEqual([
      ['one', 'cancelled', 'interrupted'],
      ['three', 'cancelled', 'interrupted'],
      ['two', 'cancelled', 'interrupted'],
    ]);
    // The workers are still there for the next run.
    for (const worker of workers) expect(worker.child.exitCode).toBeNull();
  }, 60_000);
});

describe('Redis lost mid-run', () => {
  let redis: RedisServer;
  let project: string;
  let worker: CliProcess | undefined;
  beforeAll(async () => {
    redis = await startRedis();
    project = makeProject({ 'pipelines/lost.yaml': 'version: 1\nname: lost\nstages:\n  slow:\n    run: sleep 3 & echo "$$ $!" >> pids; wait\n  after:\n    run: echo after\n' });
    worker = await startWorker(project, redis.url, 'wL');
  }, 60_000);
  afterAll(async () => {
    worker?.child.kill('SIGKILL');
    await worker?.exited;
    await redis?.stop();
  });

  it('ends the run interrupted (exit 130) with a one-line reason, no stack trace, resumable', async () => {
    const secretUrl = redis.url;
    const run = startFlowstate(project, ['run', 'pipelines/lost.yaml', '--redis', secretUrl, '--no-ui']);
    await waitFor('the stage running on the worker', () => linesOf(join(project, 'pids')).length === 1);
    await redis.stop();
    expect(await run.exited).toBe(130);
    const output = run.stdout() + run.stderr();
    expect(output).toContain(`lost the connection to Redis at ${secretUrl}`);
    expect(output).not.toMatch(/\n\s+at /);
    const finished = journalOf(project, 'lost').filter((e) => e.type === 'run.finished');
    expect(finished.map((e) => (e.type === 'run.finished' ? e.status : null))).toEqual(['cancelled']);
    const status = startFlowstate(project, ['status', '--last']);
    await status.exited;
    expect(status.stdout()).toMatch(/resum/i);
    for (const pid of linesOf(join(project, 'pids')).flatMap((l) => l.split(' ').map(Number))) await waitFor(`stage pid ${pid} to end`, () => !pidAlive(pid), 10_000);
  }, 60_000);
});

describe('a worker stopped with SIGTERM', () => {
  let redis: RedisServer;
  let project: string;
  beforeAll(async () => {
    redis = await startRedis();
    project = makeProject({
      'pipelines/drain.yaml': 'version: 1\nname: drain\nstages:\n  slow:\n    run: echo running > started; while [ ! -f go ]; do sleep 0.05; done; echo ok > finished\n',
    });
  }, 60_000);
  afterAll(async () => {
    await redis?.stop();
  });

  it('finishes the job it runs, then exits 0', async () => {
    const worker = await startWorker(project, redis.url, 'wT');
    const run = startFlowstate(project, ['run', 'pipelines/drain.yaml', '--redis', redis.url, '--no-ui']);
    await waitFor('the stage running on the worker', () => existsSync(join(project, 'started')));
    let finishedWhenExited: boolean | null = null;
    worker.child.once('exit', () => (finishedWhenExited = existsSync(join(project, 'finished'))));
    worker.child.kill('SIGTERM');
    await waitFor('the worker to say it is stopping', () => worker.stderr().includes('stopping: no new jobs'));
    writeFileSync(join(project, 'go'), '');
    expect(await worker.exited).toBe(0);
    expect(finishedWhenExited).toBe(true);
    expect(await run.exited).toBe(0);
  }, 60_000);
});
