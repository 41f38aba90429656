// The small AST of flowstate expressions (DESIGN §2), converted from jsep's output.

export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = '&&' | '||';
export type LiteralValue = string | number | boolean | null;

/** Every node knows `start`, its 0-based offset in the expression source. */
export type ExprNode =
  | { readonly kind: 'literal'; readonly value: LiteralValue; readonly start: number }
  | { readonly kind: 'identifier'; readonly name: string; readonly start: number }
  | {
      readonly kind: 'member';
      readonly object: ExprNode;
      readonly property: string;
      readonly start: number;
      /** Offset of the property name (or of its string literal key). */
      readonly propertyStart: number;
    }
  | { readonly kind: 'not'; readonly operand: ExprNode; readonly start: number }
  | {
      readonly kind: 'compare';
      readonly operator: CompareOperator;
      readonly left: ExprNode;
      readonly right: ExprNode;
      readonly start: number;
    }
  | {
      readonly kind: 'logical';
      readonly operator: LogicalOperator;
      readonly left: ExprNode;
      readonly right: ExprNode;
      readonly start: number;
    }
  | {
      /** A built-in function (src/expr/functions.ts), its name and arity checked at parse time. */
      readonly kind: 'call';
      readonly name: string;
      readonly args: readonly ExprNode[];
      readonly start: number;
    }
  | {
      /** `left ?? right`: right when left is missing (undefined) or null. */
      readonly kind: 'coalesce';
      readonly left: ExprNode;
      readonly right: ExprNode;
      readonly start: number;
    };

/** An expression parsed once, evaluated many times. Immutable (it may be shared by a cache). */
export interface ParsedExpression {
  readonly source: string;
  readonly ast: ExprNode;
}

/** The names an expression may start with (DESIGN §2). Others parse, the loader rejects them. */
export const CONTEXT_NAMES = ['inputs', 'env', 'stages', 'outputs', 'run', 'pipeline', 'stage'] as const;
export type ContextName = (typeof CONTEXT_NAMES)[number];

/** Property names refused anywhere in an expression (prototype pollution guards). */
export const FORBIDDEN_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
