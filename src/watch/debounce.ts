// Trailing debounce: fires once the events stopped for `delayMs`, or at the latest `maxWaitMs`
// after the first event of a burst (a file written continuously must not starve the watch).
export interface DebounceOptions {
  delayMs: number;
  maxWaitMs: number;
  fire(): void;
  /** Monotonic clock in ms (tests). */
  now?: () => number;
}

/** The longest a burst may postpone a run, relative to the debounce delay. */
export function defaultMaxWaitMs(delayMs: number): number {
  return Math.max(1000, delayMs * 10);
}

export class Debouncer {
  private timer: NodeJS.Timeout | null = null;
  private burstStart: number | null = null;
  private readonly now: () => number;

  constructor(private readonly options: DebounceOptions) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Notes an event: (re)arms the timer. */
  poke(): void {
    const now = this.now();
    this.burstStart ??= now;
    const untilMax = this.burstStart + this.options.maxWaitMs - now;
    const wait = Math.max(0, Math.min(this.options.delayMs, untilMax));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), wait);
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
  }
}
