import { describe, expect, it } from 'vitest';
import { withCellsAfterParents } from '../../src/model/index.js';

const ids = (items: string[]) => withCellsAfterParents(items, (id) => id);

describe('withCellsAfterParents', () => {
  it('moves each fan-out cell right after its stage, keeping the cells in their order', () => {
    expect(ids(['plan', 'test', 'lint', 'report', 'test[n=b]', 'lint[0]', 'test[n=a]'])).toEqual(['plan', 'test', 'test[n=b]', 'test[n=a]', 'lint', 'lint[0]', 'report']);
  });

  it('leaves a cell whose stage is not listed where it is, and a list without cells unchanged', () => {
    expect(ids(['a', 'gone[x=1]', 'b'])).toEqual(['a', 'gone[x=1]', 'b']);
    expect(ids(['b', 'a'])).toEqual(['b', 'a']);
  });
});
