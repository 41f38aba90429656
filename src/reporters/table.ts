// The one table helper: cells padded to their column's width, rows joined by a gap, indented,
// trailing spaces trimmed. Widths count characters (cells are styled after padding).

export interface TableOptions {
  /** Put before every row (default two spaces). */
  indent?: string;
  /** Between cells (default two spaces). */
  gap?: string;
  /** Right-aligned columns (numbers, durations); the others align left. */
  rightAligned?: readonly number[];
}

/** Each cell padded to the widest cell of its column (rows may differ in length). */
export function padColumns(rows: readonly (readonly string[])[], rightAligned: readonly number[] = []): string[][] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => (rightAligned.includes(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))));
}

/** Joins padded cells into a line: indent + cells joined by gap, trailing spaces trimmed. */
export function tableLine(cells: readonly string[], options: TableOptions = {}): string {
  return `${options.indent ?? '  '}${cells.join(options.gap ?? '  ')}`.trimEnd();
}

/** Rows as aligned lines (see TableOptions). */
export function renderTable(rows: readonly (readonly string[])[], options: TableOptions = {}): string[] {
  return padColumns(rows, options.rightAligned).map((cells) => tableLine(cells, options));
}
