// The end-of-run summary table: one aligned row per stage.
import { createPalette, type Palette, type Style } from './color.js';
import { formatDuration } from './format.js';
import { padColumns, tableLine } from './table.js';

/** One stage's line in the summary table. */
export interface SummaryRow {
  stage: string;
  status: string;
  attempts: number;
  duration_ms: number | null;
  reason?: string | null;
  /** The worker a remote stage ran on (docs/scale-out.md); a `ran on` column appears when any row has one. */
  where?: string | null;
}

const HEADERS = ['stage', 'status', 'attempts', 'duration'] as const;
const INDENT = '  ';
const GAP = '  ';
/** Attempts and duration align right. */
const RIGHT_ALIGNED = [2, 3];

/** Picks the colour of a stage status (green success, red failure, yellow the rest). */
function statusStyle(status: string, palette: Palette): Style {
  if (status === 'succeeded') return palette.green;
  if (status === 'failed' || status === 'timed_out') return palette.red;
  if (status === 'pending') return palette.dim;
  return palette.yellow;
}

function rowCells(row: SummaryRow): string[] {
  const duration = row.duration_ms === null ? '-' : formatDuration(row.duration_ms);
  return [row.stage, row.status, String(row.attempts), duration];
}

/** Renders the summary table (header + rows, columns aligned; a reason column only if any row has one). */
export function renderSummaryTable(rows: SummaryRow[], color: boolean): string {
  const palette = createPalette(color);
  const [header = [], ...padded] = padColumns([[...HEADERS], ...rows.map(rowCells)], RIGHT_ALIGNED);
  const hasReason = rows.some((row) => typeof row.reason === 'string' && row.reason !== '');
  const hasWhere = rows.some((row) => typeof row.where === 'string' && row.where !== '');
  const width = Math.max(6, ...rows.map((row) => (row.where ?? '').length));
  const whereHeader = hasWhere ? ['ran on'.padEnd(width)] : [];
  const lines = [INDENT + palette.dim(tableLine([...header, ...whereHeader, ...(hasReason ? ['reason'] : [])], { indent: '', gap: GAP }))];
  rows.forEach((row, index) => {
    const cells = padded[index] ?? [];
    cells[1] = statusStyle(row.status, palette)(cells[1] ?? '');
    cells[3] = palette.dim(cells[3] ?? '');
    if (hasWhere) cells.push((row.where ?? '').padEnd(width));
    if (hasReason && row.reason) cells.push(row.reason);
    lines.push(tableLine(cells, { indent: INDENT, gap: GAP }));
  });
  return lines.join('\n');
}
