// The reporter contract: hooks fed by JournalEvents (and optionally live stage output).
import type { JournalEvent } from '../model/index.js';

/** What every reporter is created with; the CLI decides the stream and colour. */
export interface ReporterOptions {
  /** Where to write (stdout for the plain reporter; the CLI decides). */
  out: NodeJS.WritableStream;
  /** Emit ANSI colours; the CLI passes resolveColor(stream, process.env). */
  color: boolean;
  /** Run directory (named in the notice about output lines not shown). */
  runDir?: string;
  /** CI environment: no spinner, no cursor movement. */
  ci?: boolean;
  /** Clock in epoch milliseconds; defaults to Date.now. */
  now?: () => number;
}

/** A consumer of journal events; plain vs interactive is the reporter's own decision. */
export interface Reporter {
  onEvent(event: JournalEvent): void;
  /** Live output of a stage, one line without its newline. */
  onStageLine?(stage: string, line: string, stream: 'stdout' | 'stderr'): void;
  /** Flush; nothing more is printed afterwards. */
  close(): void;
}

/** Options of the plain reporter: `verbose` prints live stage output as `[stage] line`. */
export interface PlainReporterOptions extends ReporterOptions {
  verbose?: boolean;
}

/** The JSON reporter prints nothing; it records the events for the CLI's final document. */
export interface JsonReporter extends Reporter {
  /** The events seen so far, in arrival order (a copy). */
  events(): JournalEvent[];
}
