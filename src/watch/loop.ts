// The watch loop: debounced change sets in, runs out. At most one run is in flight; a change
// during a run restarts it (cancel, wait until its processes are gone, run again), queues
// behind it, or is ignored (--on-busy). Config changes are re-validated before running.
// File system access and running are injected (WatchRunner), so the policy is testable alone.
import type { RunStatus } from '../model/index.js';
import { ChangeSet } from './changes.js';
import type { OnBusy, WatchEvent } from '../model/index.js';

export interface RunRequest {
  /** Absolute paths whose change triggered the run (empty for the first run). */
  changed: string[];
  parentRun: string | null;
  /** Aborted to cancel the run. */
  signal: AbortSignal;
  /** To be called with the run id as soon as the run exists. */
  onStart(runId: string): void;
}

export interface RunOutcome {
  runId: string | null;
  status: RunStatus | null;
}

/** What the loop drives: reloading config and running the pipeline. */
export interface WatchRunner {
  /** Re-validates changed config files; false when invalid (the last good version stays in use). */
  reload(files: string[]): Promise<boolean>;
  /** Runs the pipeline once; resolves when the run ended and its processes are gone; never rejects. */
  run(request: RunRequest): Promise<RunOutcome>;
}

export interface WatchLoopOptions {
  onBusy: OnBusy;
  runner: WatchRunner;
  emit(event: WatchEvent): void;
  /** How an absolute path appears in events (root-relative). */
  display(path: string): string;
  /** parent_run of the first run. */
  parentRun?: string | null;
}

/** How a watch session ended. */
export interface WatchSummary {
  runs: number;
  lastRun: string | null;
  lastStatus: RunStatus | null;
  /** True when closing cancelled a run in flight (it ended `cancelled`). */
  cancelled: boolean;
}

interface InFlight {
  controller: AbortController;
  runId: string | null;
}

/** Decides when runs start and stop; see the file comment. */
export class WatchLoop {
  private readonly pending = new ChangeSet();
  private processing: Promise<void> | null = null;
  private inFlight: InFlight | null = null;
  private closed = false;
  private readonly summary: WatchSummary = { runs: 0, lastRun: null, lastStatus: null, cancelled: false };

  constructor(private readonly options: WatchLoopOptions) {
    this.summary.lastRun = options.parentRun ?? null;
  }

  /** Starts the first run. */
  start(): void {
    this.pending.initial = true;
    this.kick();
  }

  /** True while a run is in flight. */
  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Takes a debounced change set and acts on it according to --on-busy. */
  submit(changes: ChangeSet): void {
    if (this.closed || changes.isEmpty()) return;
    const paths = changes.effective().map((p) => this.options.display(p));
    if (this.inFlight && this.options.onBusy === 'ignore') {
      this.options.emit({ type: 'watch.ignored', paths });
      return;
    }
    const action = this.inFlight ? this.options.onBusy : 'run';
    this.options.emit({ type: 'watch.changed', paths, action: action === 'ignore' ? 'run' : action });
    this.pending.merge(changes);
    if (this.inFlight && this.options.onBusy === 'restart') this.cancelInFlight(`changed: ${paths.join(', ')}`);
    this.kick();
  }

  /** Stops: cancels the run in flight and resolves once it (and its processes) ended. */
  async close(): Promise<WatchSummary> {
    this.closed = true;
    const interrupting = this.inFlight !== null;
    this.cancelInFlight('watch stopped');
    while (this.processing) await this.processing;
    this.summary.cancelled = interrupting && this.summary.lastStatus === 'cancelled';
    return { ...this.summary };
  }

  private cancelInFlight(reason: string): void {
    const run = this.inFlight;
    if (!run || run.controller.signal.aborted) return;
    if (run.runId) this.options.emit({ type: 'watch.cancelling', run_id: run.runId, reason });
    run.controller.abort();
  }

  private kick(): void {
    if (this.processing || this.closed) return;
    this.processing = this.drain().finally(() => {
      this.processing = null;
      if (!this.pending.isEmpty()) this.kick();
    });
  }

  /** Runs until nothing is pending; one run at a time. */
  private async drain(): Promise<void> {
    while (!this.closed && !this.pending.isEmpty()) {
      const batch = await this.runnable();
      if (batch && !this.closed) await this.runOnce(batch);
    }
  }

  /** The pending changes, after reloading changed config; null when there is nothing to run. */
  private async runnable(): Promise<ChangeSet | null> {
    const batch = this.pending.take();
    let config = batch.effective('config');
    let usable = true;
    while (config.length > 0 && !this.closed) {
      usable = await this.options.runner.reload(config);
      const more = this.pending.take();
      batch.merge(more);
      config = more.effective('config');
    }
    if (!usable && !batch.initial && batch.effective('source').length === 0) return null;
    return batch;
  }

  private async runOnce(batch: ChangeSet): Promise<void> {
    const run: InFlight = { controller: new AbortController(), runId: null };
    this.inFlight = run;
    try {
      const outcome = await this.options.runner.run({
        changed: batch.effective(),
        parentRun: this.summary.lastRun,
        signal: run.controller.signal,
        onStart: (runId) => {
          run.runId = runId;
        },
      });
      if (outcome.runId) {
        this.summary.runs++;
        this.summary.lastRun = outcome.runId;
        this.summary.lastStatus = outcome.status;
      }
    } finally {
      this.inFlight = null;
    }
  }
}
