import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isProcessGroupAlive, spawnProcess, type SpawnSpec } from '../../src/exec/index.js';
import { fixture, isPidRunning, makeTempDir, waitUntil } from './helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
const strays: number[] = [];

beforeEach(async () => {
  ({ dir, cleanup } = await makeTempDir());
});
afterEach(async () => {
  for (const pid of strays.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await cleanup();
});

async function readPids(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8')).trim().split(/\s+/).map(Number);
}

function stubbornTree(pidFile: string, extra: Partial<SpawnSpec>): SpawnSpec {
  return {
    command: { kind: 'argv', argv: ['sh', fixture('stubborn-tree.sh'), pidFile] },
    cwd: dir,
    env: {},
    killGraceMs: 200,
    ...extra,
  };
}

describe('spawnProcess: timeout', () => {
  it('kills a tree that ignores SIGTERM, grandchildren included, and leaves no survivor', async () => {
    const pidFile = join(dir, 'pids');
    const result = await spawnProcess(stubbornTree(pidFile, { timeoutMs: 1500 }));
    const [leader, child] = await readPids(pidFile);
    expect(result.outcome).toBe('timed_out');
    expect(result.error).toBe('timed out after 1.5s');
    expect(result.signal).toBe('SIGKILL'); // SIGTERM was ignored
    expect(result.exitCode).toBeNull();
    expect(leader).toBe(result.pid);
    expect(isProcessGroupAlive(leader as number)).toBe(false);
    expect(isPidRunning(child as number)).toBe(false);
    expect(result.tailLines).toEqual(['ready']);
  });
});

describe('spawnProcess: cancellation', () => {
  it('stops the whole group when the AbortSignal fires', async () => {
    const pidFile = join(dir, 'pids');
    const controller = new AbortController();
    const result = await spawnProcess(
      stubbornTree(pidFile, {
        signal: controller.signal,
        onLine: (line) => {
          if (line === 'ready') controller.abort();
        },
      }),
    );
    const [leader, child] = await readPids(pidFile);
    expect(result).toMatchObject({ outcome: 'cancelled', error: 'cancelled', signal: 'SIGKILL' });
    expect(isProcessGroupAlive(leader as number)).toBe(false);
    expect(isPidRunning(child as number)).toBe(false);
  });

  it('ends a cooperative command with SIGTERM', async () => {
    const controller = new AbortController();
    const result = await spawnProcess({
      command: { kind: 'argv', argv: ['sleep', '60'] },
      cwd: dir,
      env: {},
      signal: controller.signal,
      onSpawn: () => controller.abort(),
    });
    expect(result).toMatchObject({ outcome: 'cancelled', signal: 'SIGTERM', exitCode: null });
  });
});

describe('spawnProcess: processes end with the command', () => {
  it('kills background children left by a command that exited 0', async () => {
    const pidFile = join(dir, 'bg');
    const result = await spawnProcess({
      command: { kind: 'argv', argv: ['sh', fixture('background-child.sh'), pidFile] },
      cwd: dir,
      env: {},
    });
    const [background] = await readPids(pidFile);
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0, error: null });
    expect(isPidRunning(background as number)).toBe(false);
    expect(isProcessGroupAlive(result.pid as number)).toBe(false);
  });

  it('does not wait for a process that left the group but holds the output pipe', async () => {
    const pidFile = join(dir, 'escapee');
    const before = countHandles();
    const result = await spawnProcess({
      command: { kind: 'argv', argv: [process.execPath, fixture('escape-group.mjs'), pidFile] },
      cwd: dir,
      env: {},
    });
    await waitUntil(() => existsSync(pidFile));
    const [escapee] = await readPids(pidFile);
    strays.push(escapee as number);
    expect(result).toMatchObject({ outcome: 'exited', exitCode: 0, tailLines: ['escaped'] });
    // It is outside the group, so it is still running: the stage did not wait for its minute.
    expect(isPidRunning(escapee as number)).toBe(true);
    // Nothing of ours (pipes, child handles, timers) is left to keep the event loop alive.
    for (const [name, count] of Object.entries(countHandles())) {
      expect({ name, count }).toEqual({ name, count: Math.min(count, before[name] ?? 0) });
    }
  });
});

function countHandles(): Record<string, number> {
  const counts: Record<string, number> = {};
  // Only handles that keep the event loop alive (fs requests come and go on their own).
  for (const name of process.getActiveResourcesInfo()) {
    if (!['PipeWrap', 'ProcessWrap', 'Timeout', 'TCPWrap'].includes(name)) continue;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}
