// A fast reader for the plain YAML most pipelines are written in: block mappings and lists
// indented with spaces, one-line scalars and flow lists, literal `|` blocks, comments. It
// builds the plain data and the line:col of every mapping key without the `yaml` library's
// Document (a node with source ranges per value, ~15x slower to build and to collect).
// It accepts only text that `yaml` reads without a problem into the very same data; anything
// else (tags, anchors, folded or multi-line scalars, duplicate keys, odd indentation...) makes
// it return undefined, and the caller parses with `yaml`, which reports or reads it as before.
import { Decline, decline, inlineValue, plainKey, trimSpaces } from './fast-yaml-scalars.js';

/** Where a mapping key is written (1-based), and the positions inside its value when that is a mapping. */
export interface KeyPosition {
  line: number;
  col: number;
  children?: KeyIndex;
}

/** Key positions of one mapping. */
export type KeyIndex = Map<string, KeyPosition>;

/** What the fast reader found: the data (a mapping at the top) and its key positions. */
export interface FastYaml {
  value: Record<string, unknown>;
  keys: KeyIndex;
}

/** Characters `yaml` treats specially or rejects (tabs, CR, controls, BOM, Unicode line breaks). */
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const UNUSUAL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
/** A block mapping entry's plain key, followed by `:` and a space or the end of the line. */
const KEY = /^([^\s\-?:,[\]{}#&*!|>'"%@`<=][^\s:,[\]{}#]*):(?: |$)/;

/** Reads `text` when it is in the plain subset; undefined means "use the full parser". */
export function readFastYaml(text: string): FastYaml | undefined {
  if (UNUSUAL.test(text) || !text.endsWith('\n')) return undefined;
  try {
    return new FastReader(text).document();
  } catch (error) {
    if (error instanceof Decline) return undefined;
    throw error;
  }
}

type Parsed = [value: unknown, next: number, keys?: KeyIndex];

/** One pass over the lines; `col[i]` is where line i's content starts (moved past `- ` for compact forms). */
class FastReader {
  private readonly lines: string[];
  private readonly col: number[];

  constructor(text: string) {
    this.lines = text.split('\n');
    this.col = this.lines.map(indentOf);
  }

  document(): FastYaml {
    const first = this.significant(0);
    if (first >= this.lines.length || this.col[first] !== 0 || this.isEntry(first)) decline();
    if (/^(?:---|\.\.\.|%)/.test(this.lines[first] as string)) decline();
    const [value, next, keys] = this.mapping(first, 0);
    if (next < this.lines.length) decline();
    return { value: value as Record<string, unknown>, keys: keys as KeyIndex };
  }

  private content(i: number): string {
    return (this.lines[i] as string).slice(this.col[i]);
  }

  /** The first line at or after i with content other than a comment (lines.length when none). */
  private significant(i: number): number {
    let j = i;
    while (j < this.lines.length) {
      const c = (this.lines[j] as string)[this.col[j] as number];
      if (c !== undefined && c !== '#') break;
      j += 1;
    }
    return j;
  }

  private isEntry(i: number): boolean {
    const c = this.content(i);
    return c[0] === '-' && (c.length === 1 || c[1] === ' ');
  }

  /** The block node starting on line i (content more indented than the parent). */
  private node(i: number): Parsed {
    return this.isEntry(i) ? this.sequence(i, this.col[i] as number) : this.mapping(i, this.col[i] as number);
  }

  /** A block mapping whose keys start at column n. */
  private mapping(start: number, n: number): Parsed {
    const value: Record<string, unknown> = {};
    const keys: KeyIndex = new Map();
    let i = start;
    while (i < this.lines.length && this.col[i] === n && !this.isEntry(i)) {
      const text = this.content(i);
      const match = KEY.exec(text) ?? decline();
      const key = plainKey(match[1] as string);
      if (keys.has(key)) decline();
      const position: KeyPosition = { line: i + 1, col: n + 1 };
      const [item, next, children] = this.valueAfter(i, text.slice(match[0].length), n, true);
      value[key] = item;
      if (children) position.children = children;
      keys.set(key, position);
      i = next;
      if (i < this.lines.length && (this.col[i] as number) > n) decline();
    }
    return [value, i, keys];
  }

  /** A block list whose `-` are at column n. */
  private sequence(start: number, n: number): Parsed {
    const items: unknown[] = [];
    let i = start;
    while (i < this.lines.length && this.col[i] === n && this.isEntry(i)) {
      const text = this.content(i);
      let k = 1;
      while (text[k] === ' ') k += 1;
      const rest = text.slice(k);
      let parsed: Parsed;
      if (rest !== '' && (KEY.test(rest) || (rest[0] === '-' && (rest.length === 1 || rest[1] === ' ')))) {
        this.col[i] = n + k; // a compact mapping or list inside the entry, starting after `- `
        parsed = this.node(i);
      } else {
        parsed = this.valueAfter(i, rest, n, false);
      }
      items.push(parsed[0]);
      i = parsed[1];
      if (i < this.lines.length && (this.col[i] as number) > n) decline();
    }
    return [items, i];
  }

  /** The value after `key:` or `- ` on line i of a node at column n. */
  private valueAfter(i: number, after: string, n: number, inMapping: boolean): Parsed {
    let k = 0;
    while (after[k] === ' ') k += 1;
    const rest = after.slice(k);
    if (rest === '' || rest[0] === '#') {
      if (!inMapping && rest !== '') decline();
      const next = this.significant(i + 1);
      if (next < this.lines.length && (this.col[next] as number) > n) return this.node(next);
      if (inMapping && next < this.lines.length && this.col[next] === n && this.isEntry(next)) return this.sequence(next, n);
      return [null, next];
    }
    if (rest[0] === '|') return this.literal(i, rest, n);
    return [inlineValue(rest), this.significant(i + 1)];
  }

  /** A literal block scalar (`|` or `|-`) whose header is on line i, inside a node at column n. */
  private literal(i: number, header: string, n: number): Parsed {
    const chomp = trimSpaces(header);
    if (chomp !== '|' && chomp !== '|-') decline();
    let j = i + 1;
    const indent = this.col[j] ?? 0;
    const firstLine = this.lines[j] ?? '';
    if (indent === firstLine.length || indent <= n) decline(); // empty or blank-first blocks
    const parts: string[] = [];
    for (; j < this.lines.length - 1; j += 1) {
      const line = this.lines[j] as string;
      const spaces = this.col[j] as number;
      if (spaces === line.length) {
        if (spaces > indent) decline();
        parts.push('');
      } else if (spaces < indent) {
        break;
      } else {
        parts.push(line.slice(indent));
      }
    }
    while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
    const body = parts.join('\n');
    return [chomp === '|-' ? body : `${body}\n`, this.significant(j)];
  }
}

function indentOf(line: string): number {
  let i = 0;
  while (line.charCodeAt(i) === 32) i += 1;
  return i;
}
