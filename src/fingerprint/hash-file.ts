// Content hashes of source files, with a stat-based fast path that is safe against
// "racy" edits (a change within the file system's timestamp granularity).
import { closeSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { createHash } from 'node:crypto';

/** What a fingerprint remembers about one source file. */
export interface FileFingerprint {
  /** sha1 of the contents, hex. */
  hash: string;
  size: number;
  mtime_ms: number;
  ino: number;
}

/**
 * A stat match is trusted only when the file's mtime is older than this before the earlier
 * hash was taken: a write in the same timestamp tick (coarse on some file systems) could
 * otherwise keep size and mtime unchanged.
 */
export const RACY_WINDOW_MS = 2000;

const CHUNK_BYTES = 1 << 20;

/** sha1 of a file's contents, read in chunks so memory stays bounded for big files. */
export function hashFileContents(file: string): string {
  const hash = createHash('sha1');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(file, 'r');
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** True when `previous` (hashed at `hashedAtMs`) certainly still describes a file with these stats. */
export function statStillMatches(previous: FileFingerprint | undefined, stats: Stats, hashedAtMs: number): previous is FileFingerprint {
  if (!previous) return false;
  if (previous.size !== stats.size || previous.mtime_ms !== stats.mtimeMs || previous.ino !== stats.ino) return false;
  return stats.mtimeMs < hashedAtMs - RACY_WINDOW_MS;
}

/**
 * Fingerprints one file: reuses `previous` when its stats still match, else hashes the
 * contents. Undefined when the file vanished or is not a regular file.
 */
export function fingerprintFile(file: string, previous: FileFingerprint | undefined, hashedAtMs: number): FileFingerprint | undefined {
  let stats: Stats;
  try {
    stats = statSync(file);
    if (!stats.isFile()) return undefined;
    if (statStillMatches(previous, stats, hashedAtMs)) return previous;
    return { hash: hashFileContents(file), size: stats.size, mtime_ms: stats.mtimeMs, ino: stats.ino };
  } catch {
    // Deleted (or made unreadable) between the glob and now: it is not a source any more.
    return undefined;
  }
}
