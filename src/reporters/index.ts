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
export { REPORTERS, createReporter, deliverEvent, isReporterName, type ReporterFactory, type ReporterName } from './registry.js';
export { createWatchReporter, type WatchReporter, type WatchReporterOptions } from './watch-reporter.js';
export { watchEventLines, type WatchPalette } from './watch-lines.js';
