// Plain-text rendering of templates: argv items, prompts, env values.
import type { ExprContext } from './context.js';
import { evaluate, evaluateValue } from './evaluate.js';
import type { TemplatePart } from './template.js';

/** How a value is spliced into text: undefined/null -> '', objects -> JSON, others -> String. */
export function stringifyValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value) ?? '';
  if (typeof value === 'function' || typeof value === 'symbol') return '';
  return String(value);
}

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
