// The remote (BullMQ) half of executors/, imported on demand so local runs never load bullmq.
export { createBullmqExecutor, type BullmqSettings } from './bullmq.js';
export { startWorker, type RunningWorker, type WorkerSettings } from './worker.js';
export { parseRedisUrl, hideCredentials, type RedisTarget } from './redis-url.js';
