// The injection guard for `run:` strings that go through /bin/sh: every `${{ }}` becomes a
// quoted reference to an environment variable that holds the value, so no value can ever be
// read as shell syntax.
import type { ExprContext } from './context.js';
import { ExpressionError } from './errors.js';
import { evaluateValue } from './evaluate.js';
import { stringifyValue } from './stringify.js';
import { ShellScanner, type ShellSpot } from './shell-scanner.js';
import type { TemplatePart } from './template.js';

export const DEFAULT_SHELL_VAR_PREFIX = 'FLOWSTATE_EXPR_';

/** A script for `/bin/sh -c` and the variables (PREFIX0, PREFIX1, …) it reads the values from. */
export interface ShellRendering {
  script: string;
  env: Record<string, string>;
}

type Expression = Extract<TemplatePart, { kind: 'expr' }>;

/** Renders a shell `run:` template: values travel in `env`, the script only references them (a missing output throws). */
export function renderShellTemplate(parts: readonly TemplatePart[], ctx: ExprContext, varPrefix: string = DEFAULT_SHELL_VAR_PREFIX): ShellRendering {
  const env: Record<string, string> = {};
  const script = buildScript(parts, varPrefix, (name, part) => {
    env[name] = stringifyValue(evaluateValue(part.expr, ctx));
  });
  return { script, env };
}

/** Throws the ExpressionError renderShellTemplate would throw, without evaluating anything (load-time check). */
export function checkShellTemplate(parts: readonly TemplatePart[]): void {
  buildScript(parts, DEFAULT_SHELL_VAR_PREFIX, () => undefined);
}

function buildScript(parts: readonly TemplatePart[], varPrefix: string, bind: (name: string, part: Expression) => void): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(varPrefix)) {
    throw new ExpressionError('the shell variable prefix must be a valid variable name', 0, varPrefix);
  }
  const scanner = new ShellScanner();
  let script = '';
  let count = 0;
  for (const part of parts) {
    if (part.kind === 'text') {
      script += part.value;
      scanner.feed(part.value);
      continue;
    }
    const name = `${varPrefix}${count++}`;
    const reference = referenceAt(scanner, name, part, parts);
    // A `$` right before the value stays a literal `$` (not `$$` or `$"…"`).
    if (scanner.trailingDollar) script = `${script.slice(0, -1)}\\$`;
    script += reference;
    scanner.feed(reference);
    bind(name, part);
  }
  return script;
}

/** The variable reference quoted for the spot the scanner is at, or an ExpressionError. */
function referenceAt(scanner: ShellScanner, name: string, part: Expression, parts: readonly TemplatePart[]): string {
  if (scanner.escapePending) fail('a `${{ }}` cannot follow a backslash in a shell script', part, parts);
  const spot: ShellSpot = scanner.spot();
  switch (spot) {
    case 'plain':
    case 'comment':
      return `"\${${name}}"`;
    case 'double':
    case 'heredoc':
      return `\${${name}}`;
    case 'single':
      return `'"\${${name}}"'`;
    case 'arithmetic':
      return fail('a `${{ }}` inside `$(( ))` is not allowed: the shell would evaluate the value as code', part, parts);
    case 'quoted-heredoc':
      return fail("a `${{ }}` inside a quoted here-document (<<'EOF') cannot be substituted; use an unquoted delimiter", part, parts);
  }
}

/** Throws at the expression's offset in a reconstruction of the template text. */
function fail(reason: string, target: Expression, parts: readonly TemplatePart[]): never {
  let text = '';
  let index = 0;
  for (const part of parts) {
    if (part === target) index = text.length + 4;
    text += part.kind === 'text' ? part.value : `\${{ ${part.expr.source} }}`;
  }
  throw new ExpressionError(reason, index, text);
}
