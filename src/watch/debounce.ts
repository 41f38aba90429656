// Trailing debounce: fires once the events stopped for `delayMs` (and `settled()` confirms no
// change went unreported), or at the latest `maxWaitMs` after the first event of a burst (a
// file written continuously must not starve the watch).
// Events may be dated when they happened rather than when they were heard of, and may ask for
// a longer quiet time than `delayMs` (a burst waits for the longest its events asked for).
export interface DebounceOptions {
  /** Quiet time after the last event, unless an event of the burst asked for more. */
  delayMs: number;
  maxWaitMs: number;
  fire(): void;
  /**
   * Asked before firing: false when changes were found that no event reported (the watcher
   * drops repeated events of a path), which were then poked; the burst goes on.
   */
  settled?(): boolean;
  /** Monotonic clock in ms (tests). */
  now?: () => number;
}

/** The longest a burst may postpone a run, relative to the debounce delay. */
export function defaultMaxWaitMs(delayMs: number): number {
  return Math.max(1000, delayMs * 10);
}

/** Calls `fire` once a burst of events is over (see the file comment). */
export class Debouncer {
  private timer: NodeJS.Timeout | null = null;
  private burstStart: number | null = null;
  private lastEvent = -Infinity;
  /** The longest quiet time an event of the current burst asked for. */
  private burstDelay = 0;
  private readonly now: () => number;

  constructor(private readonly options: DebounceOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /**
   * Notes an event that happened at `at` (same clock as `now`; default: now) and (re)arms the
   * timer; `delayMs` (default: the option) is the quiet time this event asks for.
   */
  poke(at?: number, delayMs = this.options.delayMs): void {
    const now = this.now();
    const when = Math.min(at ?? now, now);
    this.burstStart = Math.min(this.burstStart ?? when, when);
    this.lastEvent = Math.max(this.lastEvent, when);
    this.burstDelay = Math.max(this.burstDelay, delayMs);
    const fireAt = Math.min(this.lastEvent + this.burstDelay, this.burstStart + this.options.maxWaitMs);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onTimer(), Math.max(0, fireAt - now));
  }

  /** The quiet time passed: fire, unless the burst goes on unheard (bounded by the max-wait). */
  private onTimer(): void {
    const fired = this.timer;
    const overdue = this.burstStart !== null && this.now() >= this.burstStart + this.options.maxWaitMs;
    if (!overdue && this.options.settled && !this.options.settled()) {
      if (this.timer === fired) this.poke(); // settled() normally pokes with the change's time
      return;
    }
    this.flush();
  }

  /** True while events are waiting for the timer. */
  get pending(): boolean {
    return this.timer !== null;
  }

  /** Fires now if events are waiting. */
  flush(): void {
    if (!this.timer) return;
    this.cancel();
    this.options.fire();
  }

  /** Drops the waiting events' timer without firing. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.burstStart = null;
    this.lastEvent = -Infinity;
    this.burstDelay = 0;
  }
}
