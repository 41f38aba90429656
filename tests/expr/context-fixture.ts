// A shared ExprContext for the expr tests.
import { ExpressionError, parseExpression, type ExprContext } from '../../src/expr/index.js';

/** A context with a little of everything; `overrides` replace whole contexts. */
export function makeContext(overrides: Partial<ExprContext> = {}): ExprContext {
  return {
    inputs: { env: 'prod', count: 3, zero: 0, empty: '', flag: true, off: false, nothing: null, list: [1, 2], nested: { deep: { value: 'x' } } },
    env: { HOME: '/home/u', CI: 'false', EMPTY: '' },
    stages: {
      build: { outputs: { version: '1.2.3', signal: 'pass', 'dash-key': 'd' }, status: 'succeeded' },
      'lint-js': { outputs: {}, status: 'failed' },
    },
    outputs: { signal: 'fail', score: 7 },
    run: { id: '20261121-103000-k3f9', dir: '/tmp/run' },
    pipeline: { name: 'build-test' },
    stage: { attempt: 2, id: 'evaluate' },
    ...overrides,
  };
}

/** The ExpressionError that parsing `source` raises (fails the test when it parses). */
export function parseError(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    if (error instanceof ExpressionError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be rejected`);
}
