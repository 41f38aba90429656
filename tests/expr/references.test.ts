import { describe, expect, it } from 'vitest';
import { parseExpression, parseTemplate, references } from '../../src/expr/index.js';

const refs = (source: string) => references(parseExpression(source));

describe('references', () => {
  it('gives the longest static path of each chain with its offset', () => {
    expect(refs('stages.build.outputs.version')).toEqual([{ path: ['stages', 'build', 'outputs', 'version'], index: 0 }]);
  });

  it('reads bracket keys as path segments', () => {
    expect(refs('stages[\'lint-js\'].outputs["a b"]')).toEqual([{ path: ['stages', 'lint-js', 'outputs', 'a b'], index: 0 }]);
  });

  it('finds every chain in operators, in source order', () => {
    expect(refs("!(outputs.signal == 'fail') && (inputs.env != env.TARGET || stage.attempt > 2)")).toEqual([
      { path: ['outputs', 'signal'], index: 2 },
      { path: ['inputs', 'env'], index: 32 },
      { path: ['env', 'TARGET'], index: 46 },
      { path: ['stage', 'attempt'], index: 60 },
    ]);
  });

  it('lists bare identifiers, unknown ones included (the loader judges them)', () => {
    expect(refs('inputs || nope')).toEqual([
      { path: ['inputs'], index: 0 },
      { path: ['nope'], index: 10 },
    ]);
  });

  it('has nothing for literals', () => {
    expect(refs("'a' == 1 || true")).toEqual([]);
  });

  it('combines with template offsets to locate a reference in the template text', () => {
    const text = 'v=${{ stages.build.outputs.version }} e=${{inputs.env}}';
    const located = parseTemplate(text).flatMap((part) =>
      part.kind === 'expr' ? references(part.expr).map((ref) => ({ path: ref.path.join('.'), at: part.offset + ref.index })) : [],
    );
    expect(located).toEqual([
      { path: 'stages.build.outputs.version', at: 6 },
      { path: 'inputs.env', at: 43 },
    ]);
    for (const { path, at } of located) expect(text.startsWith(path, at)).toBe(true);
  });

  it('marks the reads on the left of `??` as defaulted', () => {
    const found = references(parseExpression("stages.a.outputs.x ?? stages.b.outputs.y ?? 'z'"));
    expect(found.map((r) => [r.path.join('.'), r.defaulted === true])).toEqual([
      ['stages.a.outputs.x', true],
      ['stages.b.outputs.y', true],
    ]);
    expect(references(parseExpression('inputs.v ?? stages.c.outputs.w')).map((r) => r.defaulted === true)).toEqual([true, false]);
  });
});
