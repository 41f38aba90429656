// watchPipeline: run a pipeline, then re-run it whenever its inputs change (DESIGN §6).
// Unchanged stages are skipped by fingerprint, so a re-run starts at the first affected stage.
import { ChangeSet, Debouncer, defaultMaxWaitMs, FsWatcher, WatchLoop, type PathKind, type WatchEvent, type WatchSummary } from '../watch/index.js';
import { loadVersion, watchSetOf, WatchSession, type WatchOptions } from './watch-session.js';

/**
 * The default quiet time after the last change before a run starts. Short, so a save re-runs
 * about as soon as entr's 50 ms collection window would (see docs/watch.md, "Performance"):
 * changes that land together (a checkout, a multi-file save) still make one run.
 */
export const DEFAULT_DEBOUNCE_MS = 20;

/**
 * The least quiet time after a change to a config file (the pipeline, a nested pipeline,
 * orchestrator.yaml), whatever the debounce: a pipeline saved in chunks is read when whole.
 */
export const CONFIG_QUIET_MS = 50;

/** The quiet time a change of this kind asks for before a run starts. */
export function quietTimeOf(kind: PathKind, debounceMs: number): number {
  return kind === 'config' ? Math.max(debounceMs, CONFIG_QUIET_MS) : debounceMs;
}

export type { WatchOptions } from './watch-session.js';
export { ON_BUSY, type OnBusy, type WatchSummary } from '../watch/index.js';
export { parseDuration } from '../config/index.js';
export { killAllStages } from './stop.js';

export interface WatchHandle {
  /** Directories being watched. */
  readonly dirs: string[];
  /** Stops watching: cancels the run in flight and resolves once its processes are gone. */
  close(): Promise<WatchSummary>;
  /** Settles once the watch stopped. */
  readonly closed: Promise<WatchSummary>;
}

/**
 * Loads the pipeline (a FlowstateError if it is invalid: there is no last good version yet),
 * starts watching, then starts the first run. Resolves once the watcher is ready.
 */
export async function watchPipeline(options: WatchOptions): Promise<WatchHandle> {
  const emit = (event: WatchEvent): void => options.onEvent?.(event);
  const first = loadVersion(options);
  const collected = new ChangeSet();
  const debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
  const files = new FsWatcher({
    onChange: (path, change, kind, at) => {
      collected.record(path, change, kind);
      debouncer.poke(at, quietTimeOf(kind, debounceMs));
    },
    onError: (error) => emit({ type: 'watch.error', message: error.message }),
  });
  const session = new WatchSession(first, options, emit, (set) => files.watch(set));
  const loop = new WatchLoop({ onBusy: options.onBusy ?? 'restart', runner: session, emit, display: session.display, parentRun: options.parentRun });
  const debouncer = new Debouncer({
    delayMs: debounceMs,
    maxWaitMs: defaultMaxWaitMs(debounceMs),
    settled: () => files.settled(),
    fire: () => {
      files.startRun();
      const batch = collected.take();
      files.recheckAfterThrottle(batch.effective());
      loop.submit(batch);
    },
  });
  const set = watchSetOf(first);
  await files.watch(set);
  const dirs = set.watchPaths.map(session.display);
  emit({ type: 'watch.ready', dirs });
  loop.start();
  let closing: Promise<WatchSummary> | null = null;
  let settle: (summary: WatchSummary) => void = () => undefined;
  const closed = new Promise<WatchSummary>((resolve) => (settle = resolve));
  const close = (): Promise<WatchSummary> => {
    closing ??= (async () => {
      debouncer.cancel();
      const summary = await loop.close();
      await files.close();
      emit({ type: 'watch.closed', last_run: summary.lastRun });
      settle(summary);
      return summary;
    })();
    return closing;
  };
  return { dirs, close, closed };
}
