// The plain reporter: one line per event, the failure tail stage.finished carries under failed
// stages, a summary (from the run view) at the end. It reads no files: events are all it sees.
import { basename } from 'node:path';
import { applyRunEvent, emptyRunView, type JournalEvent, type RunFinishedEvent, type RunView, type StageFinishedEvent } from '../model/index.js';
import { createPalette, stripAnsi, type Palette } from './color.js';
import { eventLine, runFinishedLine } from './lines.js';
import { renderSummaryTable } from './summary.js';
import { runElapsedMs, summaryRows } from './view-rows.js';
import type { PlainReporterOptions, Reporter } from './types.js';

const FAILED_STATUSES = new Set(['failed', 'timed_out']);

interface PlainState {
  options: PlainReporterOptions;
  palette: Palette;
  view: RunView;
  closed: boolean;
  /** Stage output lines dropped while the reader was behind (not yet reported). */
  dropped: number;
}

type OutStream = NodeJS.WritableStream & { destroyed?: boolean; writableNeedDrain?: boolean };

// A closed reader (EPIPE) or a broken terminal: printing stops, the run goes on.
function outGone(state: PlainState): boolean {
  return state.closed || (state.options.out as OutStream).destroyed === true;
}

function write(state: PlainState, lines: string[]): void {
  if (outGone(state) || lines.length === 0) return;
  state.options.out.write(`${[...droppedNotice(state), ...lines].join('\n')}\n`);
}

// `… 1,234 lines not shown` once the reader caught up, so the gap is visible where it happened.
function droppedNotice(state: PlainState): string[] {
  if (state.dropped === 0) return [];
  const count = state.dropped.toLocaleString('en-US');
  state.dropped = 0;
  const where = state.options.runDir ? `flowstate logs ${basename(state.options.runDir)}` : 'flowstate logs';
  return [state.palette.dim(`… ${count} line${count === '1' ? '' : 's'} not shown (output was faster than the reader), see ${where}`)];
}

// Live stage output respects backpressure: while the reader is behind, lines are counted, not
// buffered, so the runner's memory stays bounded whatever a stage prints.
function writeStageLine(state: PlainState, stage: string, line: string): void {
  if (outGone(state)) return;
  if ((state.options.out as OutStream).writableNeedDrain === true) {
    state.dropped++;
    return;
  }
  const text = state.options.color ? line : stripAnsi(line);
  write(state, [`${state.palette.dim(`[${stage}]`)} ${text}`]);
}

// The failure tail the event carries (none in version-1 journals: `flowstate logs` has the log), each behind a `│` gutter.
function logTailLines(state: PlainState, event: StageFinishedEvent): string[] {
  if (!FAILED_STATUSES.has(event.status)) return [];
  const gutter = `    ${state.palette.dim('│')} `;
  return (event.tail ?? []).map((line) => `${gutter}${stripAnsi(line)}`.trimEnd());
}

function summaryLines(state: PlainState, event: RunFinishedEvent): string[] {
  const rows = summaryRows(state.view);
  const table = rows.length > 0 ? [renderSummaryTable(rows, state.options.color)] : [];
  const elapsed = runElapsedMs(state.view, event.ts);
  return ['', ...table, runFinishedLine(event, elapsed, state.palette)];
}

function handleEvent(state: PlainState, event: JournalEvent): void {
  if (state.closed) return;
  applyRunEvent(state.view, event);
  if (event.type === 'run.finished') {
    write(state, summaryLines(state, event));
    return;
  }
  const line = eventLine(event, state.palette);
  const tail = event.type === 'stage.finished' ? logTailLines(state, event) : [];
  write(state, line === null ? tail : [line, ...tail]);
}

/** Creates the plain reporter (no cursor movement, so it is the same on a TTY, in CI and in files). */
export function createPlainReporter(options: PlainReporterOptions): Reporter {
  const state: PlainState = {
    options,
    palette: createPalette(options.color),
    view: emptyRunView(),
    closed: false,
    dropped: 0,
  };
  return {
    onEvent: (event) => handleEvent(state, event),
    onStageLine: (stage, line) => {
      if (options.verbose) writeStageLine(state, stage, line);
    },
    close: () => {
      state.closed = true;
    },
  };
}
