// The reporter contract: hooks fed by JournalEvents (and optionally live stage output).
import type { JournalEvent, RunStartedEvent } from '../model/index.js';

/** What every reporter is created with; the CLI decides the stream and colour. */
export interface ReporterOptions {
  /** Where to write (stdout for the plain reporter; the CLI decides). */
  out: NodeJS.WritableStream;
  /** Emit ANSI colours; the CLI passes resolveColor(stream, process.env). */
  color: boolean;
  /** Run directory (named in the notice about output lines not shown). */
  runDir?: string;
  /** Print live stage output as `[stage] line` (the plain reporter). */
  verbose?: boolean;
}

/** A consumer of journal events; plain vs interactive is the reporter's own decision. */
export interface Reporter {
  /** The run begins: called with its `run.started` event, before onEvent gets that event. */
  onRunStart?(started: RunStartedEvent): void;
  onEvent(event: JournalEvent): void;
  /** Live output of a stage, one line without its newline. */
  onStageLine?(stage: string, line: string, stream: 'stdout' | 'stderr'): void;
  /** Flush; nothing more is printed afterwards. */
  close(): void;
}

/** Options of the plain reporter (`verbose` prints live stage output). */
export type PlainReporterOptions = ReporterOptions;

/** The JSON reporter prints nothing; it records the events for the CLI's final document. */
export interface JsonReporter extends Reporter {
  /** The events seen so far, in arrival order (a copy). */
  events(): JournalEvent[];
}
