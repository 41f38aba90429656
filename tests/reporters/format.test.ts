import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatExit } from '../../src/reporters/index.js';

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [12, '12ms'],
    [999.4, '999ms'],
    [999.6, '1.0s'],
    [1300, '1.3s'],
    [59_940, '59.9s'],
    [59_960, '1m00s'],
    [125_000, '2m05s'],
    [3_599_400, '59m59s'],
    [3_599_600, '1h00m'],
    [3_720_000, '1h02m'],
    [90_000_000, '25h00m'],
    [-5, '0ms'],
    [Number.NaN, '0ms'],
  ])('formats %s ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('always yields one of the four shapes, with every unit below its carry', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e9, noNaN: true }), (ms) => {
        const text = formatDuration(ms);
        const match = /^(?:(\d+)ms|(\d+)\.\ds|(\d+)m(\d\d)s|(\d+)h(\d\d)m)$/.exec(text);
        expect(match, text).not.toBeNull();
        const [, millis, seconds, minutes, minuteSeconds, , hourMinutes] = match ?? [];
        if (millis !== undefined) expect(Number(millis)).toBeLessThan(1000);
        if (seconds !== undefined) expect(Number(seconds)).toBeLessThan(60);
        if (minutes !== undefined) expect(Number(minutes)).toBeLessThan(60);
        if (minuteSeconds !== undefined) expect(Number(minuteSeconds)).toBeLessThan(60);
        if (hourMinutes !== undefined) expect(Number(hourMinutes)).toBeLessThan(60);
      }),
    );
  });
});

describe('formatExit', () => {
  it('prefers the signal, then the exit code', () => {
    expect(formatExit({ exit_code: null, signal: 'SIGKILL' })).toBe('signal SIGKILL');
    expect(formatExit({ exit_code: 3, signal: null })).toBe('exit 3');
    expect(formatExit({ exit_code: null, signal: null })).toBeNull();
  });
});
