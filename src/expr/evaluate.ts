// Evaluates a parsed expression against an ExprContext: a tree walk, no eval, no prototypes.
//
// Semantics (see also src/expr/README.md):
// - a missing property, or a property of a non-object, is `undefined` (never an error);
// - properties are read only as own properties of plain objects (Object.hasOwn), never
//   through the prototype chain; `env` may also be process.env itself;
// - `==` / `!=` are strict (===) with no coercion: `inputs.n == '1'` is false when n is 1;
// - `< <= > >=` compare two numbers or two strings, anything else is false;
// - `&&`, `||` and `!` use truthiness and always give a boolean;
// - `a ?? b` is b when a is undefined or null;
// - functions (functions.ts) get evaluated arguments; fromJSON on bad text throws in templates
//   (evaluateValue) and is `undefined` in conditions, like a missing output;
// - evaluateValue (templates: a value that becomes text) throws MissingOutputError for a
//   `stages.<id>.outputs.<key>` the stage did not produce, unless it is on the left of `??`.
import type { ExprNode, ParsedExpression } from './ast.js';
import type { ExprContext } from './context.js';
import { MissingOutputError } from './errors.js';
import { callFunction, FunctionCallError } from './functions.js';

/** The value of `expr` in `ctx`; a missing output is undefined (conditions: `if`, `when`). */
export function evaluate(expr: ParsedExpression, ctx: ExprContext): unknown {
  return evaluateNode(expr.ast, ctx, false);
}

/** The value of `expr` for a template: a missing stage output without a `??` default throws MissingOutputError. */
export function evaluateValue(expr: ParsedExpression, ctx: ExprContext): unknown {
  return evaluateNode(expr.ast, ctx, true);
}

/** Whether `expr` holds in `ctx` (its value's truthiness): for `if` and `when`. */
export function evaluateCondition(expr: ParsedExpression, ctx: ExprContext): boolean {
  return isTruthy(evaluate(expr, ctx));
}

/** JavaScript truthiness: false, 0, NaN, '', null and undefined are false. */
export function isTruthy(value: unknown): boolean {
  return Boolean(value);
}

function evaluateNode(node: ExprNode, ctx: ExprContext, strict: boolean): unknown {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'identifier':
      return ownProperty(ctx, node.name, ctx);
    case 'member': {
      const object = evaluateNode(node.object, ctx, strict);
      const value = ownProperty(object, node.property, ctx);
      if (strict && value === undefined) checkOutputPresent(node, object, ctx);
      return value;
    }
    case 'not':
      return !isTruthy(evaluateNode(node.operand, ctx, strict));
    case 'logical': {
      const left = isTruthy(evaluateNode(node.left, ctx, strict));
      if (node.operator === '&&') return left && isTruthy(evaluateNode(node.right, ctx, strict));
      return left || isTruthy(evaluateNode(node.right, ctx, strict));
    }
    case 'coalesce': {
      const left = evaluateNode(node.left, ctx, false);
      return left === undefined || left === null ? evaluateNode(node.right, ctx, strict) : left;
    }
    case 'call':
      return call(
        node.name,
        node.args.map((arg) => evaluateNode(arg, ctx, strict)),
        strict,
      );
    case 'compare':
      return compare(node.operator, evaluateNode(node.left, ctx, strict), evaluateNode(node.right, ctx, strict));
  }
}

/** A built-in's value; in conditions (not strict) a function that cannot use its argument gives undefined. */
function call(name: string, args: unknown[], strict: boolean): unknown {
  try {
    return callFunction(name, args);
  } catch (error) {
    if (!strict && error instanceof FunctionCallError) return undefined;
    throw error;
  }
}

/** Throws when `node` is `stages.<id>.outputs.<key>` and the stage's outputs lack that key. */
function checkOutputPresent(node: Extract<ExprNode, { kind: 'member' }>, outputs: unknown, ctx: ExprContext): void {
  const outputsNode = node.object;
  if (outputsNode.kind !== 'member' || outputsNode.property !== 'outputs') return;
  const stageNode = outputsNode.object;
  if (stageNode.kind !== 'member' || stageNode.object.kind !== 'identifier' || stageNode.object.name !== 'stages') return;
  const stage = ownProperty(ctx.stages, stageNode.property, ctx) as { status?: unknown } | undefined;
  if (stage === undefined) return;
  const written = outputs !== null && typeof outputs === 'object' ? Object.keys(outputs) : [];
  throw new MissingOutputError(stageNode.property, node.property, written, String(stage.status ?? 'pending'));
}

function compare(operator: string, left: unknown, right: unknown): boolean {
  if (operator === '==') return left === right;
  if (operator === '!=') return left !== right;
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) return false;
  const a = left as number | string;
  const b = right as number | string;
  if (operator === '<') return a < b;
  if (operator === '<=') return a <= b;
  if (operator === '>') return a > b;
  return a >= b;
}

/** `target[key]` when target is a plain object (or the env record) that owns `key`. */
function ownProperty(target: unknown, key: string, ctx: ExprContext): unknown {
  if (!isReadable(target, ctx) || !Object.hasOwn(target, key)) return undefined;
  return (target as Record<string, unknown>)[key];
}

function isReadable(target: unknown, ctx: ExprContext): target is object {
  if (target === null || typeof target !== 'object') return false;
  if (target === ctx || target === ctx.env) return true;
  const prototype: unknown = Object.getPrototypeOf(target);
  return prototype === Object.prototype || prototype === null;
}
