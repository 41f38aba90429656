// Process spawning (node:child_process): process groups, timeouts, kill trees, log streaming.
// Knows nothing about pipelines.
//
// Behaviour the callers rely on:
// - every command runs in its own process group (pid === pgid); timeouts and cancellation
//   signal the whole group (SIGTERM, then SIGKILL after killGraceMs);
// - a stage's processes end with the stage: when the leader exits (with any code), what it
//   left running in its group gets the same SIGTERM/SIGKILL sequence before the promise
//   resolves. Processes that moved to another group or session (setsid, daemons) are not
//   ours to kill; if they keep our output pipes open we stop reading after a short idle time;
// - the group runs apart from the terminal's foreground group, so Ctrl-C reaches only the
//   runner: the runner must abort its stages through SpawnSpec.signal;
// - output is streamed: lines go to the log (append), onLine and a 20-line tail as they come,
//   in bounded memory; order is kept within a stream, not across stdout and stderr;
// - idleTimeoutMs stops a group that printed nothing for that long (outcome 'timed_out',
//   "no output for 5s"); finishedSignal + lingerGraceMs stop a command that keeps running
//   after it reported its final result (outcome 'exited', `lingered: true`).
export { spawnProcess, DEFAULT_CAPTURE_BYTES } from './spawn.js';
export { DEFAULT_KILL_GRACE_MS, DEFAULT_LINGER_GRACE_MS } from './supervise.js';
export { killProcessGroup, isProcessGroupAlive, terminateGroup, waitForGroupExit } from './process-group.js';
export { SHELL_PATH } from './command.js';
export { liveGroups, signalAllGroups, groupsWithEnv } from './live-groups.js';
export { MAX_LINE_PIECE_BYTES } from './line-splitter.js';
export { TAIL_LINE_COUNT } from './tail.js';
export type { CommandSpec, OutputStreamName, ProcessOutcome, ProcessResult, SpawnSpec } from './types.js';
