// Crash-safe file replacement: readers see the old file or the new one, never a mix.
// The default `fs` import (not named imports) lets tests inject I/O failures.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { RunStoreError, describeError, errnoCode } from './errors.js';

/** fsyncs a directory so a rename or a new entry in it survives a crash. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch (error) {
    // Some file systems refuse fsync on directories; the data itself is already synced.
    const code = errnoCode(error);
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM') throw error;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Writes all of `data` to `fd` (writeSync may write less than asked). */
export function writeAll(fd: number, data: string | Buffer): void {
  const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < buffer.length) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
}

function closeQuietly(fd: number): void {
  try {
    fs.closeSync(fd);
  } catch {
    // Already failing: the original error is the one worth reporting.
  }
}

function tmpName(file: string): string {
  const base = path.basename(file);
  return path.join(path.dirname(file), `.${base}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/** Replaces `file` with `data` atomically: tmp file in the same dir, fsync, rename, fsync dir. */
export function writeFileAtomic(file: string, data: string): void {
  const tmp = tmpName(file);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', 0o644);
    writeAll(fd, data);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    fs.rmSync(tmp, { force: true });
    throw new RunStoreError(file, `cannot write ${file}: ${describeError(error)}`, { cause: error });
  }
  try {
    fsyncDir(path.dirname(file));
  } catch (error) {
    throw new RunStoreError(file, `cannot sync the directory of ${file}: ${describeError(error)}`, {
      cause: error,
    });
  }
}
