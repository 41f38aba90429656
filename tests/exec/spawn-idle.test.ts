// Idle timeouts (no output for a while) and commands that linger after their final result.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isProcessGroupAlive, spawnProcess, type SpawnSpec } from '../../src/exec/index.js';
import { fixture, isPidRunning, useTempDir } from './helpers.js';

const tmp = useTempDir();

async function readPids(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8')).trim().split(/\s+/).map(Number);
}

/** A tree that ignores SIGTERM and prints `ready` once, then stays silent; its pids go to `pidFile`. */
function silentTree(pidFile: string, extra: Partial<SpawnSpec>): SpawnSpec {
  return { command: { kind: 'argv', argv: ['sh', fixture('stubborn-tree.sh'), pidFile] }, cwd: tmp.dir, env: {}, killGraceMs: 200, ...extra };
}

describe('spawnProcess: idleTimeoutMs', () => {
  it('stops a silent tree (SIGTERM ignored, grandchildren included) with "no output for …"', async () => {
    const pidFile = join(tmp.dir, 'pids');
    const result = await spawnProcess(silentTree(pidFile, { idleTimeoutMs: 400, timeoutMs: 60_000 }));
    const [leader, child] = await readPids(pidFile);
    expect(result).toMatchObject({ outcome: 'timed_out', error: 'no output for 400ms', signal: 'SIGKILL', tailLines: ['ready'] });
    expect(isProcessGroupAlive(leader as number)).toBe(false);
    expect(isPidRunning(child as number)).toBe(false);
  });

  it('lets a command that keeps printing run past the idle limit', async () => {
    // Runs about twice as long as the idle limit, printing every 50 ms.
    const script = 'i=0; while [ $i -lt 40 ]; do echo tick $i; i=$((i+1)); sleep 0.05; done';
    const result = await spawnProcess({ command: { kind: 'shell', script }, cwd: tmp.dir, env: {}, idleTimeoutMs: 1000 });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0, error: null });
    expect(result.tailLines.at(-1)).toBe('tick 39');
  });

  it('counts stderr as output too', async () => {
    const script = 'i=0; while [ $i -lt 40 ]; do echo err $i >&2; i=$((i+1)); sleep 0.05; done';
    const result = await spawnProcess({ command: { kind: 'shell', script }, cwd: tmp.dir, env: {}, idleTimeoutMs: 1000 });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0 });
  });
});

describe('spawnProcess: finishedSignal (a command that lingers after its result)', () => {
  it('stops the group after the grace and reports `lingered` with outcome exited', async () => {
    const finished = new AbortController();
    const pidFile = join(tmp.dir, 'pids');
    const result = await spawnProcess(
      silentTree(pidFile, {
        lingerGraceMs: 200,
        finishedSignal: finished.signal,
        onLine: (line) => {
          if (line === 'ready') finished.abort();
        },
      }),
    );
    const [leader, child] = await readPids(pidFile);
    expect(result).toMatchObject({ outcome: 'exited', lingered: true, exitCode: null, signal: 'SIGKILL' });
    expect(result.error).toBe('still running 200ms after its final event: stopped');
    expect(isProcessGroupAlive(leader as number)).toBe(false);
    expect(isPidRunning(child as number)).toBe(false);
  });

  it('leaves a command that exits by itself within the grace alone', async () => {
    const finished = new AbortController();
    const result = await spawnProcess({
      command: { kind: 'shell', script: 'echo final; sleep 0.1; exit 3' },
      cwd: tmp.dir,
      env: {},
      lingerGraceMs: 10_000,
      finishedSignal: finished.signal,
      onLine: () => finished.abort(),
    });
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 3, error: null });
    expect(result.lingered).toBeUndefined();
  });
});
