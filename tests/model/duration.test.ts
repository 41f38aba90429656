// The one duration formatter: measured times (`elapsed`, the reporters' style: tests/reporters/
// format.test.ts) and configured limits (`setting`, as written in a pipeline: exec's messages).
import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../src/model/index.js';
import { formatDuration as reporterFormat } from '../../src/reporters/index.js';

describe('formatDuration', () => {
  it.each([
    [250, '250ms'],
    [400, '400ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [5000, '5s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [3_600_000, '60m'],
  ])('formats the setting %s ms as %s (as a pipeline writes it)', (ms, expected) => {
    expect(formatDuration(ms, 'setting')).toBe(expected);
  });

  it('defaults to the elapsed style, the one the reporters show', () => {
    expect(formatDuration(1000)).toBe('1.0s');
    expect(formatDuration(125_000)).toBe('2m05s');
    expect(reporterFormat).toBe(formatDuration);
  });
});
