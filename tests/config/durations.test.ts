import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/index.js';
import { UsageError } from '../../src/errors/index.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['2h1m1s5ms', 7_261_005],
    ['1.5s', 1_500],
    ['0s', 0],
    [30, 30_000],
    [0.25, 250],
    [0, 0],
  ] as const)('%s -> %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '5', '5 minutes', '1m1h', '30s5m', '1h1h', '5M', '-1s', 's', '1.s', ' 5s', '5s ', '10d', '1e3s'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(UsageError);
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });

  it('asks for the unit of a bare number given as text (`--debounce 50`), instead of guessing seconds', () => {
    expect(() => parseDuration('50')).toThrow('invalid duration `50`: add a unit, e.g. `50ms` or `50s`');
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects the number %d', (value) => {
    expect(() => parseDuration(value)).toThrow(UsageError);
  });

  it('rejects durations longer than a timer can wait', () => {
    expect(() => parseDuration('600h')).toThrow(/too long/);
    expect(parseDuration('596h')).toBe(596 * 3_600_000);
  });

  it('accepts exactly what the schema pattern accepts', async () => {
    const { readFileSync } = await import('node:fs');
    const schema = JSON.parse(readFileSync(new URL('../../schemas/pipeline.schema.json', import.meta.url), 'utf8'));
    const pattern = new RegExp(schema.definitions.duration.oneOf[0].pattern, 'u');
    const samples = ['500ms', '1h30m', '1m1h', '5 m', '1.5s', '5', 'ms', '1h2m3s4ms', '1m5ms', '1s1m'];
    for (const sample of samples) {
      let parsed = true;
      try {
        parseDuration(sample);
      } catch {
        parsed = false;
      }
      expect(parsed, sample).toBe(pattern.test(sample));
    }
  });
});
