// jsep configured to flowstate's subset: a subclass (no global jsep state is changed) that
// rejects unsupported syntax at the offending offset and records where every node starts.
import jsep from 'jsep';

export type JsepNode = jsep.Expression;

/** The instance side of jsep's Jsep class (exported at runtime, absent from its typings). */
interface JsepParser {
  index: number;
  readonly expr: string;
  readonly char: string;
  readonly code: number;
  parse(): JsepNode;
  throwError(message: string): never;
  gobbleSpaces(): void;
  gobbleExpressions(untilCode?: number): JsepNode[];
  gobbleExpression(): JsepNode | false | undefined;
  gobbleBinaryExpression(): JsepNode | false | undefined;
  gobbleBinaryOp(): string | false;
  gobbleToken(): JsepNode | false | undefined;
  gobbleIdentifier(): JsepNode;
  gobbleStringLiteral(): JsepNode;
  gobbleArguments(terminationCode: number): JsepNode[];
  gobbleArray(): JsepNode;
}
const JsepBase = (jsep as unknown as { Jsep: new (expr: string) => JsepParser }).Jsep;

const CODE = { comma: 44, semicolon: 59, question: 63, closeParen: 41, equals: 61 } as const;
const ALLOWED_BINARY: ReadonlySet<string> = new Set(['==', '!=', '<', '<=', '>', '>=', '&&', '||', '??']);
const BINARY_HINTS: Readonly<Record<string, string>> = {
  '===': ' (use `==`: it is already strict equality)',
  '!==': ' (use `!=`: it is already strict inequality)',
  '&': ' (use `&&`)',
  '|': ' (use `||`)',
  '-': " (a name with a dash needs brackets: stages['my-stage'])",
};

/** Parses one expression; `starts` maps each leaf jsep node to its 0-based source offset. */
export class RestrictedJsep extends JsepBase {
  readonly starts = new WeakMap<object, number>();

  /** Throws a jsep-style error (with `index` and `description`) at `index`. */
  failAt(index: number, reason: string): never {
    this.index = index;
    return this.throwError(reason);
  }

  // Top level and groups: exactly one expression, no `,` / `;` separators.
  override gobbleExpressions(untilCode?: number): JsepNode[] {
    const nodes: JsepNode[] = [];
    while (this.index < this.expr.length) {
      this.gobbleSpaces();
      const code = this.code;
      if (code === CODE.comma || code === CODE.semicolon) this.failAt(this.index, `\`${this.char}\` is not supported`);
      if (code === untilCode || this.index >= this.expr.length) break;
      const start = this.index;
      const node = this.gobbleExpression();
      if (!node) this.failAt(this.index, this.char ? `unexpected "${this.char}"` : 'unexpected end of expression');
      if (nodes.length > 0) this.failAt(start, 'expected an operator or the end of the expression');
      nodes.push(node);
    }
    return nodes;
  }

  // No expression hooks (so jsep's default ternary plugin never runs): `? :` is refused.
  override gobbleExpression(): JsepNode | false | undefined {
    const node = this.gobbleBinaryExpression();
    this.gobbleSpaces();
    if (node && this.code === CODE.question) this.failAt(this.index, 'the conditional operator `? :` is not supported');
    return node;
  }

  // Binary operators: only comparisons and && / ||; `=` gets its own hint.
  override gobbleBinaryOp(): string | false {
    const operator = super.gobbleBinaryOp();
    if (operator && !ALLOWED_BINARY.has(operator)) {
      this.failAt(this.index - operator.length, `operator \`${operator}\` is not supported${BINARY_HINTS[operator] ?? ''}`);
    }
    if (!operator && this.code === CODE.equals) this.failAt(this.index, 'operator `=` is not supported (compare with `==`)');
    return operator;
  }

  // Operands: records their start; refuses `this` and unary operators other than `!`.
  override gobbleToken(): JsepNode | false | undefined {
    this.gobbleSpaces();
    const start = this.index;
    const node = super.gobbleToken();
    if (!node && this.expr[start] === '(') this.failAt(start, 'empty parentheses');
    if (!node) return node;
    if (!this.starts.has(node)) this.starts.set(node, start);
    const base = chainBase(node);
    if (!this.starts.has(base)) this.starts.set(base, start);
    if (base.type === 'ThisExpression') this.failAt(start, '`this` is not supported');
    if (node.type === 'UnaryExpression') this.checkUnary(node as jsep.UnaryExpression, start);
    return node;
  }

  /** Only `!`, and `-` directly in front of a number literal (a negative number). */
  private checkUnary(node: jsep.UnaryExpression, start: number): void {
    if (node.operator === '!') return;
    const argument = node.argument;
    if (node.operator === '-' && argument.type === 'Literal' && typeof (argument as jsep.Literal).value === 'number') return;
    this.failAt(start, `operator \`${node.operator}\` is not supported`);
  }

  // Names (also property names after `.`): records their start.
  override gobbleIdentifier(): JsepNode {
    const start = this.index;
    const node = super.gobbleIdentifier();
    this.starts.set(node, start);
    return node;
  }

  // String literals: records their start; an unclosed quote is reported where it opens.
  override gobbleStringLiteral(): JsepNode {
    const start = this.index;
    const textLength = this.expr.length;
    let node: JsepNode;
    try {
      node = super.gobbleStringLiteral();
    } catch (error) {
      // jsep reports an unclosed quote at the end of the text; point at the opening quote.
      if (this.index >= textLength) this.failAt(start, 'unclosed quote');
      throw error;
    }
    this.starts.set(node, start);
    return node;
  }

  // jsep calls this with `)` only for function calls (arrays are refused in gobbleArray): the
  // arguments, strictly separated by `,` (jsep would also take `f(a b)`). The converter checks the callee.
  override gobbleArguments(terminationCode: number): JsepNode[] {
    if (terminationCode !== CODE.closeParen) return super.gobbleArguments(terminationCode);
    const args: JsepNode[] = [];
    this.gobbleSpaces();
    if (this.code === CODE.closeParen) {
      this.index++;
      return args;
    }
    for (;;) {
      this.gobbleSpaces();
      const start = this.index;
      const node = this.gobbleExpression();
      if (!node) this.failAt(start, this.char ? `unexpected "${this.char}"` : 'unexpected end of expression');
      args.push(node);
      this.gobbleSpaces();
      if (this.code === CODE.closeParen) {
        this.index++;
        return args;
      }
      if (this.code !== CODE.comma) this.failAt(this.index, this.index >= this.expr.length ? 'unclosed (' : 'expected `,` or `)`');
      this.index++;
    }
  }

  // `[` where an operand is expected.
  override gobbleArray(): JsepNode {
    return this.failAt(this.index, 'array literals are not supported');
  }
}

/** The object a member chain (`a.b['c']`) starts from. */
function chainBase(node: JsepNode): JsepNode {
  let base = node;
  while (base.type === 'MemberExpression') base = (base as jsep.MemberExpression).object;
  return base;
}
