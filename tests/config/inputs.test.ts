import { describe, expect, it } from 'vitest';
import { coerceInputs } from '../../src/config/index.js';
import { UsageError } from '../../src/errors/index.js';
import type { InputSpec, Pipeline } from '../../src/model/index.js';

function pipeline(inputs: Record<string, InputSpec>): Pipeline {
  return { version: 1, name: 'demo', file: '/p/demo.yaml', inputs, env: {}, defaults: {}, watch: [], secrets: [], stages: [] };
}

const demo = pipeline({
  env: { type: 'string', enum: ['dev', 'prod'], default: 'dev', required: false },
  count: { type: 'integer', default: 1, required: false },
  ratio: { type: 'number', required: true },
  verbose: { type: 'boolean', default: false, required: false },
});

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).exitCode).toBe(2);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('coerceInputs', () => {
  it('converts strings to the declared types and fills defaults', () => {
    expect(coerceInputs(demo, { ratio: '0.5', count: '3', verbose: 'yes' })).toEqual({ env: 'dev', count: 3, ratio: 0.5, verbose: true });
    expect(coerceInputs(demo, { ratio: '-2e3', env: 'prod', verbose: 'FALSE' })).toEqual({ env: 'prod', count: 1, ratio: -2000, verbose: false });
  });

  it('rejects unknown inputs with a suggestion', () => {
    expect(usageMessage(() => coerceInputs(demo, { ratio: '1', evn: 'prod' }))).toMatch(
      /--input: unknown input `evn` for pipeline `demo`, did you mean `env`\? \(inputs: env, count, ratio, verbose\)/,
    );
  });

  it('says when the pipeline declares no inputs', () => {
    expect(usageMessage(() => coerceInputs(pipeline({}), { a: '1' }))).toMatch(/unknown input `a`.*it declares no inputs/);
  });

  it.each([
    ['count', 'three', /input `count` must be an integer, got `three`/],
    ['count', '1.5', /must be an integer, got `1.5`/],
    ['ratio', '', /input `ratio` must be a number, got ``/],
    ['ratio', 'NaN', /must be a number/],
    ['ratio', 'Infinity', /must be a number/],
    ['verbose', 'maybe', /input `verbose` must be a boolean \(true\/false, yes\/no, 1\/0\), got `maybe`/],
  ])('rejects %s=%j', (name, value, message) => {
    expect(usageMessage(() => coerceInputs(demo, { ratio: '1', [name]: value }))).toMatch(message);
  });

  it('rejects values outside the enum with a suggestion', () => {
    expect(usageMessage(() => coerceInputs(demo, { ratio: '1', env: 'prd' }))).toMatch(/input `env` must be one of dev, prod, got `prd`, did you mean `prod`\?/);
  });

  it('reports a missing required input with how to pass it', () => {
    expect(usageMessage(() => coerceInputs(demo, {}))).toMatch(/missing required input `ratio` of pipeline `demo` \(number\); pass --input ratio=\.\.\./);
  });

  it('reports every problem at once, labelled with the source', () => {
    const message = usageMessage(() => coerceInputs(demo, { count: 'x', nope: '1' }, 'stage deploy `with`'));
    expect(message.split('\n')).toHaveLength(3);
    expect(message).toMatch(/^stage deploy `with`: /m);
  });

  it('does not treat inherited object names as inputs', () => {
    expect(usageMessage(() => coerceInputs(demo, { ratio: '1', constructor: 'x' }))).toMatch(/unknown input `constructor`/);
  });
});

describe('coerceInputs and inherited names', () => {
  it('does not read booleans from the object prototype', () => {
    const flags = pipeline({ flag: { type: 'boolean', required: true } });
    expect(usageMessage(() => coerceInputs(flags, { flag: 'constructor' }))).toMatch(/input `flag` must be a boolean/);
  });
});
