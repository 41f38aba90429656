// `${{ expr }}` templates inside strings: split into text and parsed expression parts.
import type { ParsedExpression } from './ast.js';
import { BoundedCache } from './cache.js';
import { ExpressionError } from './errors.js';
import { parseExpression } from './parse.js';

/** `offset` is where `expr.source` (the trimmed inside of `${{ }}`) starts in the template text. */
export type TemplatePart = { readonly kind: 'text'; readonly value: string } | { readonly kind: 'expr'; readonly expr: ParsedExpression; readonly offset: number };

const OPEN = '${{';
const CLOSE = '}}';
const TEMPLATE_CACHE_SIZE = 1000;
const cache = new BoundedCache<readonly TemplatePart[]>(TEMPLATE_CACHE_SIZE);

/** True when `text` holds at least one `${{`, i.e. needs rendering. */
export function hasTemplate(text: string): boolean {
  return text.includes(OPEN);
}

/** Splits `text` into parts (a fresh array of frozen parts); throws ExpressionError with offsets into `text`. `$${{` is not an escape. */
export function parseTemplate(text: string): TemplatePart[] {
  const cached = cache.get(text);
  if (cached) return [...cached];
  const parts = parseUncached(text);
  cache.set(text, Object.freeze([...parts]));
  return parts;
}

function parseUncached(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let position = 0;
  for (let open = text.indexOf(OPEN); open !== -1; open = text.indexOf(OPEN, position)) {
    if (open > position) parts.push(Object.freeze({ kind: 'text', value: text.slice(position, open) }));
    const innerStart = open + OPEN.length;
    const close = findClose(text, innerStart);
    if (close === -1) throw new ExpressionError('unclosed `${{` (expected `}}`)', open, text);
    parts.push(parseInner(text, open, innerStart, close));
    position = close + CLOSE.length;
  }
  if (position < text.length) parts.push(Object.freeze({ kind: 'text', value: text.slice(position) }));
  return parts;
}

function parseInner(text: string, open: number, innerStart: number, close: number): TemplatePart {
  const inner = text.slice(innerStart, close);
  const source = inner.trim();
  if (source === '') throw new ExpressionError('empty expression in `${{ }}`', open, text);
  const offset = innerStart + (inner.length - inner.trimStart().length);
  try {
    return Object.freeze({ kind: 'expr', expr: parseExpression(source), offset });
  } catch (error) {
    if (error instanceof ExpressionError) {
      throw new ExpressionError(error.reason, offset + error.index, text, { cause: error });
    }
    throw error;
  }
}

/** Index of the `}}` that closes an expression, skipping quoted strings; -1 when there is none. */
function findClose(text: string, from: number): number {
  let index = from;
  while (index < text.length) {
    const char = text[index];
    if (text.startsWith(CLOSE, index)) return index;
    if (char === "'" || char === '"') {
      const end = skipQuoted(text, index);
      // An unterminated quote: fall back to the first `}}` so the parser reports the quote.
      if (end === -1) return text.indexOf(CLOSE, index);
      index = end;
    } else {
      index += 1;
    }
  }
  return -1;
}

/** Index just past the string literal opening at `start`, or -1 when it is not closed. */
function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  for (let index = start + 1; index < text.length; index += 1) {
    if (text[index] === '\\') index += 1;
    else if (text[index] === quote) return index + 1;
  }
  return -1;
}
