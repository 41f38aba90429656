// Reads the last lines of a stage log without loading the whole file (logs can be 100 MB).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';

/** How much of the end of the file is read at most. */
const TAIL_BYTES = 64 * 1024;
/** Longer lines are cut, so one minified blob cannot flood the terminal. */
const MAX_LINE_CHARS = 400;

function readEnd(file: string, maxBytes: number): { text: string; fromStart: boolean } {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, buffer, read, length - read, size - length + read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.subarray(0, read).toString('utf8'), fromStart: length === size };
  } finally {
    closeSync(fd);
  }
}

// Keeps what a terminal would show of a line rewritten with `\r` (progress bars), then cuts it.
function clip(raw: string): string {
  const trimmed = raw.replace(/\r+$/, '');
  const line = trimmed.slice(trimmed.lastIndexOf('\r') + 1);
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}

/** Returns the last `count` lines of `runDir/log`, or [] when the file is missing or unreadable. */
export function readLogTail(runDir: string, log: string, count: number): string[] {
  let chunk: { text: string; fromStart: boolean };
  try {
    chunk = readEnd(resolve(runDir, log), TAIL_BYTES);
  } catch {
    return []; // a missing log must never break the run's output
  }
  const lines = chunk.text.split(/\r?\n/);
  if (!chunk.fromStart && lines.length > 1) lines.shift(); // first line is cut mid-way
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  return lines.slice(-count).map(clip);
}
