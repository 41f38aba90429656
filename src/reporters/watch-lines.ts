// Plain-text lines for watch events (journal events of the runs go to the plain reporter).
import { formatDiagnostic } from '../errors/index.js';
import type { WatchEvent } from '../model/index.js';

type Style = (text: string) => string;

/** The styles the lines use (the reporters' palette fits). */
export interface WatchPalette {
  cyan: Style;
  yellow: Style;
  red: Style;
  dim: Style;
}

/** How many changed paths a line names before "(+N more)". */
const PATHS_SHOWN = 5;

function names(paths: readonly string[]): string {
  const shown = paths.slice(0, PATHS_SHOWN).join(', ');
  return paths.length > PATHS_SHOWN ? `${shown} (+${paths.length - PATHS_SHOWN} more)` : shown;
}

const CHANGE_ACTION: Record<'run' | 'restart' | 'queue', string> = {
  run: 're-running',
  restart: 'restarting the run in flight',
  queue: 'queued until the run in flight ends',
};

/** The lines a watch event prints (none for journal events and run ends: the run reporter shows those). */
export function watchEventLines(event: WatchEvent, p: WatchPalette): string[] {
  switch (event.type) {
    case 'watch.ready':
      return [p.dim(`watching ${names(event.dirs)} (Ctrl-C to stop)`)];
    case 'watch.changed':
      return ['', `${p.cyan('↻')} changed: ${names(event.paths)} ${p.dim(`— ${CHANGE_ACTION[event.action]}`)}`];
    case 'watch.ignored':
      return [p.dim(`changed while a run is in flight (ignored): ${names(event.paths)}`)];
    case 'watch.cancelling':
      return [p.yellow(`⊘ cancelling run ${event.run_id} (${event.reason})`)];
    case 'watch.reloaded':
      return [p.dim(`reloaded ${names(event.files)}`)];
    case 'watch.invalid':
      return [
        ...(event.diagnostics.length > 0 ? event.diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic) : [event.message]).map((line) => p.red(line)),
        p.yellow(`${names(event.files)} is invalid: keeping the last good version; waiting for the next save`),
      ];
    case 'watch.run_error':
      return [p.red(`error: ${event.message}`), p.dim('waiting for the next change')];
    case 'watch.error':
      return [p.red(`watch error: ${event.message}`)];
    case 'watch.closed':
      return [p.dim(`stopped watching${event.last_run ? ` (last run ${event.last_run})` : ''}`)];
    case 'watch.run':
    case 'watch.event':
    case 'watch.run_finished':
      return [];
  }
}
