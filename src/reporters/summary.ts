// The end-of-run summary table: one aligned row per stage.
import { createPalette, type Palette, type Style } from './color.js';
import { formatDuration } from './format.js';

/** One stage's line in the summary table. */
export interface SummaryRow {
  stage: string;
  status: string;
  attempts: number;
  duration_ms: number | null;
  reason?: string | null;
}

const HEADERS = ['stage', 'status', 'attempts', 'duration'] as const;
const INDENT = '  ';
const GAP = '  ';

/** Picks the colour of a stage status (green success, red failure, yellow the rest). */
export function statusStyle(status: string, palette: Palette): Style {
  if (status === 'succeeded') return palette.green;
  if (status === 'failed' || status === 'timed_out') return palette.red;
  if (status === 'pending') return palette.dim;
  return palette.yellow;
}

function rowCells(row: SummaryRow): string[] {
  const duration = row.duration_ms === null ? '-' : formatDuration(row.duration_ms);
  return [row.stage, row.status, String(row.attempts), duration];
}

// Pads a cell to `width` visible characters; numbers and durations align right.
function pad(text: string, width: number, column: number): string {
  return column >= 2 ? text.padStart(width) : text.padEnd(width);
}

/** Renders the summary table (header + rows, columns aligned; a reason column only if any row has one). */
export function renderSummaryTable(rows: SummaryRow[], color: boolean): string {
  const palette = createPalette(color);
  const cells = rows.map(rowCells);
  const widths = HEADERS.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => row[column].length)),
  );
  const hasReason = rows.some((row) => typeof row.reason === 'string' && row.reason !== '');
  const headerCells = HEADERS.map((header, column) => pad(header, widths[column], column));
  const header = [...headerCells, ...(hasReason ? ['reason'] : [])].join(GAP);
  const lines = [INDENT + palette.dim(header)];
  rows.forEach((row, index) => {
    const padded = cells[index].map((cell, column) => pad(cell, widths[column], column));
    padded[1] = statusStyle(row.status, palette)(padded[1]);
    padded[3] = palette.dim(padded[3]);
    if (hasReason && row.reason) padded.push(row.reason);
    lines.push((INDENT + padded.join(GAP)).trimEnd());
  });
  return lines.join('\n');
}
