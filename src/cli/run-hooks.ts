// The hooks every run-driving command passes to the API: Ctrl-C handling and, unless --json,
// the plain reporter (created once the run directory exists, so it can show log tails).
import type { JournalEvent } from '../model/index.js';
import { createPlainReporter, resolveColor, type Reporter } from '../reporters/index.js';
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
        if (!flags.json) reporter = plainReporter(io, run_dir, flags.verbose === true);
      },
      onEvent: (event) => reporter?.onEvent(event),
      onStageLine: (stage, line, stream) => reporter?.onStageLine?.(stage, line, stream),
    }),
  );
  reporter?.close();
  const warnings = (result as { warnings?: unknown } | null)?.warnings;
  if (Array.isArray(warnings)) for (const warning of warnings) println(io.stderr, `warning: ${String(warning)}`);
  return result;
}

/** The plain reporter on stdout, coloured only on a TTY without NO_COLOR. */
export function plainReporter(io: CliIO, runDir: string, verbose: boolean): Reporter {
  return createPlainReporter({ out: io.stdout, color: resolveColor(io.stdout, io.env), ci: Boolean(io.env.CI), verbose, runDir });
}
