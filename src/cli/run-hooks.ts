// The hooks every run-driving command passes to the API: Ctrl-C handling and, unless --json,
// the plain reporter from the registry (created once the run directory exists, so it can show
// log tails).
import type { JournalEvent } from '../model/index.js';
import { createReporter, deliverEvent, resolveColor, type Reporter } from '../reporters/index.js';
import { println, type CliIO } from './io.js';
import { withRunSignals } from './signals.js';

export interface RunHooks {
  signal: AbortSignal;
  onStart: (run: { run_id: string; run_dir: string }) => void;
  onEvent: (event: JournalEvent) => void;
  onStageLine: (stage: string, line: string, stream: 'stdout' | 'stderr') => void;
}

/** Calls `drive` with run hooks; reports live unless `json`; closes the reporter afterwards. */
export async function withRunHooks<T>(io: CliIO, flags: { json?: boolean; verbose?: boolean }, drive: (hooks: RunHooks) => Promise<T>): Promise<T> {
  let reporter: Reporter | undefined;
  const result = await withRunSignals(io, (signal) =>
    drive({
      signal,
      onStart: ({ run_dir }) => {
        // --json prints one document at the end (the result holds the manifest): no live reporter.
        if (!flags.json) reporter = createReporter('plain', { out: io.stdout, color: resolveColor(io.stdout, io.env), verbose: flags.verbose === true, runDir: run_dir });
      },
      onEvent: (event) => {
        if (reporter) deliverEvent(reporter, event);
      },
      onStageLine: (stage, line, stream) => reporter?.onStageLine?.(stage, line, stream),
    }),
  );
  reporter?.close();
  const warnings = (result as { warnings?: unknown } | null)?.warnings;
  if (Array.isArray(warnings)) for (const warning of warnings) println(io.stderr, `warning: ${String(warning)}`);
  return result;
}
