// events.jsonl writer: append-only, one JSON object a line, fsync per durable append.
// The durability rule (DESIGN §4): a stage's success is on disk before the next stage starts.
// Group commit: an append with `durable: 'shared'` is synced by an asynchronous fdatasync that
// covers every event appended before it starts (one sync in flight at a time; events appended
// meanwhile share the next one), so stages finishing together in parallel pay one sync, and the
// runner's thread is not blocked while the disk works. `whenDurable()` waits for it.
import fs from 'node:fs';
import type { EventDraft, JournalEvent } from '../model/index.js';
import { fsyncDir, writeAll } from './atomic.js';
import { RunStoreError, describeError } from './errors.js';
import { injectFault } from './faults.js';
import { committedLength, parseJournalLine } from './journal-read.js';
import type { RunPaths } from './paths.js';

/** What Journal.open found in an existing journal. */
export interface JournalRecovery {
  /** Seq of the last committed event (0 for a new journal). */
  lastSeq: number;
  /** Bytes of a torn last line that were cut off (0 when the tail was clean). */
  truncatedBytes: number;
}

function storeError(file: string, what: string, error: unknown): RunStoreError {
  return new RunStoreError(file, `cannot ${what} journal ${file}: ${describeError(error)}`, { cause: error });
}

function countLines(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Reads the seq of the last committed line and cuts a torn tail off (needs the run lock). */
function recover(file: string, runId: string): JournalRecovery {
  const buffer = fs.readFileSync(file);
  const committed = committedLength(buffer);
  if (committed < buffer.length) {
    fs.truncateSync(file, committed);
  }
  let lastSeq = 0;
  if (committed > 0) {
    const text = buffer.toString('utf8', 0, committed - 1);
    const lineStart = text.lastIndexOf('\n') + 1;
    const last = parseJournalLine(text.slice(lineStart), file, countLines(text));
    if (last.run_id !== runId) {
      throw new RunStoreError(file, `journal ${file} belongs to run ${last.run_id}, not ${runId}`);
    }
    lastSeq = last.seq;
  }
  return { lastSeq, truncatedBytes: buffer.length - committed };
}

/** The append-only journal of one run. Only the lock holder may open it. */
export class Journal {
  readonly file: string;
  readonly runId: string;
  /** What was found when the journal was opened. */
  readonly recovery: JournalRecovery;
  private fd: number | null;
  private nextSeq: number;
  private unsynced = false;
  /** Seq up to which every event is known to be on disk. */
  private durableSeq: number;
  /** Seq of the last event appended with `durable: 'shared'` (what whenDurable waits for). */
  private sharedSeq = 0;
  /** The asynchronous sync in flight, if any. */
  private syncing: Promise<void> | null = null;
  /** The first failure of an asynchronous sync: every later wait rejects with it. */
  private syncFailure: RunStoreError | null = null;

  private constructor(file: string, runId: string, fd: number, recovery: JournalRecovery) {
    this.file = file;
    this.runId = runId;
    this.fd = fd;
    this.recovery = recovery;
    this.nextSeq = recovery.lastSeq + 1;
    this.durableSeq = recovery.lastSeq;
  }

  /** Creates or continues a run's journal: next seq = last seq + 1; a torn last line is cut off. */
  static open(paths: RunPaths, runId: string): Journal {
    const file = paths.journal;
    let recovery: JournalRecovery;
    let fd: number;
    try {
      fs.mkdirSync(paths.dir, { recursive: true });
      const existed = fs.existsSync(file);
      recovery = existed ? recover(file, runId) : { lastSeq: 0, truncatedBytes: 0 };
      fd = fs.openSync(file, 'a', 0o644);
      if (!existed || recovery.truncatedBytes > 0) {
        fs.fsyncSync(fd);
        fsyncDir(paths.dir);
      }
    } catch (error) {
      if (error instanceof RunStoreError) throw error;
      throw storeError(file, 'open', error);
    }
    return new Journal(file, runId, fd, recovery);
  }

  /** Seq of the last appended event (0 when empty). */
  get lastSeq(): number {
    return this.nextSeq - 1;
  }

  /**
   * Stamps seq, ts and run_id on a draft, writes it as one line; fsyncs unless durable: false;
   * with `durable: 'shared'` the caller makes it durable through whenDurable() (group commit).
   */
  append(draft: EventDraft, opts: { durable?: boolean | 'shared' } = {}): JournalEvent {
    const fd = this.openFd();
    // Key order type, seq, ts, run_id first; the stamps win over any the caller passed.
    const stamps = { seq: this.nextSeq, ts: new Date().toISOString(), run_id: this.runId };
    const event = Object.assign({ type: draft.type, ...stamps }, draft, stamps);
    try {
      injectFault('journal.append');
      writeAll(fd, `${JSON.stringify(event)}\n`);
    } catch (error) {
      throw storeError(this.file, 'append to', error);
    }
    this.nextSeq++;
    this.unsynced = true;
    if (opts.durable === 'shared') this.sharedSeq = event.seq;
    else if (opts.durable !== false) this.durable();
    return event as JournalEvent;
  }

  /** Makes every event appended so far durable (fdatasync); cheap when nothing is pending. */
  durable(): void {
    if (this.syncFailure !== null) throw this.syncFailure;
    if (!this.unsynced) return;
    const upTo = this.lastSeq;
    try {
      injectFault('journal.sync');
      fs.fdatasyncSync(this.openFd());
    } catch (error) {
      throw storeError(this.file, 'sync', error);
    }
    this.durableSeq = Math.max(this.durableSeq, upTo);
    this.unsynced = this.durableSeq < this.lastSeq;
  }

  /**
   * Resolves once every event appended with `durable: 'shared'` so far is on disk (with all
   * events before it), those appended while it waits included, through the asynchronous group sync (started here when none
   * is in flight; at once when nothing waits); rejects with the store error when a sync failed
   * (then every later call rejects too).
   */
  async whenDurable(): Promise<void> {
    // Shared events appended while waiting are waited for too: nothing starts before every
    // stage that finished earlier is on disk.
    while (this.durableSeq < this.sharedSeq) {
      if (this.syncFailure !== null) throw this.syncFailure;
      this.syncing ??= this.syncAsync().finally(() => {
        this.syncing = null;
      });
      await this.syncing;
    }
    if (this.syncFailure !== null) throw this.syncFailure;
  }

  /** One asynchronous fdatasync covering every event appended so far. */
  private async syncAsync(): Promise<void> {
    const upTo = this.lastSeq;
    try {
      injectFault('journal.sync');
      await new Promise<void>((resolve, reject) => fs.fdatasync(this.openFd(), (error) => (error ? reject(error) : resolve())));
    } catch (error) {
      // A sync that fails after close() has nothing left to do: close synced everything.
      if (this.fd === null && this.syncFailure === null && this.durableSeq >= upTo) return;
      this.syncFailure ??= error instanceof RunStoreError ? error : storeError(this.file, 'sync', error);
      return;
    }
    this.durableSeq = Math.max(this.durableSeq, upTo);
    this.unsynced = this.durableSeq < this.lastSeq;
  }

  /** Syncs pending events and closes the file; further appends throw. Idempotent. (A group sync still in flight then finds everything synced.) */
  close(): void {
    if (this.fd === null) return;
    try {
      this.durable();
    } finally {
      fs.closeSync(this.fd);
      this.fd = null;
    }
  }

  private openFd(): number {
    if (this.fd === null) throw new RunStoreError(this.file, `journal ${this.file} is closed`);
    return this.fd;
  }
}
