// Matrix expansion (product, exclude, GitHub-style include), cell ids, and the Slots semaphore.
import { describe, expect, it } from 'vitest';
import { cellParent, forEachCells, matrixCells, matrixCombinations, type MatrixSpec } from '../../src/model/index.js';
import { Slots } from '../../src/engine/scheduler.js';

const spec = (axes: MatrixSpec['axes'], include: MatrixSpec['include'] = [], exclude: MatrixSpec['exclude'] = []): MatrixSpec => ({ kind: 'matrix', axes, include, exclude });

describe('matrixCombinations', () => {
  it('is the product of the axes minus exclude, in declaration order', () => {
    expect(matrixCombinations(spec({ os: ['linux', 'mac'], node: [18, 20] }, [], [{ os: 'mac', node: 18 }]))).toEqual([
      { os: 'linux', node: 18 },
      { os: 'linux', node: 20 },
      { os: 'mac', node: 20 },
    ]);
  });

  it('adds an include entry to the cells whose axis values it keeps, else as a cell of its own', () => {
    const combos = matrixCombinations(
      spec({ suite: ['a', 'b'], node: ['18'] }, [
        { suite: 'a', browser: 'chrome' },
        { suite: 'e2e', node: '20' },
        { suite: 'b', node: '18' },
      ]),
    );
    expect(combos).toEqual([
      { suite: 'a', node: '18', browser: 'chrome' },
      { suite: 'b', node: '18' },
      { suite: 'e2e', node: '20' },
    ]);
  });

  it('include alone lists the cells; an empty product gives none', () => {
    expect(matrixCombinations(spec({}, [{ x: 1 }, { x: 2 }]))).toEqual([{ x: 1 }, { x: 2 }]);
    expect(matrixCombinations(spec({ a: [1] }, [], [{ a: 1 }]))).toEqual([]);
  });
});

describe('cell ids', () => {
  it('name the values, path-safe, and fall back to the position on a clash or when too long', () => {
    const ids = matrixCells('t', spec({ v: ['a/b', '../x', 'a_b', 'x'.repeat(200)] })).map((c) => c.id);
    expect(ids).toEqual(['t[v=a_b]', 't[v=.__x]', 't[2]', `t[v=${'x'.repeat(32)}]`]);
    expect(forEachCells('lint', ['a', 'b']).map((c) => c.id)).toEqual(['lint[0]', 'lint[1]']);
    expect(cellParent('t[v=a_b]')).toBe('t');
    expect(cellParent('plain')).toBeUndefined();
  });
});

describe('Slots', () => {
  it('grants at most `limit` at once, in arrival order; an aborted waiter gives up its turn', async () => {
    const slots = new Slots(1);
    const never = new AbortController().signal;
    const first = await slots.acquire(never);
    const order: string[] = [];
    const aborted = new AbortController();
    const second = slots.acquire(aborted.signal).then((r) => order.push(r === null ? 'second gave up' : 'second'));
    const third = slots.acquire(never).then((release) => {
      order.push('third');
      release?.();
    });
    aborted.abort();
    await second;
    first?.();
    first?.(); // releasing twice frees one slot only
    await third;
    expect(order).toEqual(['second gave up', 'third']);
  });
});
