// Stage template files (`uses:`): a template's `inputs.<name>` reads are replaced, in the
// expression source, by an expression that gives the value passed in `with:`. Values stay
// values: a literal becomes a string literal, `${{ x }}` becomes `(x)`, mixed text becomes
// `format('…{0}…', x)`, so a `with:` value reaches a shell `run:` through the same quoting as
// any other expression value and can never become shell syntax.
import { ExpressionError, hasTemplate, parseTemplate } from '../expr/index.js';

/** A read of `inputs.<name>` in an expression source: its span and the name. */
export interface InputRead {
  start: number;
  end: number;
  name: string;
}

const IDENT_START = /[A-Za-z_$]/;
const IDENT = /[A-Za-z0-9_$]/;

/** Every `inputs.name` / `inputs['name']` read rooted at the identifier `inputs` (not inside strings, not after `.`). */
export function inputReads(source: string): InputRead[] {
  const reads: InputRead[] = [];
  let previous = '';
  for (let i = 0; i < source.length;) {
    const char = source[i] as string;
    if (char === "'" || char === '"') {
      i = skipString(source, i);
      previous = char;
      continue;
    }
    if (IDENT_START.test(char)) {
      let end = i;
      while (end < source.length && IDENT.test(source[end] as string)) end++;
      const word = source.slice(i, end);
      if (word === 'inputs' && previous !== '.') {
        const read = propertyAfter(source, i, end);
        if (read) {
          reads.push(read);
          i = read.end;
          previous = ']';
          continue;
        }
      }
      i = end;
      previous = 'a';
      continue;
    }
    if (!/\s/.test(char)) previous = char;
    i++;
  }
  return reads;
}

function skipString(source: string, open: number): number {
  const quote = source[open];
  let i = open + 1;
  while (i < source.length && source[i] !== quote) i += source[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** `.name` or `['name']` after `inputs` (spaces allowed), as a read spanning from `start`. */
function propertyAfter(source: string, start: number, end: number): InputRead | undefined {
  const rest = source.slice(end);
  const dotted = /^\s*\.\s*([A-Za-z_$][A-Za-z0-9_$]*)/.exec(rest);
  if (dotted?.[1] !== undefined) return { start, end: end + dotted[0].length, name: dotted[1] };
  const bracketed = /^\s*\[\s*(['"])((?:(?!\1)[^\\])*)\1\s*\]/.exec(rest);
  if (bracketed?.[2] !== undefined) return { start, end: end + bracketed[0].length, name: bracketed[2] };
  return undefined;
}

/** The expression that gives a `with:` value (or a default) in the using pipeline. */
export function valueExpression(value: string | number | boolean): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  if (!hasTemplate(value)) return quote(value);
  const parts = parseTemplate(value);
  if (parts.length === 1 && parts[0]?.kind === 'expr') return `(${parts[0].expr.source})`;
  let pattern = '';
  const args: string[] = [];
  for (const part of parts) {
    if (part.kind === 'text') pattern += part.value.replace(/[{}]/g, (brace) => brace + brace);
    else pattern += `{${args.push(`(${part.expr.source})`) - 1}}`;
  }
  return `format(${quote(pattern)}, ${args.join(', ')})`;
}

/** A single-quoted expression string literal of `text`. */
function quote(text: string): string {
  return `'${text.replace(/[\\'\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c)}'`;
}

/** An expression source with every template input read replaced by `(value expression)`. */
export function substituteInputs(source: string, values: ReadonlyMap<string, string>): string {
  let out = '';
  let position = 0;
  for (const read of inputReads(source)) {
    const value = values.get(read.name);
    if (value === undefined) continue;
    out += `${source.slice(position, read.start)}(${value})`;
    position = read.end;
  }
  return out + source.slice(position);
}

/** A string of the template's stage with its inputs substituted: inside `${{ }}`, or all of it for a bare condition. */
export function substituteInText(text: string, values: ReadonlyMap<string, string>, bare: boolean): string {
  if (bare && !hasTemplate(text)) return substituteInputs(text, values);
  if (!hasTemplate(text)) return text;
  try {
    return parseTemplate(text)
      .map((part) => (part.kind === 'text' ? part.value : `\${{ ${substituteInputs(part.expr.source, values)} }}`))
      .join('');
  } catch (error) {
    if (error instanceof ExpressionError) return text; // reported where the template file is checked
    throw error;
  }
}

/** The input names a string of a template reads (for the declared-inputs check). */
export function inputNamesIn(text: string, bare: boolean): string[] {
  if (bare && !hasTemplate(text)) return inputReads(text).map((read) => read.name);
  if (!hasTemplate(text)) return [];
  try {
    return parseTemplate(text).flatMap((part) => (part.kind === 'expr' ? inputReads(part.expr.source).map((read) => read.name) : []));
  } catch (error) {
    if (error instanceof ExpressionError) return [];
    throw error;
  }
}
