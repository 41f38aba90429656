// The expression language of DESIGN §2: `${{ expr }}` templates and bare `if` / `when` expressions.
export { CONTEXT_NAMES, FORBIDDEN_NAMES } from './ast.js';
export type { CompareOperator, ContextName, ExprNode, LiteralValue, LogicalOperator, ParsedExpression } from './ast.js';
export type { ExprContext } from './context.js';
export { ExpressionError, MissingOutputError } from './errors.js';
export { evaluate, evaluateCondition, evaluateValue, isTruthy } from './evaluate.js';
export { FUNCTION_NAMES, FunctionCallError } from './functions.js';
export { parseExpression } from './parse.js';
export { references, type Reference } from './references.js';
export { renderTemplate, stringifyValue } from './render.js';
export { checkShellTemplate, DEFAULT_SHELL_VAR_PREFIX, renderShellTemplate, type ShellRendering } from './shell-template.js';
export { hasTemplate, parseTemplate, type TemplatePart } from './template.js';
