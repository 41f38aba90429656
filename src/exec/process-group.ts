// Signalling and watching whole process groups, so a stage's grandchildren end with it.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long to wait for the group to vanish after SIGKILL before giving up on it. */
const KILL_SETTLE_MS = 2000;
const PROC_DIR = '/proc';
const hasProcFs = process.platform === 'linux' && canReadProc();

function canReadProc(): boolean {
  try {
    readFileSync(`${PROC_DIR}/self/stat`, 'latin1');
    return true;
  } catch {
    return false;
  }
}

// pgid 0 and 1 (and negative numbers) would signal our own group or every process we may
// signal: never do that, whatever a caller passes.
function isSafeGroupId(pgid: number): boolean {
  return Number.isInteger(pgid) && pgid > 1;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

// Signal 0 only checks that the group exists.
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (!isSafeGroupId(pgid)) return false;
  // ESRCH (the group is gone) is the usual answer after every stage: an error without a stack
  // trace costs a fraction of one that captures it.
  const traceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // EPERM: the group exists but is not ours to signal; report it as present.
    return errorCode(error) === 'EPERM';
  } finally {
    Error.stackTraceLimit = traceLimit;
  }
}

/** Sends a signal to every process of a group; false if the group is already gone (ESRCH). */
export function killProcessGroup(pgid: number, signal: NodeJS.Signals = 'SIGTERM'): boolean {
  return signalGroup(pgid, signal);
}

/** True while the group has a process that is not a zombie (kill(-pgid, 0), then /proc). */
export function isProcessGroupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  // kill() also succeeds for a group made only of zombies, which happens whenever the
  // reaper (pid 1 in a container) does not reap orphans: look at the members themselves.
  return hasProcFs ? groupHasLiveMember(pgid) : true;
}

// Reads /proc/<pid>/stat of every process: "pid (comm) state ppid pgrp ...".
function groupHasLiveMember(pgid: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync(PROC_DIR);
  } catch {
    return true;
  }
  for (const entry of entries) {
    const first = entry.charCodeAt(0);
    if (first < 48 || first > 57) continue;
    const member = readStat(entry);
    if (member !== null && member.pgrp === pgid && member.state !== 'Z' && member.state !== 'X') {
      return true;
    }
  }
  return false;
}

function readStat(pid: string): { state: string; pgrp: number } | null {
  let stat: string;
  try {
    stat = readFileSync(`${PROC_DIR}/${pid}/stat`, 'latin1');
  } catch {
    return null; // the process ended while we were looking
  }
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgrp: Number(fields[2]) };
}

/** Polls until no live process is left in the group; false if it is still there after timeoutMs. */
export async function waitForGroupExit(pgid: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  let pause = 2;
  while (isProcessGroupAlive(pgid)) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    await sleep(Math.min(pause, left));
    pause = Math.min(pause * 2, 50);
  }
  return true;
}

/** SIGTERM to the group, up to graceMs for it to vanish, then SIGKILL and a short wait. */
export async function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  if (!isProcessGroupAlive(pgid)) return;
  killProcessGroup(pgid, 'SIGTERM');
  if (await waitForGroupExit(pgid, graceMs)) return;
  killProcessGroup(pgid, 'SIGKILL');
  await waitForGroupExit(pgid, KILL_SETTLE_MS);
}
