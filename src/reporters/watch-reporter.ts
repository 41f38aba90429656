// What `flowstate watch` prints: the watch loop's own lines (watch-lines.ts) and, for each run
// it starts, a fresh run reporter fed that run's journal events.
import type { WatchEvent } from '../model/index.js';
import { createPalette } from './color.js';
import { createReporter, deliverEvent } from './registry.js';
import type { Reporter, ReporterOptions } from './types.js';
import { watchEventLines } from './watch-lines.js';

export interface WatchReporterOptions extends Omit<ReporterOptions, 'runDir'> {
  /** Where problems go (invalid files, run errors, watcher errors). */
  err: NodeJS.WritableStream;
}

/** A consumer of watch events; stage output lines go to the current run's reporter. */
export interface WatchReporter {
  onWatchEvent(event: WatchEvent): void;
  onStageLine(stage: string, line: string, stream: 'stdout' | 'stderr'): void;
  close(): void;
}

/** Creates the watch reporter: plain text, one run reporter per run. */
export function createWatchReporter(options: WatchReporterOptions): WatchReporter {
  const palette = createPalette(options.color);
  let run: Reporter | undefined;
  // A closed reader (EPIPE) or a broken terminal: printing stops, the watch goes on.
  const print = (stream: NodeJS.WritableStream & { destroyed?: boolean; writableEnded?: boolean }, line: string): void => {
    if (stream.destroyed !== true && stream.writableEnded !== true) stream.write(`${line}\n`);
  };
  return {
    onWatchEvent: (event) => {
      if (event.type === 'watch.run') {
        run?.close();
        run = createReporter('plain', { out: options.out, color: options.color, verbose: options.verbose, runDir: event.run_dir });
      } else if (event.type === 'watch.event') {
        if (run) deliverEvent(run, event.event);
        const started = event.event;
        if (started.type === 'stage.started' && started.run_reason) print(options.out, `    ${palette.dim(`↳ ${started.run_reason}`)}`);
      } else if (event.type === 'watch.run_finished') {
        run?.close();
        run = undefined;
        print(options.out, palette.dim('waiting for changes...'));
      }
      const errors = event.type === 'watch.invalid' || event.type === 'watch.run_error' || event.type === 'watch.error';
      for (const line of watchEventLines(event, palette)) print(errors ? options.err : options.out, line);
    },
    onStageLine: (stage, line, stream) => run?.onStageLine?.(stage, line, stream),
    close: () => {
      run?.close();
      run = undefined;
    },
  };
}
