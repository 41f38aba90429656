import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean } from '../../src/config/index.js';
import { editDistance } from '../../src/config/did-you-mean.js';

describe('did-you-mean', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('retyr', 'retry')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest key', () => {
    expect(closestMatch('retyr', ['run', 'retry', 'timeout'])).toBe('retry');
    expect(closestMatch('stage', ['stages', 'name'])).toBe('stages');
    expect(closestMatch('Timeout', ['timeout'])).toBe('timeout');
    expect(closestMatch('int', ['string', 'integer'])).toBe('integer');
  });

  it('does not suggest far-fetched names', () => {
    expect(closestMatch('colour', ['run', 'retry', 'timeout'])).toBeUndefined();
    expect(closestMatch('x', ['abc'])).toBeUndefined();
    expect(closestMatch('', ['a'])).toBeUndefined();
    expect(closestMatch('a'.repeat(100), ['a'.repeat(99)])).toBeUndefined();
  });

  it('formats the suggestion for messages', () => {
    expect(didYouMean('buidl', ['build', 'test'])).toBe(', did you mean `build`?');
    expect(didYouMean('zzz', ['build'])).toBe('');
  });
});
