// parseExpression: source text -> ParsedExpression, through the restricted jsep parser. Cached.
import type { ParsedExpression } from './ast.js';
import { BoundedCache } from './cache.js';
import { ConversionProblem } from './conversion-problem.js';
import { convertJsepNode } from './convert.js';
import { ExpressionError } from './errors.js';
import { RestrictedJsep } from './restricted-jsep.js';

const PARSE_CACHE_SIZE = 1000;
const cache = new BoundedCache<ParsedExpression>(PARSE_CACHE_SIZE);

/** Parses a bare expression (an `if`, a `when`, or the inside of `${{ }}`); throws ExpressionError. */
export function parseExpression(source: string): ParsedExpression {
  const cached = cache.get(source);
  if (cached) return cached;
  const parsed = deepFreeze({ source, ast: parseUncached(source) });
  cache.set(source, parsed);
  return parsed;
}

function parseUncached(source: string) {
  if (source.trim() === '') throw new ExpressionError('empty expression', 0, source);
  const parser = new RestrictedJsep(source);
  try {
    return convertJsepNode(parser.parse(), parser.starts);
  } catch (error) {
    if (error instanceof ConversionProblem) throw new ExpressionError(error.reason, error.index, source, { cause: error });
    if (error instanceof RangeError) throw new ExpressionError('expression is nested too deeply', 0, source, { cause: error });
    if (isJsepError(error)) {
      throw new ExpressionError(describe(error.description, error.index, source), error.index, source, { cause: error });
    }
    throw error;
  }
}

function isJsepError(error: unknown): error is Error & { index: number; description: string } {
  return error instanceof Error && typeof (error as { index?: unknown }).index === 'number' && typeof (error as { description?: unknown }).description === 'string';
}

/** jsep's messages start upper-case ("Unclosed ("); ours are lower-case sentences. */
function describe(description: string, index: number, source: string): string {
  if (index >= source.length && description.startsWith('Unexpected')) return 'unexpected end of expression';
  return description.charAt(0).toLowerCase() + description.slice(1);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
