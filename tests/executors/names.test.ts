// Job ids, queue names per label set, and Redis URLs (checked, credentials hidden).
import { describe, expect, it } from 'vitest';
import { jobIdOf, queueNameOf, queuesServedBy } from '../../src/executors/index.js';
import { hideCredentials, parseRedisUrl } from '../../src/executors/remote.js';
import { FlowstateError } from '../../src/errors/index.js';
import { placementText } from '../../src/model/index.js';

describe('job ids and queues', () => {
  it('names an attempt runId.stage.attempt, escaping what BullMQ ids may not hold', () => {
    expect(jobIdOf('20261206-170241-2gib', 'build', 2)).toBe('20261206-170241-2gib.build.2');
    expect(jobIdOf('r', 'test[os=a:b]', 1)).toBe('r.test%5Bos%3Da%3Ab%5D.1');
    expect(jobIdOf('r', 'test[os=a:b]', 1)).not.toContain(':');
  });

  it('gives one queue per sorted label set, and a worker every subset of its labels', () => {
    expect(queueNameOf('flowstate', [])).toBe('flowstate');
    expect(queueNameOf('flowstate', ['gpu', 'arm'])).toBe('flowstate@arm+gpu');
    expect(queuesServedBy('q', ['b', 'a', 'a']).sort()).toEqual(['q', 'q@a', 'q@a+b', 'q@b']);
    expect(queuesServedBy('q', [])).toEqual(['q']);
  });
});

describe('Redis URLs', () => {
  it('parses redis://, rediss:// and unix sockets', () => {
    expect(parseRedisUrl('redis://u:p%40ss@cache.internal:6380/2').options).toMatchObject({ host: 'cache.internal', port: 6380, db: 2, username: 'u', password: 'p@ss' });
    expect(parseRedisUrl('rediss://h').options).toMatchObject({ host: 'h', port: 6379, tls: {} });
    expect(parseRedisUrl('unix:///run/redis.sock').options).toEqual({ path: '/run/redis.sock' });
    expect(parseRedisUrl('/run/redis.sock').options).toEqual({ path: '/run/redis.sock' });
  });

  it('hides credentials wherever the URL is shown', () => {
    expect(hideCredentials('redis://user:hunter2@h:1/0')).toBe('redis://***@h:1/0');
    expect(hideCredentials('redis://:hunter2@h')).toBe('redis://***@h');
    expect(hideCredentials('not a url with hunter2@')).not.toContain('hunter2');
    expect(parseRedisUrl('redis://:hunter2@h').display).not.toContain('hunter2');
  });

  it('refuses other schemes and bad URLs as usage errors (exit 2) without the password', () => {
    for (const url of ['http://a:hunter2@h', 'redis://:hunter2@h/x', 'redis//:hunter2@']) {
      let error: unknown;
      try {
        parseRedisUrl(url);
      } catch (e) {
        error = e;
      }
      expect(error, url).toBeInstanceOf(FlowstateError);
      expect((error as FlowstateError).exitCode).toBe(2);
      expect((error as Error).message).not.toContain('hunter2');
    }
  });
});

describe('placementText', () => {
  it('shows a remote worker, with its host unless the id names it; nothing for local', () => {
    expect(placementText({ executor: 'bullmq', worker: 'wB', host: 'box', job: 'j' })).toBe('wB (box)');
    expect(placementText({ executor: 'bullmq', worker: 'box:42', host: 'box', job: 'j' })).toBe('box:42');
    expect(placementText({ executor: 'local', worker: null, host: null, job: null })).toBeNull();
    expect(placementText(null)).toBeNull();
  });
});
