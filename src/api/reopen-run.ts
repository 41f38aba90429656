// Reopens a stopped run for resuming: takes its lock, repairs the journal, and rebuilds the
// manifest from the journal (the durable record), saying what it had to repair.
import { hostname } from 'node:os';
import { ConflictError, NotFoundError, UsageError } from '../errors/index.js';
import { XSTATE_VERSION } from '../engine/index.js';
import { foldRunView, projectRunView, type JournalEvent, type RunManifest, type RunStartedEvent, type RunView } from '../model/index.js';
import { acquireLock, Journal, manifestBase, readJournal, readManifest, RunStoreError, type LockHandle, type RunPaths } from '../store/index.js';

export interface ReopenedRun {
  lock: LockHandle;
  events: JournalEvent[];
  started: RunStartedEvent;
  /** What was found and repaired, for the `run.resumed` reason. */
  notes: string[];
}

/** Takes the run's lock (exit 5 if a live process holds it) and reads its journal. */
export function lockAndRead(paths: RunPaths): ReopenedRun {
  const lock = acquireLock(paths);
  try {
    const notes: string[] = [];
    if (lock.tookOverFrom) notes.push(`took over the lock of pid ${lock.tookOverFrom.pid} (${lock.tookOverFrom.host}), which is gone`);
    const { events, tornTail } = readJournal(paths.journal);
    if (tornTail) notes.push('repaired a torn last journal line');
    const started = events.find((e): e is RunStartedEvent => e.type === 'run.started');
    if (!started) throw new RunStoreError(paths.journal, `${paths.journal}: no run.started event, so there is nothing to resume from`);
    const finished = [...events].reverse().find((e) => e.type === 'run.finished');
    if (finished && finished.type === 'run.finished' && finished.status !== 'cancelled') {
      throw new UsageError(`run ${started.run_id} already ended ${finished.status}; nothing to resume (start a new run instead)`);
    }
    return { lock, events, started, notes };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Refuses to resume in a changed pipeline, unless forced and every needed stage still exists. */
export function checkPipelineHash(started: RunStartedEvent, hash: string, force: boolean, needed: string[], known: Set<string>): string | null {
  if (started.pipeline.hash === hash) return null;
  if (!force) {
    throw new ConflictError(
      `pipeline ${started.pipeline.name} changed since run ${started.run_id} started (${started.pipeline.file}); ` +
        'resume with --force to continue in the new version, or start a new run',
    );
  }
  const missing = needed.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new ConflictError(`cannot resume run ${started.run_id} in the changed pipeline: stage ${missing.map((m) => `\`${m}\``).join(', ')} no longer exists`);
  }
  return 'pipeline changed since the run started (resumed with --force)';
}

/** Opens the journal for appending and rebuilds the manifest from the run view of its events (`folded`: that view, when the caller has it). */
export function rebuildRecord(paths: RunPaths, reopened: ReopenedRun, stageIds: string[], folded?: RunView): { journal: Journal; manifest: RunManifest; view: RunView } {
  const journal = Journal.open(paths, reopened.started.run_id);
  const base = manifestBase(reopened.started, stageIds, XSTATE_VERSION);
  try {
    base.machine = readManifest(paths).machine;
  } catch (error) {
    if (!(error instanceof RunStoreError || error instanceof NotFoundError)) throw error;
    reopened.notes.push(`manifest.json was unreadable (${error.message}); rebuilt it from events.jsonl`);
  }
  const view = folded ?? foldRunView(reopened.events);
  const manifest = projectRunView(view, base);
  manifest.pid = process.pid;
  manifest.host = hostname();
  return { journal, manifest, view };
}
