// The plain reporter: one line per event, a log tail under failed stages, a summary at the end.
import type { JournalEvent, RunFinishedEvent, StageFinishedEvent } from '../model/index.js';
import { createPalette, stripAnsi, type Palette } from './color.js';
import { eventLine, runFinishedLine } from './lines.js';
import { readLogTail } from './log-tail.js';
import { renderSummaryTable } from './summary.js';
import { createTally, runElapsedMs, updateTally, type RunTally } from './tally.js';
import type { PlainReporterOptions, Reporter } from './types.js';

/** How many log lines are shown under a failed stage. */
const LOG_TAIL_LINES = 10;

const FAILED_STATUSES = new Set(['failed', 'timed_out']);

interface PlainState {
  options: PlainReporterOptions;
  palette: Palette;
  tally: RunTally;
  closed: boolean;
}

function write(state: PlainState, lines: string[]): void {
  if (state.closed || lines.length === 0) return;
  state.options.out.write(`${lines.join('\n')}\n`);
}

// The event's readable tail of a failed stage (older journals: the last lines of its log), each behind a `│` gutter.
function logTailLines(state: PlainState, event: StageFinishedEvent): string[] {
  const { runDir } = state.options;
  if (!FAILED_STATUSES.has(event.status)) return [];
  const lines = event.tail ?? (runDir && event.log ? readLogTail(runDir, event.log, LOG_TAIL_LINES) : []);
  const gutter = `    ${state.palette.dim('│')} `;
  return lines.slice(-LOG_TAIL_LINES).map((line) => `${gutter}${stripAnsi(line)}`.trimEnd());
}

function summaryLines(state: PlainState, event: RunFinishedEvent): string[] {
  const rows = [...state.tally.rows.values()];
  const table = rows.length > 0 ? [renderSummaryTable(rows, state.options.color)] : [];
  const elapsed = runElapsedMs(state.tally, event.ts);
  return ['', ...table, runFinishedLine(event, elapsed, state.palette)];
}

function handleEvent(state: PlainState, event: JournalEvent): void {
  if (state.closed) return;
  updateTally(state.tally, event);
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
    tally: createTally(),
    closed: false,
  };
  return {
    onEvent: (event) => handleEvent(state, event),
    onStageLine: (stage, line) => {
      if (!options.verbose) return;
      const text = options.color ? line : stripAnsi(line);
      write(state, [`${state.palette.dim(`[${stage}]`)} ${text}`]);
    },
    close: () => {
      state.closed = true;
    },
  };
}
