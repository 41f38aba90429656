// The error the AST converter throws; parse.ts turns it into an ExpressionError with a position.

/** Thrown by the converter; parse.ts turns it into an ExpressionError. */
export class ConversionProblem extends Error {
  constructor(
    readonly reason: string,
    readonly index: number,
  ) {
    super(reason);
  }
}
