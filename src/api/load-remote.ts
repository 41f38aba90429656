// Loads the BullMQ half of executors/ on demand; a library install without bullmq and ioredis
// (optional peer dependencies: the CLI bundles them) gets a clear usage error, exit 2.
import { UsageError } from '../errors/index.js';

/** The remote executor module (bullmq, ioredis), or a usage error naming what to install. */
export async function loadRemote(): Promise<typeof import('../executors/remote.js')> {
  try {
    return await import('../executors/remote.js');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') throw error;
    throw new UsageError('the bullmq executor needs the packages bullmq and ioredis next to flowstate-cli: npm install bullmq@6.7.6 ioredis@6.0.0', { cause: error });
  }
}
