import fc from 'fast-check';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors/index.js';
import { checkId, newRunId, RUN_ID_PATTERN, runPaths } from '../../src/store/index.js';

describe('newRunId', () => {
  it('formats UTC time plus a 4-character suffix', () => {
    const id = newRunId(new Date('2026-11-21T10:30:00.123Z'));
    expect(id).toMatch(/^20261121-103000-[a-z0-9]{4}$/);
    expect(id).toMatch(RUN_ID_PATTERN);
  });

  it('sorts in creation order across seconds, days and years', () => {
    const dates = ['2025-12-31T23:59:59Z', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', '2026-02-10T09:05:00Z', '2026-11-21T10:30:00Z'];
    const ids = dates.map((d) => newRunId(new Date(d)));
    expect([...ids].sort()).toEqual(ids);
  });

  it('sorts runs started within one second by their millisecond', () => {
    const times = [0, 1, 35, 36, 500, 998, 999].map((ms) => new Date(Date.UTC(2026, 10, 21, 10, 30, 0, ms)));
    const ids = times.map((t) => newRunId(t));
    expect(ids.every((id) => id.startsWith('20261121-103000-'))).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives different ids within one second', () => {
    const now = new Date();
    const ids = new Set(Array.from({ length: 20 }, () => newRunId(now)));
    expect(ids.size).toBeGreaterThan(1);
  });
});

function thrownBy(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('checkId', () => {
  const bad: [string, RegExp][] = [
    ['', /empty/],
    ['../x', /'\/'/],
    ['a/b', /'\/'/],
    ['a\\b', /'\/' or '\\'/],
    ['..', /'\.\.'/],
    ['x..y', /'\.\.'/],
    ['.hidden', /start with '\.'/],
    ['nul\0byte', /control characters/],
    ['new\nline', /control characters/],
    ['esc\u001b[31m', /control characters/],
    ['x'.repeat(129), /at most 128/],
  ];
  it.each(bad)('rejects %j', (id, why) => {
    const error = thrownBy(() => checkId(id, 'stage'));
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    expect((error as UsageError).message).toMatch(why);
    expect((error as UsageError).message).toContain('invalid stage id');
  });

  it.each(['build', 'unit-tests_2', '20261121-103000-k3f9', 'x'.repeat(128), 'café'])('accepts %j', (id) => {
    expect(checkId(id, 'pipeline')).toBe(id);
  });

  it('never lets an accepted id leave the runs directory', () => {
    const root = path.resolve('/tmp/runs-root');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (pipeline, runId) => {
        let paths;
        try {
          paths = runPaths(root, pipeline, runId);
        } catch (error) {
          expect(error).toBeInstanceOf(UsageError);
          return;
        }
        const rel = path.relative(root, paths.dir);
        expect(rel.startsWith('..')).toBe(false);
        expect(rel.split(path.sep)).toEqual([pipeline, runId]);
      }),
      { numRuns: 500 },
    );
  });
});
