// One-line values of the fast YAML reader (fast-yaml.ts): plain, quoted and one-line flow
// scalars, resolved exactly as the `yaml` library resolves them with YAML 1.2's core schema.
// Anything outside this small subset throws Decline, and the caller falls back to `yaml`.

/** Thrown when the text is outside the subset the fast reader handles. */
export class Decline extends Error {}

/** Throws Decline: the fast reader steps aside for the full parser. */
export function decline(): never {
  throw new Decline();
}

// The core schema's tests, in the order the `yaml` library tries them (yaml/dist/schema/core).
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
/** Characters that start something other than a plain scalar (YAML's indicators). */
const INDICATORS = new Set(['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`']);
/** A plain scalar inside a one-line flow collection: no flow indicators, quotes or colons (`-` first when a character follows). */
const FLOW_PLAIN = /^(?:[^-?:,[\]{}#&*!|>'"%@` ]|-[^\s,[\]{}#:'"])[^,[\]{}#:'"]*$/;
/** A flow mapping key written plain, then `: `. */
const FLOW_KEY = /^([^-?:,[\]{}#&*!|>'"%@` <=][^,[\]{}#:'" ]*): +/;
/** What may follow a closing quote on its line: spaces, then a comment. */
const AFTER_QUOTE = /^(?: +(?:#.*)?)?$/;

/** The value of a plain scalar as the core schema resolves it (int beyond 2^53: Decline). */
export function plainValue(source: string): unknown {
  if (NULL.test(source)) return null;
  if (BOOL.test(source)) return source[0] === 't' || source[0] === 'T';
  if (INT_OCT.test(source)) return safeInt(parseInt(source.substring(2), 8));
  if (INT.test(source)) return safeInt(parseInt(source, 10));
  if (INT_HEX.test(source)) return safeInt(parseInt(source.substring(2), 16));
  if (FLOAT_NAN.test(source)) {
    if (source.slice(-3).toLowerCase() === 'nan') return NaN;
    return source[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (FLOAT_EXP.test(source) || FLOAT.test(source)) return parseFloat(source);
  return source;
}

function safeInt(value: number): number {
  return Number.isSafeInteger(value) ? value : decline();
}

/** The value written after `key: ` or `- ` on one line (leading spaces removed, not empty, not a comment). */
export function inlineValue(rest: string): unknown {
  switch (rest[0]) {
    case '"':
      return doubleQuoted(rest);
    case "'":
      return singleQuoted(rest);
    case '[':
      return flowSequence(rest);
    case '{':
      return flowMapping(rest);
    default:
      return plainScalar(rest);
  }
}

/** A plain scalar up to an end-of-line comment; multi-line forms are the caller's to refuse. */
function plainScalar(rest: string): unknown {
  const hash = rest.indexOf(' #');
  const body = trimSpaces(hash === -1 ? rest : rest.slice(0, hash));
  const first = body[0] as string;
  if (INDICATORS.has(first) && !(first === '-' && body.length > 1 && body[1] !== ' ')) decline();
  if (body.includes(': ') || body.endsWith(':')) decline();
  return plainValue(body);
}

/** A double-quoted scalar on one line: YAML's escapes that JSON shares, else Decline. */
function doubleQuoted(rest: string): string {
  const i = closingQuote(rest);
  if (!AFTER_QUOTE.test(rest.slice(i + 1))) decline();
  return jsonOrDecline(rest.slice(0, i + 1)) as string;
}

/** A single-quoted scalar on one line (`''` is a quote). */
function singleQuoted(rest: string): string {
  const i = closingQuote(rest);
  if (!AFTER_QUOTE.test(rest.slice(i + 1))) decline();
  return rest.slice(1, i).replaceAll("''", "'");
}

/** Index of the quote closing the scalar `text` starts with (`\\"` escapes in double quotes, `''` in single ones). */
function closingQuote(text: string): number {
  const quote = text[0];
  let i = 1;
  while (i < text.length) {
    if (quote === '"' && text[i] === '\\') i += 2;
    else if (text[i] !== quote) i += 1;
    else if (quote === "'" && text[i + 1] === "'") i += 2;
    else return i;
  }
  return decline();
}

/** `[...]` on one line: quoted or simple plain items. */
function flowSequence(rest: string): unknown[] {
  const scan = new FlowScanner(trimSpaces(rest), ']');
  const items: unknown[] = [];
  while (!scan.atEnd()) items.push(scan.item());
  return items;
}

/** `{ key: value, ... }` on one line with simple keys. */
function flowMapping(rest: string): Record<string, unknown> {
  const scan = new FlowScanner(trimSpaces(rest), '}');
  const result: Record<string, unknown> = {};
  while (!scan.atEnd()) {
    const key = plainKey(scan.key());
    if (Object.hasOwn(result, key)) decline();
    result[key] = scan.item();
  }
  return result;
}

/** Reads the entries of a one-line flow collection `text` (which must end with `close`). */
class FlowScanner {
  private i = 1;

  constructor(
    private readonly text: string,
    private readonly close: string,
  ) {
    if (!text.endsWith(close)) decline();
    this.skipSpaces();
  }

  /** True after the last entry (a trailing comma is left to `yaml`). */
  atEnd(): boolean {
    return this.i === this.text.length - 1;
  }

  /** A plain key followed by `: `. */
  key(): string {
    const match = FLOW_KEY.exec(this.text.slice(this.i)) ?? decline();
    this.i += match[0].length;
    return match[1] as string;
  }

  /** One quoted or plain item and the `,` after it. */
  item(): unknown {
    const rest = this.text.slice(this.i, this.text.length - 1);
    let length: number;
    let value: unknown;
    if (rest[0] === '"' || rest[0] === "'") {
      length = closingQuote(rest) + 1;
      value = rest[0] === '"' ? (jsonOrDecline(rest.slice(0, length)) as string) : rest.slice(1, length - 1).replaceAll("''", "'");
    } else {
      const comma = rest.indexOf(',');
      length = comma === -1 ? rest.length : comma;
      const plain = trimSpaces(rest.slice(0, length));
      value = FLOW_PLAIN.test(plain) ? plainValue(plain) : decline();
    }
    this.i += length;
    this.skipSpaces();
    if (this.text[this.i] === ',') {
      this.i += 1;
      this.skipSpaces();
      if (this.atEnd()) decline();
    } else if (!this.atEnd()) {
      decline();
    }
    return value;
  }

  private skipSpaces(): void {
    while (this.text[this.i] === ' ') this.i += 1;
  }
}

/** A mapping key written plain whose value is the same string (not a number, bool or null). */
export function plainKey(key: string): string {
  if (key === '__proto__' || key.length > 1000 || plainValue(key) !== key) decline();
  return key;
}

function jsonOrDecline(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return decline();
  }
}

/** Removes trailing spaces (YAML trims spaces, not every Unicode blank as String#trimEnd does). */
export function trimSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === ' ') end -= 1;
  return end === text.length ? text : text.slice(0, end);
}
