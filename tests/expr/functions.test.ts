// The built-in expression functions: values, arity and name checks at parse time, and safety.
import { describe, expect, it } from 'vitest';
import { evaluate, evaluateValue, parseExpression, parseTemplate, references, renderTemplate } from '../../src/expr/index.js';
import { makeContext, parseError } from './context-fixture.js';

const ctx = makeContext({
  inputs: { env: 'prod', list: ['a', 'b', 3], json: '{"files":["x.ts","y.ts"],"n":2}', bad: '{nope', count: 3, obj: { a: 1, b: 2 }, evil: "'; touch pwned #" },
});
const value = (source: string): unknown => evaluate(parseExpression(source), ctx);

describe('expression functions: values', () => {
  it.each<[string, unknown]>([
    ["contains(inputs.env, 'ro')", true],
    ["contains(inputs.env, 'RO')", false],
    ["contains(inputs.list, 'b')", true],
    ['contains(inputs.list, 3)', true],
    ["contains(inputs.list, '3')", false],
    ["contains(inputs.obj, 'a')", false],
    ["contains(inputs.missing, 'a')", false],
    ["startsWith(inputs.env, 'pr')", true],
    ["startsWith(inputs.count, '3')", false],
    ["endsWith(inputs.env, 'od')", true],
    ["endsWith(inputs.env, 'pr')", false],
    ['join(inputs.list)', 'a,b,3'],
    ["join(inputs.list, ' + ')", 'a + b + 3'],
    ['join(inputs.env)', 'prod'],
    ['join(inputs.missing)', ''],
    ["format('{0}-{1}-{0}', inputs.env, inputs.count)", 'prod-3-prod'],
    ["format('{{literal}} {0}', 'x')", '{literal} x'],
    ['format(inputs.env)', 'prod'],
    ['toJSON(inputs.list)', '["a","b",3]'],
    ['toJSON(inputs.missing)', 'null'],
    ["toJSON('a\"b')", '"a\\"b"'],
    ['fromJSON(inputs.json).n', 2],
    ['fromJSON(inputs.json).files', ['x.ts', 'y.ts']],
    ["join(fromJSON(inputs.json).files, ' ')", 'x.ts y.ts'],
    ['length(fromJSON(inputs.json).files)', 2],
    ['length(inputs.env)', 4],
    ['length(inputs.obj)', 2],
    ['length(inputs.missing)', 0],
    ['length(inputs.list) == 3', true],
    ['fromJSON(toJSON(inputs.obj)).b == 2', true],
    ["!contains(inputs.env, 'x') && startsWith(inputs.env, 'p')", true],
  ])('%s', (source, expected) => {
    expect(value(source)).toEqual(expected);
  });

  it('fromJSON of text that is not JSON fails a template with the reason, and is undefined in a condition', () => {
    expect(() => evaluateValue(parseExpression('fromJSON(inputs.bad)'), ctx)).toThrow(/fromJSON: not valid JSON .*"\{nope"/);
    expect(() => evaluateValue(parseExpression('fromJSON(inputs.count)'), ctx)).toThrow('fromJSON expects a string, got number');
    expect(value('fromJSON(inputs.bad)')).toBeUndefined();
  });

  it('a parsed object is read like any plain object, and its prototype guards hold', () => {
    const polluted = makeContext({ inputs: { j: '{"__proto__":{"x":1},"a":{"b":"c"}}' } });
    expect(evaluate(parseExpression('fromJSON(inputs.j).a.b'), polluted)).toBe('c');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
    expect(parseError('fromJSON(inputs.j).__proto__').reason).toContain('`__proto__` is not allowed');
  });

  it('renders into templates and reports the references inside arguments', () => {
    expect(renderTemplate(parseTemplate("v=${{ format('{0}@{1}', inputs.env, length(inputs.list)) }}"), ctx)).toBe('v=prod@3');
    expect(references(parseExpression("contains(stages.build.outputs.version, inputs.x ?? 'y')")).map((r) => r.path.join('.'))).toEqual([
      'stages.build.outputs.version',
      'inputs.x',
    ]);
  });
});

describe('expression functions: refused at parse time, with offsets', () => {
  it.each([
    ['foo()', 0, 'unknown function `foo`'],
    ['startswith(a, b)', 0, 'did you mean `startsWith`?'],
    ['x == eval(a)', 5, 'unknown function `eval`'],
    ['inputs.name.toUpperCase()', 0, 'only the built-in functions can be called'],
    ["constructor('x')", 0, 'unknown function `constructor`'],
    ['toString(a)', 0, 'unknown function `toString`'],
    ['contains(a)', 0, 'contains() takes 2 arguments, got 1'],
    ['length()', 0, 'length() takes 1 argument, got 0'],
    ['join(a, b, c)', 0, 'join() takes 1 or 2 arguments, got 3'],
    ["format('{0} {2}', a, b)", 7, 'format() pattern uses {2} but only 2 value(s) follow it'],
    ['contains(a b)', 11, 'expected `,` or `)`'],
    ['contains(a,, b)', 11, 'unexpected ","'],
    ['contains(a, b', 13, 'unclosed ('],
    ["'x'(1)", 0, 'only the built-in functions can be called'],
    ['contains(a, [1])', 12, 'array literals are not supported'],
  ])('%s -> offset %i', (source, index, message) => {
    const error = parseError(source);
    expect(error.reason).toContain(message);
    expect(error.index).toBe(index);
  });
});
