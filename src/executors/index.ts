// Where a ready stage runs: locally (exec/ through runtimes/) or as BullMQ jobs for `flowstate worker`.
export type { ExecutedOutcome, Placement, RemoteAttempt, StageExecutor } from './types.js';
export { LOCAL_EXECUTOR } from './local.js';
export { jobIdOf, queueNameOf, queuesServedBy, DEFAULT_QUEUE } from './job.js';
// The BullMQ side (bullmq, ioredis) is in ./remote.js, imported on demand.
