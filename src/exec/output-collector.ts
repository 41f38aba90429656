// Routes a process's stdout and stderr, line by line, to the log, onLine, the tail and the capture.
import { LineSplitter, MAX_LINE_PIECE_BYTES, type BlockKind } from './line-splitter.js';
import type { LogWriter } from './log-writer.js';
import { splitLongLine, stripCarriageReturn, TailBytes, TailLines } from './tail.js';
import type { OutputStreamName } from './types.js';

/** Written to the log instead of a line that the redact function failed on. */
export const REDACTION_FAILED = '[flowstate: redaction failed, line withheld]';

/** The lines of a block as text (without their '\n'). */
function splitBlock(block: Buffer, kind: BlockKind): string[] {
  const end = kind === 'lines' ? block.length - 1 : block.length;
  return block.toString('utf8', 0, end).split('\n');
}

/** Where output goes; everything optional except the choice. */
export interface OutputRoutes {
  log: LogWriter | null;
  onLine?: (line: string, stream: OutputStreamName) => void;
  redact?: ((text: string) => string) & { readonly values?: readonly string[] };
  /** Keep the last this-many bytes of stdout; null to keep none. */
  captureStdoutBytes: number | null;
}

/** Per-process output state: one line splitter per stream, shared log, tail and capture. */
export class OutputCollector {
  private readonly tail = new TailLines();
  private readonly capture: TailBytes | null;
  private readonly splitters: Record<OutputStreamName, LineSplitter>;
  private onLine: OutputRoutes['onLine'];
  private logWantsPause = false;
  private callbackFailure: unknown = null;
  /** The end of a long line's piece held back, so a secret cut by the piece boundary is still masked. */
  private readonly carry: Record<OutputStreamName, string> = { stdout: '', stderr: '' };

  constructor(private readonly routes: OutputRoutes) {
    this.onLine = routes.onLine;
    this.capture = routes.captureStdoutBytes === null ? null : new TailBytes(routes.captureStdoutBytes);
    this.splitters = {
      stdout: new LineSplitter((block, kind) => this.route('stdout', block, kind)),
      stderr: new LineSplitter((block, kind) => this.route('stderr', block, kind)),
    };
  }

  /** Feeds a chunk of one stream; false when the log asks the producer to pause. */
  push(stream: OutputStreamName, chunk: Buffer): boolean {
    this.logWantsPause = false;
    this.splitters[stream].push(chunk);
    return !this.logWantsPause;
  }

  /** Marks the end of one stream (its unfinished last line is passed on). */
  end(stream: OutputStreamName): void {
    this.splitters[stream].end();
  }

  /** The last 20 lines of combined output. */
  tailLines(): string[] {
    return this.tail.lines();
  }

  /** The captured end of stdout ('' when not capturing). */
  stdout(): string {
    return this.capture === null ? '' : this.capture.text();
  }

  /** Remembers that a caller's callback threw (the first failure is reported). */
  recordCallbackFailure(error: unknown): void {
    this.callbackFailure ??= error;
  }

  /** A message if onSpawn, onLine or redact threw (onLine is then no longer called). */
  callbackError(): string | null {
    if (this.callbackFailure === null) return null;
    const failure = this.callbackFailure;
    return `output callback failed: ${failure instanceof Error ? failure.message : String(failure)}`;
  }

  private route(stream: OutputStreamName, block: Buffer, kind: BlockKind): void {
    if (this.routes.redact !== undefined) {
      this.routeRedacted(stream, block, kind);
      return;
    }
    if (this.onLine !== undefined) this.emitLines(stream, splitBlock(block, kind));
    else this.tail.pushBlock(block, kind);
    if (stream === 'stdout') this.capture?.push(block);
    this.writeLog(block, kind);
  }

  // Redaction needs the text of every line before anything leaves this object.
  private routeRedacted(stream: OutputStreamName, block: Buffer, kind: BlockKind): void {
    const lines = splitBlock(block, kind);
    let changed = this.carry[stream] !== '';
    lines[0] = this.carry[stream] + (lines[0] as string);
    this.carry[stream] = kind === 'piece' ? this.holdBack(lines, 0) : '';
    if (this.carry[stream] !== '') changed = true;
    if (kind === 'piece' && lines[0] === '') return; // all of it held back for the next block
    for (let index = 0; index < lines.length; index += 1) {
      const line = lines[index] as string;
      const clean = this.redactLine(line);
      if (clean !== line) {
        lines[index] = clean;
        changed = true;
      }
    }
    this.emitLines(stream, lines);
    // Most blocks hold no secret: then the original bytes are logged as they are.
    const bytes = changed ? Buffer.from(kind === 'lines' ? `${lines.join('\n')}\n` : lines.join('\n')) : block;
    if (stream === 'stdout') this.capture?.push(bytes);
    this.writeLog(bytes, kind);
  }

  /**
   * Cuts off (and returns) the end of `lines[index]` that a secret continuing in the next block
   * could start in: the last (longest secret - 1) characters, moved back to the start of any
   * secret that crosses that cut. Bounded by twice the longest secret.
   */
  private holdBack(lines: string[], index: number): string {
    const secrets = this.routes.redact?.values ?? [];
    const longest = secrets[0]?.length ?? 0;
    const text = lines[index] as string;
    if (longest <= 1) return '';
    let cut = Math.max(0, text.length - (longest - 1));
    for (const secret of secrets) {
      const from = Math.max(0, cut - secret.length + 1);
      const found = text.indexOf(secret, from);
      if (found !== -1 && found < cut && found + secret.length > cut) cut = found;
    }
    lines[index] = text.slice(0, cut);
    return text.slice(cut);
  }

  private emitLines(stream: OutputStreamName, lines: string[]): void {
    for (const line of lines) {
      const shown = stripCarriageReturn(line);
      if (shown.length <= MAX_LINE_PIECE_BYTES) {
        this.tail.pushLine(shown);
        this.callOnLine(shown, stream);
        continue;
      }
      for (const piece of splitLongLine(shown)) {
        this.tail.pushLine(piece);
        this.callOnLine(piece, stream);
      }
    }
  }

  private callOnLine(line: string, stream: OutputStreamName): void {
    if (this.onLine === undefined) return;
    try {
      this.onLine(line, stream);
    } catch (error) {
      this.callbackFailure ??= error;
      this.onLine = undefined;
    }
  }

  private redactLine(line: string): string {
    try {
      return (this.routes.redact as (text: string) => string)(line);
    } catch (error) {
      this.callbackFailure ??= error;
      return REDACTION_FAILED;
    }
  }

  private writeLog(bytes: Buffer, kind: BlockKind): void {
    const log = this.routes.log;
    if (log === null) return;
    // A final line without '\n' is still a line: end it so the log stays line-structured.
    let accepted = log.write(bytes);
    if (kind === 'last') accepted = log.write('\n') && accepted;
    if (!accepted) this.logWantsPause = true;
  }
}
