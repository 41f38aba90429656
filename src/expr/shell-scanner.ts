// A small POSIX sh lexer that tracks the quoting state at the end of the text fed so far, so a
// `${{ }}` can be replaced by a variable reference quoted for exactly that spot. It follows
// '…', "…", \, `…`, $( ), $(( )), # comments and here-documents; anything it misreads still
// cannot turn a value into syntax (values only ever arrive through "${VAR}" expansions).

/** Where in the shell grammar the next character would land. */
export type ShellSpot = 'plain' | 'double' | 'single' | 'heredoc' | 'quoted-heredoc' | 'arithmetic' | 'comment';

type Frame =
  | { kind: 'plain' | 'substitution' | 'backtick'; parens: number }
  | { kind: 'double' }
  | { kind: 'single' }
  | { kind: 'arithmetic'; parens: number }
  | { kind: 'heredoc'; delimiter: string; quoted: boolean; stripTabs: boolean; line: string };

const WORD_BREAK = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

/** Feeds script text left to right and answers "what quoting applies here?". */
export class ShellScanner {
  private readonly stack: Frame[] = [{ kind: 'plain', parens: 0 }];
  private pendingHeredocs: Frame[] = [];
  private escapeNext = false;
  private inComment = false;
  private atWordStart = true;
  /** The last character was an unescaped `$` outside single quotes. */
  trailingDollar = false;

  /** True when the text so far ends with a backslash that would escape what follows. */
  get escapePending(): boolean {
    return this.escapeNext;
  }

  /** The quoting context at the current end of the text. */
  spot(): ShellSpot {
    if (this.inComment) return 'comment';
    const top = this.top();
    if (top.kind === 'heredoc') return top.quoted ? 'quoted-heredoc' : 'heredoc';
    if (top.kind === 'double' || top.kind === 'single' || top.kind === 'arithmetic') return top.kind;
    return 'plain';
  }

  /** Advances over `text`. */
  feed(text: string): void {
    let index = 0;
    while (index < text.length) index = this.step(text, index);
  }

  private top(): Frame {
    // The bottom `plain` frame is never popped (only quote, substitution and heredoc frames are).
    return this.stack[this.stack.length - 1]!;
  }

  private step(text: string, index: number): number {
    const char = text.charAt(index);
    const top = this.top();
    const wasWordStart = this.atWordStart;
    this.atWordStart = WORD_BREAK.has(char);
    this.trailingDollar = false;
    if (top.kind === 'heredoc') return this.stepHeredoc(top, char, index);
    if (this.escapeNext) {
      this.escapeNext = false;
      this.atWordStart = false;
      return index + 1;
    }
    if (this.inComment) {
      if (char === '\n') return this.stepNewline(index);
      return index + 1;
    }
    if (top.kind === 'single') {
      if (char === "'") this.stack.pop();
      return index + 1;
    }
    if (char === '\\') {
      this.escapeNext = true;
      return index + 1;
    }
    if (char === '$') return this.stepDollar(text, index);
    if (char === '`') return this.stepBacktick(index);
    if (top.kind === 'double') {
      if (char === '"') this.stack.pop();
      return index + 1;
    }
    if (top.kind === 'arithmetic') return this.stepArithmetic(top, text, index);
    return this.stepCode(top, text, index, wasWordStart);
  }

  // plain, $( ) and ` ` frames: commands.
  private stepCode(top: Frame & { parens: number }, text: string, index: number, wordStart: boolean): number {
    const char = text[index];
    if (char === "'") this.stack.push({ kind: 'single' });
    else if (char === '"') this.stack.push({ kind: 'double' });
    else if (char === '#' && wordStart) this.inComment = true;
    else if (char === '\n') return this.stepNewline(index);
    else if (char === '(') top.parens += 1;
    else if (char === ')' && top.parens > 0) top.parens -= 1;
    else if (char === ')' && top.kind === 'substitution') this.stack.pop();
    else if (text.startsWith('<<<', index))
      return index + 3; // a here-string (bash), not a here-document
    else if (text.startsWith('<<', index)) return this.readHeredocStart(text, index + 2);
    return index + 1;
  }

  private stepNewline(index: number): number {
    this.inComment = false;
    this.atWordStart = true;
    // Bodies are read in the order their operators appeared: push the last one first.
    for (const heredoc of this.pendingHeredocs.reverse()) this.stack.push(heredoc);
    this.pendingHeredocs = [];
    return index + 1;
  }

  private stepDollar(text: string, index: number): number {
    if (text.startsWith('$((', index)) {
      this.stack.push({ kind: 'arithmetic', parens: 0 });
      return index + 3;
    }
    if (text.startsWith('$(', index)) {
      this.stack.push({ kind: 'substitution', parens: 0 });
      return index + 2;
    }
    this.trailingDollar = true;
    return index + 1;
  }

  private stepBacktick(index: number): number {
    if (this.top().kind === 'backtick') this.stack.pop();
    else this.stack.push({ kind: 'backtick', parens: 0 });
    return index + 1;
  }

  private stepArithmetic(top: { parens: number }, text: string, index: number): number {
    const char = text[index];
    if (char === '(') top.parens += 1;
    else if (char === ')' && top.parens > 0) top.parens -= 1;
    else if (char === ')') {
      this.stack.pop();
      return text[index + 1] === ')' ? index + 2 : index + 1;
    }
    return index + 1;
  }

  /** After `<<`: an optional `-`, blanks, then the delimiter word (quoted if it has quotes). */
  private readHeredocStart(text: string, index: number): number {
    const stripTabs = text[index] === '-';
    let cursor = stripTabs ? index + 1 : index;
    while (text[cursor] === ' ' || text[cursor] === '\t') cursor += 1;
    const start = cursor;
    while (cursor < text.length && !WORD_BREAK.has(text.charAt(cursor))) cursor += 1;
    const word = text.slice(start, cursor);
    if (word === '') return cursor;
    const quoted = /['"\\]/.test(word);
    const delimiter = word.replace(/['"\\]/g, '');
    this.pendingHeredocs.push({ kind: 'heredoc', delimiter, quoted, stripTabs, line: '' });
    this.atWordStart = false;
    return cursor;
  }

  private stepHeredoc(top: Frame & { kind: 'heredoc' }, char: string, index: number): number {
    if (this.escapeNext) {
      this.escapeNext = false;
      top.line += char === '\n' ? '' : `\\${char}`;
      return index + 1;
    }
    if (char === '\\' && !top.quoted) {
      this.escapeNext = true;
      return index + 1;
    }
    if (char !== '\n') {
      top.line += char;
      this.trailingDollar = char === '$' && !top.quoted;
      return index + 1;
    }
    const line = top.stripTabs ? top.line.replace(/^\t+/, '') : top.line;
    if (line === top.delimiter) this.stack.pop();
    else top.line = '';
    return index + 1;
  }
}
