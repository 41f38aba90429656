// Pipeline names are unique per project: two files with one `name:` would share one runs folder
// and one fingerprint cache. Sibling files are only skimmed for their top-level `name:` line.
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../errors/index.js';
import { diagnosticAt } from './diagnostics.js';

const NAME_LINE = /^name:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(#.*)?$/m;

/** The top-level `name:` of a pipeline text and where its value starts (1-based), if it has one. */
export function declaredName(text: string): { name: string; line: number; col: number } | undefined {
  const match = NAME_LINE.exec(text);
  const [whole, quote, name] = match ?? [];
  if (!match || whole === undefined || name === undefined) return undefined;
  const before = text.slice(0, match.index);
  const line = before.split('\n').length;
  const col = whole.indexOf(name) + 1 - (quote ? 1 : 0);
  return { name, line, col };
}

/** An error at `file`'s `name:` when another of `others` declares the same name; undefined when the name is unique. */
export function duplicateNameDiagnostic(file: string, name: string, others: readonly string[], display: (abs: string) => string): Diagnostic | undefined {
  const clashes = others.filter((other) => other !== file && declaredName(readText(other))?.name === name);
  if (clashes.length === 0) return undefined;
  const at = declaredName(readText(file)) ?? { line: 1, col: 1 };
  const names = clashes.map(display).join(', ');
  return diagnosticAt(
    display(file),
    at,
    `pipeline name \`${name}\` is also declared by ${names}; two pipelines with one name would share one runs folder and one fingerprint cache: rename one`,
  );
}

/** A file's text, or '' when it cannot be read. */
function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
