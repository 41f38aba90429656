// Helpers for fan-out tests: a cell command that records its own start and end times, and the
// largest number of cells that overlapped according to those records.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A shell command that appends `start <ns> <name>` and `end <ns> <name>` around a sleep to `file`. */
export function timedCell(name: string, sleep = '0.3', file = 'times'): string {
  return `echo "start $(date +%s%N) ${name}" >> ${file}; sleep ${sleep}; echo "end $(date +%s%N) ${name}" >> ${file}`;
}

/** The times file's records, in time order. */
export function timeRecords(project: string, file = 'times'): { kind: 'start' | 'end'; at: bigint; name: string }[] {
  const path = join(project, file);
  if (!existsSync(path)) return [];
  const records = readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [kind, at, ...name] = line.split(' ');
      return { kind: kind as 'start' | 'end', at: BigInt(at), name: name.join(' ') };
    });
  return records.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === 'end' ? -1 : 1));
}

/** The most cells running at one moment, from the cells' own records. */
export function maxOverlap(project: string, file = 'times'): number {
  let running = 0;
  let most = 0;
  for (const record of timeRecords(project, file)) {
    running += record.kind === 'start' ? 1 : -1;
    most = Math.max(most, running);
  }
  return most;
}
