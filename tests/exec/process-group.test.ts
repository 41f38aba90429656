import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { isProcessGroupAlive, killProcessGroup, terminateGroup } from '../../src/exec/index.js';
import { isPidRunning, waitUntil } from './helpers.js';

/** Starts `sh -c script` (or an argv) as the leader of a new process group. */
function startGroup(script: string | string[]): { pid: number; exited: Promise<unknown> } {
  const [file, ...args] = typeof script === 'string' ? ['/bin/sh', '-c', script] : script;
  const child = spawn(file as string, args, { detached: true, stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('spawn failed');
  return { pid: child.pid, exited: once(child, 'exit') };
}

describe('process groups', () => {
  it('refuses group ids that would signal more than one group', () => {
    expect(killProcessGroup(0, 'SIGCONT')).toBe(false);
    expect(killProcessGroup(1, 'SIGCONT')).toBe(false);
    expect(killProcessGroup(-5, 'SIGCONT')).toBe(false);
    expect(killProcessGroup(1.5, 'SIGCONT')).toBe(false);
    expect(isProcessGroupAlive(1)).toBe(false);
  });

  it('sees a live group, and reports a vanished one as gone', async () => {
    // No shell: a lone leader leaves no orphan behind (orphans may linger as zombies).
    const group = startGroup(['sleep', '60']);
    expect(isProcessGroupAlive(group.pid)).toBe(true);
    expect(killProcessGroup(group.pid, 'SIGKILL')).toBe(true);
    await group.exited;
    await waitUntil(() => !isProcessGroupAlive(group.pid));
    expect(killProcessGroup(group.pid, 'SIGKILL')).toBe(false);
  });

  it('treats a group whose members are all zombies as gone', async () => {
    // The orphaned sleep is reparented; if the reaper does not reap it, it stays a zombie
    // in the group. Either way the group has no live process once the sleep has ended.
    const group = startGroup('sleep 0.2 & exit 0');
    await group.exited;
    await waitUntil(() => !isProcessGroupAlive(group.pid));
    expect(isProcessGroupAlive(group.pid)).toBe(false);
  });

  it('terminateGroup ends processes that ignore SIGTERM with SIGKILL', async () => {
    const group = startGroup("trap '' TERM; sleep 60 & echo started; while :; do sleep 1; done");
    expect(isProcessGroupAlive(group.pid)).toBe(true);
    await terminateGroup(group.pid, 100);
    expect(isProcessGroupAlive(group.pid)).toBe(false);
    expect(isPidRunning(group.pid)).toBe(false);
    await group.exited;
  });

  it('terminateGroup returns at once for a group that is already gone', async () => {
    const group = startGroup('exit 0');
    await group.exited;
    await waitUntil(() => !isProcessGroupAlive(group.pid));
    await expect(terminateGroup(group.pid, 60_000)).resolves.toBeUndefined();
  });
});
