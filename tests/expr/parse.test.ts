import { describe, expect, it } from 'vitest';
import { EXIT, FlowstateError } from '../../src/errors/index.js';
import { ExpressionError, parseExpression, type ExprNode } from '../../src/expr/index.js';
import { parseError } from './context-fixture.js';

/** The expression without offsets, as a compact string, to compare shapes. */
function shape(node: ExprNode): string {
  switch (node.kind) {
    case 'literal':
      return JSON.stringify(node.value);
    case 'identifier':
      return node.name;
    case 'member':
      return `${shape(node.object)}[${JSON.stringify(node.property)}]`;
    case 'not':
      return `!(${shape(node.operand)})`;
    case 'compare':
    case 'logical':
      return `(${shape(node.left)} ${node.operator} ${shape(node.right)})`;
    case 'call':
      return `${node.name}(${node.args.map(shape).join(', ')})`;
    case 'coalesce':
      return `(${shape(node.left)} ?? ${shape(node.right)})`;
  }
}

describe('parseExpression: the accepted grammar', () => {
  it.each([
    ["inputs.env == 'prod'", '(inputs["env"] == "prod")'],
    ['"double" != \'single\'', '("double" != "single")'],
    ['stages.build.outputs.version', 'stages["build"]["outputs"]["version"]'],
    ['stages[\'build-x\'].outputs["a-b"]', 'stages["build-x"]["outputs"]["a-b"]'],
    ['1 < 2 && 2.5 <= 3 || 4 > 5 && 6 >= 7', '(((1 < 2) && (2.5 <= 3)) || ((4 > 5) && (6 >= 7)))'],
    ['!a && !(b || c)', '(!(a) && !((b || c)))'],
    ['!!a', '!(!(a))'],
    ['true == !false', '(true == !(false))'],
    ['null == run.id', '(null == run["id"])'],
    ['-1 < stage.attempt', '(-1 < stage["attempt"])'],
    ['  outputs.signal\n  == "fail"  ', '(outputs["signal"] == "fail")'],
    ['unknown.thing', 'unknown["thing"]'],
    ["'it\\'s' == x", '("it\'s" == x)'],
    ['a.true', 'a["true"]'],
    ["inputs.env=='prod'&&x!=-1||!y", '(((inputs["env"] == "prod") && (x != -1)) || !(y))'],
    ['a<b', '(a < b)'],
    ["stages.a.outputs.x ?? 'none'", '(stages["a"]["outputs"]["x"] ?? "none")'],
    ["a ?? b == 'c'", '(a ?? (b == "c"))'],
  ])('%s', (source, expected) => {
    expect(shape(parseExpression(source).ast)).toBe(expected);
  });

  it('records the offset of every node', () => {
    const { ast } = parseExpression("inputs.env == 'prod'");
    expect(ast).toMatchObject({
      kind: 'compare',
      start: 0,
      left: { kind: 'member', start: 0, propertyStart: 7, object: { kind: 'identifier', start: 0 } },
      right: { kind: 'literal', value: 'prod', start: 14 },
    });
  });

  it('keeps the source and returns the same frozen object for the same text', () => {
    const first = parseExpression('inputs.a == 1');
    expect(first.source).toBe('inputs.a == 1');
    expect(parseExpression('inputs.a == 1')).toBe(first);
    expect(Object.isFrozen(first.ast)).toBe(true);
  });
});

describe('parseExpression: rejected syntax, with offsets', () => {
  it.each([
    ['a + b', 2, 'operator `+` is not supported'],
    ['a - b', 2, 'operator `-` is not supported'],
    ['a * 2', 2, 'operator `*` is not supported'],
    ['a === b', 2, 'operator `===` is not supported'],
    ['a = b', 2, 'operator `=` is not supported'],
    ['-a', 0, 'operator `-` is not supported'],
    ['x == +1', 5, 'operator `+` is not supported'],
    ['~a', 0, 'operator `~` is not supported'],
    ['foo()', 0, 'unknown function `foo`'],
    ['inputs.name.toUpperCase()', 0, 'only the built-in functions can be called'],
    ['[1, 2]', 0, 'array literals are not supported'],
    ['this.x', 0, '`this` is not supported'],
    ['a ? b : c', 2, 'the conditional operator `? :` is not supported'],
    ['a?.b', 3, '`?.` is not supported'],
    ['a b', 2, 'expected an operator or the end of the expression'],
    ['a, b', 1, '`,` is not supported'],
    ['a;', 1, '`;` is not supported'],
    ['(a, b)', 2, '`,` is not supported'],
    ['a[b]', 2, 'only string literal keys are allowed'],
    ['a[0]', 2, 'only string literal keys are allowed'],
    ["x == 'abc", 5, 'unclosed quote'],
    ['(a', 2, 'unclosed ('],
    ['()', 0, 'empty parentheses'],
    ['a.', 2, 'unexpected end of expression'],
    ['a == ', 5, 'expected expression after =='],
    ['', 0, 'empty expression'],
    ['   ', 0, 'empty expression'],
    ['stages.build-x.outputs', 12, "stages['my-stage']"],
  ])('%s -> offset %i', (source, index, message) => {
    const error = parseError(source);
    expect(error.index).toBe(index);
    expect(error.reason).toContain(message);
    expect(error.source).toBe(source);
    expect(error.message).toContain(`offset ${index}`);
  });

  it('is a FlowstateError with code `expression` and exit code 2, keeping the jsep cause', () => {
    const error = parseError('(a');
    expect(error).toBeInstanceOf(FlowstateError);
    expect(error.code).toBe('expression');
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.cause).toBeInstanceOf(Error);
  });
});

describe('parseExpression: prototype names are refused', () => {
  it.each([
    ['inputs.__proto__', 7],
    ["inputs['__proto__']", 7],
    ['inputs.constructor', 7],
    ["inputs['constructor']", 7],
    ['stages.build.prototype', 13],
    ["env.x == 'a' || inputs.__proto__.polluted", 23],
    ['constructor', 0],
  ])('%s', (source, index) => {
    const error = parseError(source);
    expect(error.reason).toMatch(/the name `(__proto__|constructor|prototype)` is not allowed/);
    expect(error.index).toBe(index);
  });
});

describe('parseExpression: limits', () => {
  it('turns a stack overflow on absurd nesting into an ExpressionError', () => {
    const source = `${'('.repeat(100_000)}a${')'.repeat(100_000)}`;
    expect(parseError(source).reason).toBe('expression is nested too deeply');
  });

  it('accepts reasonable nesting', () => {
    expect(shape(parseExpression(`${'('.repeat(50)}a${')'.repeat(50)}`).ast)).toBe('a');
  });
});
