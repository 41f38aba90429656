// Checks one string where expressions are written: a `${{ }}` template or a bare condition.
import { checkShellTemplate, ExpressionError, parseExpression, parseTemplate, references, type ParsedExpression, type Reference, type TemplatePart } from '../expr/index.js';
import { unwrapCondition } from './conditions.js';
import { checkReference, segmentOffset, type ExpressionScope } from './expression-scope.js';
import type { DocPath, Problem } from './positions.js';

/** Problems of a template string (`run`, `prompt`, `env` values, ...); `shell` adds the shell-quoting check. */
export function checkTemplateAt(path: DocPath, text: string, scope: ExpressionScope, shell = false): Problem[] {
  try {
    const parts = parseTemplate(text);
    const problems: Problem[] = [];
    for (const part of parts) {
      if (part.kind === 'expr') problems.push(...referenceProblems(path, part.expr, part.offset, scope));
    }
    if (shell && problems.length === 0) problems.push(...shellProblems(path, parts));
    return problems;
  } catch (error) {
    return [expressionErrorProblem(path, error, 0)];
  }
}

/** The shell-quoting check reports offsets into a re-rendered template; map them back to the text as written. */
function shellProblems(path: DocPath, parts: TemplatePart[]): Problem[] {
  try {
    checkShellTemplate(parts);
    return [];
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    let rendered = 0;
    for (const part of parts) {
      if (part.kind === 'expr' && rendered + 4 === error.index) {
        return [{ path, at: 'value', offset: part.offset, message: `invalid expression: ${error.reason}` }];
      }
      rendered += part.kind === 'text' ? part.value.length : part.expr.source.length + 7;
    }
    return [{ path, at: 'value', message: `invalid expression: ${error.reason}` }];
  }
}

/** Problems of a bare expression (`if`, route `when`, gate `when`), written bare or as `${{ … }}`. */
export function checkConditionAt(path: DocPath, written: string | boolean, scope: ExpressionScope): Problem[] {
  const { source, offset } = unwrapCondition(written);
  try {
    return referenceProblems(path, parseExpression(source), offset, scope);
  } catch (error) {
    return [expressionErrorProblem(path, error, offset)];
  }
}

function referenceProblems(path: DocPath, expr: ParsedExpression, offset: number, scope: ExpressionScope): Problem[] {
  const problems: Problem[] = [];
  for (const reference of references(expr)) {
    const problem = checkReference(reference, scope);
    if (problem) {
      const at = segmentOffset(expr.source, reference, problem.segment);
      problems.push({ path, at: 'value', offset: offset + at, message: problem.message });
      continue;
    }
    const warning = outputReadWarning(reference, scope);
    if (warning) problems.push({ path, at: 'value', offset: offset + segmentOffset(expr.source, reference, 3), message: warning, severity: 'warning' });
  }
  return problems;
}

/** The warning for `stages.<id>.outputs.<key>` read without a default when nothing is seen writing it. */
function outputReadWarning(reference: Reference, scope: ExpressionScope): string | undefined {
  const [root, stage, field, key] = reference.path;
  if (root !== 'stages' || stage === undefined || field !== 'outputs' || key === undefined || reference.defaulted || !scope.outputReads) return undefined;
  return scope.outputReads(stage, key);
}

function expressionErrorProblem(path: DocPath, error: unknown, offset: number): Problem {
  if (error instanceof ExpressionError) {
    return { path, at: 'value', offset: offset + error.index, message: `invalid expression: ${error.reason}` };
  }
  // parseTemplate/parseExpression only throw ExpressionError; anything else is reported, not thrown.
  return { path, at: 'value', message: `invalid expression: ${error instanceof Error ? error.message : String(error)}` };
}
