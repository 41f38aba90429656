// The error every parse or render problem of the expression language raises.
import { EXIT, FlowstateError } from '../errors/index.js';

/** A malformed or unsupported expression/template; `index` is a 0-based offset into `source`. */
export class ExpressionError extends FlowstateError {
  /** 0-based offset of the problem in `source` (the expression or the whole template text). */
  readonly index: number;
  /** The text the offset refers to. */
  readonly source: string;
  /** The message without position, for diagnostics that print their own `file:line:col`. */
  readonly reason: string;

  constructor(reason: string, index: number, source: string, options?: { cause?: unknown }) {
    super('expression', `${reason} (at offset ${index}${quoteShort(source)})`, EXIT.usage, options);
    this.index = index;
    this.source = source;
    this.reason = reason;
  }
}

const MAX_QUOTED_SOURCE = 120;

/** ` of `source`` for short one-line sources; long scripts would drown the message. */
function quoteShort(source: string): string {
  return source.length <= MAX_QUOTED_SOURCE && !source.includes('\n') ? ` of \`${source}\`` : '';
}

/** A template read `stages.<id>.outputs.<key>` that the stage did not produce (and gave no `??` default). */
export class MissingOutputError extends Error {
  constructor(
    readonly stage: string,
    readonly key: string,
    /** The keys the stage did write, and its status. */
    written: string[],
    status: string,
  ) {
    const state = status === 'succeeded' ? '' : ` is ${status} and`;
    const wrote = written.length > 0 ? ` wrote: ${written.join(', ')}` : ' wrote no outputs';
    super(`stages.${stage}.outputs.${key} is not set (${stage}${state}${wrote}); give a default with \`?? 'value'\` if it may be missing`);
    this.name = 'MissingOutputError';
  }
}
