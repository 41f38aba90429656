// Redis URLs: checked before use, turned into ioredis options, and shown with credentials hidden.
import { Redis, type RedisOptions } from 'ioredis';
import { UsageError } from '../errors/index.js';

/** A checked Redis address: ioredis options plus a display form without credentials. */
export interface RedisTarget {
  options: RedisOptions;
  /** The URL with user and password replaced by `***` (safe to print). */
  display: string;
}

/** The URL as it may be printed: credentials hidden, or a placeholder when it does not parse. */
export function hideCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return url.includes('@') ? '<unparsable URL with credentials>' : url;
  }
}

/** Parses redis://, rediss:// and unix:// (or an absolute socket path); a bad URL is a usage error (exit 2). */
export function parseRedisUrl(url: string, option = '--redis'): RedisTarget {
  const display = hideCredentials(url);
  if (url.startsWith('/')) return { options: { path: url }, display };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (error) {
    throw new UsageError(`${option}: not a Redis URL: ${display} (expected redis://host:port, rediss://... or unix:///path/redis.sock)`, { cause: error });
  }
  const auth = { ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}), ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}) };
  if (parsed.protocol === 'unix:') return { options: { path: parsed.pathname, ...auth }, display };
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new UsageError(`${option}: unsupported scheme ${parsed.protocol} in ${display} (expected redis://, rediss:// or unix://)`);
  }
  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!parsed.hostname || !Number.isInteger(db) || db < 0) throw new UsageError(`${option}: bad host or database number in ${display}`);
  return { options: { host: parsed.hostname.replace(/^\[|\]$/g, ''), port, db, ...auth, ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}) }, display };
}

/** Connects and PINGs within `timeoutMs`; an unreachable server is a usage error naming the hidden URL. */
export async function connectRedis(target: RedisTarget, extra: RedisOptions = {}, timeoutMs = 5000): Promise<Redis> {
  // No retries while connecting (an unreachable server fails at once); reconnects afterwards.
  const client = new Redis({ ...target.options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: null, retryStrategy: () => null, ...extra });
  let lastError: unknown = null;
  client.on('error', (error) => (lastError = error)); // reported through the commands that fail, never as an unhandled event
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      timeoutMs,
    );
    client.options.retryStrategy = (times: number) => Math.min(times * 100, 1000);
    return client;
  } catch (error) {
    client.disconnect();
    throw new UsageError(`cannot reach Redis at ${target.display}: ${describeRedisError(lastError ?? error)}`, { cause: error });
  }
}

/** A short reason for a Redis failure (never the URL: ioredis messages may hold the host only). */
export function describeRedisError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Rejects when the promise takes longer than `ms`. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
