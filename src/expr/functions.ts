// The built-in expression functions (DESIGN §10): a closed table of pure functions over values.
// No function runs code, reads files or the environment; each takes values and returns a value.
// Evaluation never throws except `fromJSON` on text that is not JSON (a template then fails the
// stage with that message instead of silently rendering nothing).
import { stringifyValue } from './stringify.js';

/** One built-in: how many arguments it takes and what it computes. */
interface FunctionSpec {
  min: number;
  max: number;
  call(args: readonly unknown[]): unknown;
}

/** Thrown by a function whose argument it cannot use (only fromJSON does). */
export class FunctionCallError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FunctionCallError';
  }
}

const FUNCTIONS: Readonly<Record<string, FunctionSpec>> = Object.freeze({
  contains: { min: 2, max: 2, call: ([haystack, needle]) => contains(haystack, needle) },
  startsWith: { min: 2, max: 2, call: ([text, prefix]) => typeof text === 'string' && typeof prefix === 'string' && text.startsWith(prefix) },
  endsWith: { min: 2, max: 2, call: ([text, suffix]) => typeof text === 'string' && typeof suffix === 'string' && text.endsWith(suffix) },
  join: { min: 1, max: 2, call: ([list, separator]) => join(list, separator) },
  format: { min: 1, max: 20, call: ([pattern, ...values]) => format(stringifyValue(pattern), values) },
  toJSON: { min: 1, max: 1, call: ([value]) => JSON.stringify(value === undefined ? null : value) },
  fromJSON: { min: 1, max: 1, call: ([text]) => fromJSON(text) },
  length: { min: 1, max: 1, call: ([value]) => lengthOf(value) },
});

/** The names of every built-in function, for messages. */
export const FUNCTION_NAMES: readonly string[] = Object.freeze(Object.keys(FUNCTIONS));

/** The spec of a built-in, or undefined (own properties only: `toString` is not a function here). */
export function functionSpec(name: string): FunctionSpec | undefined {
  return Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
}

/** Calls a built-in with evaluated arguments (its name and arity were checked at parse time). */
export function callFunction(name: string, args: readonly unknown[]): unknown {
  const spec = functionSpec(name);
  if (!spec) throw new FunctionCallError(`unknown function \`${name}\``);
  return spec.call(args);
}

/** Strings: substring; arrays: an element strictly equal to `needle`; anything else: false. Case-sensitive. */
function contains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') return typeof needle === 'string' || typeof needle === 'number' ? haystack.includes(String(needle)) : false;
  if (Array.isArray(haystack)) return haystack.some((item) => item === needle);
  return false;
}

/** The items of an array as text joined by `separator` (default ','); a string is itself; anything else ''. */
function join(list: unknown, separator: unknown): string {
  const sep = separator === undefined ? ',' : stringifyValue(separator);
  if (Array.isArray(list)) return list.map((item) => stringifyValue(item)).join(sep);
  return typeof list === 'string' ? list : '';
}

/** `{0}`, `{1}` … replaced by the values as text; `{{` and `}}` are literal braces; an index without a value is ''. */
export function format(pattern: string, values: readonly unknown[]): string {
  return pattern.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    return stringifyValue(values[Number(index)]);
  });
}

/** The highest `{N}` a literal format pattern uses, or -1. */
export function highestPlaceholder(pattern: string): number {
  let highest = -1;
  for (const match of pattern.matchAll(/\{\{|\}\}|\{(\d+)\}/g)) if (match[1] !== undefined) highest = Math.max(highest, Number(match[1]));
  return highest;
}

/** Parses JSON text; a value that is not a string, or text that is not JSON, is an error. */
function fromJSON(text: unknown): unknown {
  if (typeof text !== 'string') throw new FunctionCallError(`fromJSON expects a string, got ${describeType(text)}`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const shown = text.length > 60 ? `${text.slice(0, 57)}...` : text;
    throw new FunctionCallError(`fromJSON: not valid JSON (${error instanceof Error ? error.message : String(error)}): ${JSON.stringify(shown)}`);
  }
}

/** Characters of a string, items of an array, keys of a plain object; 0 for anything else. */
function lengthOf(value: unknown): number {
  if (typeof value === 'string' || Array.isArray(value)) return value.length;
  if (value !== null && typeof value === 'object') return Object.keys(value).length;
  return 0;
}

/** A type name for messages: `null`, `array`, `object`, `string`... */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
