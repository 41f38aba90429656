// The process groups this process started and that are still running, so a second Ctrl-C
// can SIGKILL them all at once; and a check for groups a dead runner left behind.
import { readdirSync, readFileSync } from 'node:fs';
import { killProcessGroup } from './process-group.js';

const live = new Set<number>();

/** Records a group as running (spawnProcess calls this). */
export function trackGroup(pgid: number): void {
  live.add(pgid);
}

/** Forgets a group once its command has ended. */
export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}

/** Process groups started by this process that have not ended yet. */
export function liveGroups(): number[] {
  return [...live];
}

/** Sends a signal to every running group at once (the second Ctrl-C); returns how many. */
export function signalAllGroups(signal: NodeJS.Signals = 'SIGKILL'): number {
  let signalled = 0;
  for (const pgid of live) if (killProcessGroup(pgid, signal)) signalled++;
  return signalled;
}

/** Process groups with a live process whose environment holds `NAME=value` (Linux /proc). */
export function groupsWithEnv(name: string, value: string): number[] {
  const needle = `${name}=${value}`;
  const groups = new Set<number>();
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z' || fields[0] === 'X') continue;
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) groups.add(Number(fields[2]));
    } catch {
      // the process ended while we looked, or is not ours to read
    }
  }
  return [...groups];
}
