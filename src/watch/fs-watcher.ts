// chokidar over a WatchSet: directories are watched, `ignored` prunes what cannot matter, and
// each relevant file event is reported with its kind (config or source).
import { statSync, type Stats } from 'node:fs';
import { watch, type FSWatcher } from 'chokidar';
import type { ChangeKind } from './changes.js';
import type { PathKind, WatchSet } from './watch-set.js';

/** chokidar drops repeated `change` events of a path within this window (leading edge only). */
export const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

/**
 * A change is dated by the file's mtime when chokidar's report lags it, by at most this much:
 * the debounce then counts from the write itself, not from when the event got through (a
 * loaded machine delays events; a copied file may carry an old mtime, hence the bound).
 */
export const MAX_EVENT_LAG_MS = 15;

export interface FsWatcherOptions {
  /** `at`: when the change happened, on the performance.now() clock. */
  onChange(path: string, change: ChangeKind, kind: PathKind, at: number): void;
  onError(error: Error): void;
}

/** One chokidar instance for one watch set; swapped when the set changes. */
export class FsWatcher {
  private watcher: FSWatcher | null = null;
  private set: WatchSet | null = null;
  /** Last `change` event time of each path (for re-checks after chokidar's throttle). */
  private readonly lastChange = new Map<string, number>();
  private readonly rechecks = new Set<NodeJS.Timeout>();
  /** Paths reported since the last run started, with their size/mtime/inode when reported. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly options: FsWatcherOptions) {}

  /** Watches `set`; resolves once the initial scan is done. Replaces a previous set without a gap. */
  async watch(set: WatchSet): Promise<void> {
    if (this.set?.signature === set.signature && this.watcher) {
      this.set = set;
      return;
    }
    const previous = this.watcher;
    // atomic: false — chokidar's atomic mode delays every unlink by 100 ms to pair it with a
    // re-add; the change set already reduces add/unlink pairs to their net effect, without the delay.
    const next = watch(set.watchPaths, { ignoreInitial: true, ignored: (path, stats) => set.ignored(path, stats), persistent: true, atomic: false });
    next.on('all', (event, path, stats) => this.onEvent(set, event, path, stats));
    next.on('error', (error) => this.options.onError(error instanceof Error ? error : new Error(String(error))));
    await new Promise<void>((resolve) => next.once('ready', () => resolve()));
    this.watcher = next;
    this.set = set;
    await previous?.close();
  }

  /**
   * chokidar reports a path's first `change` and drops further ones for 50 ms. When a run
   * starts sooner than that after a change was heard of (a short debounce, or a change dated
   * by its mtime), a later write could go unseen: re-check such paths once the window has
   * passed and report them if they changed since now.
   */
  recheckAfterThrottle(paths: readonly string[]): void {
    const now = performance.now();
    for (const path of paths) {
      const last = this.lastChange.get(path);
      if (last === undefined || now - last >= CHOKIDAR_CHANGE_THROTTLE_MS) continue;
      const before = statSignature(path);
      const timer = setTimeout(
        () => {
          this.rechecks.delete(timer);
          const kind = this.set?.classify(path);
          if (kind && statSignature(path) !== before) this.options.onChange(path, 'change', kind, performance.now());
        },
        last + CHOKIDAR_CHANGE_THROTTLE_MS + 5 - now,
      );
      this.rechecks.add(timer);
    }
  }

  /**
   * Whether the reported paths are as they were when reported. chokidar drops a path's repeated
   * `change` events for 50 ms, so in a burst of saves the last writes can go unheard: a path
   * that changed since is reported again (dated by its mtime) and false is returned.
   */
  settled(): boolean {
    let settled = true;
    for (const [path, signature] of this.reported) {
      const now = statSignature(path);
      if (now === signature) continue;
      this.reported.set(path, now);
      const kind = this.set?.classify(path);
      if (!kind) continue;
      settled = false;
      this.options.onChange(path, now === '' ? 'unlink' : 'change', kind, changedAt(performance.now(), statOf(path)));
    }
    return settled;
  }

  /** Forgets the reported paths (a run is starting with them). */
  startRun(): void {
    this.reported.clear();
  }

  /** Stops watching. */
  async close(): Promise<void> {
    for (const timer of this.rechecks) clearTimeout(timer);
    this.rechecks.clear();
    const watcher = this.watcher;
    this.watcher = null;
    await watcher?.close();
  }

  private onEvent(set: WatchSet, event: string, path: string, stats?: Stats): void {
    if (this.set !== set) return; // a watcher being replaced
    if (event !== 'add' && event !== 'change' && event !== 'unlink') return;
    const kind = set.classify(path);
    if (!kind) return;
    const now = performance.now();
    if (event === 'change') this.lastChange.set(path, now);
    this.reported.set(path, statSignature(path));
    this.options.onChange(path, event, kind, changedAt(now, stats));
  }
}

/** When a change happened: its mtime, if within MAX_EVENT_LAG_MS before now, else now. */
function changedAt(now: number, stats: Stats | undefined): number {
  if (!stats) return now;
  const lag = Date.now() - stats.mtimeMs;
  return lag > 0 ? now - Math.min(lag, MAX_EVENT_LAG_MS) : now;
}

/** The stats of a path, or undefined when it is gone. */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Size and mtime of a file, or '' when it is gone. */
function statSignature(path: string): string {
  try {
    const stats = statSync(path);
    return `${stats.size}:${stats.mtimeMs}:${stats.ino}`;
  } catch {
    return '';
  }
}
