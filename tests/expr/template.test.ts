import { describe, expect, it } from 'vitest';
import { ExpressionError, hasTemplate, parseTemplate, renderTemplate, stringifyValue, type TemplatePart } from '../../src/expr/index.js';
import { makeContext } from './context-fixture.js';

const ctx = makeContext();

/** Parts as plain data: text strings and [offset, source] pairs. */
const summary = (parts: TemplatePart[]) => parts.map((part) => (part.kind === 'text' ? part.value : [part.offset, part.expr.source]));

function templateError(text: string): ExpressionError {
  try {
    parseTemplate(text);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('hasTemplate', () => {
  it.each<[string, boolean]>([
    ['plain text', false],
    ['${ not one }', false],
    ['{{ nor this }}', false],
    ['a ${{ x }}', true],
    ['$${{ x }}', true],
    ['${{ unclosed', true],
  ])('%s -> %s', (text, expected) => {
    expect(hasTemplate(text)).toBe(expected);
  });
});

describe('parseTemplate', () => {
  it.each<[string, unknown[]]>([
    ['', []],
    ['no expressions', ['no expressions']],
    ['--mode=${{ inputs.env }}', ['--mode=', [11, 'inputs.env']]],
    ['${{inputs.count}}', [[3, 'inputs.count']]],
    [
      '${{ a }}${{ b }}',
      [
        [4, 'a'],
        [12, 'b'],
      ],
    ],
    ['a ${{ x }} b ${{ y }} c', ['a ', [6, 'x'], ' b ', [17, 'y'], ' c']],
    ['$${{ x }}', ['$', [5, 'x']]],
    ["k ${{ inputs['a}}b'] == 'c' }} z", ['k ', [6, "inputs['a}}b'] == 'c'"], ' z']],
    ['${{\n  outputs.signal\n}}', [[6, 'outputs.signal']]],
    ['only }} closers', ['only }} closers']],
  ])('%j', (text, expected) => {
    expect(summary(parseTemplate(text))).toEqual(expected);
  });

  it('reports an unclosed `${{` at its offset', () => {
    const error = templateError('ok ${{ inputs.env ');
    expect(error.index).toBe(3);
    expect(error.reason).toContain('unclosed `${{`');
    expect(error.source).toBe('ok ${{ inputs.env ');
  });

  it('reports an empty `${{ }}` at its offset', () => {
    expect(templateError('a ${{   }}').index).toBe(2);
  });

  it('reports parse errors at their offset in the template text', () => {
    const text = 'x=${{ inputs.a + 1 }}';
    const error = templateError(text);
    expect(error.index).toBe(15);
    expect(text[error.index]).toBe('+');
    expect(error.reason).toBe('operator `+` is not supported');
    expect(error.cause).toBeInstanceOf(ExpressionError);
  });

  it('reports an unterminated string inside an expression as an unclosed quote', () => {
    const text = "${{ inputs.x == 'a }}";
    const error = templateError(text);
    expect(error.reason).toBe('unclosed quote');
    expect(text[error.index]).toBe("'");
  });

  it('reports prototype names inside templates', () => {
    const text = 'v=${{ inputs.__proto__ }}';
    expect(text.slice(templateError(text).index)).toMatch(/^__proto__/);
  });

  it('returns a fresh array each time, so callers cannot corrupt the cache', () => {
    const first = parseTemplate('a ${{ b }}');
    first.push({ kind: 'text', value: 'junk' });
    expect(summary(parseTemplate('a ${{ b }}'))).toEqual(['a ', [6, 'b']]);
  });
});

describe('stringifyValue', () => {
  it.each<[unknown, string]>([
    [undefined, ''],
    [null, ''],
    ['text', 'text'],
    ['', ''],
    [42, '42'],
    [-1.5, '-1.5'],
    [0, '0'],
    [true, 'true'],
    [false, 'false'],
    [{ a: 1, b: ['x'] }, '{"a":1,"b":["x"]}'],
    [[1, 'two'], '[1,"two"]'],
  ])('%j -> %j', (input, expected) => {
    expect(stringifyValue(input)).toBe(expected);
  });
});

describe('renderTemplate', () => {
  it.each<[string, string]>([
    ['--mode=${{ inputs.env }}', '--mode=prod'],
    ['${{ inputs.count }} of ${{ stages.build.outputs.version }}', '3 of 1.2.3'],
    ['[${{ inputs.missing }}]', '[]'],
    ['${{ inputs.nested }}', '{"deep":{"value":"x"}}'],
    ["${{ outputs.signal == 'fail' }}", 'true'],
    ['$${{ inputs.count }}', '$3'],
    ['no template', 'no template'],
  ])('%s -> %s', (text, expected) => {
    expect(renderTemplate(parseTemplate(text), ctx)).toBe(expected);
  });

  it('inserts values verbatim, without interpreting them', () => {
    const evil = '$(touch x) `y` ${{ inputs.env }} \'"\\';
    expect(renderTemplate(parseTemplate('v=${{ inputs.v }}'), makeContext({ inputs: { v: evil } }))).toBe(`v=${evil}`);
  });
});
