// Following a journal from its first event to its last, while another process appends to it.
// Each pass reads from the end of the last committed line to EOF, so a torn last line (the
// writer is mid-append, or crashed mid-line) is read again, whole, on a later pass; a resumer
// that cuts a torn tail off appends exactly where this reader stands.
import fs, { type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { JournalEvent } from '../model/index.js';
import { RunStoreError, describeError, errnoCode } from './errors.js';
import { parseJournalLine } from './journal-read.js';
import type { RunPaths } from './paths.js';
import { runOwnerMayBeAlive } from './runs.js';

/** Poll interval when fs.watch says nothing (it can miss events on some file systems). */
export const FOLLOW_POLL_MS = 250;

export interface FollowJournalOptions {
  /** Ends the iteration (quietly) when aborted. */
  signal?: AbortSignal;
  /**
   * End once every committed event is read and no process may own the run (its lock is gone
   * or names a dead process on this host): the run paused at a gate, was interrupted, or its
   * owner stopped. Default true. With false, only run.finished or the signal end it.
   */
  untilPaused?: boolean;
  pollMs?: number;
}

/** Reads the committed lines a journal gained since the last call, each exactly once. */
export class JournalCursor {
  /** Byte offset just past the last committed line read. */
  private offset = 0;
  private lineNo = 0;
  private lastSeq = 0;

  constructor(readonly file: string) {}

  /** New committed events, in file order (a torn last line waits for its end). */
  read(): JournalEvent[] {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return [];
      throw new RunStoreError(this.file, `cannot read journal ${this.file}: ${describeError(error)}`, { cause: error });
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size <= this.offset) return [];
      const buffer = Buffer.alloc(size - this.offset);
      const got = fs.readSync(fd, buffer, 0, buffer.length, this.offset);
      return this.parse(buffer.subarray(0, got));
    } finally {
      fs.closeSync(fd);
    }
  }

  private parse(buffer: Buffer): JournalEvent[] {
    const committed = buffer.lastIndexOf(0x0a) + 1;
    const events: JournalEvent[] = [];
    const text = buffer.toString('utf8', 0, committed);
    for (let start = 0; start < text.length;) {
      const end = text.indexOf('\n', start);
      this.lineNo++;
      const line = text.slice(start, end);
      start = end + 1;
      if (line.trim() === '') continue;
      const event = parseJournalLine(line, this.file, this.lineNo);
      if (event.seq <= this.lastSeq) continue; // never twice, whatever the file does
      this.lastSeq = event.seq;
      events.push(event);
    }
    this.offset += committed;
    return events;
  }
}

/** Wakes a waiter when the run directory changes (fs.watch) or a poll interval passes. */
class ChangeSignal {
  private dirty = false;
  private wake: (() => void) | null = null;
  private readonly watcher: FSWatcher | null;

  constructor(dir: string, file: string) {
    this.watcher = watchDir(dir, file, () => this.notify());
  }

  /** Resolves at the next change (at once if one came since the last wait), after pollMs, or on abort. */
  async wait(pollMs: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.dirty || signal?.aborted) {
      this.dirty = false;
      return;
    }
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, pollMs);
      signal?.addEventListener('abort', done, { once: true });
      this.wake = done;
    });
    this.dirty = false;
  }

  close(): void {
    this.watcher?.close();
  }

  private notify(): void {
    this.dirty = true;
    this.wake?.();
  }
}

/** Watches `dir` for changes to `file`; null when watching is not possible (the poll still runs). */
function watchDir(dir: string, file: string, onChange: () => void): FSWatcher | null {
  const name = path.basename(file);
  try {
    const watcher = fs.watch(dir, { persistent: false }, (_event, changed) => {
      if (changed === null || changed === name || changed === 'lock') onChange();
    });
    watcher.on('error', () => watcher.close()); // e.g. the directory was removed: polling goes on
    return watcher;
  } catch {
    return null;
  }
}

/**
 * Every event of a run's journal, from the first (replay) to the live ones, each exactly once
 * and in seq order. Ends after `run.finished`, on abort, or (untilPaused, the default) once
 * every committed event is read and no process may own the run.
 */
export async function* followJournal(paths: RunPaths, options: FollowJournalOptions = {}): AsyncGenerator<JournalEvent> {
  const { signal, untilPaused = true, pollMs = FOLLOW_POLL_MS } = options;
  const cursor = new JournalCursor(paths.journal);
  const changes = new ChangeSignal(paths.dir, paths.journal);
  try {
    for (;;) {
      if (signal?.aborted) return;
      let events = cursor.read();
      // The owner releases its lock only after its last append: read once more after seeing it gone.
      if (events.length === 0 && untilPaused && !runOwnerMayBeAlive(paths)) {
        events = cursor.read();
        if (events.length === 0) return;
      }
      for (const event of events) {
        yield event;
        if (event.type === 'run.finished') return;
      }
      if (events.length === 0) await changes.wait(pollMs, signal);
    }
  } finally {
    changes.close();
  }
}
