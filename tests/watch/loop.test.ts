// The watch loop's policy with a scripted runner: one run at a time, restart/queue/ignore,
// config reloads, closing.
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ChangeSet, WatchLoop, type OnBusy, type RunOutcome, type RunRequest, type WatchEvent, type WatchRunner } from '../../src/watch/index.js';
import { waitFor } from './helpers.js';

interface ScriptedRun {
  request: RunRequest;
  id: string;
  finish(status?: 'succeeded' | 'failed'): void;
}

/** A runner whose runs end when the test says (or when cancelled); counts concurrent runs. */
class ScriptedRunner implements WatchRunner {
  readonly runs: ScriptedRun[] = [];
  reloads: string[][] = [];
  valid = true;
  live = 0;
  maxLive = 0;

  async reload(files: string[]): Promise<boolean> {
    this.reloads.push(files);
    return this.valid;
  }

  run(request: RunRequest): Promise<RunOutcome> {
    const id = `run-${this.runs.length + 1}`;
    this.live++;
    this.maxLive = Math.max(this.maxLive, this.live);
    request.onStart(id);
    return new Promise((resolve) => {
      const end = (status: 'succeeded' | 'failed' | 'cancelled'): void => {
        this.live--;
        resolve({ runId: id, status });
      };
      request.signal.addEventListener('abort', () => setTimeout(() => end('cancelled'), 5), { once: true });
      this.runs.push({ request, id, finish: (status = 'succeeded') => end(status) });
    });
  }
}

function setup(onBusy: OnBusy): { loop: WatchLoop; runner: ScriptedRunner; events: WatchEvent[] } {
  const runner = new ScriptedRunner();
  const events: WatchEvent[] = [];
  const loop = new WatchLoop({ onBusy, runner, emit: (e) => events.push(e), display: (p) => p.replace('/p/', '') });
  return { loop, runner, events };
}

function changes(...paths: string[]): ChangeSet {
  const set = new ChangeSet();
  for (const path of paths) set.record(`/p/${path}`, 'change', path.endsWith('.yaml') ? 'config' : 'source');
  return set;
}

const runCount = (runner: ScriptedRunner, n: number) => waitFor(`${n} runs`, () => runner.runs[n - 1]);

describe('WatchLoop', () => {
  it('restart: cancels the run in flight, then runs once with every change, parent = previous run', async () => {
    const { loop, runner, events } = setup('restart');
    loop.start();
    const first = await runCount(runner, 1);
    expect(first.request.changed).toEqual([]);
    loop.submit(changes('a.ts'));
    loop.submit(changes('b.ts'));
    expect(first.request.signal.aborted).toBe(true);
    const second = await runCount(runner, 2);
    expect(second.request).toMatchObject({ changed: ['/p/a.ts', '/p/b.ts'], parentRun: 'run-1' });
    expect(runner.maxLive).toBe(1);
    expect(events.filter((e) => e.type === 'watch.cancelling')).toEqual([{ type: 'watch.cancelling', run_id: 'run-1', reason: 'changed: a.ts' }]);
    second.finish();
    expect(await loop.close()).toEqual({ runs: 2, lastRun: 'run-2', lastStatus: 'succeeded', cancelled: false });
  });

  it('queue: lets the run finish, then runs once for everything that changed meanwhile', async () => {
    const { loop, runner } = setup('queue');
    loop.start();
    const first = await runCount(runner, 1);
    loop.submit(changes('a.ts'));
    loop.submit(changes('b.ts'));
    await delay(20);
    expect(first.request.signal.aborted).toBe(false);
    expect(runner.runs).toHaveLength(1);
    first.finish('failed');
    const second = await runCount(runner, 2);
    expect(second.request.changed).toEqual(['/p/a.ts', '/p/b.ts']);
    second.finish();
    await loop.close();
    expect(runner.runs).toHaveLength(2);
  });

  it('ignore: drops changes while a run is in flight, runs for changes after it', async () => {
    const { loop, runner, events } = setup('ignore');
    loop.start();
    const first = await runCount(runner, 1);
    loop.submit(changes('a.ts'));
    expect(events.at(-1)).toEqual({ type: 'watch.ignored', paths: ['a.ts'] });
    first.finish();
    await waitFor('idle', () => !loop.busy);
    await delay(20);
    expect(runner.runs).toHaveLength(1);
    loop.submit(changes('b.ts'));
    expect((await runCount(runner, 2)).request.changed).toEqual(['/p/b.ts']);
    runner.runs[1].finish();
    await loop.close();
  });

  it('reloads changed config first; an invalid config alone runs nothing, with sources it runs the last good version', async () => {
    const { loop, runner } = setup('restart');
    loop.start();
    (await runCount(runner, 1)).finish();
    await waitFor('idle', () => !loop.busy);
    runner.valid = false;
    loop.submit(changes('p.yaml'));
    await waitFor('reload', () => runner.reloads.length === 1);
    await delay(20);
    expect(runner.runs).toHaveLength(1);
    loop.submit(changes('p.yaml', 'a.ts'));
    const second = await runCount(runner, 2);
    expect(runner.reloads).toEqual([['/p/p.yaml'], ['/p/p.yaml']]);
    expect(second.request.changed).toEqual(['/p/a.ts', '/p/p.yaml']);
    second.finish();
    await loop.close();
  });

  it('ignores change sets whose net effect is nothing', async () => {
    const { loop, runner, events } = setup('restart');
    loop.start();
    (await runCount(runner, 1)).finish();
    await waitFor('idle', () => !loop.busy);
    const temp = new ChangeSet();
    temp.record('/p/x.tmp', 'add', 'source');
    temp.record('/p/x.tmp', 'unlink', 'source');
    loop.submit(temp);
    await delay(20);
    expect(runner.runs).toHaveLength(1);
    expect(events.filter((e) => e.type === 'watch.changed')).toEqual([]);
    await loop.close();
  });

  it('close cancels the run in flight and waits for it', async () => {
    const { loop, runner } = setup('restart');
    loop.start();
    const first = await runCount(runner, 1);
    const summary = await loop.close();
    expect(first.request.signal.aborted).toBe(true);
    expect(runner.live).toBe(0);
    expect(summary).toEqual({ runs: 1, lastRun: 'run-1', lastStatus: 'cancelled', cancelled: true });
    loop.submit(changes('a.ts'));
    await delay(20);
    expect(runner.runs).toHaveLength(1);
  });
});

describe('ChangeSet', () => {
  it('reduces events to their net effect', () => {
    const set = new ChangeSet();
    set.record('/a', 'add', 'source');
    set.record('/a', 'unlink', 'source');
    set.record('/b', 'unlink', 'source');
    set.record('/b', 'add', 'source');
    set.record('/c', 'unlink', 'source');
    set.record('/d', 'add', 'source');
    set.record('/d', 'unlink', 'source');
    set.record('/d', 'add', 'source');
    set.record('/e', 'change', 'config');
    expect(set.effective()).toEqual(['/b', '/c', '/d', '/e']);
    expect(set.effective('config')).toEqual(['/e']);
    const taken = set.take();
    expect(set.isEmpty()).toBe(true);
    expect(taken.effective()).toEqual(['/b', '/c', '/d', '/e']);
  });
});
