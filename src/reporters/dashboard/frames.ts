// When the dashboard draws: coalesced (at most `maxPerSecond` frames), skipped when no pane
// changed, and, while the run is live, a look at the log four times a second (a frame only when
// it grew) and a frame a second for the clocks. Idle costs almost nothing.
import type { DashboardState } from './state.js';
import { renderPanes } from './render.js';

export class Frames {
  /** Frames actually drawn (a pane changed). */
  renders = 0;
  private lastDraw = -Infinity;
  private timer: NodeJS.Timeout | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private ticks = 0;
  private readonly minGapMs: number;

  constructor(
    private readonly state: DashboardState,
    maxPerSecond = 10,
  ) {
    this.minGapMs = 1000 / maxPerSecond;
  }

  /** Draws now when a pane changed (and keeps reading a fast log, a chunk per frame). */
  readonly draw = (): void => {
    this.timer = null;
    const { state } = this;
    if (state.closed || state.plainMode) return;
    this.lastDraw = Date.now();
    if (renderPanes(state)) {
      state.screen.render();
      this.renders++;
    }
    if (state.tail && state.tail.poll() === 'more') this.schedule();
    this.tick();
  };

  /** Asks for a frame: at the earliest `minGapMs` after the last one. */
  readonly schedule = (): void => {
    if (this.timer !== null || this.state.closed) return;
    this.timer = setTimeout(this.draw, Math.max(0, this.lastDraw + this.minGapMs - Date.now()));
  };

  /** Starts the ticker while the run is live, stops it once it ended. */
  private tick(): void {
    const { state } = this;
    const live = state.view.status !== null && state.view.finished_at === null;
    if (live && this.ticker === null && !state.closed) {
      this.ticker = setInterval(() => {
        const grew = state.tail !== null && state.tail.poll() !== 'none';
        if (grew || ++this.ticks % 4 === 0) this.schedule();
      }, 250);
      this.ticker.unref();
    } else if (!live && this.ticker !== null) this.stopTicker();
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** No more frames. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stopTicker();
  }
}
