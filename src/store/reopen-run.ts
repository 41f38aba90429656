// Reopens a stopped run for resuming: takes its lock, repairs the journal, and rebuilds the
// manifest from the journal (the durable record), saying what it had to repair.
import { hostname } from 'node:os';
import { NotFoundError, UsageError } from '../errors/index.js';
import { foldRunView, projectRunView, type JournalEvent, type RunManifest, type RunStartedEvent, type RunView } from '../model/index.js';
import { manifestBase } from './current-manifest.js';
import { RunStoreError } from './errors.js';
import { Journal } from './journal.js';
import { readJournal } from './journal-read.js';
import { acquireLock, type LockHandle } from './lock.js';
import { readManifest } from './manifest.js';
import type { RunPaths } from './paths.js';

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

/** Opens the journal for appending and rebuilds the manifest from the run view of its events (stamped with this process's XState version; `folded`: that view, when the caller has it). */
export function rebuildRecord(
  paths: RunPaths,
  reopened: ReopenedRun,
  stageIds: string[],
  xstateVersion: string,
  folded?: RunView,
): { journal: Journal; manifest: RunManifest; view: RunView } {
  const journal = Journal.open(paths, reopened.started.run_id);
  const base = manifestBase(reopened.started, stageIds, xstateVersion);
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
