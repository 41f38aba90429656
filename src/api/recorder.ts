// Owns one run's records: takes the lock, appends each event to the journal (fsynced when it
// must be durable), folds it into the manifest, then hands it to the listeners.
import type { EventDraft, JournalEvent, PipelineRef, RunManifest, RunStatus } from '../model/index.js';
import {
  acquireLock,
  ensureRunDir,
  Journal,
  ManifestReplay,
  ManifestWriter,
  newManifest,
  runPaths,
  type RunPaths,
} from '../store/index.js';

/** How often a live run refreshes `heartbeat_at` in its manifest. */
export const HEARTBEAT_INTERVAL_MS = 5000;

/** Events that must be on disk before the run moves on (DESIGN §4 durability rule). */
const DURABLE: ReadonlySet<EventDraft['type']> = new Set([
  'run.started',
  'run.resumed',
  'run.finished',
  'stage.finished',
  'stage.skipped',
  'gate.waiting',
  'gate.decided',
]);

export interface RecorderOptions {
  runsDir: string;
  runId: string;
  pipeline: PipelineRef;
  inputs: Record<string, unknown>;
  parentRun: string | null;
  /** Every stage id, parallel branches included, in declaration order. */
  stageIds: string[];
  xstateVersion: string;
  listeners: ((event: JournalEvent) => void)[];
  /** The XState snapshot to store with each manifest write. */
  snapshot?: () => unknown;
}

export class RunRecorder {
  readonly paths: RunPaths;
  private readonly journal: Journal;
  private readonly manifest: ManifestWriter;
  private readonly replay: ManifestReplay;
  private readonly lock: { release(): void };
  private readonly listeners: ((event: JournalEvent) => void)[];
  private readonly heartbeat: NodeJS.Timeout;
  snapshot: () => unknown = () => null;
  private commitScheduled = false;
  /** A durable event was appended and not synced yet. */
  private durablePending = false;
  private commitError: unknown = null;
  private closed = false;

  constructor(paths: RunPaths, parts: { lock: { release(): void }; journal: Journal; manifest: RunManifest; listeners: ((event: JournalEvent) => void)[] }) {
    this.paths = paths;
    this.lock = parts.lock;
    this.journal = parts.journal;
    // The XState snapshot is taken when the manifest is written (coalesced), not at every event;
    // the journal is synced first, so the manifest is never ahead of the durable record.
    this.manifest = new ManifestWriter(paths, parts.manifest, {
      beforeWrite: (m) => {
        if (!this.closed) this.journal.durable();
        this.durablePending = false;
        m.machine.snapshot = this.snapshot();
      },
    });
    this.replay = new ManifestReplay(parts.manifest);
    this.listeners = parts.listeners;
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Creates the run directory, takes its lock and writes the first manifest. */
  static create(options: RecorderOptions): RunRecorder {
    const paths = runPaths(options.runsDir, options.pipeline.name, options.runId);
    ensureRunDir(paths);
    const lock = acquireLock(paths);
    try {
      const manifest = newManifest({
        runId: options.runId,
        pipeline: options.pipeline,
        stageIds: options.stageIds,
        inputs: options.inputs,
        parentRun: options.parentRun,
        xstateVersion: options.xstateVersion,
      });
      return new RunRecorder(paths, { lock, journal: Journal.open(paths, options.runId), manifest, listeners: options.listeners });
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Marks the owner as alive in the manifest (long stages emit no events for a while). */
  private beat(): void {
    this.manifest.update((m) => {
      m.heartbeat_at = new Date().toISOString();
    });
  }

  /**
   * Persists an event (journal, then manifest) and hands it to the listeners. Events that must
   * be durable are synced by the next commit(): at the latest when the event loop turns, before
   * the next stage starts (the engine commits first) or when the run ends, so stages finishing
   * at the same moment share one fdatasync. `durable: true` syncs at once.
   */
  emit = (draft: EventDraft, options?: { durable?: boolean }): JournalEvent => {
    this.rethrowCommitError();
    const now = options?.durable === true;
    const event = this.journal.append(draft, { durable: now });
    if (!now && DURABLE.has(draft.type)) {
      this.durablePending = true;
      this.commitSoon();
    }
    this.manifest.update(() => this.replay.apply(event));
    for (const listener of this.listeners) listener(event);
    return event;
  };

  /** Makes every event appended so far durable if one of them must be (one fdatasync, or none). */
  commit(): void {
    this.rethrowCommitError();
    if (this.closed || !this.durablePending) return;
    this.journal.durable();
    this.durablePending = false;
  }

  /** Schedules a commit for when the event loop turns (a failure is thrown by the next emit or commit). */
  private commitSoon(): void {
    if (this.commitScheduled) return;
    this.commitScheduled = true;
    setImmediate(() => {
      this.commitScheduled = false;
      try {
        this.commit();
      } catch (error) {
        this.commitError = error;
      }
    });
  }

  private rethrowCommitError(): void {
    if (this.commitError === null) return;
    const error = this.commitError;
    this.commitError = null;
    throw error;
  }

  /** The manifest as it is now (in memory; on disk within the writer's interval). */
  current(): Readonly<RunManifest> {
    return this.manifest.manifest;
  }

  /** Stops recording without ending the run (it waits for an approval): flush, close, unlock. */
  pause(): Readonly<RunManifest> {
    clearInterval(this.heartbeat);
    this.manifest.flush();
    this.journal.close();
    this.closed = true;
    this.lock.release();
    return this.manifest.manifest;
  }

  /** Ends the run: `run.finished`, final manifest flushed, lock released. */
  finish(status: RunStatus, reason: string | null): Readonly<RunManifest> {
    clearInterval(this.heartbeat);
    this.emit({ type: 'run.finished', status, reason });
    this.manifest.flush();
    this.journal.close();
    this.closed = true;
    this.lock.release();
    return this.manifest.manifest;
  }
}
