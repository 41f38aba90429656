// The watch runner: holds the last good project and pipeline, reloads them when a config
// file changes (re-reading once after a short delay before reporting an error: editors save
// in chunks), and runs the pipeline for the watch loop.
import { setTimeout as delay } from 'node:timers/promises';
import { join } from 'node:path';
import { ValidationError } from '../errors/index.js';
import { buildWatchSet, type OnBusy, type RunOutcome, type RunRequest, type WatchEvent, type WatchRunner, type WatchSet } from '../watch/index.js';
import { preparePipeline, type PreparedPipeline } from './load.js';
import { openProject, resolvePipelineFile, type Project, type ProjectOptions } from './project.js';
import { runPrepared } from './run-pipeline.js';
import type { InputValues, RunOptions } from './run-types.js';

export interface WatchOptions extends ProjectOptions {
  /** Pipeline file (relative to cwd) or name of a pipeline in pipelines/. */
  pipeline: string;
  inputs?: InputValues;
  target?: string;
  from?: string;
  /** Quiet time after the last change before running (default 20 ms; at least 50 ms after a config file changed). */
  debounceMs?: number;
  /** A change during a run: restart it (default), queue a run after it, or ignore the change. */
  onBusy?: OnBusy;
  /** SIGTERM-to-SIGKILL grace period when a run is cancelled. */
  killGraceMs?: number;
  /** Extra environment for every stage (FLOWSTATE_CHANGED_FILES is added). */
  env?: Record<string, string>;
  /** parent_run of the first run (later runs point at the previous one). */
  parentRun?: string;
  /** Wait before re-reading a config file that failed to load (default 150 ms). */
  reloadRetryMs?: number;
  /** Watch events, including every journal event of the runs (`watch.event`). */
  onEvent?: (event: WatchEvent) => void;
  onStageLine?: RunOptions['onStageLine'];
}

/** Environment variable listing the paths (root-relative, one per line) that triggered a run. */
export const CHANGED_FILES_ENV = 'FLOWSTATE_CHANGED_FILES';

/** Default wait before re-reading a config file that failed to load. */
const DEFAULT_RELOAD_RETRY_MS = 150;

/** A loaded project and pipeline: what runs use until a valid reload replaces it. */
export interface LoadedVersion {
  project: Project;
  prepared: PreparedPipeline;
}

/** Loads the project and the pipeline from disk; throws FlowstateErrors. */
export function loadVersion(options: WatchOptions): LoadedVersion {
  const project = openProject(options, options.pipeline);
  return { project, prepared: preparePipeline(project, resolvePipelineFile(project, options.pipeline), { checkRuntimes: true }) };
}

/** The watch set of a loaded version: its pipeline files, orchestrator.yaml, sources and watch globs. */
export function watchSetOf(version: LoadedVersion): WatchSet {
  const { project, prepared } = version;
  const orchestrator = project.orchestrator.file ?? join(project.root, 'orchestrator.yaml');
  return buildWatchSet({
    root: project.root,
    runsDir: project.orchestrator.runsDir,
    configFiles: [prepared.pipeline.file, ...prepared.children.keys(), orchestrator],
    pipelines: [prepared.pipeline, ...prepared.children.values()],
  });
}

/** The WatchRunner of watchPipeline: reloads and runs the last good version. */
export class WatchSession implements WatchRunner {
  constructor(
    private version: LoadedVersion,
    private readonly options: WatchOptions,
    private readonly emit: (event: WatchEvent) => void,
    /** Called with the new watch set after a valid reload. */
    private readonly onWatchSet: (set: WatchSet) => Promise<void>,
  ) {}

  /** Root-relative display of a path. */
  display = (path: string): string => relativeTo(this.version.project.root, path);

  /** Re-validates after a config change; keeps the last good version when the new one is invalid. */
  async reload(files: string[]): Promise<boolean> {
    const shown = files.map(this.display);
    let attempt = this.tryLoad();
    if (!('version' in attempt)) {
      await delay(this.options.reloadRetryMs ?? DEFAULT_RELOAD_RETRY_MS);
      attempt = this.tryLoad();
    }
    if (!('version' in attempt)) {
      const error = attempt.error;
      this.emit({ type: 'watch.invalid', files: shown, message: error.message, diagnostics: error instanceof ValidationError ? error.diagnostics : [] });
      return false;
    }
    this.version = attempt.version;
    await this.onWatchSet(watchSetOf(this.version));
    this.emit({ type: 'watch.reloaded', files: shown });
    return true;
  }

  /** Runs the current version once; never rejects (a run that cannot start is reported). */
  async run(request: RunRequest): Promise<RunOutcome> {
    const changed = request.changed.map(this.display);
    try {
      const result = await runPrepared(this.version.project, this.version.prepared, {
        inputs: this.options.inputs,
        target: this.options.target,
        from: this.options.from,
        killGraceMs: this.options.killGraceMs,
        signal: request.signal,
        parentRun: request.parentRun ?? undefined,
        env: { ...this.options.env, [CHANGED_FILES_ENV]: changed.join('\n') },
        onStart: ({ run_id, run_dir }) => {
          request.onStart(run_id);
          this.emit({ type: 'watch.run', run_id, run_dir, parent_run: request.parentRun, changed });
        },
        onEvent: (event) => this.emit({ type: 'watch.event', event }),
        onStageLine: this.options.onStageLine,
      });
      this.emit({ type: 'watch.run_finished', run_id: result.run_id, status: result.status, reason: result.reason });
      return { runId: result.run_id, status: result.status };
    } catch (error) {
      // A run that cannot start (bad input for a reloaded pipeline, a locked runs dir...) must not end the watch.
      this.emit({ type: 'watch.run_error', message: error instanceof Error ? error.message : String(error) });
      return { runId: null, status: null };
    }
  }

  private tryLoad(): { version: LoadedVersion } | { error: Error } {
    try {
      return { version: loadVersion(this.options) };
    } catch (error) {
      // FlowstateErrors are the expected ones (invalid files); anything else is reported the same way
      // rather than ending the watch.
      return { error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}

/** A path relative to `root` with `/`, or the path itself when outside. */
function relativeTo(root: string, path: string): string {
  if (path === root) return '.';
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return path.startsWith(prefix) ? path.slice(prefix.length) : path;
}
