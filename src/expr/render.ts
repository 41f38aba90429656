// Plain-text rendering of templates: argv items, prompts, env values.
import type { ExprContext } from './context.js';
import { evaluate, evaluateValue } from './evaluate.js';
import { stringifyValue } from './stringify.js';
import type { TemplatePart } from './template.js';

export { stringifyValue };

/**
 * Substitutes every `${{ }}` part with its stringified value (no quoting of any kind). A missing
 * stage output throws MissingOutputError unless `lenient` (then it renders as '').
 */
export function renderTemplate(parts: readonly TemplatePart[], ctx: ExprContext, lenient = false): string {
  let text = '';
  for (const part of parts) {
    if (part.kind === 'text') text += part.value;
    else text += stringifyValue(lenient ? evaluate(part.expr, ctx) : evaluateValue(part.expr, ctx));
  }
  return text;
}
