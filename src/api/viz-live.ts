// The live side of `viz --serve`: follows a run's journal (replay, then live) into timeline
// frames, and with `last` moves on to each newer run of the pipeline (as `watch` starts them).
import type { JournalEvent } from '../model/run.js';
import { latestRun } from '../store/index.js';
import { buildGraph } from '../viz/graph.js';
import { TimelineBuilder, type FrameDiff } from '../viz/chart/timeline.js';
import type { ChartInput } from '../viz/chart/svg.js';
import { followRun } from './follow-run.js';

/** What a page needs to draw the run followed now. */
export interface LiveState {
  events: JournalEvent[];
  frames: FrameDiff[];
}

export type LiveMessage = { type: 'run'; state: LiveState } | { type: 'frame'; frame: FrameDiff; event: JournalEvent };

export interface LiveOptions {
  input: ChartInput;
  runsDir: string;
  pipelineName: string;
  /** The run to follow; null with `followLatest`: wait for the first run. */
  runDir: string | null;
  /** Move on to the pipeline's newest top-level run whenever a newer one appears. */
  followLatest: boolean;
  signal: AbortSignal;
  pollMs?: number;
}

/** Follows runs and tells listeners about each new run and each new frame. */
export class LiveChart {
  state: LiveState = { events: [], frames: [] };
  private readonly listeners = new Set<(message: LiveMessage) => void>();
  private builder: TimelineBuilder;

  constructor(private readonly options: LiveOptions) {
    this.builder = new TimelineBuilder(buildGraph(options.input.machine));
    this.state.frames = [this.builder.initial()];
  }

  /** Calls `listener` with every message from now on; returns the unsubscribe function. */
  subscribe(listener: (message: LiveMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private publish(message: LiveMessage): void {
    for (const listener of this.listeners) listener(message);
  }

  /** Starts drawing a run from its first event. */
  private reset(): void {
    this.builder = new TimelineBuilder(buildGraph(this.options.input.machine));
    this.state = { events: [], frames: [this.builder.initial()] };
    this.publish({ type: 'run', state: this.state });
  }

  /** Follows the run, then (followLatest) each newer one, until the signal aborts. */
  async run(): Promise<void> {
    const { signal } = this.options;
    let dir = this.options.runDir;
    while (!signal.aborted) {
      if (dir === null) {
        dir = await this.newerRun(null);
        if (dir === null) return;
      }
      this.reset();
      for await (const event of followRun(dir, { signal, untilPaused: false })) {
        const frame = this.builder.apply(event);
        this.state.events.push(event);
        this.state.frames.push(frame);
        this.publish({ type: 'frame', frame, event });
      }
      if (!this.options.followLatest) return;
      dir = await this.newerRun(dir);
      if (dir === null) return;
    }
  }

  /** Waits until the pipeline's newest top-level run is not `current`; null when aborted. */
  private async newerRun(current: string | null): Promise<string | null> {
    const { signal, runsDir, pipelineName, pollMs = 100 } = this.options;
    while (!signal.aborted) {
      const latest = latestRun(runsDir, pipelineName);
      if (latest && latest.dir !== current) return latest.dir;
      await sleepUnlessAborted(pollMs, signal);
    }
    return null;
  }
}

/** Waits `ms`, or less when the signal aborts. */
function sleepUnlessAborted(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
