// Shared helpers for the exec tests: temp dirs, fixture paths, process liveness.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';

/** Absolute path of a helper script under tests/fixtures/procs. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/procs/${name}`, import.meta.url));
}

/** A fresh temporary directory and a function that removes it. */
export async function makeTempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'flowstate-exec-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** True if the pid names a process that is not a zombie (zombies are dead, just unreaped). */
export function isPidRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    return state !== 'Z' && state !== 'X';
  } catch {
    return process.platform !== 'linux';
  }
}

/** Polls a condition with a generous bound (for setup steps, never as an assertion on time). */
export async function waitUntil(condition: () => boolean, boundMs = 10_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A temporary directory per test (created before each, removed after): read `tmp.dir`. */
export function useTempDir(): { readonly dir: string } {
  const state = { dir: '', cleanup: async (): Promise<void> => undefined };
  beforeEach(async () => {
    ({ dir: state.dir, cleanup: state.cleanup } = await makeTempDir());
  });
  afterEach(() => state.cleanup());
  return {
    get dir() {
      return state.dir;
    },
  };
}
