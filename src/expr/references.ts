// The static property paths an expression reads, for the loader's reference checks.
import type { ExprNode, ParsedExpression } from './ast.js';

/** A maximal property path such as ['stages','build','outputs','version'] and its offset. */
export interface Reference {
  path: string[];
  index: number;
  /** True when the path is read on the left of `??`, i.e. a missing value has a default. */
  defaulted?: boolean;
}

/** Every longest identifier-rooted property path in `expr`, in source order. */
export function references(expr: ParsedExpression): Reference[] {
  const found: Reference[] = [];
  collect(expr.ast, found, false);
  return found.sort((a, b) => a.index - b.index);
}

function collect(node: ExprNode, found: Reference[], defaulted: boolean): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'identifier':
    case 'member': {
      const path = staticPath(node);
      if (path) found.push(defaulted ? { path, index: node.start, defaulted } : { path, index: node.start });
      else if (node.kind === 'member') collect(node.object, found, defaulted);
      return;
    }
    case 'not':
      collect(node.operand, found, defaulted);
      return;
    case 'call':
      for (const arg of node.args) collect(arg, found, defaulted);
      return;
    case 'coalesce':
      collect(node.left, found, true);
      collect(node.right, found, defaulted);
      return;
    case 'compare':
    case 'logical':
      collect(node.left, found, defaulted);
      collect(node.right, found, defaulted);
      return;
  }
}

/** The names of an identifier/member chain, or null when it is not rooted at an identifier. */
function staticPath(node: ExprNode): string[] | null {
  if (node.kind === 'identifier') return [node.name];
  if (node.kind !== 'member') return null;
  const parent = staticPath(node.object);
  return parent ? [...parent, node.property] : null;
}
