// The readable end of an agent attempt: error events, the final result text, the last
// assistant message, stderr - never raw protocol lines (those stay in the stage log).

/** Lines kept for a failure tail (the plain reporter shows them all). */
export const HUMAN_TAIL_LINES = 20;
/** Longest line kept; longer ones are cut with `…`. */
const MAX_LINE_CHARS = 400;

interface Entry {
  text: string;
  repeats: number;
}

/** A bounded list of human lines; consecutive repeats collapse into one line with a count. */
export class HumanTail {
  private entries: Entry[] = [];

  constructor(private readonly maxLines: number = HUMAN_TAIL_LINES) {}

  /** Adds text (several lines are kept as several lines, blank ones dropped), each after `label: ` when given. */
  say(text: string, label?: string): void {
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trimEnd())
      .filter((line) => line.trim() !== '');
    for (const [index, line] of lines.entries()) this.push(label !== undefined && index === 0 ? `${label}: ${line}` : line);
  }

  /** The kept lines, oldest first (`… (×3)` marks a line printed three times in a row). */
  lines(): string[] {
    return this.entries.map((entry) => (entry.repeats > 1 ? `${entry.text} (×${entry.repeats})` : entry.text));
  }

  private push(line: string): void {
    const text = line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS - 1)}…` : line;
    const last = this.entries[this.entries.length - 1];
    if (last !== undefined && last.text === text) {
      last.repeats += 1;
      return;
    }
    this.entries.push({ text, repeats: 1 });
    if (this.entries.length > this.maxLines) this.entries.shift();
  }
}

/** True for a line that looks like a JSON protocol record rather than text for people. */
export function isProtocolLine(line: string): boolean {
  const trimmed = line.trim();
  return (trimmed.startsWith('{') && trimmed.endsWith('}')) || (trimmed.startsWith('[') && trimmed.endsWith(']'));
}

/** The last `max` lines of a multi-line text (an answer or a message), blank lines dropped. */
export function lastLines(text: string, max: number): string {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .slice(-max)
    .join('\n');
}
