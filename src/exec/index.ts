// Process spawning over execa: process groups, timeouts, kill trees, log streaming.
// Knows nothing about pipelines.
export { spawnProcess, DEFAULT_KILL_GRACE_MS, DEFAULT_CAPTURE_BYTES } from './spawn.js';
export { killProcessGroup, isProcessGroupAlive, terminateGroup, waitForGroupExit } from './process-group.js';
export { formatDuration, SHELL_PATH } from './command.js';
export { MAX_LINE_PIECE_BYTES } from './line-splitter.js';
export { TAIL_LINE_COUNT } from './tail.js';
export type {
  CommandSpec,
  OutputStreamName,
  ProcessOutcome,
  ProcessResult,
  SpawnSpec,
} from './types.js';
