// The `tail` a failed attempt's stage.finished carries: the last lines worth reading, bounded and masked.

/** Lines in a stage.finished tail. */
export const REPORT_TAIL_LINES = 10;
/** Longer lines are cut, so one minified blob cannot flood a terminal. */
const MAX_LINE_CHARS = 400;

/** What a terminal shows of a line rewritten with `\r` (progress bars), cut to a readable length. */
function visiblePart(raw: string): string {
  const trimmed = raw.replace(/\r+$/, '');
  const line = trimmed.slice(trimmed.lastIndexOf('\r') + 1);
  return line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line;
}

/** The last REPORT_TAIL_LINES lines of an outcome's tail, each masked and cut to size. */
export function reportTail(lines: readonly string[], redact: (text: string) => string): string[] {
  return lines.slice(-REPORT_TAIL_LINES).map((line) => visiblePart(redact(line)));
}
