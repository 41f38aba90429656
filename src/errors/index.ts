// FlowstateError and its subclasses; every error a user can meet carries its exit code.

/** DESIGN §7 exit codes. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  needsReview: 3,
  awaitingApproval: 4,
  conflict: 5,
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

import type { Diagnostic } from '../model/diagnostic.js';

export type { Diagnostic } from '../model/diagnostic.js';

/** Formats a diagnostic the way every command prints it. */
export function formatDiagnostic(d: Diagnostic): string {
  const tag = d.severity === 'warning' ? 'warning: ' : '';
  return `${d.file}:${d.line}:${d.col}: ${tag}${d.message}`;
}

/** Base class: a stable machine-readable `code` and the process exit code. */
export class FlowstateError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** Bad command-line usage or input values (exit 2). */
export class UsageError extends FlowstateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('usage', message, EXIT.usage, options);
  }
}

/** A pipeline or config file that failed to load; holds every diagnostic of the file(s). */
export class ValidationError extends FlowstateError {
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[], options?: { cause?: unknown }) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super('invalid', errors.map(formatDiagnostic).join('\n'), EXIT.usage, options);
    this.diagnostics = diagnostics;
  }
}

/** A run locked by a live process, or a pipeline changed since the run started (exit 5). */
export class ConflictError extends FlowstateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('conflict', message, EXIT.conflict, options);
  }
}

/** A run, stage or file that does not exist (exit 2: the user named it). */
export class NotFoundError extends FlowstateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('not_found', message, EXIT.usage, options);
  }
}

/** A feature the schema accepts but this version cannot run yet (exit 2, at load time). */
export class UnsupportedError extends FlowstateError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unsupported', message, EXIT.usage, options);
  }
}

/** True for any error flowstate raised on purpose (as opposed to a bug). */
export function isFlowstateError(error: unknown): error is FlowstateError {
  return error instanceof FlowstateError;
}
