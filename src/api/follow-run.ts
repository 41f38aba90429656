// `followRun`: attach to a run (owned by this process, another one, or none) and read its
// events from the first to the live ones. Every live view (logs --follow, dashboards) uses it.
import { isAbsolute, resolve, sep } from 'node:path';
import type { JournalEvent } from '../model/index.js';
import { followJournal, runPathsAt, type FollowJournalOptions, type RunPaths } from '../store/index.js';
import { locateRun, type RunSelector } from './inspect.js';

export interface FollowOptions extends FollowJournalOptions, Omit<RunSelector, 'run' | 'last'> {}

/** A run directory (a path) as RunPaths, or the run a run id (or `last`) names in the project. */
function runToFollow(run: string, options: FollowOptions): RunPaths {
  if (isAbsolute(run) || run.includes(sep) || run.includes('/')) return runPathsAt(resolve(options.cwd ?? process.cwd(), run));
  return locateRun({ ...options, run });
}

/**
 * The events of a run, each exactly once and in seq order: first every event already in its
 * journal (replay), then each new one as it is appended. Ends after `run.finished`, when the
 * signal aborts, or (untilPaused, the default) once everything is read and no live process
 * owns the run (paused at a gate, interrupted). `run` is a run directory or a run id (`last`).
 */
export function followRun(run: string, options: FollowOptions = {}): AsyncGenerator<JournalEvent> {
  return followJournal(runToFollow(run, options), options);
}
