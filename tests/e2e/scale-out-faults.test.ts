// Scale-out faults: a worker SIGKILLed mid-stage is found by BullMQ's stalled check and the stage
// runs again as attempt+1 on the other worker (no retry policy needed); an `idempotent: false`
// stage is never sent again: it fails and says why.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StageFinishedEvent, StageStartedEvent } from '../../src/model/index.js';
import { makeProject, pidAlive } from './helpers.js';
import { journalOf, linesOf, startFlowstate, startRedis, startWorker, stopProcess, waitFor, type CliProcess, type RedisServer } from './scale-out-helpers.js';

/** A stage that notes each attempt (worker-independent), then takes a while on its first one. */
const stage = (id: string, extra = ''): string =>
  `  ${id}:\n${extra}    run: echo "${id} $FLOWSTATE_ATTEMPT" >> attempts; if [ "$FLOWSTATE_ATTEMPT" = 1 ]; then sleep 30 & echo $! > orphan; wait; fi; echo done\n`;

let redis: RedisServer;
let project: string;
let first: CliProcess | undefined;
let second: CliProcess | undefined;

beforeAll(async () => {
  redis = await startRedis();
  project = makeProject({
    'pipelines/lose.yaml': `version: 1\nname: lose\nstages:\n${stage('work')}  after:\n    run: echo after\n`,
    'pipelines/once.yaml': `version: 1\nname: once\nstages:\n${stage('charge', '    idempotent: false\n')}`,
    'pipelines/late.yaml':
      'version: 1\nname: late\nstages:\n  work:\n    run: echo "work $FLOWSTATE_ATTEMPT" >> attempts-late; if [ "$FLOWSTATE_ATTEMPT" = 1 ]; then f=release; else f=go; fi; while [ ! -f $f ]; do sleep 0.05; done; echo done\n',
  });
}, 30_000);

afterAll(async () => {
  await Promise.all([stopProcess(first), stopProcess(second)]);
  await redis?.stop();
});

/** Starts a run, waits until its first stage runs on a worker, SIGKILLs that worker; returns the run and the worker left. */
async function killWorkerMidStage(pipeline: string, stageId: string): Promise<{ run: CliProcess; killed: string; other: string }> {
  first = await startWorker(project, redis.url, 'w1');
  const run = startFlowstate(project, ['run', `pipelines/${pipeline}.yaml`, '--redis', redis.url, '--no-ui']);
  await waitFor('the first attempt running', () => linesOf(join(project, 'attempts')).includes(`${stageId} 1`));
  // The second worker joins only now, so the first attempt was certainly on w1.
  second = await startWorker(project, redis.url, 'w2');
  first.child.kill('SIGKILL');
  await first.exited;
  return { run, killed: 'w1', other: 'w2' };
}

describe('a worker killed mid-stage', () => {
  it('re-runs the stage as attempt 2 on the other worker and the run succeeds', async () => {
    const { run, killed, other } = await killWorkerMidStage('lose', 'work');
    expect(await run.exited).toBe(0);
    const events = journalOf(project, 'lose');
    const started = events.filter((e): e is StageStartedEvent => e.type === 'stage.started' && e.stage === 'work');
    expect(started.map((e) => [e.attempt, e.worker])).toEqual([
      [1, killed],
      [2, other],
    ]);
    const finished = events.filter((e): e is StageFinishedEvent => e.type === 'stage.finished' && e.stage === 'work');
    expect(finished.map((e) => e.status)).toEqual(['failed', 'succeeded']);
    expect(finished[0]?.reason).toContain(`worker ${killed} lost`);
    // No stage.retrying: a lost worker is not the stage's failure.
    expect(events.some((e) => e.type === 'stage.retrying')).toBe(false);
    await stopProcess(second);
    // The killed worker could not end its stage; a worker started again with its id does.
    const orphan = Number(linesOf(join(project, 'orphan'))[0]);
    expect(pidAlive(orphan)).toBe(true);
    first = await startWorker(project, redis.url, killed);
    expect(first.stderr()).toContain(`killed 1 leftover stage process group(s) of an earlier worker ${killed}`);
    await waitFor('the orphan to end', () => !pidAlive(orphan), 10_000);
    await stopProcess(first);
  }, 90_000);

  it('fails an idempotent: false stage instead of sending it again', async () => {
    const { run, killed } = await killWorkerMidStage('once', 'charge');
    expect(await run.exited).toBe(1);
    expect(linesOf(join(project, 'attempts')).filter((l) => l.startsWith('charge'))).toEqual(['charge 1']);
    const finished = journalOf(project, 'once').filter((e): e is StageFinishedEvent => e.type === 'stage.finished');
    expect(finished).toHaveLength(1);
    expect(finished[0]?.reason).toMatch(new RegExp(`worker ${killed} lost: .*not sent again \\(idempotent: false\\)`));
    process.kill(Number(linesOf(join(project, 'orphan'))[0]), 'SIGKILL');
    await stopProcess(second); // the next test needs w1 alone when its run starts
  }, 90_000);
});

describe('a late result of a given-up attempt (fencing)', () => {
  it('is ignored and journalled as stage.superseded; the current attempt decides', async () => {
    first = await startWorker(project, redis.url, 'w1');
    const run = startFlowstate(project, ['run', 'pipelines/late.yaml', '--redis', redis.url, '--no-ui']);
    await waitFor('attempt 1 running on w1', () => linesOf(join(project, 'attempts-late')).includes('work 1'));
    second = await startWorker(project, redis.url, 'w2');
    // Frozen, w1 stops renewing its lock: w2's stalled check fails the job, attempt 2 goes to w2.
    first.child.kill('SIGSTOP');
    await waitFor('attempt 2 running on w2', () => linesOf(join(project, 'attempts-late')).includes('work 2'));
    first.child.kill('SIGCONT');
    writeFileSync(join(project, 'release'), ''); // attempt 1 ends now, on the worker that was given up
    await waitFor('the late result journalled', () => journalOf(project, 'late').some((e) => e.type === 'stage.superseded'));
    writeFileSync(join(project, 'go'), '');
    expect(await run.exited).toBe(0);
    const events = journalOf(project, 'late').filter((e) => 'stage' in e && e.stage === 'work');
    const superseded = events.filter((e) => e.type === 'stage.superseded');
    expect(superseded).toMatchObject([{ attempt: 1, worker: 'w1', reason: 'late result of attempt 1 from worker w1 ignored: that attempt had been given up' }]);
    const finished = events.filter((e): e is StageFinishedEvent => e.type === 'stage.finished');
    expect(finished.map((e) => [e.attempt, e.status])).toEqual([
      [1, 'failed'],
      [2, 'succeeded'],
    ]);
    await Promise.all([stopProcess(first), stopProcess(second)]);
  }, 90_000);
});
