// The reporter registry: a reporter is chosen by name and fed journal events through one
// function, so every command drives every reporter the same way (run.started -> onRunStart).
import type { JournalEvent } from '../model/index.js';
import { createJsonReporter } from './json.js';
import { createPlainReporter } from './plain.js';
import type { Reporter, ReporterOptions } from './types.js';

/** Makes a reporter from the options every reporter takes. */
export type ReporterFactory = (options: ReporterOptions) => Reporter;

/** Every reporter, by the name a command (or a library user) picks it with. */
export const REPORTERS = {
  plain: createPlainReporter,
  json: createJsonReporter,
} as const satisfies Record<string, ReporterFactory>;

export type ReporterName = keyof typeof REPORTERS;

/** True for a registered reporter name. */
export function isReporterName(name: string): name is ReporterName {
  return Object.hasOwn(REPORTERS, name);
}

/** Creates the named reporter. */
export function createReporter(name: ReporterName, options: ReporterOptions): Reporter {
  return REPORTERS[name](options);
}

/** Feeds one journal event to a reporter: `run.started` also goes to its onRunStart hook first. */
export function deliverEvent(reporter: Reporter, event: JournalEvent): void {
  if (event.type === 'run.started') reporter.onRunStart?.(event);
  reporter.onEvent(event);
}
