import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors/index.js';
import { acquireLock, isLockLive, lockOwnerState, processStartTime, readLock, runPaths, type LockInfo, type RunPaths } from '../../src/store/index.js';
import { tempDir } from './helpers.js';

const children: { kill(): boolean }[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

function paths(): RunPaths {
  return runPaths(tempDir(), 'demo', '20261121-103000-k3f9');
}

function writeLock(p: RunPaths, info: LockInfo): void {
  fs.mkdirSync(p.dir, { recursive: true });
  fs.writeFileSync(p.lock, JSON.stringify(info));
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const result = spawnSync(process.execPath, ['-e', '']);
  expect(result.status).toBe(0);
  expect(result.pid).toBeGreaterThan(0);
  return result.pid as number;
}

function conflictOf(fn: () => unknown): ConflictError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    return error as ConflictError;
  }
  throw new Error('expected a ConflictError');
}

describe('acquireLock', () => {
  it('writes {pid, start_time, host, started_at} and removes it on release', () => {
    const p = paths();
    const lock = acquireLock(p);
    expect(readLock(p)).toEqual({ pid: process.pid, start_time: processStartTime(process.pid), host: os.hostname(), started_at: lock.info.started_at });
    expect(lock.tookOverFrom).toBeUndefined();
    lock.release();
    lock.release();
    expect(fs.existsSync(p.lock)).toBe(false);
  });

  it('is exclusive: a second acquire throws ConflictError (exit 5) naming the pid', () => {
    const p = paths();
    const lock = acquireLock(p);
    const error = conflictOf(() => acquireLock(p));
    expect(error.exitCode).toBe(5);
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toContain(os.hostname());
    lock.release();
    acquireLock(p).release();
  });

  it('refuses a lock held by another live process', () => {
    const p = paths();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(child);
    const holder = { pid: child.pid as number, start_time: processStartTime(child.pid as number) as number, host: os.hostname(), started_at: new Date().toISOString() };
    writeLock(p, holder);
    expect(isLockLive(holder)).toBe(true);
    expect(conflictOf(() => acquireLock(p)).message).toContain(`pid ${child.pid}`);
    expect(readLock(p)).toEqual(holder);
  });

  it('takes over a stale lock whose process has exited', () => {
    const p = paths();
    const stale = { pid: deadPid(), host: os.hostname(), started_at: '2026-01-01T00:00:00.000Z' };
    writeLock(p, stale);
    expect(lockOwnerState(stale)).toBe('dead');
    const lock = acquireLock(p);
    expect(lock.tookOverFrom).toEqual(stale);
    expect(readLock(p)?.pid).toBe(process.pid);
    expect(fs.readdirSync(p.dir)).toEqual(['lock']);
    lock.release();
  });

  it('treats our own pid from before this process started as stale (pid reuse)', () => {
    const p = paths();
    const stale = { pid: process.pid, host: os.hostname(), started_at: '2020-01-01T00:00:00.000Z' };
    writeLock(p, stale);
    expect(isLockLive(stale)).toBe(false);
    const lock = acquireLock(p);
    expect(lock.tookOverFrom).toEqual(stale);
    lock.release();
  });

  it('does not take a live process that reused the pid (other start time, or none recorded) for the owner', () => {
    const p = paths();
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(child);
    const started = processStartTime(child.pid as number) as number;
    const reused = { pid: child.pid as number, start_time: started - 1, host: os.hostname(), started_at: new Date().toISOString() };
    expect(lockOwnerState(reused)).toBe('dead');
    expect(lockOwnerState({ pid: 1, host: os.hostname(), started_at: new Date().toISOString() })).toBe('dead');
    writeLock(p, reused);
    const lock = acquireLock(p);
    expect(lock.tookOverFrom).toEqual(reused);
    lock.release();
  });

  it('never takes over a lock from another host', () => {
    const p = paths();
    const foreign = { pid: deadPid(), host: `not-${os.hostname()}`, started_at: new Date().toISOString() };
    writeLock(p, foreign);
    expect(lockOwnerState(foreign)).toBe('unknown');
    expect(isLockLive(foreign)).toBe(false);
    expect(conflictOf(() => acquireLock(p)).message).toMatch(/another host/);
  });

  it('refuses a fresh incomplete lock but takes over an old one', () => {
    const p = paths();
    fs.mkdirSync(p.dir, { recursive: true });
    fs.writeFileSync(p.lock, '');
    expect(readLock(p)).toBeNull();
    expect(conflictOf(() => acquireLock(p)).message).toMatch(/being locked/);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(p.lock, old, old);
    acquireLock(p).release();
  });

  it('does not remove a lock it no longer owns', () => {
    const p = paths();
    const lock = acquireLock(p);
    const other = { pid: deadPid(), host: os.hostname(), started_at: new Date().toISOString() };
    writeLock(p, other);
    lock.release();
    expect(readLock(p)).toEqual(other);
  });
});
