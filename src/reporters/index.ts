// Reporters: consumers of JournalEvents (plain text and JSON).
export type { JsonReporter, PlainReporterOptions, Reporter, ReporterOptions } from './types.js';
export { createPlainReporter } from './plain.js';
export { createJsonReporter } from './json.js';
export { createPalette, resolveColor, stripAnsi } from './color.js';
export type { Palette, Style } from './color.js';
export { formatDuration, formatExit } from './format.js';
export { renderSummaryTable } from './summary.js';
export type { SummaryRow } from './summary.js';
export { replayJournal } from './replay.js';
export { padColumns, renderTable, tableLine, type TableOptions } from './table.js';
