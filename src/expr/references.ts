// The static property paths an expression reads, for the loader's reference checks.
import type { ExprNode, ParsedExpression } from './ast.js';

/** A maximal property path such as ['stages','build','outputs','version'] and its offset. */
export interface Reference {
  path: string[];
  index: number;
}

/** Every longest identifier-rooted property path in `expr`, in source order. */
export function references(expr: ParsedExpression): Reference[] {
  const found: Reference[] = [];
  collect(expr.ast, found);
  return found.sort((a, b) => a.index - b.index);
}

function collect(node: ExprNode, found: Reference[]): void {
  switch (node.kind) {
    case 'literal':
      return;
    case 'identifier':
    case 'member': {
      const path = staticPath(node);
      if (path) found.push({ path, index: node.start });
      else if (node.kind === 'member') collect(node.object, found);
      return;
    }
    case 'not':
      collect(node.operand, found);
      return;
    case 'compare':
    case 'logical':
      collect(node.left, found);
      collect(node.right, found);
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
