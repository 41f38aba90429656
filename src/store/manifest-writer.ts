// Coalescing manifest writes, so per-stage cost stays flat on very large runs.
// The manifest is a materialised view of the journal: between writes it may lag the journal
// by less than `intervalMs`; after a crash, rebuildManifestFromJournal(events, base) recreates
// everything but the XState snapshot from the journal (the durable per-stage record).
import type { RunManifest, RunStatus } from '../model/index.js';
import { writeFileAtomic } from './atomic.js';
import { RunStoreError, describeError } from './errors.js';
import { injectFault } from './faults.js';
import { ensureRunDir, serializeManifest } from './manifest.js';
import type { RunPaths } from './paths.js';

/** Default minimum time between two coalesced manifest writes. */
export const DEFAULT_MANIFEST_INTERVAL_MS = 200;

/**
 * Owns a run's in-memory manifest and writes it: at once when the run status changes,
 * otherwise at most once per `intervalMs` (an unref()ed timer), and always on flush().
 */
export class ManifestWriter {
  readonly paths: RunPaths;
  readonly intervalMs: number;
  /** How many times the manifest was written (for tests and benchmarks). */
  writeCount = 0;
  private readonly current: RunManifest;
  private writtenStatus: RunStatus | null = null;
  private lastWriteAt = 0;
  private dirty = false;
  private timer: NodeJS.Timeout | null = null;
  private timerError: unknown = null;

  private readonly beforeWrite: ((m: RunManifest) => void) | undefined;

  /**
   * Takes ownership of `initial` (mutated in place by update) and writes it at once (unless
   * `written`: it is on disk already). `beforeWrite` completes the manifest just before each
   * write (e.g. with a snapshot that is costly to take at every update).
   */
  constructor(paths: RunPaths, initial: RunManifest, options: { intervalMs?: number; written?: boolean; beforeWrite?: (m: RunManifest) => void } = {}) {
    this.paths = paths;
    this.current = initial;
    this.intervalMs = options.intervalMs ?? DEFAULT_MANIFEST_INTERVAL_MS;
    this.beforeWrite = options.beforeWrite;
    if (options.written) {
      this.writtenStatus = initial.status;
      this.lastWriteAt = Date.now();
      return;
    }
    ensureRunDir(paths);
    this.write();
  }

  /** The in-memory manifest (newer than the file by at most intervalMs). Do not mutate. */
  get manifest(): Readonly<RunManifest> {
    return this.current;
  }

  /** Applies `mutator` to the manifest and schedules (or, on a status change, does) a write. */
  update(mutator: (m: RunManifest) => void): void {
    mutator(this.current);
    this.dirty = true;
    this.rethrowTimerError();
    if (this.current.status !== this.writtenStatus || Date.now() - this.lastWriteAt >= this.intervalMs) {
      this.write();
    } else {
      this.schedule();
    }
  }

  /** Writes now if anything changed since the last write. */
  flush(): void {
    this.rethrowTimerError();
    if (this.dirty) this.write();
  }

  /** Flushes and stops the timer; the writer must not be used afterwards. */
  close(): void {
    this.flush();
    this.cancelTimer();
  }

  private write(): void {
    this.cancelTimer();
    const now = new Date();
    this.beforeWrite?.(this.current);
    this.current.updated_at = now.toISOString();
    try {
      injectFault('manifest.write', this.current.finished_at === null ? undefined : 'final');
    } catch (error) {
      throw new RunStoreError(this.paths.manifest, `cannot write ${this.paths.manifest}: ${describeError(error)}`, { cause: error });
    }
    writeFileAtomic(this.paths.manifest, serializeManifest(this.current));
    this.writtenStatus = this.current.status;
    this.lastWriteAt = now.getTime();
    this.dirty = false;
    this.writeCount++;
  }

  private schedule(): void {
    if (this.timer !== null) return;
    const wait = Math.max(0, this.intervalMs - (Date.now() - this.lastWriteAt));
    this.timer = setTimeout(() => {
      this.timer = null;
      try {
        if (this.dirty) this.write();
      } catch (error) {
        this.timerError = error; // surfaced by the next update() or flush()
      }
    }, wait);
    this.timer.unref();
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private rethrowTimerError(): void {
    if (this.timerError === null) return;
    const error = this.timerError;
    this.timerError = null;
    throw error;
  }
}
