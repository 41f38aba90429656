// The journal follower: one process (the real CLI through dist/) runs a pipeline, this test
// process follows it and must see every event exactly once, in order, equal to the final journal.
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { followRun } from '../../src/api/index.js';
import type { JournalEvent } from '../../src/model/index.js';
import { acquireLock, followJournal, JournalCursor, runPathsAt } from '../../src/store/index.js';
import { CLI, makeProject, pipelineYaml, readEvents, runCli } from '../e2e/helpers.js';
import { tempDir } from '../store/helpers.js';

const STAGES = `  first:
    run: echo one
  flaky:
    run: test -f flaky.ok || { touch flaky.ok; exit 1; }
    retry: { max: 1 }
  checks:
    parallel:
      x: { run: echo x }
      y: { run: echo y }
  hold:
    run: while [ ! -f go ]; do sleep 0.02; done
  last:
    run: echo done
`;

/** Resolves with the run id the plain reporter prints on its first line (`▶ NAME  run ID`). */
function runIdFrom(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /run (\d{8}-\d{6}-[a-z0-9]+)/.exec(text);
      if (match) resolve(match[1] as string);
    });
    child.on('exit', () => reject(new Error(`run ended before printing its id: ${text}`)));
  });
}

const line = (event: object): string => `${JSON.stringify(event)}\n`;
const ev = (seq: number, type = 'stage.retrying'): object => ({ type, seq, ts: '2026-12-06T10:00:00.000Z', run_id: 'r', stage: 's', attempt: 1, delay_ms: 0, reason: 'x' });

describe('followRun', () => {
  it('follows a run owned by another process from the first event to run.finished, each event once, in order', async () => {
    const dir = makeProject({ 'p.yaml': pipelineYaml('p', STAGES) });
    const runner = spawn(process.execPath, [CLI, 'run', 'p.yaml'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', FLOWSTATE_RUNS_DIR: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => runner.on('exit', resolve));
    const runId = await runIdFrom(runner);
    const seen: JournalEvent[] = [];
    let liveAfterRelease = 0;
    for await (const event of followRun(runId, { cwd: dir })) {
      seen.push(event);
      if (event.type === 'stage.started' && event.stage === 'hold') writeFileSync(join(dir, 'go'), ''); // the run waits for us
      if (seen.some((e) => e.type === 'stage.started' && e.stage === 'hold')) liveAfterRelease++;
    }
    expect(await exited).toBe(0);
    const journal = readEvents(join(dir, '.runs/p', runId));
    expect(seen).toEqual(journal);
    expect(seen.map((e) => e.seq)).toEqual(journal.map((_, i) => i + 1));
    expect(seen.at(-1)?.type).toBe('run.finished');
    expect(liveAfterRelease).toBeGreaterThan(3); // hold finished, last ran: read live, not replayed
    expect(seen.filter((e) => e.type === 'stage.retrying')).toHaveLength(1);
  });

  it('ends when the run pauses at a gate and its owner exits; replays a finished run whole', async () => {
    const dir = makeProject({ 'g.yaml': pipelineYaml('g', '  a:\n    run: echo a\n  ship:\n    approval: { message: ok? }\n    run: echo shipped\n') });
    expect(runCli(dir, ['run', 'g.yaml']).code).toBe(4);
    const paused: JournalEvent[] = [];
    for await (const event of followRun('last', { cwd: dir })) paused.push(event);
    expect(paused.at(-1)?.type).toBe('gate.waiting');
    const runDir = join(dir, '.runs/g', paused[0]?.run_id ?? '');
    expect(paused).toEqual(readEvents(runDir));
    expect(runCli(dir, ['approve', 'last']).code).toBe(0);
    const all: JournalEvent[] = [];
    for await (const event of followRun(runDir)) all.push(event);
    expect(all).toEqual(readEvents(runDir));
    expect(all.at(-1)).toMatchObject({ type: 'run.finished', status: 'succeeded' });
  });

  it('keeps following a paused run with untilPaused: false until aborted', async () => {
    const dir = makeProject({ 'g.yaml': pipelineYaml('g', '  ship:\n    approval: { message: ok? }\n    run: echo shipped\n') });
    expect(runCli(dir, ['run', 'g.yaml']).code).toBe(4);
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const event of followRun('last', { cwd: dir, untilPaused: false, signal: controller.signal, pollMs: 20 })) {
      seen.push(event.type);
      if (event.type === 'gate.waiting') controller.abort();
    }
    expect(seen).toEqual(['run.started', 'gate.waiting']);
  });
});

describe('JournalCursor', () => {
  it('holds a torn last line back until the rest of it is written, and never yields a seq twice', () => {
    const dir = tempDir();
    const file = join(dir, 'events.jsonl');
    const cursor = new JournalCursor(file);
    expect(cursor.read()).toEqual([]); // no journal yet
    const second = line(ev(2));
    writeFileSync(file, line(ev(1, 'run.resumed')) + second.slice(0, 20));
    expect(cursor.read().map((e) => e.seq)).toEqual([1]);
    expect(cursor.read()).toEqual([]);
    appendFileSync(file, second.slice(20));
    expect(cursor.read().map((e) => e.seq)).toEqual([2]);
    appendFileSync(file, line(ev(2)) + line(ev(3)));
    expect(cursor.read().map((e) => e.seq)).toEqual([3]);
  });

  it('followJournal waits for a live owner and ends, without the torn tail, once the owner is gone', async () => {
    const paths = runPathsAt(tempDir());
    const lock = acquireLock(paths);
    writeFileSync(paths.journal, line(ev(1, 'run.resumed')));
    const seen: number[] = [];
    for await (const event of followJournal(paths, { pollMs: 20 })) {
      seen.push(event.seq);
      if (event.seq === 1) appendFileSync(paths.journal, line(ev(2)) + line(ev(3)).slice(0, 10));
      if (event.seq === 2) lock.release();
    }
    expect(seen).toEqual([1, 2]);
  });
});
