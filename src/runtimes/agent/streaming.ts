// A session over a JSONL-speaking CLI: events are parsed as lines arrive, the verdict at exit.
import type { ProcessResult } from '../../exec/index.js';
import type { JsonObject } from './json-fields.js';
import { JsonlReader } from './jsonl.js';
import type { AgentInvocation, AgentSession, AgentVerdict } from './types.js';

/** Folds a CLI's events into a verdict. */
export interface EventParser {
  /** One parsed event (unknown types must be ignored). */
  handle(event: JsonObject): void;
  /** The verdict once the process ended; `notes` of the reader are added by the session. */
  verdict(result: ProcessResult): AgentVerdict;
  /** True once the terminal record arrived (the only thing that completes an attempt). */
  finished(): boolean;
}

/** A session that feeds every stdout line through a JsonlReader into the parser. */
export function streamingSession(cli: string, invocation: AgentInvocation, parser: EventParser, cleanup?: () => void | Promise<void>): AgentSession {
  const finished = new AbortController();
  const reader = new JsonlReader(cli, (event) => {
    parser.handle(event);
    if (!finished.signal.aborted && parser.finished()) finished.abort();
  });
  return {
    invocation,
    finished: finished.signal,
    onStdoutLine: (line) => reader.push(line),
    resolveOutcome: (result) => {
      reader.end();
      const verdict = parser.verdict(result);
      return { ...verdict, notes: [...reader.notes(), ...verdict.notes] };
    },
    ...(cleanup ? { cleanup } : {}),
  };
}

/** "exited 0 without a result event" for a clean exit; "printed no result event" otherwise. */
export function missingEvent(cli: string, result: ProcessResult, event: string): string {
  return result.exitCode === 0 ? `${cli} exited 0 without ${event}` : `${cli} printed no ${event.replace(/^an? /, '')}`;
}
