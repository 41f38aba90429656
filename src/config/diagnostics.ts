// Helpers to build and order diagnostics (`file:line:col: message`).
import type { Diagnostic } from '../errors/index.js';

/** A 1-based line/column pair. */
export interface LineCol {
  line: number;
  col: number;
}

/** Builds a diagnostic for a file as it is displayed. */
export function diagnosticAt(file: string, at: LineCol, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { file, line: at.line, col: at.col, message, severity };
}

/** Orders diagnostics by line and column, keeping files in the order they first appear. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const fileOrder = new Map<string, number>();
  for (const d of diagnostics) if (!fileOrder.has(d.file)) fileOrder.set(d.file, fileOrder.size);
  return diagnostics
    .map((d, index) => ({ d, index }))
    .sort((a, b) => (fileOrder.get(a.d.file) ?? 0) - (fileOrder.get(b.d.file) ?? 0) || a.d.line - b.d.line || a.d.col - b.d.col || a.index - b.index)
    .map(({ d }) => d);
}

/** Drops exact repeats (same file, position and message). */
export function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}\u0000${d.line}\u0000${d.col}\u0000${d.message}\u0000${d.severity}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when at least one diagnostic is an error. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}
