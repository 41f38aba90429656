// The error raised when the run store cannot read or write a run's files.
import { EXIT, FlowstateError } from '../errors/index.js';

/** A run directory file that is unreadable, corrupt or could not be written (exit 1). */
export class RunStoreError extends FlowstateError {
  /** The file the store was working on. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super('run_store', message, EXIT.failed, options);
    this.file = file;
  }
}

/** The `code` of a Node.js system error (ENOENT, EEXIST...), or undefined. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = (error as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

/** A one-line description of an unknown thrown value, for error messages. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
