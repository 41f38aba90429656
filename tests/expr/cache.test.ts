import { describe, expect, it } from 'vitest';
import { BoundedCache } from '../../src/expr/cache.js';

describe('BoundedCache', () => {
  it('keeps at most `capacity` entries, evicting the least recently used', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('replaces the value of an existing key without growing', () => {
    const cache = new BoundedCache<string>(2);
    cache.set('k', 'old');
    cache.set('k', 'new');
    expect(cache.size).toBe(1);
    expect(cache.get('k')).toBe('new');
  });
});
