// The watch loop's own events (journal events of each run are wrapped, not replaced), emitted
// by watch/ and api/, printed by reporters/. Paths are relative to the project root.
import type { Diagnostic } from './diagnostic.js';
import type { JournalEvent, RunStatus } from './run.js';

/** What a change does while a run is in flight. */
export const ON_BUSY = ['restart', 'queue', 'ignore'] as const;
export type OnBusy = (typeof ON_BUSY)[number];

export type WatchEvent =
  /** The watcher is ready: these directories are watched. */
  | { type: 'watch.ready'; dirs: string[] }
  /** A debounced set of changes; `action` says what happens with it. */
  | { type: 'watch.changed'; paths: string[]; action: 'run' | 'restart' | 'queue' }
  /** Changes dropped because a run was in flight (`--on-busy ignore`). */
  | { type: 'watch.ignored'; paths: string[] }
  /** The run in flight is being cancelled (its stages get SIGTERM, then SIGKILL). */
  | { type: 'watch.cancelling'; run_id: string; reason: string }
  /** A pipeline file or orchestrator.yaml changed and is valid: the new version is in use. */
  | { type: 'watch.reloaded'; files: string[] }
  /** A changed pipeline file or orchestrator.yaml is invalid: the last good version stays in use. */
  | { type: 'watch.invalid'; files: string[]; message: string; diagnostics: Diagnostic[] }
  /** A run started; `changed` holds the paths that triggered it (FLOWSTATE_CHANGED_FILES). */
  | { type: 'watch.run'; run_id: string; run_dir: string; parent_run: string | null; changed: string[] }
  /** A journal event of the current run. */
  | { type: 'watch.event'; event: JournalEvent }
  /** A run ended. */
  | { type: 'watch.run_finished'; run_id: string; status: RunStatus; reason: string | null }
  /** A run could not start (e.g. an input no longer valid for the reloaded pipeline). */
  | { type: 'watch.run_error'; message: string }
  /** The file watcher reported a problem (it keeps going). */
  | { type: 'watch.error'; message: string }
  /** The watch stopped; `last_run` is the newest run it started. */
  | { type: 'watch.closed'; last_run: string | null };

export type WatchEventType = WatchEvent['type'];
