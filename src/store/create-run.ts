// Creating a run directory all at once: it is built under `<runs_dir>/.staging/<pipeline>.<run-id>`
// (lock, journal holding run.started, manifest) and renamed into place, so a kill at any moment
// of start-up leaves either a complete, resumable run or nothing visible. Staging directories
// of dead creators are removed by the next run that is created.
import fs from 'node:fs';
import path from 'node:path';
import type { EventDraft, JournalEvent, RunManifest } from '../model/index.js';
import { fsyncDir } from './atomic.js';
import { RunStoreError, describeError, errnoCode } from './errors.js';
import { Journal } from './journal.js';
import { acquireLock, lockAt, lockOwnerState, readLock, type LockHandle } from './lock.js';
import { ensureRunDir, writeManifest } from './manifest.js';
import { runPathsAt, type RunPaths } from './paths.js';
import { ManifestReplay } from './rebuild.js';

/** Directory (inside the runs dir) where runs are assembled before they appear. */
export const STAGING_DIR = '.staging';
/** A staging directory without a lock is being created unless it is older than this. */
const UNLOCKED_GRACE_MS = 5_000;

/** A run directory that now exists with its lock held and run.started journalled. */
export interface CreatedRun {
  lock: LockHandle;
  journal: Journal;
  started: JournalEvent;
}

/** Creates the run directory of `paths` with `manifest` and the run.started event, atomically. */
export function createRunDir(paths: RunPaths, manifest: RunManifest, started: EventDraft): CreatedRun {
  const pipelineDir = path.dirname(paths.dir);
  const stagingRoot = path.join(path.dirname(pipelineDir), STAGING_DIR);
  try {
    makeDirs(stagingRoot);
    makeDirs(pipelineDir);
  } catch (error) {
    throw new RunStoreError(pipelineDir, `cannot create run directory in ${pipelineDir}: ${describeError(error)}`, { cause: error });
  }
  removeAbandonedStaging(stagingRoot);
  const staged = runPathsAt(path.join(stagingRoot, `${path.basename(pipelineDir)}.${path.basename(paths.dir)}`));
  ensureRunDir(staged);
  const lock = acquireLock(staged);
  let event: JournalEvent;
  try {
    const journal = Journal.open(staged, manifest.run_id);
    try {
      event = journal.append(started, { durable: true });
    } finally {
      journal.close();
    }
    new ManifestReplay(manifest).apply(event);
    writeManifest(staged, manifest);
    fs.renameSync(staged.dir, paths.dir);
    fsyncDir(pipelineDir);
  } catch (error) {
    lock.release();
    fs.rmSync(staged.dir, { recursive: true, force: true });
    if (error instanceof RunStoreError) throw error;
    throw new RunStoreError(paths.dir, `cannot create run directory ${paths.dir}: ${describeError(error)}`, { cause: error });
  }
  return { lock: lockAt(paths, lock.info), journal: Journal.open(paths, manifest.run_id), started: event };
}

/** mkdir -p that reports the real errno (recursive mkdirSync says ENOENT on a read-only file system). */
function makeDirs(dir: string): void {
  try {
    fs.mkdirSync(dir);
  } catch (error) {
    const code = errnoCode(error);
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
    makeDirs(path.dirname(dir));
    makeDirs(dir);
  }
}

/** Removes staging directories whose creator died before renaming them into place. */
export function removeAbandonedStaging(stagingRoot: string): number {
  let entries: string[];
  try {
    entries = fs.readdirSync(stagingRoot);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const name of entries) {
    const dir = path.join(stagingRoot, name);
    try {
      const lock = readLock(runPathsAt(dir));
      const abandoned = lock === null ? Date.now() - fs.statSync(dir).mtimeMs > UNLOCKED_GRACE_MS : lockOwnerState(lock) === 'dead';
      if (!abandoned) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed++;
    } catch {
      // another process is removing or renaming it
    }
  }
  return removed;
}
