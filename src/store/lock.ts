// The run lock: a file created with O_EXCL holding {pid, start_time, host, started_at} of the
// owner. A lock whose process is gone (same host) is stale and may be taken over. A pid alone
// proves nothing (pids are reused, containers restart with the same ones): where /proc exists,
// the owner is the process with that pid AND that start time (field 22 of /proc/PID/stat).
import fs from 'node:fs';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { ConflictError } from '../errors/index.js';
import { writeAll } from './atomic.js';
import { RunStoreError, describeError, errnoCode } from './errors.js';
import type { RunPaths } from './paths.js';

/** Contents of a lock file. */
export interface LockInfo {
  pid: number;
  /** The owner's start time in clock ticks since boot (/proc/PID/stat field 22); absent off Linux. */
  start_time?: number;
  host: string;
  started_at: string;
}

/** A held lock; `tookOverFrom` names the dead owner of a stale lock that was replaced. */
export interface LockHandle {
  release(): void;
  readonly info: LockInfo;
  readonly tookOverFrom?: LockInfo;
}

/** Whether a lock's owner is alive: 'unknown' when it lives on another host. */
export type LockOwnerState = 'live' | 'dead' | 'unknown';

// A lock file that is empty or half-written is being created right now unless it is older.
const PARTIAL_LOCK_GRACE_MS = 5_000;
const MAX_ACQUIRE_ROUNDS = 5;

function parseLock(text: string): LockInfo | null {
  try {
    const value = JSON.parse(text) as Partial<LockInfo> | null;
    if (value && Number.isInteger(value.pid) && typeof value.host === 'string' && typeof value.started_at === 'string') {
      const startTime = Number.isInteger(value.start_time) ? { start_time: value.start_time as number } : {};
      return { pid: value.pid as number, ...startTime, host: value.host, started_at: value.started_at };
    }
  } catch {
    // Fall through: an unparsable lock is reported as null.
  }
  return null;
}

/** The lock of a run, or null when there is none (or it is not a complete lock file). */
export function readLock(paths: RunPaths): LockInfo | null {
  try {
    return parseLock(fs.readFileSync(paths.lock, 'utf8'));
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw new RunStoreError(paths.lock, `cannot read lock ${paths.lock}: ${describeError(error)}`, { cause: error });
  }
}

/** True when the process exists (kill(pid, 0); EPERM = exists, owned by another user). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
  return true;
}

/** State and start time (clock ticks since boot) of a process from /proc, or null when unreadable. */
function procStat(pid: number): { state: string; startTime: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', startTime: Number(fields[19]) };
  } catch {
    return null;
  }
}

/** Start time of a live process (clock ticks since boot, /proc/PID/stat field 22); null without /proc. */
export function processStartTime(pid: number): number | null {
  return procStat(pid)?.startTime ?? null;
}

const procReadable = procStat(process.pid) !== null;

/** Whether the owner of `lock` is alive, dead, or on another host (cannot tell). */
export function lockOwnerState(lock: LockInfo): LockOwnerState {
  if (lock.host !== os.hostname()) return 'unknown';
  if (lock.pid <= 0) return 'dead';
  if (!procReadable) return legacyOwnerState(lock);
  const stat = procStat(lock.pid);
  // Gone, a zombie nobody reaped (it owns nothing), or another process that got the pid later.
  if (stat === null || stat.state === 'Z' || stat.state === 'X') return 'dead';
  return lock.start_time === stat.startTime ? 'live' : 'dead';
}

/** Without /proc: the pid must exist (our own pid only if the lock is younger than us). */
function legacyOwnerState(lock: LockInfo): LockOwnerState {
  if (lock.pid === process.pid) {
    const startedMs = Date.now() - process.uptime() * 1000;
    return Date.parse(lock.started_at) >= startedMs - 1000 ? 'live' : 'dead';
  }
  return processExists(lock.pid) ? 'live' : 'dead';
}

/** True when the lock's owner runs on this host and is alive (kill(pid, 0); EPERM = alive). */
export function isLockLive(lock: LockInfo): boolean {
  return lockOwnerState(lock) === 'live';
}

function createLockFile(file: string, info: LockInfo): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    writeAll(fd, `${JSON.stringify(info)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function sameLock(a: LockInfo, b: LockInfo): boolean {
  return a.pid === b.pid && a.start_time === b.start_time && a.host === b.host && a.started_at === b.started_at;
}

function releaser(paths: RunPaths, info: LockInfo): () => void {
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = readLock(paths);
    if (current !== null && sameLock(current, info)) fs.rmSync(paths.lock, { force: true });
  };
}

function conflict(paths: RunPaths, holder: LockInfo, state: LockOwnerState): ConflictError {
  const who = `pid ${holder.pid} on host ${holder.host} (since ${holder.started_at})`;
  const hint = state === 'unknown' ? `; cannot check a process on another host: delete ${paths.lock} if it is gone` : '';
  return new ConflictError(`run ${paths.dir} is locked by ${who}${hint}`);
}

function readLockText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Removes a stale lock whose contents were `expected`, safely against a racing acquirer:
 * move it aside, and if what was moved is not what we judged stale, put it back.
 */
function removeStaleLock(file: string, expected: string): boolean {
  const aside = `${file}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    fs.renameSync(file, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw error;
  }
  const moved = readLockText(aside);
  if (moved !== expected) {
    try {
      fs.linkSync(aside, file); // restore without overwriting a newer lock
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST') throw error;
    }
  }
  fs.rmSync(aside, { force: true });
  return moved === expected;
}

function lockAgeMs(file: string): number | null {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw error;
  }
}

/** One attempt to get past an existing lock: throws when held, returns the dead owner it removed. */
function clearExistingLock(paths: RunPaths): { removed: LockInfo | null } {
  const text = readLockText(paths.lock);
  if (text === null) return { removed: null }; // released meanwhile
  const holder = parseLock(text);
  if (holder === null) {
    const age = lockAgeMs(paths.lock);
    if (age !== null && age < PARTIAL_LOCK_GRACE_MS) {
      throw new ConflictError(`run ${paths.dir} is being locked by another process (${paths.lock} is incomplete)`);
    }
    removeStaleLock(paths.lock, text);
    return { removed: null };
  }
  const state = lockOwnerState(holder);
  if (state !== 'dead') throw conflict(paths, holder, state);
  return { removed: removeStaleLock(paths.lock, text) ? holder : null };
}

/** The handle of a lock this process holds whose run directory was moved to `paths`. */
export function lockAt(paths: RunPaths, info: LockInfo): LockHandle {
  return { info, release: releaser(paths, info) };
}

/** Takes the run's lock (O_EXCL); ConflictError (exit 5) when a live process holds it. */
export function acquireLock(paths: RunPaths): LockHandle {
  const startTime = processStartTime(process.pid);
  const info: LockInfo = { pid: process.pid, ...(startTime === null ? {} : { start_time: startTime }), host: os.hostname(), started_at: new Date().toISOString() };
  let tookOverFrom: LockInfo | undefined;
  try {
    fs.mkdirSync(paths.dir, { recursive: true });
    for (let round = 0; round < MAX_ACQUIRE_ROUNDS; round++) {
      if (createLockFile(paths.lock, info)) {
        return { info, release: releaser(paths, info), ...(tookOverFrom ? { tookOverFrom } : {}) };
      }
      tookOverFrom = clearExistingLock(paths).removed ?? tookOverFrom;
    }
  } catch (error) {
    if (error instanceof ConflictError || error instanceof RunStoreError) throw error;
    throw new RunStoreError(paths.lock, `cannot lock ${paths.lock}: ${describeError(error)}`, { cause: error });
  }
  throw new ConflictError(`run ${paths.dir} is contended: could not take ${paths.lock} after ${MAX_ACQUIRE_ROUNDS} tries`);
}
