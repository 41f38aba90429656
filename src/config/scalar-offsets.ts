// Maps an offset inside a scalar's value (e.g. an expression token) back to the source text.
// Plain and quoted scalars are exact on one line; escapes, folded lines and block scalars are
// matched character by character, which is exact unless an escape produces a character that
// also appears literally further on (then the column is a best effort inside the same scalar).
import type { Scalar } from 'yaml';

/** Escape lengths of double-quoted YAML strings after the backslash (default: one character). */
const HEX_ESCAPES: Record<string, number> = { x: 2, u: 4, U: 8 };

/** Source offset of character `index` of the scalar's value (clamped to the scalar). */
export function scalarSourceOffset(text: string, node: Scalar, index: number): number {
  const range = node.range;
  if (!range || typeof node.value !== 'string') return range ? range[0] : 0;
  const value = node.value;
  const start = range[0];
  const end = Math.min(range[1], text.length);
  let i = contentStart(text, start, end, node.type);
  const double = node.type === 'QUOTE_DOUBLE';
  const target = Math.min(Math.max(index, 0), value.length);
  for (let j = 0; j < target && i < end; j += 1) {
    i = matchChar(text, i, end, value.charAt(j), double);
  }
  // Skip indentation, line breaks and quotes before the character itself.
  if (target < value.length) {
    while (i < end && text[i] !== value[target] && text[i] !== '\\') i += 1;
  }
  return Math.min(i, Math.max(end - 1, start));
}

function contentStart(text: string, start: number, end: number, type: Scalar['type']): number {
  if (type === 'QUOTE_DOUBLE' || type === 'QUOTE_SINGLE') return start + 1;
  if (type === 'BLOCK_LITERAL' || type === 'BLOCK_FOLDED') {
    const newline = text.indexOf('\n', start);
    return newline === -1 || newline >= end ? start : newline + 1;
  }
  return start;
}

/** Advances past the source of one value character `want`, starting at `i`. */
function matchChar(text: string, i: number, end: number, want: string, double: boolean): number {
  let k = i;
  while (k < end) {
    if (double && text[k] === '\\') {
      const next = text[k + 1];
      if (next === '\n' || next === '\r') {
        k += 2;
        continue;
      }
      return k + 2 + (next === undefined ? 0 : (HEX_ESCAPES[next] ?? 0));
    }
    if (text[k] === want) return k + 1;
    k += 1;
  }
  return end;
}
