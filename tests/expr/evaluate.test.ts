import { describe, expect, it } from 'vitest';
import { evaluate, evaluateCondition, evaluateValue, MissingOutputError, parseExpression, parseTemplate, renderShellTemplate, renderTemplate } from '../../src/expr/index.js';
import { makeContext } from './context-fixture.js';

const ctx = makeContext();
const value = (source: string, context = ctx): unknown => evaluate(parseExpression(source), context);

describe('evaluate: values', () => {
  it.each<[string, unknown]>([
    ['inputs.env', 'prod'],
    ['inputs.count', 3],
    ["inputs['env']", 'prod'],
    ['inputs.nested.deep.value', 'x'],
    ['inputs.nested', { deep: { value: 'x' } }],
    ['env.HOME', '/home/u'],
    ['stages.build.outputs.version', '1.2.3'],
    ["stages.build.outputs['dash-key']", 'd'],
    ["stages['lint-js'].status", 'failed'],
    ['outputs.signal', 'fail'],
    ['run.id', '20261121-103000-k3f9'],
    ['run.dir', '/tmp/run'],
    ['pipeline.name', 'build-test'],
    ['stage.attempt', 2],
    ['stage.id', 'evaluate'],
    ["'lit'", 'lit'],
    ['-2.5', -2.5],
    ['null', null],
  ])('%s', (source, expected) => {
    expect(value(source)).toEqual(expected);
  });

  it.each([
    'inputs.missing',
    'inputs.missing.deeper.still',
    'inputs.env.length',
    'inputs.count.toFixed',
    'inputs.list.length',
    "inputs.list['0']",
    'stages.nope.outputs.version',
    'env.NOT_SET',
    'unknown',
    'unknown.thing',
    "'abc'.length",
    'inputs.toString',
    'inputs.hasOwnProperty',
    'inputs.valueOf',
    'inputs.isPrototypeOf',
    'env.toString',
  ])('%s is undefined (never throws, never reads a prototype)', (source) => {
    expect(value(source)).toBeUndefined();
  });
});

describe('evaluate: operators', () => {
  it.each<[string, boolean]>([
    ["inputs.env == 'prod'", true],
    ["inputs.env != 'prod'", false],
    ["inputs.count == '3'", false], // strict: no number/string coercion
    ['inputs.count == 3', true],
    ['inputs.flag == true', true],
    ['inputs.zero == false', false],
    ['inputs.nothing == null', true],
    ['inputs.missing == null', false], // undefined is not null
    ['inputs.count != 4', true],
    ['inputs.count < 4', true],
    ['inputs.count <= 3', true],
    ['inputs.count > 3', false],
    ['inputs.count >= 3', true],
    ["'abc' < 'abd'", true],
    ["'b' > 'a'", true],
    ["inputs.count < '10'", false], // mixed types: always false
    ["inputs.count >= '1'", false],
    ['inputs.missing < 1', false],
    ['inputs.missing >= 1', false],
    ['null <= 0', false],
    ['inputs.flag && inputs.count', true],
    ['inputs.flag && inputs.zero', false],
    ['inputs.zero || inputs.empty', false],
    ['inputs.zero || inputs.env', true],
    ['!inputs.flag', false],
    ['!inputs.missing', true],
    ['!!inputs.env', true],
    ["outputs.signal == 'fail' && stage.attempt < 3", true],
    ["!(outputs.signal == 'fail') || stages.build.status == 'succeeded'", true],
  ])('%s -> %s', (source, expected) => {
    expect(value(source)).toBe(expected);
  });

  it('&& and || return booleans, not operands', () => {
    expect(value('inputs.env && inputs.count')).toBe(true);
    expect(value('inputs.zero || inputs.env')).toBe(true);
    expect(value('inputs.empty || inputs.zero')).toBe(false);
  });

  it('&& and || short-circuit (the right side of a decided operator is not read)', () => {
    let reads = 0;
    const inputs = {};
    Object.defineProperty(inputs, 'watched', { enumerable: true, get: () => ++reads });
    const context = makeContext({ inputs });
    expect(value('false && inputs.watched', context)).toBe(false);
    expect(value('true || inputs.watched', context)).toBe(true);
    expect(reads).toBe(0);
    expect(value('true && inputs.watched', context)).toBe(true);
    expect(reads).toBe(1);
  });

  it('== compares objects by identity', () => {
    expect(value('inputs.nested == inputs.nested')).toBe(true);
    expect(value('inputs.nested == outputs')).toBe(false);
  });
});

describe('evaluateCondition: truthiness', () => {
  it.each<[string, boolean]>([
    ['inputs.flag', true],
    ['inputs.off', false],
    ['inputs.count', true],
    ['inputs.zero', false],
    ['inputs.env', true],
    ['inputs.empty', false],
    ['inputs.nothing', false],
    ['inputs.missing', false],
    ['inputs.nested', true],
    ['env.CI', true], // a non-empty string, even "false"
    ['env.EMPTY', false],
    ["outputs.signal == 'fail'", true],
  ])('%s -> %s', (source, expected) => {
    expect(evaluateCondition(parseExpression(source), ctx)).toBe(expected);
  });
});

describe('evaluate: only own properties of plain objects', () => {
  it('does not read class instances, arrays or functions', () => {
    class Secret {
      token = 'hidden';
    }
    const fn = Object.assign(() => 1, { prop: 'p' });
    const context = makeContext({ inputs: { secret: new Secret(), fn, map: new Map([['k', 'v']]) } });
    expect(value('inputs.secret.token', context)).toBeUndefined();
    expect(value('inputs.fn.prop', context)).toBeUndefined();
    expect(value('inputs.map.size', context)).toBeUndefined();
  });

  it('reads null-prototype objects and process.env as `env`', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { key: 'v' });
    const context = makeContext({ inputs: { bare }, env: process.env });
    expect(value('inputs.bare.key', context)).toBe('v');
    expect(value('env.PATH', context)).toBe(process.env.PATH);
    expect(value('env.toString', context)).toBeUndefined();
  });

  it('does not see properties inherited through a polluted prototype', () => {
    const inherited = Object.create({ polluted: 'yes' }) as Record<string, unknown>;
    const context = makeContext({ inputs: { inherited } });
    expect(value('inputs.inherited.polluted', context)).toBeUndefined();
    expect(value('inputs.polluted', context)).toBeUndefined();
  });

  it('leaves Object.prototype untouched by evaluation', () => {
    value("inputs.a == 'b' || stages.build.outputs.version != 'x'");
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('`??` and missing stage outputs in templates', () => {
  const render = (text: string): string => renderTemplate(parseTemplate(text), ctx);

  it.each<[string, unknown]>([
    ["stages.build.outputs.nope ?? 'none'", 'none'],
    ["stages.build.outputs.version ?? 'none'", '1.2.3'],
    ["null ?? 'x'", 'x'],
    ['inputs.missing ?? inputs.env', 'prod'],
    ["(stages.build.outputs.a ?? stages.build.outputs.b) ?? 'c'", 'c'],
  ])('%s', (source, expected) => {
    expect(value(source)).toEqual(expected);
    expect(evaluateValue(parseExpression(source), ctx)).toEqual(expected);
  });

  it('a template reading an output the stage did not write throws, naming what it wrote', () => {
    expect(() => render('v=${{ stages.build.outputs.nope }}')).toThrow(MissingOutputError);
    expect(() => render('v=${{ stages.build.outputs.nope }}')).toThrow(/^stages\.build\.outputs\.nope is not set \(build wrote: version, signal, dash-key\)/);
    expect(render("v=${{ stages.build.outputs.nope ?? 'none' }}")).toBe('v=none');
    expect(render('v=${{ stages.build.outputs.version }}')).toBe('v=1.2.3');
    expect(renderTemplate(parseTemplate('v=${{ stages.build.outputs.nope }}'), ctx, true)).toBe('v=');
    expect(() => renderShellTemplate(parseTemplate('echo ${{ stages.build.outputs.nope }}'), ctx)).toThrow(MissingOutputError);
  });

  it('conditions stay lenient: a missing output is undefined', () => {
    expect(evaluateCondition(parseExpression("stages.build.outputs.nope == 'x'"), ctx)).toBe(false);
  });
});
