// Converts a jsep call into a `call` node: only the built-in functions, with the right arity.
import type jsep from 'jsep';
import type { ExprNode } from './ast.js';
import { ConversionProblem } from './conversion-problem.js';
import { FUNCTION_NAMES, functionSpec, highestPlaceholder } from './functions.js';
import type { JsepNode } from './restricted-jsep.js';

/** A `call` node for `name(args)`; refuses methods, unknown names, wrong arity and bad literal format patterns. */
export function convertCall(node: jsep.CallExpression, start: number, convert: (n: JsepNode) => ExprNode, startOf: (n: JsepNode) => number): ExprNode {
  if (node.callee.type !== 'Identifier') {
    throw new ConversionProblem(`only the built-in functions can be called (${FUNCTION_NAMES.join(', ')}), not methods`, start);
  }
  const name = (node.callee as jsep.Identifier).name;
  const spec = functionSpec(name);
  if (!spec) throw new ConversionProblem(`unknown function \`${name}\`${suggestion(name)}`, start);
  const count = node.arguments.length;
  if (count < spec.min || count > spec.max) {
    const wanted = spec.min === spec.max ? `${spec.min}` : spec.max > 10 ? `at least ${spec.min}` : `${spec.min} or ${spec.max}`;
    throw new ConversionProblem(`${name}() takes ${wanted} argument${wanted === '1' ? '' : 's'}, got ${count}`, start);
  }
  const args = node.arguments.map((argument) => convert(argument));
  const pattern = args[0];
  if (name === 'format' && pattern?.kind === 'literal' && typeof pattern.value === 'string') {
    const highest = highestPlaceholder(pattern.value);
    if (highest >= count - 1) throw new ConversionProblem(`format() pattern uses {${highest}} but only ${count - 1} value(s) follow it`, startOf(node.arguments[0] as JsepNode));
  }
  return { kind: 'call', name, args, start };
}

/** ` (did you mean `startsWith`?)` for a name that differs only in case. */
function suggestion(name: string): string {
  const match = FUNCTION_NAMES.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return match ? ` (did you mean \`${match}\`?)` : ` (functions: ${FUNCTION_NAMES.join(', ')})`;
}
