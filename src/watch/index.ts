// Watch mode: chokidar + debounce + a loop that re-runs a pipeline when its inputs change.
export { ChangeSet, type ChangeKind } from './changes.js';
export { Debouncer, defaultMaxWaitMs, type DebounceOptions } from './debounce.js';
export { ON_BUSY, type OnBusy, type WatchEvent, type WatchEventType } from '../model/index.js';
export { FsWatcher, CHOKIDAR_CHANGE_THROTTLE_MS, type FsWatcherOptions } from './fs-watcher.js';
export { globMatcher, watchRootOf, nearestExisting, type PathMatcher, type WatchRoot } from './globs.js';
export { WatchLoop, type RunOutcome, type RunRequest, type WatchLoopOptions, type WatchRunner, type WatchSummary } from './loop.js';
export { buildWatchSet, type PathKind, type WatchSet, type WatchSetInput } from './watch-set.js';
