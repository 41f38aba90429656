// Owns one run's records: takes the lock, appends each event to the journal (fsynced when it
// must be durable), folds it into the manifest, then hands it to the listeners.
import { runFinishedDraft, type EventDraft, type JournalEvent, type PipelineRef, type RunManifest, type RunStatus, type RunView } from '../model/index.js';
import { createRunDir } from './create-run.js';
import { describeError, RunStoreError } from './errors.js';
import { Journal } from './journal.js';
import { newManifest } from './manifest.js';
import { ManifestWriter } from './manifest-writer.js';
import { runPaths, type RunPaths } from './paths.js';
import { ManifestReplay } from './rebuild.js';

/** How often a live run refreshes `heartbeat_at` in its manifest. */
const HEARTBEAT_INTERVAL_MS = 5000;

/** Events that must be on disk before the run moves on (DESIGN §4 durability rule). */
const DURABLE: ReadonlySet<EventDraft['type']> = new Set(['run.started', 'run.resumed', 'run.finished', 'stage.finished', 'stage.skipped', 'gate.waiting', 'gate.decided']);

export interface RecorderOptions {
  runsDir: string;
  runId: string;
  pipeline: PipelineRef;
  inputs: Record<string, unknown>;
  parentRun: string | null;
  /** A nested child run: the parent's `pipeline:` stage. */
  parentStage?: string;
  /** Every stage id, parallel branches included, in declaration order. */
  stageIds: string[];
  xstateVersion: string;
  listeners: ((event: JournalEvent) => void)[];
  /** The run.started event, journalled as the run directory is created. */
  started: EventDraft;
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
  /** The run.started event of a run created by RunRecorder.create (to hand to the listeners). */
  started: JournalEvent | null = null;
  /** The first journal failure: from then on nothing is written and the run must stop. */
  failure: RunStoreError | null = null;
  /** The first manifest write failure (the journal, the durable record, still has everything). */
  manifestFailure: RunStoreError | null = null;
  /** Masks secrets in every event before it is written (set once the run's secrets are known). */
  redact: ((draft: EventDraft) => EventDraft) | null = null;
  /** Called once when the journal cannot be written (the run is then cancelled). */
  onStoreFailure: (error: RunStoreError) => void = () => undefined;

  constructor(
    paths: RunPaths,
    parts: { lock: { release(): void }; journal: Journal; manifest: RunManifest; listeners: ((event: JournalEvent) => void)[]; written?: boolean; view?: RunView },
  ) {
    this.paths = paths;
    this.lock = parts.lock;
    this.journal = parts.journal;
    // The XState snapshot is taken when the manifest is written (coalesced), not at every event.
    this.manifest = new ManifestWriter(paths, parts.manifest, {
      written: parts.written,
      beforeWrite: (m) => {
        m.machine.snapshot = this.snapshot();
      },
    });
    this.replay = new ManifestReplay(parts.manifest, parts.view);
    this.listeners = parts.listeners;
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
    this.heartbeat.unref();
  }

  /** Creates the run directory with its lock, run.started and first manifest, all at once. */
  static create(options: RecorderOptions): RunRecorder {
    const paths = runPaths(options.runsDir, options.pipeline.name, options.runId);
    const manifest = newManifest({
      runId: options.runId,
      pipeline: options.pipeline,
      stageIds: options.stageIds,
      inputs: options.inputs,
      parentRun: options.parentRun,
      parentStage: options.parentStage,
      xstateVersion: options.xstateVersion,
    });
    const created = createRunDir(paths, manifest, options.started);
    const recorder = new RunRecorder(paths, { lock: created.lock, journal: created.journal, manifest, listeners: options.listeners, written: true });
    recorder.started = created.started;
    return recorder;
  }

  /** Marks the owner as alive in the manifest (long stages emit no events for a while). */
  private beat(): void {
    this.writeManifest((m) => {
      m.heartbeat_at = new Date().toISOString();
    });
  }

  /**
   * Persists an event (journal, then manifest) and hands it to the listeners. Never throws:
   * when the journal cannot be written the first failure is kept, onStoreFailure stops the
   * run, and later events are neither written nor shown (a torn last line is repaired on resume).
   */
  emit = (draft: EventDraft, options?: { durable?: boolean | 'shared' }): JournalEvent | null => {
    if (this.failure !== null) return null;
    let event: JournalEvent;
    const masked = this.redact !== null ? this.redact(draft) : draft;
    const shared = options?.durable === 'shared' && DURABLE.has(draft.type);
    try {
      event = this.journal.append(masked, { durable: shared ? 'shared' : options?.durable === true || DURABLE.has(draft.type) });
    } catch (error) {
      this.fail(error);
      return null;
    }
    // Group commit: the sync starts now, covering every event appended before it begins.
    if (shared) void this.whenDurable();
    this.writeManifest(() => this.replay.apply(event));
    this.announce(event);
    return event;
  };

  /**
   * Resolves true once every event emitted so far is on disk (at once when none waits for a
   * group sync); false when the journal failed, which stops the run exactly as a failed
   * immediate sync does (onStoreFailure, nothing written afterwards).
   */
  whenDurable = async (): Promise<boolean> => {
    if (this.failure !== null) return false;
    try {
      await this.journal.whenDurable();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  };

  /** Keeps the first journal failure and stops the run (once). */
  private fail(error: unknown): void {
    if (this.failure !== null) return;
    this.failure = storeFailure(this.paths.journal, error);
    this.onStoreFailure(this.failure);
  }

  /** Hands an event that is on disk to the listeners; a failing listener never stops the run. */
  announce(event: JournalEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A reporter must never stop a run: the event is on disk, printing it is best effort.
      }
    }
  }

  /** The manifest as it is now (in memory; on disk within the writer's interval). */
  current(): Readonly<RunManifest> {
    return this.manifest.manifest;
  }

  /** Stops recording without ending the run (it waits for an approval): flush, close, unlock. */
  pause(): Readonly<RunManifest> {
    return this.close();
  }

  /** Ends the run: `run.finished`, final manifest flushed, lock released. */
  finish(status: RunStatus, reason: string | null): Readonly<RunManifest> {
    this.emit(runFinishedDraft(status, reason));
    return this.close();
  }

  /** Flushes what can be flushed, closes the journal and releases the lock, whatever fails. */
  private close(): Readonly<RunManifest> {
    clearInterval(this.heartbeat);
    if (this.failure === null) this.writeManifest(() => undefined, true);
    try {
      this.journal.close();
    } catch (error) {
      this.failure ??= storeFailure(this.paths.journal, error);
    }
    try {
      this.lock.release();
    } catch {
      // A read-only or vanished run dir: the lock names a process that is about to be gone.
    }
    return this.manifest.manifest;
  }

  /** Updates (or flushes) the manifest; a write failure is remembered, not thrown: the journal is the record. */
  private writeManifest(mutator: (m: RunManifest) => void, flush = false): void {
    try {
      this.manifest.update(mutator);
      if (flush) this.manifest.flush();
    } catch (error) {
      this.manifestFailure ??= storeFailure(this.paths.manifest, error);
    }
  }
}

/** A store error naming the file and the errno. */
function storeFailure(file: string, error: unknown): RunStoreError {
  return error instanceof RunStoreError ? error : new RunStoreError(file, `cannot write ${file}: ${describeError(error)}`, { cause: error });
}
