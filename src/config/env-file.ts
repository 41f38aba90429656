// `env_file:` — dotenv files read at load time. Syntax: `NAME=value` lines, optional `export `,
// `#` comment lines, blank lines; a value is unquoted (trimmed, ` #` starts a comment), in single
// quotes (literal) or in double quotes (`\n \t \r \\ \" \$` escapes). No `${VAR}` expansion.
import path from 'node:path';
import type { Diagnostic } from '../errors/index.js';
import { diagnosticAt } from './diagnostics.js';
import type { DocPath, Problem } from './positions.js';
import { readSourceFile } from './read-file.js';

/** A problem of one dotenv line, 1-based. */
export interface DotenvProblem {
  line: number;
  col: number;
  message: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', $: '$' };

/** Parses dotenv text: the variables in order (a later line wins) and the problems of bad lines. */
export function parseDotenv(text: string): { values: Record<string, string>; problems: DotenvProblem[] } {
  const values: Record<string, string> = Object.create(null) as Record<string, string>;
  const problems: DotenvProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const parsed = parseLine(raw);
    if (parsed === null) return;
    if ('message' in parsed) problems.push({ line: index + 1, col: parsed.col, message: parsed.message });
    else values[parsed.name] = parsed.value;
  });
  return { values: { ...values }, problems };
}

type LineResult = { name: string; value: string } | { col: number; message: string } | null;

/** One line: null for blank and comment lines. */
function parseLine(raw: string): LineResult {
  let at = raw.length - raw.trimStart().length;
  if (at === raw.length || raw[at] === '#') return null;
  if (raw.startsWith('export ', at)) at += 'export '.length;
  while (raw[at] === ' ' || raw[at] === '\t') at++;
  const name = NAME.exec(raw.slice(at))?.[0];
  if (!name) return { col: at + 1, message: 'expected `NAME=value` (a name is letters, digits and `_`, not starting with a digit)' };
  if (FORBIDDEN.has(name)) return { col: at + 1, message: `\`${name}\` is not allowed as a variable name` };
  let eq = at + name.length;
  while (raw[eq] === ' ' || raw[eq] === '\t') eq++;
  if (raw[eq] !== '=') return { col: eq + 1, message: `expected \`=\` after \`${name}\`` };
  let start = eq + 1;
  while (raw[start] === ' ' || raw[start] === '\t') start++;
  const value = parseValue(raw, start);
  if ('message' in value) return value;
  if (value.value.includes('${{')) {
    return { col: start + 1, message: '`${{` is not allowed in an env_file value (values are literal; put templates in `env:`)' };
  }
  return { name, value: value.value };
}

/** The value starting at `start`: quoted or bare; anything but a comment after a closing quote is an error. */
function parseValue(raw: string, start: number): { value: string } | { col: number; message: string } {
  const quote = raw[start];
  if (quote !== "'" && quote !== '"') {
    const comment = raw.slice(start).search(/\s#/);
    return { value: (comment === -1 ? raw.slice(start) : raw.slice(start, start + comment)).trim() };
  }
  let value = '';
  let at = start + 1;
  for (; at < raw.length && raw[at] !== quote; at++) {
    const char = raw[at] as string;
    if (quote === '"' && char === '\\' && at + 1 < raw.length) {
      const next = raw[at + 1] as string;
      value += Object.hasOwn(ESCAPES, next) ? ESCAPES[next] : `\\${next}`;
      at++;
    } else {
      value += char;
    }
  }
  if (at >= raw.length) return { col: start + 1, message: `unclosed ${quote === '"' ? 'double' : 'single'} quote (values are one line)` };
  const rest = raw.slice(at + 1).trim();
  if (rest !== '' && !rest.startsWith('#')) return { col: at + 2, message: 'unexpected text after the closing quote' };
  return { value };
}

/** What reading the env files of one `env_file:` key gave: the variables, and the problems. */
export interface EnvFileResult {
  values: Record<string, string>;
  /** Problems at the `env_file` key of the pipeline file (missing or unreadable file). */
  problems: Problem[];
  /** Problems inside the env files, at their own `file:line:col`. */
  diagnostics: Diagnostic[];
}

/** Reads the dotenv file(s) an `env_file:` value names (relative to `root`); later files win. */
export function readEnvFiles(value: string | string[] | undefined, at: DocPath, root: string, display: (abs: string) => string): EnvFileResult {
  const result: EnvFileResult = { values: {}, problems: [], diagnostics: [] };
  if (value === undefined) return result;
  const files = typeof value === 'string' ? [value] : value;
  files.forEach((file, index) => {
    const where = typeof value === 'string' ? at : [...at, index];
    const abs = path.resolve(root, file);
    const read = readSourceFile(abs);
    if (!read.ok) {
      result.problems.push({ path: where, at: 'value', message: `env_file ${file}: ${read.message}` });
      return;
    }
    const parsed = parseDotenv(read.text);
    for (const problem of parsed.problems) result.diagnostics.push(diagnosticAt(display(abs), problem, problem.message));
    Object.assign(result.values, parsed.values);
  });
  return result;
}
