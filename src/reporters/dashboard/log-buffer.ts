// Bounded scrollback for the log pane: the newest `capacity` lines (a ring), and search. The
// memory stays bounded however much a stage prints.

/** Default scrollback of the log pane. */
export const LOG_SCROLLBACK = 10_000;

/** Longest line kept (longer ones are cut: a 10 MB line of minified JSON must not freeze the pane). */
const MAX_LINE = 2000;

export class LogBuffer {
  private readonly lines: string[] = [];
  private start = 0;
  /** Lines dropped off the front since the last reset. */
  dropped = 0;

  constructor(readonly capacity = LOG_SCROLLBACK) {}

  /** Number of lines held. */
  get length(): number {
    return this.lines.length;
  }

  /** Appends a line, dropping the oldest when full. */
  push(line: string): void {
    const kept = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    if (this.lines.length < this.capacity) {
      this.lines.push(kept);
      return;
    }
    this.lines[this.start] = kept;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** The line at index i (0 = oldest held). */
  at(i: number): string {
    return this.lines[(this.start + i) % this.lines.length] ?? '';
  }

  /** Lines [from, to). */
  slice(from: number, to: number): string[] {
    const out: string[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.lines.length); i++) out.push(this.at(i));
    return out;
  }

  /** Index of the next line containing `text` after `from` (wrapping), or -1. `step` -1 searches backwards. */
  find(text: string, from: number, step: 1 | -1 = 1): number {
    const n = this.lines.length;
    for (let k = 1; k <= n; k++) {
      const i = (((from + k * step) % n) + n) % n;
      if (this.at(i).includes(text)) return i;
    }
    return -1;
  }

  clear(): void {
    this.lines.length = 0;
    this.start = 0;
    this.dropped = 0;
  }
}
