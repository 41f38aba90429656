// Converts jsep's AST into flowstate's ExprNode, refusing what the language does not have.
import type jsep from 'jsep';
import { FORBIDDEN_NAMES, type CompareOperator, type ExprNode, type LogicalOperator } from './ast.js';
import { ConversionProblem } from './conversion-problem.js';
import { convertCall } from './convert-call.js';
import type { JsepNode } from './restricted-jsep.js';

/** Turns a jsep tree into an ExprNode; `starts` holds the offsets jsep's nodes lack. */
export function convertJsepNode(node: JsepNode, starts: WeakMap<object, number>): ExprNode {
  const startOf = (n: JsepNode): number => {
    const known = starts.get(n);
    if (known !== undefined) return known;
    if (n.type === 'BinaryExpression') return startOf((n as jsep.BinaryExpression).left);
    if (n.type === 'MemberExpression') return startOf((n as jsep.MemberExpression).object);
    return 0;
  };
  const convert = (n: JsepNode): ExprNode => {
    const start = startOf(n);
    switch (n.type) {
      case 'Literal':
        return convertLiteral(n as jsep.Literal, start);
      case 'Identifier':
        return { kind: 'identifier', name: checkName((n as jsep.Identifier).name, start), start };
      case 'MemberExpression':
        return convertMember(n as jsep.MemberExpression, start, convert, startOf);
      case 'UnaryExpression':
        return convertUnary(n as jsep.UnaryExpression, start, convert);
      case 'BinaryExpression': {
        const b = n as jsep.BinaryExpression;
        const left = convert(b.left);
        const right = convert(b.right);
        if (b.operator === '??') return { kind: 'coalesce', left, right, start };
        if (b.operator === '&&' || b.operator === '||') {
          return { kind: 'logical', operator: b.operator as LogicalOperator, left, right, start };
        }
        return { kind: 'compare', operator: b.operator as CompareOperator, left, right, start };
      }
      case 'CallExpression':
        return convertCall(n as jsep.CallExpression, start, convert, startOf);
      case 'SequenceExpression':
        throw new ConversionProblem('`,` is not supported', start);
      default:
        throw new ConversionProblem(`${n.type} is not supported`, start);
    }
  };
  return convert(node);
}

function checkName(name: string, start: number): string {
  if (FORBIDDEN_NAMES.has(name)) throw new ConversionProblem(`the name \`${name}\` is not allowed`, start);
  return name;
}

function convertLiteral(node: jsep.Literal, start: number): ExprNode {
  const value = node.value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return { kind: 'literal', value, start };
  }
  throw new ConversionProblem('this kind of literal is not supported', start);
}

function convertUnary(node: jsep.UnaryExpression, start: number, convert: (n: JsepNode) => ExprNode): ExprNode {
  const operand = convert(node.argument);
  if (node.operator === '!') return { kind: 'not', operand, start };
  if (node.operator === '-' && operand.kind === 'literal' && typeof operand.value === 'number') {
    return { kind: 'literal', value: -operand.value, start };
  }
  throw new ConversionProblem(`operator \`${node.operator}\` is not supported`, start);
}

function convertMember(node: jsep.MemberExpression, start: number, convert: (n: JsepNode) => ExprNode, startOf: (n: JsepNode) => number): ExprNode {
  const object = convert(node.object);
  const propertyStart = startOf(node.property);
  if (node.optional) throw new ConversionProblem('`?.` is not supported (a missing property is already undefined)', propertyStart);
  let property: string;
  if (!node.computed && node.property.type === 'Identifier') {
    property = (node.property as jsep.Identifier).name;
  } else if (node.property.type === 'Literal' && typeof (node.property as jsep.Literal).value === 'string') {
    property = (node.property as jsep.Literal).value as string;
  } else {
    throw new ConversionProblem("only string literal keys are allowed in [ ], e.g. a['b-c']", propertyStart);
  }
  return { kind: 'member', object, property: checkName(property, propertyStart), start, propertyStart };
}
